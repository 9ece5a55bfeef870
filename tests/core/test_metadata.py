"""Document metadata: title, date, source, authors, URL, report number, and where each came
from (core/formats/metadata), on short look-alikes of the real library's kinds of files."""

from __future__ import annotations

import codecs
import pickle
import re
from pathlib import Path

import pytest
from crs_fixtures import crs_pdf
from hypothesis import given, settings
from hypothesis import strategies as st

from briefreader.core.formats.documents import load_document
from briefreader.core.formats.metadata import (
    FIELDS,
    ORIGIN_FALLBACK,
    ORIGIN_FILE,
    ORIGIN_HEURISTIC,
    ExtractedMetadata,
    MetadataInput,
    extract_metadata,
)
from briefreader.core.formats.metadata.countries import country_name
from briefreader.core.formats.metadata.dates import (
    date_line,
    folder_date,
    name_date,
    parse_date,
    pdf_date,
)
from briefreader.core.formats.metadata.sources import (
    CONGRESSIONAL_RECORD,
    CRS,
    DIGITAL_GOV,
    EIGHTEEN_F,
    EUR_LEX,
    NPC,
    REUTERS,
    STATE_COUNCIL,
    UN_GENERAL_DEBATE,
    US_CODE,
    WHITE_HOUSE,
    canonical_source,
    source_from_url,
)
from briefreader.core.formats.metadata.text import (
    TITLE_MAX,
    looks_hashlike,
    readable_file_name,
    title_case,
)
from briefreader.core.models import Document


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def origins(doc: Document) -> dict[str, str]:
    return dict(doc.field_origins)


# -- CRS -------------------------------------------------------------------------------------

CRS_MARKDOWN = """\
# China’s 15th Five-Year Plan: S&T and Economic Priorities

**Product Type:** In Focus
**Report No.:** IF13204
**Version:** 2
**Publication Date:** 04/16/2026
**Author(s):** Sutter, Karen M.
**Topics:** Economy & Finance; Trade & International Finance
**Source:** https://www.congress.gov/crs-product/IF13204?s=1&r=8

---
[Home](https://crsreports.congress.gov/) > IF13204

# China’s 15th Five-Year Plan: S&T and Economic Priorities

| **CRS Product Number:** | IF13204 |
| **Publication Date:** | 04/16/2026 |

On March 12, 2026, the legislature of the People's Republic of China approved the plan.
Tariffs were raised on May 1, 2019 and again in 2024.
"""


def test_crs_markdown_head(tmp_path: Path) -> None:
    doc = load_document(
        write(
            tmp_path,
            "crs/IF13204v2-china-s-15th-five-year-plan-s-t-and-economic-pri.md",
            CRS_MARKDOWN,
        )
    )
    assert doc.title == "China’s 15th Five-Year Plan: S&T and Economic Priorities"
    assert doc.date == "2026-04-16"  # the publication date, not March 12 in the text
    assert doc.source == CRS
    assert doc.author == "Karen M. Sutter"
    assert (doc.report_number, doc.version) == ("IF13204", "2")
    assert doc.url == "https://www.congress.gov/crs-product/IF13204"
    assert origins(doc) == {
        "title": ORIGIN_HEURISTIC,
        "date": ORIGIN_HEURISTIC,
        "source": ORIGIN_HEURISTIC,
        "author": ORIGIN_HEURISTIC,
        "url": ORIGIN_HEURISTIC,
        "report_number": ORIGIN_HEURISTIC,
        "version": ORIGIN_HEURISTIC,
    }


def test_crs_markdown_with_several_authors_and_an_old_number(tmp_path: Path) -> None:
    text = CRS_MARKDOWN.replace("IF13204", "98-317").replace(
        "Sutter, Karen M.", "Labonte, Marc; Leubsdorf, Ben"
    )
    doc = load_document(write(tmp_path, "98317-types-of-committee-hearings.md", text))
    assert doc.author == "Marc Labonte, Ben Leubsdorf"
    assert doc.report_number == "98-317"


CRS_IN_FOCUS_PAGE_1 = """\
https://crsreports.congress.gov

Updated April 16, 2026
China’s 15th Five-Year Plan: S&T and Economic Priorities
On March 12, 2026, the legislature of the People’s Republic
of China (PRC or China) approved China’s 15th Five-Year
Plan for National Economic and Social Development."""
CRS_IN_FOCUS_LAST_PAGE = """\
priorities that are to receive preferential support.
Karen M. Sutter, Specialist in Asian Trade and Finance
IF13204
Disclaimer
This document was prepared by the Congressional Research Service (CRS).
https://crsreports.congress.gov | IF13204 · VERSION 2 · NEW"""


def pdf_input(name: str, pages: list[str], info: dict[str, str] | None = None) -> MetadataInput:
    text = "\n".join(pages)
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 1
    return MetadataInput(
        path=f"/lib/crs-reports/pdf/{name}",
        format="pdf",
        text=text,
        pages=tuple(starts),
        pdf_info=info or {"creationdate": "D:20260417105912-04'00'", "producer": "iText 7"},
    )


def test_crs_in_focus_pdf_page_one() -> None:
    middle = "Body text of the second page.\n" * 300  # the end is read apart from the top
    meta = extract_metadata(
        pdf_input("IF13204.2.pdf", [CRS_IN_FOCUS_PAGE_1, middle, CRS_IN_FOCUS_LAST_PAGE])
    )
    assert meta.title == "China’s 15th Five-Year Plan: S&T and Economic Priorities"
    assert meta.date == "2026-04-16"  # the cover date, not the file's creation on the 17th
    assert meta.source == CRS
    assert meta.author == "Karen M. Sutter"
    assert (meta.report_number, meta.version) == ("IF13204", "2")
    assert meta.url == "https://crsreports.congress.gov/product/pdf/IF/IF13204"
    assert meta.origin("title") == meta.origin("date") == ORIGIN_HEURISTIC


def test_crs_in_focus_title_over_two_lines() -> None:
    page = (
        "https://crsreports.congress.gov\nUpdated April 20, 2026\n"
        "Election Security: Federal Funding for Securing Election\nSystems\n"
        "Foreign efforts to interfere in the 2016 elections highlighted\n"
        "the potential for threats to the technologies, facilities, and"
    )
    meta = extract_metadata(pdf_input("IF11286.9.pdf", [page, "IF11286 · VERSION 9 · UPDATED"]))
    assert meta.title == "Election Security: Federal Funding for Securing Election Systems"
    assert (meta.report_number, meta.version) == ("IF11286", "9")


def test_crs_pdf_footer_left_out_of_the_text_still_names_the_report(tmp_path: Path) -> None:
    """The running footer ("https://crsreports.congress.gov | IF13204 · VERSION 2 · NEW")
    is not in the canonical text, but the loader hands it to the rules as furniture."""
    doc = load_document(write(tmp_path, "IF13204.2.pdf", crs_pdf(2)))
    assert "VERSION" not in doc.text and "crsreports" not in doc.text
    assert doc.source == CRS
    assert (doc.report_number, doc.version) == ("IF13204", "2")
    assert doc.author == "Karen M. Sutter"
    assert doc.url == "https://crsreports.congress.gov/product/pdf/IF/IF13204"


def test_furniture_alone_names_a_version_the_file_name_does_not() -> None:
    meta = extract_metadata(
        MetadataInput(
            path="/lib/report.pdf",
            format="pdf",
            text="Updated April 16, 2026\nA Title of the Report\nBody.",
            pages=(0,),
            furniture=("https://crsreports.congress.gov", "IF13204 · VERSION 3 · UPDATED"),
        )
    )
    assert meta.source == CRS
    assert (meta.report_number, meta.version) == ("IF13204", "3")


def test_crs_report_pdf_cover_and_author_block() -> None:
    cover = (
        "The Strait of Hormuz in Brief: Non-Oil\nShipments and Effects on U.S. Shippers\n"
        "April 10, 2026\nCongressional Research Service\nhttps://crsreports.congress.gov\nR48903"
    )
    end = (
        "Author Information\n\nJohn Frittelli\nSpecialist in Transportation Policy\n\n"
        " Ben Goldman\nAnalyst in Transportation Policy\n\nDisclaimer\nThis document was..."
    )
    info = {"keywords": "Cover Date:  April 10, 2026", "creationdate": "D:20260410183231"}
    meta = extract_metadata(pdf_input("R48903.3.pdf", [cover, "Text.", end], info))
    assert (
        meta.title
        == "The Strait of Hormuz in Brief: Non-Oil Shipments and Effects on U.S. Shippers"
    )
    assert meta.date == "2026-04-10" and meta.origin("date") == ORIGIN_FILE  # the cover date
    assert meta.author == "John Frittelli, Ben Goldman"
    assert (meta.report_number, meta.version) == ("R48903", "3")  # page 1, then the file name


def test_pdf_info_title_and_author_are_the_files_own() -> None:
    info = {
        "title": "Section 122 of the Trade Act of 1974",
        "author": "Christopher A. Casey, Danielle M. Trachtenberg",
        "subject": "CRS Insights",
    }
    meta = extract_metadata(pdf_input("IF13199v1-section-122.pdf", ["Some page text."], info))
    assert meta.title == "Section 122 of the Trade Act of 1974"
    assert meta.author == "Christopher A. Casey, Danielle M. Trachtenberg"
    assert meta.origin("title") == meta.origin("author") == ORIGIN_FILE
    assert meta.source == CRS  # "CRS Insights" as the subject
    assert (meta.report_number, meta.version) == ("IF13199", "1")


def test_pdf_title_that_names_a_file_is_ignored() -> None:
    info = {"title": "L_2016119EN.01000101.xml", "creationdate": "D:20240315"}
    meta = extract_metadata(pdf_input("report.pdf", ["Hello"], info))
    assert meta.title == "Report" and meta.origin("title") == ORIGIN_FALLBACK
    assert meta.date == "2024-03-15"  # the creation date: the best there is


def test_pdf_largest_text_from_the_loader_is_a_title() -> None:
    source = MetadataInput(
        path="/lib/x7.pdf", format="pdf", text="Small print", page1_title="Big Title Here"
    )
    meta = extract_metadata(source)
    assert meta.title == "Big Title Here" and meta.origin("title") == ORIGIN_HEURISTIC


# -- White House, 18F, Digital.gov ----------------------------------------------------------

WHITE_HOUSE_MD = """\
---
date: '2025-02-01'
published_time: 2025-02-01 20:03:58-05:00
source_url: https://www.whitehouse.gov/fact-sheets/2025/02/fact-sheet-tariffs/
tags: fact-sheets
title: 'Fact Sheet: President Donald J. Trump Imposes Tariffs on Imports from Canada,
  Mexico and China'
---

**ADDRESSING AN EMERGENCY SITUATION**: The extraordinary threat posed by drugs.
"""


def test_white_house_front_matter(tmp_path: Path) -> None:
    path = write(
        tmp_path, "briefing-room/fact-sheets/2025-02-01-fact-sheet-president.md", WHITE_HOUSE_MD
    )
    doc = load_document(path)
    assert doc.title == (
        "Fact Sheet: President Donald J. Trump Imposes Tariffs on Imports from Canada, "
        "Mexico and China"
    )
    assert doc.date == "2025-02-01"
    assert doc.source == WHITE_HOUSE
    assert doc.url == "https://www.whitehouse.gov/fact-sheets/2025/02/fact-sheet-tariffs/"
    assert origins(doc) == {
        "title": ORIGIN_FILE,
        "date": ORIGIN_FILE,
        "source": ORIGIN_HEURISTIC,  # from the address's host
        "url": ORIGIN_FILE,
    }


def test_white_house_archive_hosts_and_header_line() -> None:
    assert source_from_url("https://bidenwhitehouse.archives.gov/briefing-room/x/") == WHITE_HOUSE
    text = "THE WHITE HOUSE\nOffice of the Press Secretary\n\nFor Immediate Release\n\nText."
    meta = extract_metadata(MetadataInput(path="/lib/release.txt", format="text", text=text))
    assert meta.source == WHITE_HOUSE


POST_18F = """\
---
title: "Mississippi brings agile and modular techniques to child welfare system contract"
authors:
- zaccohn
- boone
tags:
- procurement
excerpt: "The State of Mississippi is about to upgrade its child welfare system."
---
The State of Mississippi is about to upgrade its child welfare information system.
"""


def test_18f_post_gets_its_date_from_the_name_and_source_from_the_folder(tmp_path: Path) -> None:
    doc = load_document(
        write(tmp_path, "18f-blog/2016-09-20-mississippi-agile-modular-techniques.md", POST_18F)
    )
    assert doc.title.startswith("Mississippi brings agile") and origins(doc)["title"] == ORIGIN_FILE
    assert doc.author == "zaccohn, boone" and origins(doc)["author"] == ORIGIN_FILE
    assert doc.date == "2016-09-20" and origins(doc)["date"] == ORIGIN_HEURISTIC
    assert doc.source == EIGHTEEN_F and origins(doc)["source"] == ORIGIN_HEURISTIC


def test_front_matter_date_beats_the_file_name(tmp_path: Path) -> None:
    text = "---\ntitle: Labor categories\ndate: 2015-03-10\n---\nBody.\n"
    doc = load_document(write(tmp_path, "digitalgov-news/2015-03-05-labor.md", text))
    assert doc.date == "2015-03-10"
    assert doc.source == DIGITAL_GOV


def test_declared_sources_are_canonical(tmp_path: Path) -> None:
    assert canonical_source("CRS") == canonical_source("congressional research service") == CRS
    assert canonical_source("The White House") == canonical_source("White House") == WHITE_HOUSE
    assert canonical_source("usagov") == "USAGov (GSA)"
    assert canonical_source("  Analyst   memo ") == "Analyst memo"  # unknown: kept, cleaned
    doc = load_document(write(tmp_path, "a.md", "---\nsource: crs\n---\n# T\n\nBody.\n"))
    assert doc.source == CRS and origins(doc)["source"] == ORIGIN_FILE


def test_html_head_canonical_link_site_name_and_the_better_title(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Remarks by the President on Trade</title>"
        '<link rel="canonical" href="https://www.reuters.com/world/remarks-trade/">'
        '<meta property="og:site_name" content="Reuters">'
        '<meta name="citation_publication_date" content="2024/03/05">'
        "</head><body><h1>Reuters</h1><p>WASHINGTON (Reuters) - The President spoke.</p>"
        "</body></html>"
    )
    doc = load_document(write(tmp_path, "page.html", html))
    assert doc.title == "Remarks by the President on Trade"  # the banner h1 names the site
    assert origins(doc)["title"] == ORIGIN_FILE
    assert doc.url == "https://www.reuters.com/world/remarks-trade/"
    assert doc.source == REUTERS and origins(doc)["source"] == ORIGIN_FILE
    assert doc.date == "2024-03-05"


def test_labelled_date_near_the_top_but_not_deep_in_the_text(tmp_path: Path) -> None:
    top = load_document(write(tmp_path, "memo.md", "# Memo\n\nDate: March 5, 2024\n\nText.\n"))
    assert top.date == "2024-03-05" and origins(top)["date"] == ORIGIN_HEURISTIC
    deep = "# Memo\n\n" + "A paragraph of text.\n\n" * 40 + "Date: March 5, 2024\n"
    assert load_document(write(tmp_path, "memo2.md", deep)).date is None


# -- UN General Debate ----------------------------------------------------------------------


def test_un_speech_with_bom_and_cr_line_endings(tmp_path: Path) -> None:
    data = (
        codecs.BOM_UTF8
        + b"For\rChina, this has been a special year.\r\rWe experienced two events.\r"
    )
    doc = load_document(write(tmp_path, "un-general-debate/CHN_63_2008.txt", data))
    assert (
        doc.title
        == "China: statement at the 63rd session of the UN General Assembly General Debate (2008)"
    )
    assert doc.date == "2008"
    assert doc.source == UN_GENERAL_DEBATE
    assert origins(doc)["title"] == origins(doc)["date"] == ORIGIN_HEURISTIC


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("USA_01_1946", "United States: statement at the 1st session"),
        ("RUS_46_1991", "Soviet Union: statement at the 46th session"),  # as it was then
        ("RUS_47_1992", "Russia: statement at the 47th session"),
        ("EU_76_2021", "European Union: statement at the 76th session"),
        ("ZAF_49_1994", "South Africa: statement at the 49th session"),
        ("latin1_ungdc-AGO_79_2024", "Angola: statement at the 79th session"),
        ("USA_72_2017", "United States: statement at the 72nd session"),
        ("FRA_11_1956", "France: statement at the 11th session"),
    ],
)
def test_un_speech_names(name: str, country: str) -> None:
    text = "Mr. President, I congratulate you on your election.\n"
    meta = extract_metadata(MetadataInput(path=f"/lib/{name}.txt", format="text", text=text))
    assert meta.title.startswith(country)


def test_un_like_names_that_do_not_add_up_are_not_speeches() -> None:
    text = "Mr. President,\nthank you.\n"
    for name in ("CHN_10_2008", "XYZ_63_2008"):  # session and year disagree; unknown code
        meta = extract_metadata(MetadataInput(path=f"/lib/{name}.txt", format="text", text=text))
        assert meta.source is None and meta.origin("title") == ORIGIN_FALLBACK


def test_country_table_covers_the_corpus_codes() -> None:
    for code in ("AFG", "ARG", "BRA", "CHN", "DEU", "FRA", "GBR", "IND", "JPN", "KEN", "MEX"):
        assert country_name(code)
    for code in ("PSE", "RUS", "UKR", "USA", "ZAF", "CSK", "DDR", "YUG", "YMD", "FSM", "EU"):
        assert country_name(code)
    assert country_name("QQQ") is None


# -- Congressional Record -------------------------------------------------------------------

GPO_HTML = """<html>
<head>
<title>Congressional Record, Volume 151 Issue 99 (Wednesday, July 20, 2005)</title>
</head>
<body><pre>
[Congressional Record Volume 151, Number 99 (Wednesday, July 20, 2005)]
[House]
[Page H6113]
From the Congressional Record Online through the Government Publishing Office [<a href="http://www.gpo.gov">www.gpo.gov</a>]

                  DR-CAFTA IMPLEMENTATION LEGISLATION

  (Mr. LINDER asked and was given permission to address the House for 1
minute.)
  Mr. LINDER. Mr. Speaker, I rise today in support of DR-CAFTA. In the
CAFTA countries, tariffs on U.S. exports are high. Tariffs on May 1, 1999
were higher.
</pre></body>
</html>
"""


def test_congressional_record_gpo_html(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "CREC-2005-07-20-pt1-PgH6113-5.htm", GPO_HTML))
    assert doc.title == "DR-CAFTA Implementation Legislation"  # not the shared <title>
    assert doc.date == "2005-07-20"
    assert doc.source == CONGRESSIONAL_RECORD
    assert doc.url == (
        "https://www.govinfo.gov/content/pkg/CREC-2005-07-20/html/CREC-2005-07-20-pt1-PgH6113-5.htm"
    )
    assert doc.author is None  # "By Mr. X:" sponsors and speakers are not authors


def test_congressional_record_without_a_heading_keeps_its_title_tag(tmp_path: Path) -> None:
    html = GPO_HTML.replace("                  DR-CAFTA IMPLEMENTATION LEGISLATION\n", "")
    doc = load_document(write(tmp_path, "CREC-2005-07-20-pt1-PgH6176-5.htm", html))
    assert doc.title == "Congressional Record, Volume 151 Issue 99 (Wednesday, July 20, 2005)"
    assert origins(doc)["title"] == ORIGIN_FILE


def test_congressional_record_bill_introduction() -> None:
    text = (
        "[Congressional Record Volume 143, Number 13 (Wednesday, February 5, 1997)]\n[Senate]\n"
        "[Pages S1018-S1019]\nFrom the Congressional Record Online through the Government "
        "Publishing Office [www.gpo.gov]\n      By Mr. MCCAIN:\n"
        "  S. 264. A bill to amend title XI of the Social Security Act to \n"
        "provide an incentive for the reporting of inaccurate Medicare claims \n"
        "for payment, and for other purposes; to the Committee on Finance.\n"
    )
    meta = extract_metadata(MetadataInput(path="/lib/x.htm", format="html", text=text))
    assert meta.title.startswith("S. 264. A bill to amend title XI of the Social Security Act")
    assert meta.title.endswith("for other purposes") and meta.date == "1997-02-05"


# -- EUR-Lex --------------------------------------------------------------------------------

EUR_LEX_XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML//EN" "xhtml-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
   <meta http-equiv="content-type" content="text/html; charset=utf-8"/>
   <title>L_2016119EN.01000101.xml</title>
</head>
<body>
   <table><tbody><tr>
      <td><p class="hd-date">4.5.2016   </p></td>
      <td><p class="hd-lg">EN</p></td>
      <td><p class="hd-ti">Official Journal of the European Union</p></td>
      <td><p class="hd-oj">L 119/1</p></td>
   </tr></tbody></table>
   <hr class="separator"/>
   <p class="doc-ti">REGULATION (EU) 2016/679 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL</p>
   <p class="doc-ti">of 27 April 2016</p>
   <p class="doc-ti">on the protection of natural persons with regard to the processing of personal
   data and on the free movement of such data, and repealing Directive 95/46/EC
   (General Data Protection Regulation)</p>
   <p class="doc-ti">(Text with EEA relevance)</p>
   <p class="normal">THE EUROPEAN PARLIAMENT AND THE COUNCIL OF THE EUROPEAN UNION,</p>
   <p class="normal">Having regard to the Treaty, and to the opinion of 12 March 2014,</p>
</body>
</html>
"""


def test_eur_lex_xhtml_act(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "eu/GDPR_en_OJ-L119-2016.html", EUR_LEX_XHTML))
    assert doc.title.startswith(
        "Regulation (EU) 2016/679 of the European Parliament and of the Council of 27 April 2016 "
        "on the protection of natural persons"
    )
    assert doc.title.endswith("… (General Data Protection Regulation)")
    assert len(doc.title) <= 180
    assert doc.date == "2016-04-27"  # the act's date, not the Journal's 4.5.2016
    assert doc.source == EUR_LEX
    assert doc.url == "https://eur-lex.europa.eu/eli/reg/2016/679/oj"


def test_eur_lex_directive_written_in_one_sentence(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Data Protection Directive (DPD)</title></head><body>"
        "<h1>Data Protection Directive</h1><p>Directive 95/46/EC of the European Parliament and "
        "of the Council of 24 October 1995 on the protection of individuals with regard to the "
        "processing of personal data and on the free movement of such data</p>"
        "<p>Official Journal L 281 , 23/11/1995 P. 0031 - 0050</p><p>Text.</p></body></html>"
    )
    doc = load_document(write(tmp_path, "Directive-95-46-EC_dpd.html", html))
    assert doc.title.startswith("Directive 95/46/EC of the European Parliament and of the Council")
    assert doc.title.endswith("(Data Protection Directive)")
    assert doc.date == "1995-10-24"
    assert doc.url == "https://eur-lex.europa.eu/eli/dir/1995/46/oj"


# -- US Code --------------------------------------------------------------------------------

US_CODE_MD = """
# Title 22— FOREIGN RELATIONS AND INTERCOURSE
### CHAPTER 77— UNITED STATES-CHINA RELATIONS
#### §\u202f7002. United States-China Economic and Security Review Commission
##### {sub}

The purposes of this section are as follows, as amended on October 30, 2000.
"""


def test_us_code_section_titles(tmp_path: Path) -> None:
    first = load_document(
        write(tmp_path, "title-22_chunck-5940.md", US_CODE_MD.format(sub="(a) Purposes"))
    )
    assert first.title == (
        "22 U.S.C. § 7002 — United States-China Economic and Security Review Commission"
    )
    assert first.source == US_CODE and first.date is None  # no date: none is better than wrong
    assert first.url == (
        "https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title22-section7002"
    )
    later = load_document(
        write(tmp_path, "title-22_chunck-5941.md", US_CODE_MD.format(sub="(b) Establishment"))
    )
    assert later.title.startswith("22 U.S.C. § 7002(b) — United States-China")


# -- PRC statutes ---------------------------------------------------------------------------

PRC_MD = """# 中华人民共和国出口管制法

2020年10月17日 第十三届全国人民代表大会常务委员会第二十二次会议通过

<!-- INFO END -->

## 第一章 总 则

第一条 为了维护国家安全和利益，履行防扩散等国际义务，加强和规范出口管制，制定本法。
"""


def test_prc_statute_head(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "出口管制法.md", PRC_MD))
    assert doc.title == "中华人民共和国出口管制法"
    assert doc.date == "2020-10-17" and origins(doc)["date"] == ORIGIN_HEURISTIC
    assert doc.source == NPC


def test_prc_version_date_is_the_latest_amendment_and_not_the_effective_date() -> None:
    text = (
        "中华人民共和国预算法\n1994年3月22日 第八届全国人民代表大会第二次会议通过\n"
        "2014年8月31日 第十二届全国人民代表大会常务委员会第十次会议第一次修正\n"
        "2015年1月1日 施行\n第一条 为了规范政府收支行为，制定本法。"
    )
    source = MetadataInput(
        path="/lib/预算法.md", format="markdown", text=text, headings=((1, "中华人民共和国预算法"),)
    )
    meta = extract_metadata(source)
    assert meta.date == "2014-08-31" and meta.source == NPC


def test_prc_regulation_of_the_state_council_and_a_date_in_the_name(tmp_path: Path) -> None:
    text = (
        "# 农田水利条例\n\n2016年4月27日 国务院第131次常务会议通过\n\n"
        "2016年7月1日 施行\n\n第一条 内容。\n"
    )
    doc = load_document(write(tmp_path, "行政法规__农田水利条例(2016-05-17).md", text))
    assert doc.source == STATE_COUNCIL
    assert doc.date == "2016-05-17"  # the name's (publication) date beats the adoption


def test_prc_statute_saved_as_plain_text(tmp_path: Path) -> None:
    text = PRC_MD.replace("<!-- INFO END -->\n", "").encode("gb18030")
    doc = load_document(write(tmp_path, "cjk-gb18030_export-control-law.txt", text))
    assert doc.title == "中华人民共和国出口管制法"
    assert (doc.date, doc.source) == ("2020-10-17", NPC)


# -- plain text and news --------------------------------------------------------------------


def test_markdown_front_matter_in_a_plain_text_file(tmp_path: Path) -> None:
    text = (
        "---\ndate: '2022-06-07'\nsource_url: https://bidenwhitehouse.archives.gov/briefing-room/x/"
        '\ntitle: "Statement from President\\_Biden on Trade"\n---\n \nToday, we received news.\n'
    )
    doc = load_document(write(tmp_path, "cp1252_wh-statement.txt", text.encode("cp1252")))
    assert doc.title == "Statement from President Biden on Trade"
    assert doc.date == "2022-06-07" and origins(doc)["date"] == ORIGIN_FILE
    assert doc.source == WHITE_HOUSE
    assert doc.url == "https://bidenwhitehouse.archives.gov/briefing-room/x/"


NEWS_TXT = """Chinese exports surge as new tariffs loom

By Jane Doe and John Roe

March 5, 2024

BEIJING, March 5 (Reuters) - China's exports rose faster than expected in the first two
months of the year, data showed on Tuesday, as factories rushed orders out before tariffs.
Shipments grew 7.1% from a year earlier, after 2.3% in December 2023.

(Reporting by Jane Doe; Editing by Sam Poe)
"""


def test_news_article_with_a_hash_like_name(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "3f9a2c7e1b4d4e0f9a8b7c6d.txt", NEWS_TXT))
    assert doc.title == "Chinese exports surge as new tariffs loom"
    assert origins(doc)["title"] == ORIGIN_HEURISTIC
    assert doc.author == "Jane Doe, John Roe"
    assert doc.date == "2024-03-05"
    assert doc.source == REUTERS


def test_hash_named_text_without_a_headline_takes_its_first_words(tmp_path: Path) -> None:
    text = "the committee met on tuesday to discuss the budget and other matters at length.\n"
    doc = load_document(write(tmp_path, "d41d8cd98f00b204e9800998ecf8427e.txt", text))
    assert doc.title.startswith("the committee met on tuesday")
    assert "d41d8cd9" not in doc.title


def test_a_date_mentioned_in_passing_is_not_the_documents_date(tmp_path: Path) -> None:
    text = (
        "Notes on the tariff talks\n\nOn March 12, 2026, the ministers met. A rule of May 1, 2019"
        " applies.\n2024\n"
    )
    doc = load_document(write(tmp_path, "notes-on-talks.txt", text))
    assert doc.date is None
    assert doc.title == "Notes on the tariff talks"


@pytest.mark.parametrize(
    "first_line",
    ["Mr. President,", "I am honoured to speak with you today at this session.", "thank you"],
)
def test_a_first_line_that_is_a_sentence_is_not_a_title(tmp_path: Path, first_line: str) -> None:
    doc = load_document(write(tmp_path, "speech-notes.txt", f"{first_line}\n\nMore text here.\n"))
    assert doc.title == "Speech notes" and origins(doc)["title"] == ORIGIN_FALLBACK


# -- a real title never loses to the file name ----------------------------------------------

REAL_TITLES = {
    "3f9a2c7e1b4d4e0f9a8b7c6d.txt": (NEWS_TXT, "Chinese exports surge as new tariffs loom"),
    "IF13204v2-china.md": (
        CRS_MARKDOWN,
        "China’s 15th Five-Year Plan: S&T and Economic Priorities",
    ),
    "2025-02-01-fact-sheet.md": (WHITE_HOUSE_MD, "Fact Sheet: President Donald J. Trump"),
    "CREC-2005-07-20-pt1-PgH6113-5.htm": (GPO_HTML, "DR-CAFTA Implementation Legislation"),
    "GDPR_en_OJ-L119-2016.html": (EUR_LEX_XHTML, "Regulation (EU) 2016/679"),
    "title-22_chunck-5940.md": (US_CODE_MD.format(sub="(a) Purposes"), "22 U.S.C. § 7002"),
    "出口管制法(2020-10-17).md": (PRC_MD, "中华人民共和国出口管制法"),
    "CHN_63_2008.txt": ("For\nChina, this year.\n", "China: statement at the 63rd session"),
}


@pytest.mark.parametrize("name", sorted(REAL_TITLES))
def test_a_real_title_never_loses_to_the_file_name(tmp_path: Path, name: str) -> None:
    text, title = REAL_TITLES[name]
    doc = load_document(write(tmp_path, name, text))
    assert doc.title.startswith(title)
    assert origins(doc)["title"] != ORIGIN_FALLBACK
    assert doc.title != readable_file_name(Path(name).stem)


def test_the_file_name_is_the_title_only_when_nothing_else_is(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "2024-03-01-copper_tariffs.md", "just some text.\n"))
    assert doc.title == "Copper tariffs" and origins(doc)["title"] == ORIGIN_FALLBACK
    assert doc.date == "2024-03-01"


# -- the pieces -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("04/16/2026", "2026-04-16"),
        ("April 16, 2026", "2026-04-16"),
        ("27 April 2016", "2016-04-27"),
        ("Sept. 3, 2019", "2019-09-03"),
        ("2025-11-01 14:31:47-04:00", "2025-11-01"),
        ("2024-03", "2024-03"),
        ("2020年10月17日", "2020-10-17"),
        ("March 2024", "2024-03"),
        ("February 30, 2024", None),
        ("sometime soon", None),
        ("1 2 3", None),
    ],
)
def test_parse_date(value: str, iso: str | None) -> None:
    assert parse_date(value) == iso


def test_date_lines_paths_and_pdf_dates() -> None:
    assert date_line("Updated April 16, 2026") == "2026-04-16"
    assert date_line("Friday, May 20, 2005") == "2005-05-20"
    assert date_line("Published: 2024-03-05") == "2024-03-05"
    assert date_line("On April 16, 2026, the Senate voted.") is None
    assert name_date("CREC-2005-05-20-pt1-PgE1029") == "2005-05-20"
    assert name_date("关税法(2024-04-26)") == "2024-04-26"
    assert name_date("2019-01-01-to-2020-02-02") is None  # two dates: which one?
    assert name_date("report-20240315") is None
    assert folder_date(("10", "2015", "news")) == "2015-10"
    assert folder_date(("2025-02", "fact-sheets")) == "2025-02"
    assert folder_date(("13", "2015")) is None
    assert pdf_date("D:20260417125654-04'00'") == "2026-04-17"


def test_title_case_keeps_acronyms_and_lowers_small_words() -> None:
    acronyms = frozenset({"cafta", "dr-cafta"})
    assert title_case("DR-CAFTA WILL BENEFIT BUSINESSES AND WORKERS", acronyms) == (
        "DR-CAFTA Will Benefit Businesses and Workers"
    )
    assert (
        title_case("SMART SECURITY AND NPT REINTRODUCTION")
        == "Smart Security and NPT Reintroduction"
    )
    assert title_case("TRIBUTE TO MR. JOHN ROBERTS, JR., ON HIS 31ST YEAR") == (
        "Tribute to Mr. John Roberts, Jr., on His 31st Year"
    )
    assert title_case("REGULATION (EU) 2016/679 OF THE EUROPEAN PARLIAMENT") == (
        "Regulation (EU) 2016/679 of the European Parliament"
    )


@pytest.mark.parametrize(
    ("stem", "hashlike"),
    [
        ("3f9a2c7e1b4d4e0f9a8b7c6d", True),
        ("d41d8cd98f00b204e9800998ecf8427e", True),
        ("123e4567-e89b-12d3-a456-426614174000", True),
        ("aZ3kP9qL2mX8vB7n", True),
        ("CHN_63_2008", False),
        ("IF13204.2", False),
        ("copper-tariffs-2024", False),
        ("deadbeef", False),  # no digit: could be a word
    ],
)
def test_looks_hashlike(stem: str, hashlike: bool) -> None:
    assert looks_hashlike(stem) is hashlike


def test_results_are_picklable_and_documents_carry_the_new_fields(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "IF13204v2-china.md", CRS_MARKDOWN))
    again = pickle.loads(pickle.dumps(doc))
    assert again == doc
    assert (again.report_number, again.version) == ("IF13204", "2")
    assert dict(again.field_origins)["date"] == ORIGIN_HEURISTIC
    meta = extract_metadata(MetadataInput(path="/lib/a.txt", format="text", text="Hello there\n"))
    assert pickle.loads(pickle.dumps(meta)) == meta and hash(meta)


def test_large_inputs_read_only_their_head_and_tail() -> None:
    # Quadratic rules would take minutes here (the suite's timeout); these run in a millisecond.
    for text in (
        "word " * 1_000_000,
        "CONGRESSIONAL RECORD " * 250_000,
        "x" * 5_000_000,
        "(Reuters) - " * 400_000,
        "§ 1. " * 1_000_000,
        "2024年1月1日" * 500_000,
        "\n" * 5_000_000,
    ):
        for fmt in ("text", "markdown", "html", "pdf"):
            meta = extract_metadata(
                MetadataInput(path="/lib/big.txt", format=fmt, text=text, pages=(0,))
            )
            assert meta.title and len(meta.title) <= TITLE_MAX


_PATHS = st.sampled_from(
    [
        "/lib/doc.txt",
        "/lib/CHN_63_2008.txt",
        "/lib/3f9a2c7e1b4d4e0f9a8b7c6d.txt",
        "/lib/crs/IF13204.2.pdf",
        "/lib/CREC-2005-07-20-pt1-PgH6113.htm",
        "/lib/行政法规__条例(2016-05-17).md",
        "/lib/title-22_chunck-1.md",
        "/lib/.md",
    ]
)
_PIECES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "\n", "\n\n", "# ", "Updated April 16, 2026\n", "Congressional Research Service\n",
            "[Congressional Record Volume 1, Number 2 (Friday, May 20, 2005)]\n", "By Jane Doe\n",
            "Official Journal\n", "REGULATION (EU) 2016/679 OF THE COUNCIL\n", "of 27 April 2016\n",
            "2020年10月17日 全国人民代表大会 通过\n", "Title 22— X\n", "§ 7002. Y\n", "(Reuters) -",
            "Report No.: IF13204 Version: 2 Publication Date: 99/99/2026", " · VERSION 3",
            "Author Information\n", "THE WHITE HOUSE\n", "\u202f", "\u3000", "\ufeff", "A" * 300,
        ]
    ),
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    path=_PATHS,
    fmt=st.sampled_from(["text", "markdown", "html", "pdf"]),
    pieces=st.lists(_PIECES, max_size=25),
    headings=st.lists(st.tuples(st.integers(1, 6), st.text(max_size=80)), max_size=4),
    declared=st.one_of(st.none(), st.text(max_size=300)),
)
def test_any_input_gives_a_short_title_and_well_formed_fields(
    path: str, fmt: str, pieces: list[str], headings: list[tuple[int, str]], declared: str | None
) -> None:
    text = "".join(pieces)
    source = MetadataInput(
        path=path,
        format=fmt,
        text=text,
        headings=tuple(headings),
        pages=(0, len(text) // 2) if fmt == "pdf" else (),
        declared_title=declared,
        declared_source=declared,
        html_title=declared,
        pdf_info={"title": declared or "", "keywords": declared or "", "creationdate": text[:30]},
    )
    meta = extract_metadata(source)
    assert isinstance(meta, ExtractedMetadata)
    assert meta.title.strip() and len(meta.title) <= TITLE_MAX and "\n" not in meta.title
    assert {name for name, _ in meta.origins} <= set(FIELDS)
    assert {origin for _, origin in meta.origins} <= {
        ORIGIN_FILE,
        ORIGIN_HEURISTIC,
        ORIGIN_FALLBACK,
    }
    assert meta.date is None or re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", meta.date)
    for name in FIELDS:
        value = getattr(meta, name)
        assert (value is None) == (meta.origin(name) is None)
