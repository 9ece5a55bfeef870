"""Export -> a fresh data dir with the same documents -> import -> export gives the same
JSON: every status, original quotes, candidates, confirmations, document notes and tags,
colour meanings. And how quotes from other tools are placed."""

from __future__ import annotations

import json
import os
from pathlib import Path

from briefreader.core.export.exporting import ExportRequest, export_to_file, import_file
from briefreader.core.library import Library
from briefreader.core.models import AnchorStatus

MINERALS = (
    "The ministry will restrict exports of germanium and gallium to protect national "
    "security interests from next spring, officials said on Tuesday."
)
LICENCES = (
    "The licence requirement applies to every export of the listed items, including "
    "re-exports from third countries, unless an exception in part 740 applies."
)
OUTLOOK = "Analysts expect prices of the affected minerals to rise sharply next year."
BEFORE = f"# Minerals\n\n{MINERALS}\n\n{LICENCES}\n\n{OUTLOOK}\n"
AFTER = f"# Minerals\n\nA new opening line.\n\n{MINERALS.replace('germanium', 'tungsten')}\n\n"
AFTER += f"{LICENCES}\n\n{LICENCES}\n"


def normalised(value: object) -> object:
    """The JSON export without what differs between two libraries and two moments: the
    library-local document ids (``briefreader:docId``), when it was generated
    (``generated``) and the collection and page ids derived from that moment."""
    if isinstance(value, dict):
        container = value.get("type") in ("AnnotationCollection", "AnnotationPage")
        return {
            k: normalised(v)
            for k, v in value.items()
            if k != "briefreader:docId" and k != "generated" and not (container and k == "id")
        }
    if isinstance(value, list):
        return [normalised(v) for v in value]
    return value


def edit(path: Path, text: str) -> None:
    mtime = path.stat().st_mtime
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime + 10, mtime + 10))


def build(library: Library, folder: Path) -> None:
    """A library with every status, a confirmed rewording, notes, tags and meanings."""
    (folder / "minerals.md").write_text(BEFORE, encoding="utf-8")
    (folder / "other.md").write_text("# Other\n\nNothing annotated here.\n", encoding="utf-8")
    library.add_folders([folder])
    library.index()
    doc = library.record_for_path(folder / "minerals.md")
    other = library.record_for_path(folder / "other.md")
    assert doc is not None and other is not None
    fuzzy = library.annotate_quote(doc.doc_id, "restrict exports of germanium", note="Ge")
    library.annotate_quote(doc.doc_id, "including re-exports from third countries", color="red")
    library.annotate_quote(doc.doc_id, "prices of the affected minerals", tags=["prices"])
    moved = library.annotate_quote(doc.doc_id, "officials said on Tuesday", color="green")
    confirmed = library.annotate_quote(doc.doc_id, "and gallium to protect", color="blue")
    library.update_annotation(moved.id, note="edited later")  # modified != created
    library.set_document_note(doc.doc_id, "Read before **Monday**.")
    library.tag_document(doc.doc_id, "minerals", "China")
    library.set_document_note(other.doc_id, "Only a note here.")
    library.set_color_meaning("red", "Disputed by legal")
    library.set_color_meaning("purple", "")
    edit(folder / "minerals.md", AFTER)
    library.index()
    library.confirm_annotation(confirmed.id)
    statuses = {a.status for a in library.annotations()}
    assert statuses == {AnchorStatus.FUZZY, AnchorStatus.AMBIGUOUS, AnchorStatus.ORPHANED,
                        AnchorStatus.MOVED, AnchorStatus.ANCHORED}  # fmt: skip
    assert library.annotation(fuzzy.id).reworded  # type: ignore[union-attr]


def test_export_import_export_into_a_fresh_library_gives_the_same_json(tmp_path: Path) -> None:
    folder = tmp_path / "briefings"
    folder.mkdir()
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    with Library.open(tmp_path / "data") as library:
        build(library, folder)
        export_to_file(library, ExportRequest("json", everything=True), first)
    with Library.open(tmp_path / "fresh") as fresh:  # the same documents, as they are now
        fresh.add_folders([folder])
        fresh.index()
        report = import_file(fresh, first)
        assert (report.created, report.orphaned, report.ambiguous) == (5, 1, 1)
        assert report.reanchored == 0  # every state was decided on this same version
        assert report.documents == 2 and not report.warnings
        export_to_file(fresh, ExportRequest("json", everything=True), second)
        again = import_file(fresh, first)  # twice is harmless
        assert (again.created, again.duplicates, again.documents) == (0, 5, 0)
        assert fresh.color_meanings()["red"] == "Disputed by legal"
    a = json.loads(first.read_text("utf-8"))
    b = json.loads(second.read_text("utf-8"))
    assert normalised(a) == normalised(b)
    documents = {d["title"]: d for d in a["briefreader:documents"]}
    assert documents["Minerals"]["briefreader:note"] == "Read before **Monday**."
    assert documents["Other"]["briefreader:note"] == "Only a note here."
    targets = [i["target"] for i in a["first"]["items"]]
    assert sum(isinstance(t, list) for t in targets) >= 3  # original kept where it differs


def test_a_unique_quote_without_context_anchors_and_a_repeated_one_is_ambiguous(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "briefings"
    folder.mkdir()
    path = folder / "minerals.md"
    path.write_text(AFTER, encoding="utf-8")
    foreign = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": [
            {
                "id": f"https://hypothes.is/a/{n}",
                "type": "Annotation",
                "target": {
                    "source": path.as_uri(),
                    "selector": [{"type": "TextQuoteSelector", "exact": quote}],
                },
            }
            for n, quote in enumerate(("tungsten", "part 740", "A new opening line"))
        ],
    }
    exported = tmp_path / "hypothesis.json"
    exported.write_text(json.dumps(foreign), encoding="utf-8")
    with Library.open(tmp_path / "data") as library:
        library.add_folders([folder])
        library.index()
        report = import_file(library, exported)
        assert (report.created, report.orphaned, report.ambiguous) == (3, 0, 1)
        text = library.document(library.annotations()[0].doc_id).text
        by_quote = {a.anchor.exact: a for a in library.annotations()}
        tungsten = by_quote["tungsten"]
        assert tungsten.status.placed and text[tungsten.anchor.start :].startswith("tungsten")
        twice = by_quote["part 740"]
        assert twice.status is AnchorStatus.AMBIGUOUS
        assert [text[c.start : c.end] for c in twice.candidates] == ["part 740", "part 740"]
        assert by_quote["A new opening line"].status.placed


def test_imported_notes_and_meanings_never_replace_the_users_own(tmp_path: Path) -> None:
    folder = tmp_path / "briefings"
    folder.mkdir()
    exported = tmp_path / "a.json"
    with Library.open(tmp_path / "data") as library:
        build(library, folder)
        export_to_file(library, ExportRequest("json", everything=True), exported)
    with Library.open(tmp_path / "mine") as mine:
        mine.add_folders([folder])
        mine.index()
        doc = mine.record_for_path(folder / "minerals.md")
        assert doc is not None
        mine.set_document_note(doc.doc_id, "My own note.")
        mine.set_color_meaning("red", "Wrong")
        report = import_file(mine, exported)
        note = mine.record(doc.doc_id).note  # type: ignore[union-attr]
        assert note.startswith("My own note.") and note.endswith("Read before **Monday**.")
        assert mine.color_meanings()["red"] == "Wrong"
        assert any("colour red" in w for w in report.warnings)
        assert any("note of" in w for w in report.warnings)
        assert set(mine.record(doc.doc_id).tags) >= {"minerals", "China"}  # type: ignore[union-attr]
        import_file(mine, exported)
        assert mine.record(doc.doc_id).note == note  # merged once  # type: ignore[union-attr]
