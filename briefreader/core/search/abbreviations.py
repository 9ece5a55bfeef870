"""Abbreviations a policy analyst uses, with the names they stand for.

A query word that is one of these (``USTR``) also searches its names as phrases
(``"Trade Representative"``); a query that spells a name out (``Federal Trade
Commission``, ``Commerce Department``) also searches the abbreviation and the entity's
other names (``FTC``; ``"Department of Commerce"``). The list is general, not drawn from
any query set: US agencies and offices, the statutes and programmes of trade and national
security policy, and the international bodies they deal with.

``word=True`` marks an abbreviation that is also an ordinary word or a common token
(``EAR``, ``DOC``, ``CHIPS``, ``SEC``, ``UN``): it counts only when typed in capitals, and a
spelled-out name never adds it (the index folds case, so it would find the word too).
Names are phrases as typed; each is searched with its words in order, next to each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Abbreviation:
    short: str
    names: tuple[str, ...]
    word: bool = False  # also an ordinary word: only in capitals, never added for a name


def _a(short: str, *names: str, word: bool = False) -> Abbreviation:
    return Abbreviation(short, names, word)


ABBREVIATIONS: tuple[Abbreviation, ...] = (
    # Trade and export control agencies and offices
    _a("USTR", "Trade Representative", "Office of the United States Trade Representative"),
    _a("BIS", "Bureau of Industry and Security", "Bank for International Settlements"),
    _a("ITA", "International Trade Administration", word=True),
    _a("ITC", "International Trade Commission"),
    _a("USITC", "International Trade Commission"),
    _a("CBP", "Customs and Border Protection"),
    _a("ICE", "Immigration and Customs Enforcement", word=True),
    _a("OFAC", "Office of Foreign Assets Control"),
    _a("CFIUS", "Committee on Foreign Investment in the United States"),
    _a("USCC", "China Economic and Security Review Commission"),
    _a("DDTC", "Directorate of Defense Trade Controls"),
    _a("FinCEN", "Financial Crimes Enforcement Network"),
    _a("EXIM", "Export-Import Bank"),
    _a("DFC", "Development Finance Corporation"),
    _a("USAID", "Agency for International Development"),
    # Departments
    _a("DOC", "Department of Commerce", "Commerce Department", word=True),
    _a("DHS", "Department of Homeland Security", "Homeland Security Department"),
    _a("DOD", "Department of Defense", "Defense Department"),
    _a("DOJ", "Department of Justice", "Justice Department"),
    _a("DOE", "Department of Energy", "Energy Department", word=True),
    _a("DOS", "Department of State", "State Department", word=True),
    _a("DOT", "Department of Transportation", "Transportation Department", word=True),
    _a("DOL", "Department of Labor", "Labor Department"),
    _a("USDA", "Department of Agriculture", "Agriculture Department"),
    _a("HHS", "Department of Health and Human Services"),
    # Independent agencies, Congress, the White House
    _a("FTC", "Federal Trade Commission"),
    _a("FCC", "Federal Communications Commission"),
    _a("SEC", "Securities and Exchange Commission", word=True),
    _a("CFTC", "Commodity Futures Trading Commission"),
    _a("FERC", "Federal Energy Regulatory Commission"),
    _a("NRC", "Nuclear Regulatory Commission"),
    _a("FDA", "Food and Drug Administration"),
    _a("EPA", "Environmental Protection Agency"),
    _a("FEMA", "Federal Emergency Management Agency"),
    _a("SBA", "Small Business Administration"),
    _a("NIST", "National Institute of Standards and Technology"),
    _a("CISA", "Cybersecurity and Infrastructure Security Agency"),
    _a("NSA", "National Security Agency"),
    _a("CIA", "Central Intelligence Agency"),
    _a("FBI", "Federal Bureau of Investigation"),
    _a("ODNI", "Office of the Director of National Intelligence"),
    _a("GAO", "Government Accountability Office"),
    _a("CBO", "Congressional Budget Office"),
    _a("CRS", "Congressional Research Service"),
    _a("OMB", "Office of Management and Budget"),
    _a("NSC", "National Security Council"),
    _a("NEC", "National Economic Council"),
    # Statutes, regulations and programmes
    _a("IEEPA", "International Emergency Economic Powers Act"),
    _a("NDAA", "National Defense Authorization Act"),
    _a("EAR", "Export Administration Regulations", word=True),
    _a("ITAR", "International Traffic in Arms Regulations"),
    _a("ECRA", "Export Control Reform Act"),
    _a("AECA", "Arms Export Control Act"),
    _a("FIRRMA", "Foreign Investment Risk Review Modernization Act"),
    _a("CHIPS", "Creating Helpful Incentives to Produce Semiconductors", word=True),
    _a("IRA", "Inflation Reduction Act", word=True),
    _a("IIJA", "Infrastructure Investment and Jobs Act"),
    _a("DPA", "Defense Production Act"),
    _a("FARA", "Foreign Agents Registration Act"),
    _a("FCPA", "Foreign Corrupt Practices Act"),
    _a("UFLPA", "Uyghur Forced Labor Prevention Act"),
    _a("AGOA", "African Growth and Opportunity Act"),
    _a("GSP", "Generalized System of Preferences"),
    _a("TAA", "Trade Adjustment Assistance"),
    _a("HTSUS", "Harmonized Tariff Schedule"),
    _a("HTS", "Harmonized Tariff Schedule"),
    _a("GDPR", "General Data Protection Regulation"),
    # Trade terms
    _a("MFN", "most favored nation", "most favoured nation"),
    _a("NTR", "normal trade relations"),
    _a("PNTR", "permanent normal trade relations"),
    _a("FTA", "free trade agreement"),
    _a("FDI", "foreign direct investment"),
    _a("SOE", "state-owned enterprise"),
    _a("AD/CVD", "antidumping and countervailing duties"),
    # Agreements and international bodies
    _a("WTO", "World Trade Organization"),
    _a("USMCA", "Mexico-Canada Agreement"),
    _a("NAFTA", "North American Free Trade Agreement"),
    _a("TPP", "Trans-Pacific Partnership"),
    _a("IPEF", "Indo-Pacific Economic Framework"),
    _a("US", "United States", word=True),
    _a("EU", "European Union"),
    _a("UN", "United Nations", word=True),
    _a("NATO", "North Atlantic Treaty Organization"),
    _a("IMF", "International Monetary Fund"),
    _a("OECD", "Economic Co-operation and Development", "Economic Cooperation and Development"),
    _a("ASEAN", "Association of Southeast Asian Nations"),
    _a("APEC", "Asia-Pacific Economic Cooperation"),
    _a("G7", "Group of Seven"),
    _a("G20", "Group of Twenty"),
    _a("PRC", "People's Republic of China"),
    _a("CCP", "Chinese Communist Party", "Communist Party of China"),
)


_BY_SHORT = {a.short.replace(".", "").upper(): a for a in ABBREVIATIONS}


def abbreviation(typed: str) -> Abbreviation | None:
    """The abbreviation ``typed`` is (``USTR``, ``ustr``, ``U.S.``), if it is one."""
    key = typed.replace(".", "")
    found = _BY_SHORT.get(key.upper())
    if found is None:
        return None
    if found.word and not (key.isupper() or key == found.short):
        return None
    return found


class Names:
    """The names of the table as term sequences, to find them spelled out in a query."""

    def __init__(self, terms: Callable[[str], list[str]]) -> None:
        """``terms``: the query analyser (text -> its terms)."""
        self._names: dict[tuple[str, ...], tuple[Abbreviation, str]] = {}
        for entry in ABBREVIATIONS:
            for name in entry.names:
                key = tuple(terms(name))
                if len(key) > 1:
                    self._names.setdefault(key, (entry, name))
        self._longest = max((len(k) for k in self._names), default=0)

    def match(self, terms: Sequence[str]) -> tuple[int, Abbreviation, str] | None:
        """The longest name that ``terms`` start with: (its length, its entry, the name)."""
        for n in range(min(self._longest, len(terms)), 1, -1):
            found = self._names.get(tuple(terms[:n]))
            if found is not None:
                return (n, *found)
        return None
