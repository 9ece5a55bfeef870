"""Import of W3C Web Annotation JSON: our own export round-trips, others' files are read,
bad files give one clear line, and a plan matches annotations to documents."""

from __future__ import annotations

import importlib.util
import json
import sys
import uuid
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from briefreader.core.errors import UserError
from briefreader.core.export.importer import (
    ImportedAnnotation,
    parse_import,
    plan_import,
    read_import,
)
from briefreader.core.export.model import AnnotationImportError
from briefreader.core.export.registry import render

TESTS = Path(__file__).resolve().parent.parent


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


def exported() -> bytes:
    s = sample.build_sample()
    return render("json", s.scope, s.items, s.options)


def expected_records() -> list[ImportedAnnotation]:
    """What the sample's annotations must read back as."""
    s = sample.build_sample()
    out = []
    for item in s.items:
        record = item.record
        for a in sorted(item.annotations, key=lambda a: (not a.status.placed, a.anchor.start)):
            out.append(
                ImportedAnnotation(
                    uuid=a.uuid,
                    source=Path(record.path).as_uri(),
                    exact=a.anchor.exact,
                    prefix=a.anchor.prefix,
                    suffix=a.anchor.suffix,
                    start=a.anchor.start,
                    end=a.anchor.end,
                    content_hash=a.anchor.content_hash,
                    path=record.path,
                    url=record.url,
                    note=a.note,
                    tags=a.tags,
                    color=a.color,
                    created=a.created,
                    modified=a.updated,
                    status=a.status,
                    doc_id=a.doc_id,
                    original_id=f"urn:uuid:{a.uuid}",
                    original=a.original_anchor if a.original_anchor != a.anchor else None,
                    confirmed=a.confirmed,
                    candidates=a.candidates,
                    checked_on=record.content_hash,
                )
            )
    return out


def annotation(**changes: Any) -> dict[str, Any]:
    """A minimal annotation as another tool might write it."""
    base: dict[str, Any] = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://hypothes.is/a/abc123",
        "type": "Annotation",
        "body": [
            {"type": "TextualBody", "value": "A comment", "purpose": "commenting"},
            {"type": "TextualBody", "value": "policy", "purpose": "tagging"},
        ],
        "target": [
            {
                "source": "https://example.org/report.html",
                "selector": [
                    {"type": "RangeSelector", "startSelector": {}, "endSelector": {}},
                    {"type": "TextPositionSelector", "start": 10, "end": 20},
                    {"type": "TextQuoteSelector", "exact": "the passage", "prefix": "see "},
                ],
            }
        ],
    }
    base.update(changes)
    return base


# ---------------------------------------------------------------------------
# round trip
# ---------------------------------------------------------------------------


def test_own_export_round_trips_into_the_same_records() -> None:
    batch = parse_import(exported())
    assert list(batch.annotations) == expected_records()
    assert batch.warnings == ()
    assert batch.generator and batch.generator.startswith("BriefReader ")
    anchor = batch.annotations[0].anchor()
    assert anchor == sample.build_sample().items[0].annotations[0].anchor


def test_own_export_carries_the_documents() -> None:
    batch = parse_import(exported())
    docs = {d.doc_id: d for d in batch.documents}
    assert set(docs) == {"doc-brief", "doc-report", "doc-memo"}
    brief = docs["doc-brief"]
    assert brief.title == "Carbon pricing: «Fit for 55» & <the> ETS"
    assert brief.path == "/library/briefs/carbon pricing.md"
    assert brief.url == "https://example.org/carbon?a=1&b=<2>"
    assert brief.tags == ("climate", "eu") and brief.note.startswith("Read for the **March**")
    assert docs["doc-memo"].missing and not brief.missing
    first = batch.annotations[0]
    assert batch.document_for(first) == brief


def test_importing_twice_gives_the_same_uuids_and_the_plan_flags_duplicates() -> None:
    first = parse_import(exported())
    second = parse_import(exported())
    assert [a.uuid for a in first.annotations] == [a.uuid for a in second.annotations]
    records = sample.build_sample().records
    plan = plan_import(second.annotations, records, known_uuids={a.uuid for a in first.annotations})
    assert all(m.duplicate for m in plan)


def test_read_import_from_a_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(b"\xef\xbb\xbf" + exported())
    assert len(read_import(path).annotations) == 10


# ---------------------------------------------------------------------------
# matching plan
# ---------------------------------------------------------------------------


def test_plan_matches_by_hash_then_path_then_url() -> None:
    batch = parse_import(exported())
    s = sample.build_sample()
    brief, report, memo = s.records
    records = [
        replace(brief, doc_id="new-brief", path="/elsewhere/moved.md", url=None),  # same hash
        replace(report, doc_id="new-report", content_hash="edited"),  # same path
        replace(memo, doc_id="new-memo", path="/x.txt", content_hash="other",
                url="https://example.org/carbon?a=1&b=<2>"),
    ]  # fmt: skip
    plan = {m.annotation.uuid: m for m in plan_import(batch.annotations, records)}
    by_doc = {}
    for m in plan.values():
        by_doc.setdefault(m.annotation.doc_id, set()).add((m.doc_id, m.matched_by))
    assert by_doc["doc-brief"] == {("new-brief", "hash")}
    assert by_doc["doc-report"] == {("new-report", "path")}
    assert by_doc["doc-memo"] == {(None, "")}  # to re-anchor by quote, or keep as orphans
    assert all(m.same_version for m in plan.values() if m.matched_by == "hash")
    assert not any(m.duplicate for m in plan.values())

    foreign = parse_import(json.dumps(annotation())).annotations
    by_url = plan_import(foreign, [replace(memo, url="https://example.org/report.html")])
    assert [(m.doc_id, m.matched_by) for m in by_url] == [("doc-memo", "url")]


def test_plan_prefers_the_same_path_among_identical_copies() -> None:
    batch = parse_import(exported())
    brief = sample.build_sample().records[0]
    copies = [replace(brief, doc_id="a-copy", path="/copy.md"), brief]
    plan = plan_import(batch.annotations[:1], copies)
    assert plan[0].doc_id == "doc-brief" and plan[0].matched_by == "hash"


# ---------------------------------------------------------------------------
# other tools' files
# ---------------------------------------------------------------------------


def test_foreign_annotation_is_read() -> None:
    batch = parse_import(json.dumps(annotation()))
    (a,) = batch.annotations
    assert a.uuid == str(uuid.uuid5(uuid.NAMESPACE_URL, "briefreader-import:" + a.original_id))
    assert a.source == a.url == "https://example.org/report.html"
    assert a.path is None and a.content_hash is None
    assert (a.exact, a.prefix, a.suffix, a.start, a.end) == ("the passage", "see ", "", 10, 20)
    assert a.note == "A comment" and a.tags == ("policy",)
    assert a.color == "yellow" and a.status is None and a.created == ""


@pytest.mark.parametrize(
    "shape",
    ["annotation", "list", "page", "collection"],
)
def test_every_w3c_container_shape_is_accepted(shape: str) -> None:
    one = annotation()
    data: Any = {
        "annotation": one,
        "list": [one],
        "page": {"type": "AnnotationPage", "items": [one]},
        "collection": {"type": "AnnotationCollection", "first": {"items": [one]}},
    }[shape]
    assert len(parse_import(json.dumps(data)).annotations) == 1


def test_other_body_shapes_colour_and_file_sources() -> None:
    raw = annotation(
        id="urn:uuid:6F1C8D2E-0000-4000-8000-000000000001",
        body={"type": "TextualBody", "value": "<p>An <b>HTML</b> note &amp; more</p>",
              "format": "text/html"},
        target={"source": {"id": "file:///home/ana/My%20Docs/brief.md"},
                "styleClass": "green",
                "selector": {"type": "TextQuoteSelector", "exact": "x"}},
        created="2024-01-02T03:04:05Z",
        modified="yesterday",
    )  # fmt: skip
    (a,) = parse_import(json.dumps(raw)).annotations
    assert a.uuid == "6f1c8d2e-0000-4000-8000-000000000001"
    assert a.note == "An HTML note & more"
    assert a.color == "green"
    assert a.path == "/home/ana/My Docs/brief.md" and a.url is None
    assert a.start is None and a.anchor().end == 1
    assert a.created == "2024-01-02T03:04:05Z" and a.modified == ""


def test_unusable_annotations_are_skipped_with_a_warning() -> None:
    no_quote = annotation(id="urn:x:1", target="https://example.org/page")
    twice = annotation(id="urn:x:2")
    batch = parse_import(json.dumps([no_quote, twice, twice, "junk"]))
    assert len(batch.annotations) == 1
    assert len(batch.warnings) == 3
    assert "no TextQuoteSelector" in batch.warnings[0]
    assert "listed twice" in batch.warnings[1]


# ---------------------------------------------------------------------------
# bad files
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"type": "AnnotationCollection",', "Not a valid JSON file: Expecting"),
        (b"\xff\xfe{\x00}\x00", "not UTF-8 text"),
        (b"42", "neither an object nor a list"),
        (b'{"type": "Thing"}', "Not a W3C Web Annotation file"),
        (b'{"type": "AnnotationCollection", "first": "https://x/page1"}', "not embedded"),
        (json.dumps([{"type": "Annotation", "target": "https://x"}]).encode(), "None of the 1"),
        (b"", "Not a valid JSON file"),
        (b'{"bad\n', "Invalid control character at line 1, column 6"),
    ],
)
def test_bad_files_raise_a_one_line_import_error(data: bytes, message: str) -> None:
    with pytest.raises(AnnotationImportError) as caught:
        parse_import(data)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, UserError)


def test_bad_json_error_says_where(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "type": "AnnotationCollection",\n  "total": ,\n}', encoding="utf-8")
    with pytest.raises(AnnotationImportError, match="line 3, column 12"):
        read_import(path)


def test_unreadable_file_is_an_import_error(tmp_path: Path) -> None:
    with pytest.raises(AnnotationImportError, match="Cannot read"):
        read_import(tmp_path / "missing.json")


def test_empty_collection_is_not_an_error() -> None:
    batch = parse_import(b'{"type": "AnnotationCollection", "total": 0, "first": {"items": []}}')
    assert batch.annotations == ()
