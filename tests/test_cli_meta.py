"""The metadata, works, reading-list, citation and sample-library commands, in-process."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from crs_fixtures import PAGE_2_SENTENCE, write_crs_library

from briefreader.core.facade import samples


@pytest.fixture
def crs(tmp_path: Path, run) -> Path:
    folder = write_crs_library(tmp_path / "crs")
    code, out, err = run("index", str(folder))
    assert code == 0, out + err
    return folder


def pdf(folder: Path) -> str:
    return str(folder / "pdf" / "IF13204.2.pdf")


def test_meta_prints_fields_with_origins_and_edits_them(run, crs: Path) -> None:
    memo = str(crs / "memo.md")
    code, out, _ = run("meta", memo)
    assert code == 0
    assert "  title          Trade talks memo  [file]" in out
    assert "  author         -\n" in out
    code, out, _ = run(
        "meta", memo, "--title", "Solar talks", "--date", "2023-11", "--author", "J. Doe"
    )
    assert code == 0 and "Solar talks  [user]" in out and "2023-11  [user]" in out
    _code, out, _ = run("search", "title:solar", "--json")
    assert [Path(h["path"]).name for h in json.loads(out)] == ["memo.md"]
    code, out, _ = run("meta", memo, "--reset", "title", "--json")
    data = json.loads(out)
    assert data["title"] == "Trade talks memo" and data["origins"]["date"] == "user"
    _code, out, _ = run("meta", memo, "--reset", "all", "--json")
    assert json.loads(out)["date"] == "2024-05-02"


def test_meta_refuses_a_bad_date_in_one_line(run, crs: Path) -> None:
    code, out, err = run("meta", str(crs / "memo.md"), "--date", "May 2024")
    assert code != 0 and out == ""
    assert err.strip().count("\n") == 0 and "YYYY, YYYY-MM or YYYY-MM-DD" in err
    code, _out, err = run("meta", str(crs / "memo.md"), "--url", "file:///etc/passwd")
    assert code != 0 and "http:// or https://" in err


def test_search_groups_a_work_and_names_its_other_members(run, crs: Path) -> None:
    code, out, _ = run("search", "semiconductors")
    assert code == 0 and out.startswith("1 result(s)")
    assert re.search(r"also: (PDF v2|markdown v2), markdown v1\n", out)
    _code, out, _ = run("search", "semiconductors", "--all-versions", "--json")
    assert len(json.loads(out)) == 3
    _code, out, _ = run("search", "semiconductors", "--json")
    assert len(json.loads(out)[0]["alternates"]) == 2


def test_docs_by_work_and_the_new_fields_in_json(run, crs: Path) -> None:
    code, out, _ = run("docs", "--works")
    assert code == 0 and "2 work(s), 4 document(s)" in out
    assert "    markdown v2: " in out and "    PDF v2: " in out
    _code, out, _ = run("docs", "--json")
    report = next(d for d in json.loads(out) if d["format"] == "pdf")
    assert (report["report_number"], report["version"], report["work"]) == (
        "IF13204",
        "2",
        "report:IF13204",
    )
    assert report["origins"]["report_number"] == "heuristic"


def test_work_split_join_and_preference(run, crs: Path) -> None:
    code, out, _ = run("work", "split", pdf(crs))
    assert code == 0 and "1 document(s)" in out
    code, out, _ = run(
        "work", "join", pdf(crs), str(crs / "markdown" / "IF13204v1-china-s-15th-five-year-plan.md")
    )
    assert "3 document(s)" in out
    run("work", "reset", pdf(crs))
    run("work", "prefer", "pdf")
    _code, out, _ = run("work", "show", pdf(crs))
    assert "  1. PDF v2  " in out


def test_reading_lists_status_and_export_in_list_order(run, crs: Path, tmp_path: Path) -> None:
    memo = str(crs / "memo.md")
    assert run("collection", "create", "China tech brief")[0] == 0
    code, out, _ = run("collection", "add", "china tech brief", memo, pdf(crs))
    assert code == 0 and out.index("Trade talks memo") < out.index("China's 15th")
    code, out, _ = run("collection", "move", "China tech brief", pdf(crs), "1")
    assert out.index("China's 15th") < out.index("Trade talks memo")
    assert run("status", memo, "to-read")[0] == 0
    _code, out, _ = run("search", 'in:"China tech brief" status:to-read', "--json")
    assert [Path(h["path"]).name for h in json.loads(out)] == ["memo.md"]
    target = tmp_path / "brief.md"
    code, out, _ = run(
        "export", "--collection", "China tech brief", "--format", "md", "-o", str(target)
    )
    assert code == 0 and "2 document(s)" in out
    text = target.read_text(encoding="utf-8")
    assert "# Brief: China tech brief" in text  # a brief to send, named after the list
    assert text.index("## China") < text.index("## Trade talks memo")
    _code, out, _ = run("collection", "list")
    assert "China tech brief  (2 document(s))" in out
    assert run("collection", "rename", "China tech brief", "Week 12")[0] == 0
    code, _out, err = run("collection", "show", "China tech brief")
    assert code != 0 and "no reading list called" in err
    assert run("collection", "delete", "Week 12")[0] == 0


def test_cite_a_document_a_passage_and_references(run, crs: Path) -> None:
    code, out, _ = run("cite", pdf(crs))
    assert code == 0 and out.startswith("Karen M. Sutter. *China's 15th Five-Year Plan")
    _code, out, _ = run("cite", pdf(crs), "--quote", PAGE_2_SENTENCE)
    assert "April 16, 2026, p. 2. https://crsreports.congress.gov/product/pdf/IF/IF13204." in out
    _code, out, _ = run("annotate", pdf(crs), "--quote", "indigenous innovation", "--json")
    annotation = json.loads(out)["id"]
    _code, out, _ = run("cite", pdf(crs), "--annotation", str(annotation))
    assert ", p. 2. " in out
    _code, out, _ = run("cite", pdf(crs), "--format", "bibtex")
    assert out.startswith("@techreport{Sutter2026IF13204,")
    _code, out, _ = run("cite", pdf(crs), "--format", "csljson")
    assert json.loads(out)[0]["type"] == "report"
    code, _out, err = run("cite", pdf(crs), "--quote", "not in the text")
    assert code != 0 and "the quote is not in" in err


def test_bibtex_and_csl_json_exports(run, crs: Path, tmp_path: Path) -> None:
    code, _out, _ = run("export", "--all", "--format", "bibtex", "-o", str(tmp_path / "r.bib"))
    assert code == 0
    bib = (tmp_path / "r.bib").read_text(encoding="utf-8")
    assert "@techreport{" in bib and "@misc{Office2024Trade," in bib  # every document
    run("export", "--all", "--format", "csljson", "-o", str(tmp_path / "r.csl.json"))
    items = json.loads((tmp_path / "r.csl.json").read_text(encoding="utf-8"))
    assert len(items) == 4 and {i["type"] for i in items} == {"report", "document"}


def test_folders_and_remove_samples(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "sample.md").write_text("# Sample\n\nTariffs.\n", encoding="utf-8")
    monkeypatch.setattr(samples, "bundled_content_dir", lambda: content)
    run("index", str(content))
    _code, out, _ = run("folders")
    assert f"{content}  [sample library]" in out
    run("annotate", str(content / "sample.md"), "--quote", "Tariffs")
    code, _out, err = run("remove-samples")
    assert code != 0 and "--force" in err
    code, out, _ = run("remove-samples", "--force")
    assert code == 0 and "1 annotated document(s) kept as missing" in out
    _code, out, _ = run("folders")
    assert out == "0 folder(s)\n"
