"""Export of annotated summaries: golden files per format, grouping, escaping, atomic writes.

Regenerate the golden files in tests/reference/ with ``UPDATE_GOLDEN=1 pytest tests/core``.
"""

from __future__ import annotations

import csv
import difflib
import errno
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import docx
import pytest
import yaml

from briefreader.core.errors import ExportError
from briefreader.core.export import atomic, formats
from briefreader.core.export.atomic import write_atomic
from briefreader.core.export.common import UNTAGGED, build_summary
from briefreader.core.export.formats import FORMAT_NAMES, format_for_path
from briefreader.core.export.model import ExportItem, ExportOptions, ExportScope
from briefreader.core.export.registry import default_filename, export_to_file, render
from briefreader.core.models import COLORS, AnchorStatus

TESTS = Path(__file__).resolve().parent.parent
REFERENCE = TESTS / "reference"


def _load_sample() -> ModuleType:
    name = "briefreader_export_sample"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, TESTS / "fixtures/export/sample.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


sample = _load_sample()


def check_golden(name: str, text: str) -> None:
    """Compare with tests/reference/<name>; UPDATE_GOLDEN=1 rewrites it instead."""
    path = REFERENCE / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"no golden file {path}: run the tests with UPDATE_GOLDEN=1"
    expected = path.read_bytes().decode("utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"reference/{name}",
                "actual",
            )
        )
        pytest.fail(f"{name} differs from its golden file (UPDATE_GOLDEN=1 accepts):\n{diff}")


def rendered(fmt: str, group_by: str = "document") -> bytes:
    s = sample.build_sample(group_by)
    return render(fmt, s.scope, s.items, s.options)


# ---------------------------------------------------------------------------
# golden files
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv"])
def test_export_matches_golden_file(fmt: str) -> None:
    check_golden(f"export.{fmt}", sample.normalise(rendered(fmt).decode("utf-8")))


@pytest.mark.parametrize(("group_by", "fmt"), [("tag", "md"), ("color", "md"), ("tag", "html")])
def test_grouped_export_matches_golden_file(group_by: str, fmt: str) -> None:
    text = sample.normalise(rendered(fmt, group_by).decode("utf-8"))
    check_golden(f"export-by-{group_by}.{fmt}", text)


SENT = {"title": "Carbon and energy", "intro": "For **Monday**: what the *EU* decided."}
LOCAL_OR_INTERNAL = (
    "file:",
    "/library/",
    "orphaned",
    "moved",
    "fuzzy",
    "⚠",
    "scope",
    "approximate",
)


def rendered_to_send(fmt: str, group_by: str = "document") -> bytes:
    s = sample.build_sample(group_by, "send", **SENT)
    return render(fmt, s.scope, s.items, s.options)


@pytest.mark.parametrize(
    ("fmt", "group_by"),
    [("md", "document"), ("html", "document"), ("md", "section"), ("md", "tag")],
)
def test_brief_to_send_matches_golden_file(fmt: str, group_by: str) -> None:
    text = sample.normalise(rendered_to_send(fmt, group_by).decode("utf-8"))
    suffix = "" if group_by == "document" else f"-by-{group_by}"
    check_golden(f"brief-send{suffix}.{fmt}", text)


def test_docx_brief_to_send_matches_golden_list() -> None:
    paragraphs = [sample.normalise(p) for p in docx_paragraphs(rendered_to_send("docx"))]
    check_golden(
        "brief-send.docx.json", json.dumps(paragraphs, ensure_ascii=False, indent=1) + "\n"
    )


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
@pytest.mark.parametrize("group_by", ["document", "tag", "color", "section"])
def test_brief_to_send_has_no_local_path_nor_internal_status(fmt: str, group_by: str) -> None:
    data = rendered_to_send(fmt, group_by)
    text = "\n".join(docx_paragraphs(data)) if fmt == "docx" else data.decode("utf-8")
    body = text.split("</style>")[-1]  # the HTML's style sheet names classes, not statuses
    for word in LOCAL_OR_INTERNAL:
        assert word not in body.lower(), word
    assert "Carbon and energy" in text
    assert "Appendix: passages not found in the current documents" in text
    assert "Annual report 2023" in text and "Cite as" in text


def test_brief_to_send_quotes_the_current_wording_and_sets_orphans_apart() -> None:
    s = sample.build_sample("document", "send")
    summary = build_summary(s.scope, s.items, s.options)
    placed = [e for section in summary.documents for e in section.entries]
    assert all(e.annotation.status is not AnchorStatus.ORPHANED for e in placed)
    for entry in placed:
        document = entry.item.document
        if document is None or not entry.annotation.status.placed:  # missing file, or
            assert entry.quote == entry.annotation.anchor.exact  # ambiguous: its stored quote
            continue
        assert (
            entry.quote
            == document.text[entry.annotation.anchor.start : entry.annotation.anchor.end]
        )
    apart = [e for section in summary.appendix for e in section.entries]
    assert apart and all(e.annotation.status is AnchorStatus.ORPHANED for e in apart)
    assert summary.annotation_count == len(placed)
    assert summary.title == "Brief"


def test_grouping_by_section_puts_each_passage_under_its_heading() -> None:
    s = sample.build_sample("section", "send")
    summary = build_summary(s.scope, s.items, s.options)
    for section in summary.documents:
        parts = section.by_heading()
        assert sorted(e.annotation.id for _h, entries in parts for e in entries) == sorted(
            e.annotation.id for e in section.entries
        )
        headings = [h for h, _e in parts]
        assert len(headings) == len(set(headings))  # each section once
        for heading, entries in parts:
            if heading == "Elsewhere in the document":  # no settled place: last
                assert all(not e.annotation.status.placed for e in entries)
                assert heading == headings[-1]
                continue
            assert all((e.heading or "Before the first heading") == heading for e in entries)


def docx_paragraphs(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [f"{p.style.name}: {p.text}" for p in document.paragraphs]


def test_docx_paragraphs_match_golden_list() -> None:
    paragraphs = [sample.normalise(p) for p in docx_paragraphs(rendered("docx"))]
    check_golden("export.docx.json", json.dumps(paragraphs, ensure_ascii=False, indent=1) + "\n")


def test_docx_quotes_are_shaded_in_their_colour() -> None:
    document = docx.Document(io.BytesIO(rendered("docx")))
    fills = [
        shading.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill")
        for p in document.paragraphs
        if p.style.name == "Quote"
        for shading in p._p.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}shd"
        )
    ]
    assert "FFF176" in fills  # yellow
    assert "F8BBD0" in fills  # pink
    props = document.core_properties
    assert props.title == "Annotated summary: whole library"


# ---------------------------------------------------------------------------
# content of the formats
# ---------------------------------------------------------------------------


def test_markdown_front_matter_is_yaml_with_the_scope() -> None:
    s = sample.build_sample()
    scope = ExportScope("tag", "climate", since_last=True, since="2024-04-03T00:00:00Z")
    text = render("md", scope, s.items, s.options).decode("utf-8")
    assert text.startswith("---\n")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["scope"] == "tag"
    assert front["scope_value"] == "climate"
    assert front["only_new"] is True
    assert front["since"] == "2024-04-03T00:00:00Z"
    assert front["documents"] == 3
    assert front["highlights"] == 10
    assert "# Annotated summary: tag “climate”" in text
    assert "since 2024-04-03 00:00 UTC" in text


def test_markdown_passages_are_block_quotes_and_markdown_is_escaped() -> None:
    text = rendered("md").decode("utf-8")
    assert "> covers about 40\u202f% of emissions" in text
    assert "> Two lines\n> of quote" in text
    assert r"> =HYPERLINK(\"http://evil\")" not in text  # quotes are not over-escaped
    assert r"\<script\>alert(1)\</script\>" in text
    assert r"§ 1. Prices & \*markets\*" in text
    assert "#climate `eu policy`" in text  # a tag with a space cannot be an Obsidian #tag
    assert "p. 2" in text and "p. 3" in text


def test_a_changed_wording_shows_what_it_was_and_the_changed_words_in_every_format() -> None:
    md = rendered("md").decode("utf-8")
    assert "> the « Fit for 55 » package **adds** a **second** system" in md
    assert "*Was:* “the « Fit for 55 » package ~~will add~~ a ~~new~~ system”" in md
    html = rendered("html").decode("utf-8")
    assert '<u class="added">adds</u> a <u class="added">second</u> system' in html
    assert 'Was: “the « Fit for 55 » package <s class="removed">will add</s> a' in html
    paragraphs = docx_paragraphs(rendered("docx"))
    assert "Normal: Was: “the « Fit for 55 » package will add a new system”" in paragraphs
    document = docx.Document(io.BytesIO(rendered("docx")))
    was = next(p for p in document.paragraphs if p.text.startswith("Was: “the « Fit"))
    assert [r.text for r in was.runs if r.font.strike] == ["will add", "new"]
    rows = list(csv.DictReader(io.StringIO(rendered("csv")[3:].decode("utf-8"), newline="")))
    fuzzy = next(r for r in rows if r["status"] == "fuzzy")
    assert fuzzy["original quote"] == "the « Fit for 55 » package will add a new system"
    ambiguous = next(r for r in rows if r["status"] == "ambiguous")
    assert ambiguous["places"] == "2" and ambiguous["section"] == ""  # no one place in it
    assert "Was:" not in md.split("Allowance prices")[1].split("the « Fit")[0]  # same words


def test_html_is_self_contained_and_escapes_everything() -> None:
    s = sample.build_sample()
    items = list(s.items)
    items[1] = replace(items[1], record=replace(items[1].record, url="javascript:alert(1)"))
    text = render("html", s.scope, items, s.options).decode("utf-8")
    assert "<script" not in text.lower()
    assert "onerror" not in text
    assert "<td>javascript:alert(1)</td>" in text  # shown, not linked
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Carbon pricing: «Fit for 55» &amp; &lt;the&gt; ETS" in text
    hrefs = re.findall(r'href="([^"]*)"', text)
    assert hrefs and all(h.split(":")[0] in {"http", "https", "mailto", "file"} for h in hrefs)
    assert "<link" not in text and "src=" not in text  # nothing fetched from elsewhere
    assert "<strong>Key</strong>" in text  # notes' Markdown rendered
    assert "background-color: #fff176" in text
    assert "@page" in text and "page-break-inside: avoid" in text


def test_csv_is_utf8_with_bom_one_row_per_annotation() -> None:
    data = rendered("csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert len(rows) == 10
    assert list(rows[0]) == [
        "document", "title", "quote", "note", "tags", "colour", "colour meaning",
        "section", "page", "created", "updated", "status", "id", "original quote",
        "confirmed", "places",
    ]  # fmt: skip
    by_quote = {r["quote"]: r for r in rows}
    pink = by_quote["Renewables supplied 44 % of electricity"]
    assert pink["page"] == "2" and pink["colour"] == "pink" and pink["tags"] == "energy; climate"
    assert pink["colour meaning"] == "Follow up"
    hostile = next(r for r in rows if "HYPERLINK" in r["quote"])
    assert hostile["quote"].startswith("'=")  # never run as a spreadsheet formula
    assert {r["status"] for r in rows} == {s.value for s in AnchorStatus}


def test_json_is_a_w3c_annotation_collection() -> None:
    s = sample.build_sample()
    data = json.loads(rendered("json"))
    assert "http://www.w3.org/ns/anno.jsonld" in data["@context"]
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 10
    assert data["first"]["type"] == "AnnotationPage"
    by_id = {a.uuid: a for a in s.annotations}
    date_time = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
    for item in items:
        # the W3C MUSTs, checked directly
        assert item["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
        assert item["type"] == "Annotation"
        assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", item["id"])
        assert item["motivation"] in ("highlighting", "commenting", "tagging")
        assert "bodyValue" not in item
        for key in ("created", "modified"):
            assert date_time.match(item[key]), item[key]
        annotation = by_id[item["id"].removeprefix("urn:uuid:")]
        target = item["target"]
        if annotation.original_anchor != annotation.anchor:  # the original: a 2nd target
            target, original = target
            assert original["briefreader:original"] is True
            assert original["source"] == target["source"]
            assert original["state"] == {"type": "TimeState", "sourceDate": item["created"]}
            first = annotation.original_anchor
            assert original["selector"][0]["exact"] == first.exact
            assert original["selector"][1] == {
                "type": "TextPositionSelector", "start": first.start, "end": first.end
            }  # fmt: skip
            assert original["briefreader:contentHash"] == first.content_hash
        assert target["type"] == "SpecificResource"
        assert target["source"].startswith("file:///library/")
        assert target["styleClass"] == annotation.color and "stylesheet" in item
        assert item["stylesheet"]["type"] == "CssStylesheet"
        quote, position, *fragment = target["selector"]
        assert quote == {
            "type": "TextQuoteSelector",
            "exact": annotation.anchor.exact,
            "prefix": annotation.anchor.prefix,
            "suffix": annotation.anchor.suffix,
        }
        assert position == {
            "type": "TextPositionSelector",
            "start": annotation.anchor.start,
            "end": annotation.anchor.end,
        }
        assert "state" not in target  # state must be a URI or Time/HttpRequestState
        assert target["briefreader:contentHash"] == annotation.anchor.content_hash
        assert target["briefreader:status"] == annotation.status.value
        assert item["briefreader:color"] == annotation.color
        bodies = item.get("body", [])
        for body in bodies:
            assert body["type"] == "TextualBody" and isinstance(body["value"], str)
        notes = [b for b in bodies if b["purpose"] == "commenting"]
        tags = [b["value"] for b in bodies if b["purpose"] == "tagging"]
        assert [b["value"] for b in notes] == ([annotation.note] if annotation.note else [])
        assert all(b["format"] == "text/markdown" for b in notes)
        assert tags == list(annotation.tags)
        page = target.get("briefreader:page")
        assert fragment == (  # the PDF page, for citations
            [
                {
                    "type": "FragmentSelector",
                    "conformsTo": "http://tools.ietf.org/rfc/rfc3778",
                    "value": f"page={page}",
                }
            ]
            if page
            else []
        )
    pdf_page = next(i for i in items if i["id"].endswith("7"))
    assert pdf_page["target"]["briefreader:page"] in (2, 3)
    ambiguous = next(i for i in items if i["id"].endswith("10"))
    assert ambiguous["target"]["briefreader:status"] == "ambiguous"
    assert [(c["start"], c["end"]) for c in ambiguous["target"]["briefreader:candidates"]] == [
        (c.start, c.end) for c in by_id[ambiguous["id"][9:]].candidates
    ]
    confirmed = next(i for i in items if "briefreader:confirmed" in i)
    assert confirmed["briefreader:confirmed"] == "2024-04-20T08:00:00Z"
    assert data["briefreader:colorMeanings"]["red"] == ""  # every colour, set or cleared


# ---------------------------------------------------------------------------
# layout: order, grouping, header
# ---------------------------------------------------------------------------


def test_summary_has_reading_order_headings_pages_and_statuses() -> None:
    s = sample.build_sample()
    summary = build_summary(s.scope, s.items, s.options)
    report = summary.documents[1]
    assert [e.annotation.id for e in report.entries] == [6, 7, 10]  # given as 7, 6, 10
    assert [(e.heading, e.page) for e in report.entries] == [
        ("Energy", 2),
        ("Networks", 3),
        (None, None),  # ambiguous: no one place in the current text
    ]
    memo = summary.documents[2]
    assert memo.entries[-1].annotation.status is AnchorStatus.ORPHANED
    assert all(e.heading is None and e.page is None for e in memo.entries)
    brief = summary.documents[0]
    assert brief.entries[3].heading == "2. 中国的碳市场" and brief.entries[3].page is None
    assert summary.counts_text == (
        "3 documents · 10 highlights (1 moved, 1 fuzzy, 1 ambiguous, 1 orphaned)"
    )
    assert {e.annotation.color for d in summary.documents for e in d.entries} == set(COLORS)


def test_grouping_by_tag_lists_an_annotation_under_each_of_its_tags() -> None:
    s = sample.build_sample("tag")
    summary = build_summary(s.scope, s.items, s.options)
    titles = [g.title for g in summary.groups]
    assert titles == [
        "Tag: climate",
        "Tag: energy",
        "Tag: eu policy",
        "Tag: prices",
        "Tag: 中国",
        UNTAGGED,
    ]
    ids = {
        g.key: [e.annotation.id for sec in g.sections for e in sec.entries] for g in summary.groups
    }
    assert ids["climate"] == [1, 3, 6] and ids["energy"] == [6]
    assert ids["eu policy"] == [1, 9]
    assert ids[UNTAGGED] == [5, 7, 10, 8]
    assert summary.annotation_count == 10  # counted once, listed under several tags


def test_grouping_by_colour_follows_the_palette_with_meanings() -> None:
    s = sample.build_sample("color")
    summary = build_summary(s.scope, s.items, s.options)
    assert [g.key for g in summary.groups] == list(COLORS)
    assert summary.groups[0].title == "Yellow — Key finding"
    assert [sec.item.record.doc_id for sec in summary.groups[0].sections] == [
        "doc-brief",
        "doc-memo",
    ]
    assert summary.groups[5].title == "Red"  # an empty meaning is no meaning
    text = render("md", s.scope, s.items, s.options).decode("utf-8")
    assert text.index("## Yellow — Key finding") < text.index("## Green — Evidence")


def test_scope_words_and_keys() -> None:
    s = sample.build_sample()
    one = ExportScope("document", "doc-report")
    assert build_summary(one, s.items[1:2], s.options).title == (
        "Annotated summary: document “Annual report 2023”"
    )
    assert ExportScope("documents", ("b", "a")).key == ExportScope("documents", ("a", "b")).key
    assert ExportScope("query", "carbon tax").key == "query:carbon tax"
    assert ExportScope("all").key == "all"
    with pytest.raises(ValueError):
        ExportScope("everything")
    with pytest.raises(ValueError):
        ExportOptions(group_by="author")


def test_document_without_annotations_and_empty_export_render_in_every_format() -> None:
    s = sample.build_sample()
    bare = ExportItem(s.items[1].record, s.items[1].document, [])
    for fmt in FORMAT_NAMES:
        if fmt == "pdf":
            continue
        assert render(fmt, ExportScope("document", "doc-report"), [bare], s.options)
        assert render(fmt, ExportScope("all"), [], s.options)
    text = render("md", ExportScope("all"), [bare], s.options).decode("utf-8")
    assert "No highlights." in text


def test_generated_at_defaults_to_now() -> None:
    s = sample.build_sample()
    options = replace(s.options, generated_at="")
    data = json.loads(render("json", s.scope, s.items, options))
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", data["generated"])


def test_unknown_format_is_an_export_error() -> None:
    s = sample.build_sample()
    with pytest.raises(ExportError, match="Unknown export format"):
        render("rtf", s.scope, s.items, s.options)


@pytest.mark.slow
def test_pdf_needs_a_registered_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    code = (
        "import sys\n"
        "import briefreader.core.export.registry, briefreader.core.export.exporting\n"
        "assert not any(m.split('.')[0] == 'PySide6' for m in sys.modules), 'Qt imported'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    monkeypatch.setattr(formats, "_registered", {})  # a program that registered no PDF writer
    s = sample.build_sample()
    with pytest.raises(ExportError, match="PDF export needs Qt"):
        render("pdf", s.scope, s.items, s.options)


def test_file_names_and_formats() -> None:
    name = default_filename(ExportScope("tag", "eu policy", since_last=True), "md", "2024-05-06")
    assert name == "briefreader-tag-eu-policy-new-2024-05-06.md"
    assert default_filename(ExportScope("all"), "json", "2024-05-06T00:00:00Z").endswith(".json")
    assert format_for_path("notes.markdown") == "md"
    assert format_for_path("x.JSONLD") == "json"
    assert format_for_path("x.docx") == "docx"
    assert format_for_path("x.txt") is None


# ---------------------------------------------------------------------------
# atomic writes
# ---------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_export_to_file_writes_the_rendered_bytes(tmp_path: Path) -> None:
    s = sample.build_sample()
    target = tmp_path / "summary.md"
    assert export_to_file(target, "md", s.scope, s.items, s.options) == target
    assert target.read_bytes() == render("md", s.scope, s.items, s.options)
    assert leftovers(tmp_path) == []


def test_interrupted_write_leaves_the_old_file_intact(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_bytes(b"the good old export")

    def half_then_fail(stream: io.BufferedWriter) -> None:
        stream.write(b"half of a new exp")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, half_then_fail)
    assert target.read_bytes() == b"the good old export"
    assert leftovers(tmp_path) == []


def test_failed_render_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "summary.md"
    target.write_bytes(b"the good old export")

    def broken(summary: object) -> bytes:
        raise RuntimeError("renderer bug")

    monkeypatch.setitem(formats._registered, "md", broken)  # as register_renderer does
    s = sample.build_sample()
    with pytest.raises(RuntimeError, match="renderer bug"):
        export_to_file(target, "md", s.scope, s.items, s.options)
    assert target.read_bytes() == b"the good old export"
    assert leftovers(tmp_path) == []


def test_replacing_keeps_the_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "summary.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user"
)
def test_unwritable_folder_is_an_export_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="permission denied") as caught:
            write_atomic(folder / "summary.md", b"data")
    finally:
        folder.chmod(0o700)
    assert "\n" not in str(caught.value)


def test_permission_denied_is_an_export_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic, "_create_temporary", denied)
    with pytest.raises(ExportError) as caught:
        write_atomic(tmp_path / "summary.md", b"data")
    message = str(caught.value)
    assert message == f"Cannot write to {tmp_path}: permission denied"


@pytest.mark.parametrize("case", ["no folder", "folder is a file", "target is a folder"])
def test_impossible_targets_are_export_errors(tmp_path: Path, case: str) -> None:
    if case == "no folder":
        target = tmp_path / "nowhere" / "summary.md"
    elif case == "folder is a file":
        (tmp_path / "file").write_text("x")
        target = tmp_path / "file" / "summary.md"
    else:
        target = tmp_path / "a-folder"
        target.mkdir()
    with pytest.raises(ExportError) as caught:
        write_atomic(target, b"data")
    assert str(caught.value).startswith("Cannot export to")
    assert "\n" not in str(caught.value)


def test_failed_rename_is_an_export_error_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "summary.md"
    target.write_bytes(b"old")

    def no_space(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(ExportError, match="the disk is full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_only_new_without_a_known_moment_says_so_plainly() -> None:
    s = sample.build_sample()
    scope = ExportScope("tag", "climate", since_last=True)
    text = render("html", scope, s.items, s.options).decode("utf-8")
    assert "Only highlights new or changed since the last export." in text
    data = json.loads(render("json", scope, s.items, s.options))
    assert data["briefreader:scope"]["onlyNew"] is True
    assert data["briefreader:scope"]["key"] == "tag:climate"
