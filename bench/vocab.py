"""Word lists for the synthetic briefing corpus and the benchmark query mix.

Kept in one place so the generated documents and the queries speak the same vocabulary.
Everything here is invented filler around public policy terms; no text is copied.
"""

from __future__ import annotations

# Multi-word policy terms are single vocabulary items, so phrase queries find them intact.
POLICY_TERMS: tuple[str, ...] = (
    "export controls",
    "semiconductors",
    "Entity List",
    "tariffs",
    "Section 301",
    "critical minerals",
    "connected vehicles",
    "supply chain",
    "national security",
    "rare earth elements",
    "advanced computing",
    "foreign direct product rule",
    "de minimis",
    "countervailing duties",
    "antidumping duties",
    "outbound investment",
    "dual-use items",
    "end-use checks",
    "licensing requirements",
    "lithium-ion batteries",
    "graphite",
    "gallium",
    "germanium",
    "polysilicon",
    "solar modules",
    "electric vehicles",
    "steel and aluminum",
    "Section 232",
    "forced labor",
    "CHIPS Act",
    "Inflation Reduction Act",
    "information and communications technology",
    "data security",
    "cloud computing",
    "artificial intelligence",
    "quantum computing",
    "biotechnology",
    "investment screening",
    "sanctions",
    "Specially Designated Nationals",
    "retaliatory measures",
    "trade deficit",
    "reciprocal tariffs",
    "rules of origin",
    "transshipment",
    "shipbuilding",
    "port fees",
    "military end users",
    "semiconductor manufacturing equipment",
    "high-bandwidth memory",
    "legacy chips",
    "drones",
    "subsidies",
    "overcapacity",
    "market access",
    "intellectual property",
    "technology transfer",
    "cybersecurity",
    "undersea cables",
    "telecommunications equipment",
)

AGENCIES: tuple[str, ...] = (
    "Bureau of Industry and Security",
    "Department of Commerce",
    "Office of the United States Trade Representative",
    "Department of the Treasury",
    "Office of Foreign Assets Control",
    "Committee on Foreign Investment in the United States",
    "Department of Homeland Security",
    "U.S. Customs and Border Protection",
    "Federal Communications Commission",
    "Department of Energy",
    "Department of Defense",
    "National Security Council",
    "Government Accountability Office",
    "Congressional Research Service",
    "U.S.-China Economic and Security Review Commission",
    "Ministry of Commerce",
    "General Administration of Customs",
    "European Commission",
    "Ministry of Economy, Trade and Industry",
    "International Trade Commission",
)

SOURCES: tuple[str, ...] = (
    "BIS",
    "USTR",
    "Treasury",
    "CRS",
    "GAO",
    "USCC",
    "White House",
    "Federal Register",
    "MOFCOM",
    "European Commission",
    "Think tank brief",
    "Embassy cable summary",
)

COUNTRIES: tuple[str, ...] = (
    "China",
    "the United States",
    "Japan",
    "the Netherlands",
    "South Korea",
    "Taiwan",
    "the European Union",
    "Mexico",
    "Canada",
    "Vietnam",
    "India",
    "Malaysia",
    "Germany",
    "Russia",
    "Australia",
    "Indonesia",
)

TAGS: tuple[str, ...] = (
    "export-controls",
    "semiconductors",
    "entity-list",
    "tariffs",
    "section-301",
    "critical-minerals",
    "connected-vehicles",
    "sanctions",
    "investment",
    "supply-chains",
    "china",
    "eu",
    "japan",
    "ai",
    "energy",
    "shipping",
    "telecom",
    "data",
)

VERBS_PAST: tuple[str, ...] = (
    "announced",
    "imposed",
    "expanded",
    "proposed",
    "finalized",
    "tightened",
    "extended",
    "paused",
    "reviewed",
    "restricted",
    "published",
    "revised",
    "suspended",
    "clarified",
    "broadened",
    "narrowed",
)

VERBS_BASE: tuple[str, ...] = (
    "affect",
    "raise",
    "limit",
    "delay",
    "reshape",
    "complicate",
    "accelerate",
    "constrain",
    "redirect",
    "increase",
    "reduce",
    "expose",
)

NOUNS: tuple[str, ...] = (
    "rule",
    "measure",
    "investigation",
    "determination",
    "license requirement",
    "exemption",
    "guidance",
    "interim final rule",
    "notice",
    "review",
    "consultation",
    "framework",
    "executive order",
    "agreement",
    "proposal",
    "list of items",
)

ADJECTIVES: tuple[str, ...] = (
    "significant",
    "limited",
    "broad",
    "narrow",
    "temporary",
    "permanent",
    "unclear",
    "substantial",
    "modest",
    "uneven",
    "immediate",
    "gradual",
    "strategic",
    "commercial",
    "bilateral",
    "multilateral",
)

ANALYSTS: tuple[str, ...] = (
    "industry groups",
    "allied governments",
    "analysts",
    "importers",
    "chipmakers",
    "automakers",
    "battery producers",
    "members of Congress",
    "trade lawyers",
    "port operators",
    "cloud providers",
    "investors",
)

# General English filler, most frequent first (weighted by rank for a Zipf-like spread).
COMMON: tuple[str, ...] = tuple(
    """the of and to in a that for is on with as by this are be at from it has have was
    which or an their its not will more but also would than been were these other such
    new could may into about over under after between while both because during whether
    government policy trade economic market companies firms industry production capacity
    officials report analysis risk costs prices demand imports exports investment security
    technology products goods sector domestic foreign global regional national federal
    rules measures controls restrictions requirements licenses review process approach
    agency administration congress legislation hearing testimony comment period filing
    year years month quarter percent billion million share growth decline increase level
    data information evidence estimates figures assessment scenario outlook response
    partners allies competitors suppliers customers manufacturers producers buyers sellers
    announcement statement decision implementation enforcement compliance penalties cases
    effect impact consequence pressure leverage incentive objective priority concern issue
    long short term near medium high low major minor key central critical important likely
    already further recent current previous initial final broader narrower stronger weaker
    said noted argued warned suggested indicated reported estimated expected found showed
    some many most several few each every any all no one two three first second third
    however therefore meanwhile instead although since until unless whereas moreover
    """.split()  # noqa: SIM905 (one word list is easier to read and edit)
)
