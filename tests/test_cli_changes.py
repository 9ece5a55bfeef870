"""The command line after documents changed: review, confirm, pick, reattach, annotation,
versions, diff; the original quote in ``annotations``; document notes in search."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

GERMANIUM = "The ministry will restrict exports of germanium and gallium from next spring."
LICENCES = "The licence requirement applies to every export, including re-exports from abroad."
OUTLOOK = "Analysts expect prices of the affected minerals to rise sharply."


@pytest.fixture
def brief(tmp_path: Path, run) -> Path:
    """A briefing, annotated three times, then edited: fuzzy, ambiguous, orphaned."""
    folder = tmp_path / "lib"
    folder.mkdir()
    path = folder / "minerals.md"
    path.write_text(f"# Minerals\n\n{GERMANIUM}\n\n{LICENCES}\n\n{OUTLOOK}\n", encoding="utf-8")
    assert run("index", str(folder))[0] == 0
    for quote in ("restrict exports of germanium", "including re-exports", "rise sharply"):
        assert run("annotate", str(path), "--quote", quote)[0] == 0
    mtime = path.stat().st_mtime
    edited = GERMANIUM.replace("germanium", "tungsten")
    path.write_text(f"# Minerals\n\n{edited}\n\n{LICENCES}\n\n{LICENCES}\n", encoding="utf-8")
    os.utime(path, (mtime + 10, mtime + 10))
    code, out, _ = run("index")
    assert code == 0 and "1 ambiguous" in out and "1 fuzzy" in out and "1 orphaned" in out
    return path


def test_review_lists_what_to_decide_with_the_commands(run, brief: Path) -> None:
    code, out, _ = run("review")
    assert code == 0
    assert "was: “restrict exports of [-germanium-]”" in out
    assert "now: “restrict exports of {+tungsten+}”" in out
    assert "briefreader confirm 1" in out and "briefreader pick 2 N" in out
    assert "1. @" in out and "2. @" in out and "«including re-exports»" in out
    assert out.endswith("3 annotation(s) need a decision\n")
    code, out, _ = run("review", "--json")
    items = json.loads(out)
    assert [i["status"] for i in items] == ["fuzzy", "ambiguous", "orphaned"]
    assert items[0]["original_exact"] == "restrict exports of germanium"
    assert items[0]["was"] == "restrict exports of [-germanium-]"
    assert [p["number"] for p in items[1]["places"]] == [1, 2]


def test_confirm_pick_and_reattach_clear_the_review_list(run, brief: Path) -> None:
    assert run("confirm", "1")[0] == 0
    code, _, err = run("pick", "2", "3")
    assert code == 1 and "choose 1 to 2" in err
    assert run("pick", "2", "2")[0] == 0
    code, _, err = run("confirm", "3")
    assert code == 1 and "re-attach" in err
    assert run("reattach", "3", "--quote", "applies to every export", "--occurrence", "2")[0] == 0
    _, out, _ = run("review")
    assert out == "0 annotation(s) need a decision\n"
    _, out, _ = run("annotations", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert {r["status"] for r in rows.values()} == {"anchored"}
    assert rows[1]["exact"] == "restrict exports of tungsten" and rows[1]["reworded"]
    assert rows[1]["original_exact"] == "restrict exports of germanium" and rows[1]["confirmed"]
    assert rows[3]["original_exact"] == "rise sharply"


def test_annotation_command_edits_note_colour_and_tags(run, brief: Path) -> None:
    code, out, _ = run("annotation", "1", "--note", "Ge?", "--color", "red", "--tag", "metals")
    assert code == 0 and "[red, fuzzy]" in out and "note: Ge?" in out and "metals" in out
    code, out, _ = run("annotation", "1", "--untag", "metals", "--json")
    data = json.loads(out)
    assert (data["tags"], data["note"], data["color"]) == ([], "Ge?", "red")
    code, _, err = run("annotation", "99")
    assert code == 1 and "no annotation with id 99" in err
    code, _, err = run("annotation", "1", "--color", "teal")
    assert code == 1 and "unknown colour" in err


def test_annotations_text_shows_was_and_now(run, brief: Path) -> None:
    _, out, _ = run("annotations", "--status", "fuzzy")
    assert "was: “restrict exports of [-germanium-]”" in out and "1 annotation(s)" in out
    _, out, _ = run("annotations", "--status", "ambiguous")
    assert "(no place now)" in out and "fits 2 places" in out


def test_versions_and_diff(run, brief: Path) -> None:
    code, out, _ = run("versions", str(brief))
    assert code == 0 and "2 kept version(s)" in out and "(current)" in out
    _, out, _ = run("versions", str(brief), "--json")
    old, new = json.loads(out)
    assert old["annotations"] == [1, 2, 3] and new["current"]
    code, out, _ = run("diff", str(brief))
    assert code == 0
    assert "~ The ministry will restrict exports of [-germanium-] {+tungsten+}" in out
    assert "- Analysts expect prices" in out and "+ The licence requirement" in out
    assert "⚑ #1 (fuzzy) “restrict exports of germanium”" in out
    summary = out.splitlines()[-1]
    assert summary.startswith("3 changed passage(s); annotations on them: #1 (fuzzy), ")
    assert "#2 (ambiguous)" in summary and "#3 (orphaned)" in summary
    _, out, _ = run("diff", str(brief), "--since", new["content_hash"][:12])
    assert out.endswith("no changes\n")
    _, out, _ = run("diff", str(brief), "--json")
    data = json.loads(out)
    assert data["changed"] and sorted(data["affected"]) == [1, 2, 3]
    changed = next(b for b in data["blocks"] if b["kind"] == "changed")
    assert ["removed", "germanium "] in changed["pieces"]
    code, _, err = run("diff", str(brief), "--since", "zz")
    assert code == 1 and "no kept version" in err


def test_document_notes_are_found_by_search_and_said_so(run, brief: Path) -> None:
    assert run("note", str(brief), "Ask the **antimony** desk")[0] == 0
    code, out, _ = run("search", "antimony")
    assert code == 0 and "[document note] Minerals" in out and "«antimony»" in out
    _, out, _ = run("search", "note:antimony", "--json")
    (hit,) = json.loads(out)
    assert hit["kind"] == "document_note" and "antimony" in hit["snippet"]
    assert run("note", str(brief), "")[0] == 0
    _, out, _ = run("search", "antimony")
    assert out.startswith("No results.")
