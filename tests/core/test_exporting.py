"""Export and import through the Library and the CLI: scopes, only-new, round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefreader.cli import main
from briefreader.core.errors import LibraryError
from briefreader.core.export.exporting import (
    ExportRequest,
    export_to_file,
    import_file,
    select_items,
)
from briefreader.core.library import Library
from briefreader.core.models import AnchorStatus


@pytest.fixture
def annotated(indexed: Library, library_dir: Path) -> Library:
    chips = indexed.record_for_path(library_dir / "chips.md").doc_id
    talks = indexed.record_for_path(library_dir / "talks.txt").doc_id
    indexed.annotate_quote(
        chips, "Entity List", color="red", note="**140** entities", tags=["disputed"]
    )
    indexed.annotate_quote(chips, "high-bandwidth memory", color="green")
    indexed.annotate_quote(talks, "working group", note="who chairs it?", tags=["follow-up"])
    indexed.set_document_note(talks, "Meeting readout")
    return indexed


def normalised(value: object) -> object:
    """The JSON export without what differs between two exports: library-local document ids,
    the time it was generated and the collection ids derived from it."""
    if isinstance(value, dict):
        container = value.get("type") in ("AnnotationCollection", "AnnotationPage")
        return {
            k: normalised(v)
            for k, v in value.items()
            if "docid" not in k.lower().replace("_", "")
            and "generated" not in k.lower()
            and not (container and k == "id")
        }
    if isinstance(value, list):
        return [normalised(v) for v in value]
    return value


def test_scopes_select_the_right_annotations(annotated: Library, library_dir: Path) -> None:
    def quotes(request: ExportRequest) -> list[str]:
        from briefreader.core.export.exporting import resolve_scope

        items = select_items(annotated, resolve_scope(annotated, request))
        return sorted(a.anchor.exact for item in items for a in item.annotations)

    assert quotes(ExportRequest("md", tag="disputed")) == ["Entity List"]
    assert quotes(ExportRequest("md", docs=(library_dir / "chips.md",))) == [
        "Entity List",
        "high-bandwidth memory",
    ]
    assert quotes(ExportRequest("md", everything=True)) == [
        "Entity List",
        "high-bandwidth memory",
        "working group",
    ]
    assert quotes(ExportRequest("md", query="commerce ministers")) == ["working group"]


def test_since_last_exports_only_new(annotated: Library, library_dir: Path, tmp_path: Path) -> None:
    request = ExportRequest("csv", everything=True, since_last=True)
    export_to_file(annotated, request, tmp_path / "first.csv")
    assert (tmp_path / "first.csv").read_text(encoding="utf-8-sig").count("\n") >= 4
    chips = annotated.record_for_path(library_dir / "chips.md").doc_id
    annotated.annotate_quote(chips, "foreign direct product rule")
    summary = export_to_file(annotated, request, tmp_path / "second.csv")
    assert "1 annotation(s)" in summary
    assert "foreign direct product rule" in (tmp_path / "second.csv").read_text("utf-8-sig")


def test_json_round_trip_into_a_fresh_library(
    annotated: Library, library_dir: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first.json"
    export_to_file(annotated, ExportRequest("json", everything=True), first)
    with Library.open(tmp_path / "fresh") as fresh:
        fresh.add_folders([library_dir])
        fresh.index()
        report = import_file(fresh, first)
        assert (report.created, report.orphaned, report.duplicates) == (3, 0, 0)
        again = import_file(fresh, first)
        assert (again.created, again.duplicates) == (0, 3)
        second = tmp_path / "second.json"
        export_to_file(fresh, ExportRequest("json", everything=True), second)
    a = normalised(json.loads(first.read_text("utf-8")))
    b = normalised(json.loads(second.read_text("utf-8")))
    assert a == b


def test_import_without_the_documents_keeps_orphans(annotated: Library, tmp_path: Path) -> None:
    exported = tmp_path / "a.json"
    export_to_file(annotated, ExportRequest("json", everything=True), exported)
    with Library.open(tmp_path / "empty") as empty:
        report = import_file(empty, exported)
        assert report.created == 3 and report.orphaned == 3
        annotations = empty.annotations()
        assert {a.status for a in annotations} == {AnchorStatus.ORPHANED}
        assert {a.note for a in annotations} >= {"**140** entities", "who chairs it?"}
        assert empty.search("note:chairs").hits


def test_export_errors_are_clear(annotated: Library, tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="not in the library"):
        export_to_file(annotated, ExportRequest("md", docs=(tmp_path / "x.md",)), tmp_path / "o")
    good = tmp_path / "keep.md"
    good.write_text("previous export")
    with pytest.raises(Exception, match=r"(?i)format"):
        export_to_file(annotated, ExportRequest("xyz", everything=True), good)
    assert good.read_text() == "previous export"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv", "docx"])
def test_cli_export_each_format(
    fmt: str, tmp_path: Path, library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    assert main([*data, "index", str(library_dir)]) == 0
    assert (
        main(
            [
                *data,
                "annotate",
                str(library_dir / "chips.md"),
                "--quote",
                "Entity List",
                "--note",
                "check",
                "--tag",
                "disputed",
            ]
        )
        == 0
    )
    out = tmp_path / f"export.{fmt}"
    assert main([*data, "export", "--tag", "disputed", "--format", fmt, "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    capsys.readouterr()
    missing = str(tmp_path / "no/such/dir/x")
    assert main([*data, "export", "--all", "--format", fmt, "-o", missing]) == 1
    assert "briefreader:" in capsys.readouterr().err


def test_cli_format_follows_the_extension_and_a_mismatch_is_refused(
    annotated: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(annotated.data_dir)]
    annotated.close()
    brief = tmp_path / "brief.md"
    assert main([*data, "export", "--all", "-o", str(brief), "--title", "Chips and talks"]) == 0
    assert brief.read_text(encoding="utf-8").startswith('---\ntitle: "Chips and talks"')
    capsys.readouterr()
    wrong = tmp_path / "brief.pdf"
    assert main([*data, "export", "--all", "--format", "docx", "-o", str(wrong)]) == 1
    err = capsys.readouterr().err
    assert "brief.pdf names a PDF file but the format is Word document" in err
    assert len(err.strip().splitlines()) == 1 and not wrong.exists()
    assert main([*data, "export", "--all", "-o", str(tmp_path / "brief")]) == 1
    assert "cannot tell the format" in capsys.readouterr().err
    assert main([*data, "export", "--all", "--format", "md", "-o", str(tmp_path / "b")]) == 1
    assert "name it b.md" in capsys.readouterr().err


def test_cli_brief_to_send_and_for_me(
    annotated: Library, library_dir: Path, tmp_path: Path
) -> None:
    data = ["--data-dir", str(annotated.data_dir)]
    annotated.close()
    intro = tmp_path / "intro.md"
    intro.write_text("Read *this* first.", encoding="utf-8")
    sent, mine = tmp_path / "sent.html", tmp_path / "mine.html"
    common = ["export", "--all", "--group-by", "section", "--intro-file", str(intro)]
    assert main([*data, *common, "-o", str(sent)]) == 0
    assert main([*data, *common, "--audience", "me", "-o", str(mine)]) == 0
    sent_text, mine_text = sent.read_text("utf-8"), mine.read_text("utf-8")
    assert "<em>this</em>" in sent_text and "Cite as" in sent_text
    assert str(library_dir) not in sent_text and "file://" not in sent_text
    assert str(library_dir) in mine_text and "file://" in mine_text
    table = tmp_path / "data.csv"
    assert main([*data, "export", "--all", "-o", str(table)]) == 0  # data: everything
    assert str(library_dir) in table.read_text("utf-8-sig")


def test_open_folder_only_when_asked(
    annotated: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefreader.cli import commands

    opened: list[Path] = []
    monkeypatch.setattr(commands, "open_folder", opened.append)
    data = ["--data-dir", str(annotated.data_dir)]
    annotated.close()
    assert main([*data, "export", "--all", "-o", str(tmp_path / "a.md")]) == 0
    assert opened == []
    assert main([*data, "export", "--all", "-o", str(tmp_path / "b.md"), "--open-folder"]) == 0
    assert opened == [tmp_path.resolve()]
