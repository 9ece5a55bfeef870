"""What an imported annotation must be before anything of it is used: crafted or malformed
input is rejected with a reason (never half-read), and the work it may cost is bounded.

Rejected: text that is not Unicode (a lone surrogate such as ``\\ud800``, which JSON allows
and SQLite refuses), numbers of thousands of digits (Python refuses to convert them),
positions that are not positions (negative, reversed, 2**63), a body ``purpose`` that is not
a name (``[{}]``), a quote, note or tag beyond any real one, an annotation of more than
MAX_VALUES values. Trimmed, not rejected: a ``prefix``/``suffix`` longer than
MAX_CONTEXT_CHARS (only the characters nearest the quote help to place it; a 20 MB prefix
took minutes in the fuzzy matcher).
"""

from __future__ import annotations

from typing import Any

from briefreader.core.names import first_bad_character, undecodable

from .model import AnnotationImportError

MAX_CONTEXT_CHARS = 256  # exports carry 32 (W3C tools, ours)
MAX_QUOTE_CHARS = 1_000_000
MAX_NOTE_CHARS = 1_000_000
MAX_TAG_CHARS = 200
MAX_TAGS = 500
MAX_POSITION = 2**31 - 1  # far beyond any document's length
MAX_VALUES = 100_000  # JSON values in one annotation
MAX_INT_DIGITS = 40


class InvalidAnnotation(AnnotationImportError):
    """A crafted or malformed annotation: rejected with this one-line reason."""


class HugeNumber:
    """A JSON integer too long to be converted (what ``parse_int`` makes of it)."""

    def __init__(self, digits: str) -> None:
        self.digits = len(digits.lstrip("-"))

    def __repr__(self) -> str:
        return f"<a number of {self.digits:,} digits>"


def bounded_int(digits: str) -> int | HugeNumber:
    """``json.loads(parse_int=...)``: a normal integer, or a HugeNumber for a very long one
    (Python refuses over 4,300 digits; no position or count needs more than a few)."""
    return int(digits) if len(digits) <= MAX_INT_DIGITS else HugeNumber(digits)


def check_annotation(raw: Any) -> None:
    """Raise InvalidAnnotation when ``raw`` (one annotation object) must not be imported."""
    if not isinstance(raw, dict):
        return  # not an annotation at all: the reader skips it with its own reason
    check_values(raw)
    _check_bodies(raw)


def check_values(raw: Any) -> None:
    """Every string (keys too) valid Unicode, every number convertible, every position a
    position and every quote of a sane length, and not too many values."""
    stack: list[tuple[str, Any]] = [("", raw)]
    count = 0
    while stack:
        where, value = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise InvalidAnnotation(f"it holds more than {MAX_VALUES:,} values")
        if isinstance(value, str):
            if undecodable(value):
                raise InvalidAnnotation(
                    f"{where or 'a value'} is not valid Unicode text "
                    f"(a lone surrogate, {first_bad_character(value)})"
                )
        elif isinstance(value, HugeNumber):
            raise InvalidAnnotation(f"{where} is a number of {value.digits:,} digits")
        elif isinstance(value, dict):
            if _is_position(value):  # wherever it is: the target, the original, a candidate
                _check_position(value, where or "it")
            exact = value.get("exact")
            if isinstance(exact, str) and len(exact) > MAX_QUOTE_CHARS:
                raise InvalidAnnotation(
                    f"its quote has {len(exact):,} characters (at most {MAX_QUOTE_CHARS:,})"
                )
            for key, item in value.items():
                if undecodable(key):
                    raise InvalidAnnotation(f"a property name in {where or 'it'} is not text")
                stack.append((f"{where}.{key}" if where else key, item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))


def _is_position(value: dict[str, Any]) -> bool:
    kind = value.get("type", value.get("@type"))
    return kind == "TextPositionSelector" or (
        isinstance(kind, list) and "TextPositionSelector" in kind
    )


def _check_position(selector: dict[str, Any], where: str) -> None:
    values = {name: selector.get(name) for name in ("start", "end") if name in selector}
    for name, value in values.items():
        if isinstance(value, HugeNumber):
            raise InvalidAnnotation(f"{where}.{name} is a number of {value.digits:,} digits")
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidAnnotation(f"{where}.{name} is not a whole number ({_shown(value)})")
        if not 0 <= value <= MAX_POSITION:
            raise InvalidAnnotation(
                f"{where}.{name} is {value:,}, not a position in a document (0 to {MAX_POSITION:,})"
            )
    start, end = values.get("start"), values.get("end")
    if isinstance(start, int) and isinstance(end, int) and start > end:
        raise InvalidAnnotation(f"{where} ends ({end}) before it starts")


def _check_bodies(raw: dict[str, Any]) -> None:
    bodies = raw.get("body")
    note_chars = len(raw["bodyValue"]) if isinstance(raw.get("bodyValue"), str) else 0
    tags = 0
    for b, body in enumerate(bodies if isinstance(bodies, list) else [bodies]):
        if not isinstance(body, dict):
            continue
        where = f"body[{b}]" if isinstance(bodies, list) else "body"
        purpose = body.get("purpose")
        purposes = purpose if isinstance(purpose, list) else [purpose]
        if not all(p is None or isinstance(p, str) for p in purposes):
            raise InvalidAnnotation(f"{where}.purpose is not a name ({_shown(purpose)})")
        value = body.get("value")
        if not isinstance(value, str):
            continue
        if "tagging" in purposes:
            tags += 1
            if len(value) > MAX_TAG_CHARS:
                raise InvalidAnnotation(f"a tag has {len(value):,} characters")
        else:
            note_chars += len(value)
    if note_chars > MAX_NOTE_CHARS:
        raise InvalidAnnotation(f"its note has {note_chars:,} characters")
    if tags > MAX_TAGS:
        raise InvalidAnnotation(f"it has {tags:,} tags (at most {MAX_TAGS})")


def valid_meanings(
    meanings: tuple[tuple[str, str], ...], rejected: list[str]
) -> tuple[tuple[str, str], ...]:
    """The colour meanings that are text (the others go to ``rejected`` with a reason)."""
    kept = []
    for color, meaning in meanings:
        if undecodable(meaning) or len(meaning) > MAX_TAG_CHARS:
            rejected.append(f"The meaning of the colour {color}: not valid text, or too long")
        else:
            kept.append((color, meaning))
    return tuple(kept)


def trim_context(prefix: str, suffix: str) -> tuple[str, str]:
    """The MAX_CONTEXT_CHARS of context nearest the quote on each side."""
    return prefix[-MAX_CONTEXT_CHARS:], suffix[:MAX_CONTEXT_CHARS]


def label(raw: Any, limit: int = 80) -> str:
    """A short name for an annotation in a message: its id, cut to ``limit``."""
    found = raw.get("id", raw.get("@id")) if isinstance(raw, dict) else None
    if not isinstance(found, str) or undecodable(found):
        return ""
    return found if len(found) <= limit else found[: limit - 1] + "…"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
