"""Countries and the adjectives made from them, which stemming does not join.

Policy texts say "Russian Federation aggression" where a query says ``russia sanctions``,
and "Chinese exports" where it says ``china exports``; the Porter stemmer keeps ``russia``
and ``russian`` (``china`` and ``chines``) apart. A query word that is one of these also
matches the other, at ``DEMONYM_WEIGHT`` of a match of the word as typed. The list holds
the states and regions that trade and security policy deals with most; names of more
than one word (South Africa, Saudi Arabia) are left out, their words match on their own.
"""

from __future__ import annotations

DEMONYM_WEIGHT = 0.6

_PAIRS = """
afghanistan afghan; africa african; albania albanian; algeria algerian; america american;
argentina argentine; armenia armenian; asia asian; australia australian; austria austrian;
azerbaijan azerbaijani; bangladesh bangladeshi; belarus belarusian; belgium belgian;
brazil brazilian; britain british; bulgaria bulgarian; cambodia cambodian; canada canadian;
chile chilean; china chinese; colombia colombian; croatia croatian; cuba cuban;
denmark danish; egypt egyptian; ethiopia ethiopian; europe european; finland finnish;
france french; georgia georgian; germany german; greece greek; hungary hungarian;
india indian; indonesia indonesian; iran iranian; iraq iraqi; ireland irish; israel israeli;
italy italian; japan japanese; jordan jordanian; kazakhstan kazakh; kenya kenyan;
korea korean; kuwait kuwaiti; lebanon lebanese; libya libyan; malaysia malaysian;
mexico mexican; mongolia mongolian; morocco moroccan; myanmar burmese; netherlands dutch;
nigeria nigerian; norway norwegian; pakistan pakistani; palestine palestinian; peru peruvian;
philippines philippine; poland polish; portugal portuguese; qatar qatari; romania romanian;
russia russian; serbia serbian; singapore singaporean; somalia somali; spain spanish;
sudan sudanese; sweden swedish; switzerland swiss; syria syrian; taiwan taiwanese;
thailand thai; turkey turkish; ukraine ukrainian; venezuela venezuelan; vietnam vietnamese;
yemen yemeni
"""

_OTHER: dict[str, str] = {}
for _pair in _PAIRS.replace("\n", " ").split(";"):
    _country, _adjective = _pair.split()
    _OTHER[_country] = _adjective
    _OTHER[_adjective] = _country


def other_form(word: str) -> str | None:
    """``russia`` -> ``russian``, ``Chinese`` -> ``china``; None for other words."""
    return _OTHER.get(word.lower())
