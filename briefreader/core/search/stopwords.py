"""English function words: in a query of several words they need not match.

Natural questions ("how did the US and EU settle the steel dispute") are mostly these;
requiring them finds nothing or the wrong thing, so the compiler leaves them out of what a
document must contain and of the proximity pairs (they still count as gaps between the
words around them), and phrases in quotes keep them. A word typed in capitals (``US``,
``IT``, ``WHO``) is a name, never a stop word. ``us`` is left out of the list: analysts
type it for the United States far more often than as a pronoun.
"""

from __future__ import annotations

_LIST = """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves
"""
STOP_WORDS = frozenset(_LIST.split())


def is_stop_word(text: str) -> bool:
    """True for a function word typed in lower case or with only its first letter capital."""
    if len(text) > 1 and text.isupper():
        return False
    return text.lower() in STOP_WORDS
