"""A small library on disk for tests: markdown, text, HTML, Chinese and one unreadable file."""

from __future__ import annotations

from pathlib import Path

CHIPS_MD = """---
title: Export controls on advanced chips
date: 2024-12-02
source: Analyst memo
tags: [export-controls, semiconductors]
summary: What the December rule changed.
---
# Export controls on advanced chips

The Bureau of Industry and Security tightened controls on advanced computing semiconductors.
The rule adds 140 entities to the Entity List and expands the foreign direct product rule.

## Equipment

Controls on semiconductor manufacturing equipment now cover high-bandwidth memory.
"""

VEHICLES_MD = """---
title: Connected vehicles rule
date: 2025-01-14
source: Federal Register digest
tags: [connected-vehicles, ICTS]
---
# Connected vehicles

Commerce finalised a rule barring connected vehicles with Chinese or Russian software.
Vehicle connectivity systems and automated driving systems are covered.
"""

TALKS_TXT = """Commerce ministers' talks, August 2023

The two commerce ministers agreed to form a working group on commercial issues.
They also set up an export control information exchange.
"""

STATUTE_HTML = """<html><head><title>50 U.S.C. 1701</title>
<meta name="date" content="2023-05-01"></head>
<body><h1>Unusual and extraordinary threat</h1>
<p>Authority under \u00a7\u202f1701 may be exercised to deal with an unusual threat.</p>
</body></html>"""

LAW_ZH_MD = """---
title: 出口管制法摘要
date: 2020-10-17
source: PRC statute digest
---
# 出口管制法

国家对两用物项、军品、核以及其他与维护国家安全和利益有关的货物实施出口管制。
"""


def write_library(root: Path) -> Path:
    """A small library: markdown, text, HTML, Chinese, one unreadable file."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "chips.md").write_text(CHIPS_MD, encoding="utf-8")
    (root / "sub").mkdir(exist_ok=True)
    (root / "sub" / "vehicles.md").write_text(VEHICLES_MD, encoding="utf-8")
    (root / "talks.txt").write_bytes(TALKS_TXT.replace("\n", "\r\n").encode("cp1252"))
    (root / "statute.html").write_text(STATUTE_HTML, encoding="utf-8")
    (root / "law-zh.md").write_text(LAW_ZH_MD, encoding="utf-8")
    (root / "broken.md").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    return root
