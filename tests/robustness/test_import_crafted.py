"""Crafted W3C JSON imports: each bad annotation is rejected with its reason, an import is
all or nothing (one transaction: no half import, no placeholder left behind), the valid
ones import only when asked (--skip-invalid), and the work per annotation is bounded."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from briefreader import cli
from briefreader.core.errors import LibraryError
from briefreader.core.export.exporting import import_file
from briefreader.core.export.importer import ImportRefused
from briefreader.core.library import Library
from briefreader.core.store import StoreError

QUOTE = "the Entity List grew again"
TEXT = f"# Brief\n\nIn March {QUOTE}, and the rule took effect in April.\n"


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "brief.md").write_text(TEXT, encoding="utf-8")
    with Library.open(tmp_path / "data") as library:
        library.index([folder])
        yield library


def _annotation(number: int, source: str = "file:///elsewhere/brief.md") -> dict[str, Any]:
    return {
        "type": "Annotation",
        "id": f"urn:uuid:00000000-0000-4000-8000-{number:012d}",
        "body": [
            {"type": "TextualBody", "value": f"note {number}", "purpose": "commenting"},
            {"type": "TextualBody", "value": "trade", "purpose": "tagging"},
        ],
        "target": {
            "source": source,
            "selector": [
                {"type": "TextQuoteSelector", "exact": QUOTE, "prefix": "In March ", "suffix": ","},
                {"type": "TextPositionSelector", "start": 18, "end": 18 + len(QUOTE)},
            ],
        },
    }


def _note(a: dict[str, Any], value: object) -> None:
    a["body"][0]["value"] = value


def _quote(a: dict[str, Any], key: str, value: object) -> None:
    a["target"]["selector"][0][key] = value


def _position(a: dict[str, Any], key: str, value: object) -> None:
    a["target"]["selector"][1][key] = value


CRAFTED: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "surrogate-note": (lambda a: _note(a, "\ud800"), "body[0].value is not valid Unicode text"),
    "surrogate-quote": (
        lambda a: _quote(a, "exact", "grew \udfff again"),
        "target.selector[0].exact is not valid Unicode text (a lone surrogate, U+DFFF",
    ),
    "surrogate-tag": (
        lambda a: a["body"][1].update(value="\ud83d"),
        "body[1].value is not valid Unicode text",
    ),
    "surrogate-id": (lambda a: a.update(id="urn:x:\ud800"), "id is not valid Unicode text"),
    "purpose-object": (
        lambda a: a["body"][0].update(purpose=[{}]),
        "body[0].purpose is not a name ([{}])",
    ),
    "position-2**63": (
        lambda a: _position(a, "start", 2**63),
        "target.selector[1].start is 9,223,372,036,854,775,808, not a position in a document",
    ),
    "position-negative": (lambda a: _position(a, "end", -5), ".end is -5, not a position"),
    "position-reversed": (lambda a: _position(a, "end", 3), "target.selector[1] ends (3)"),
    "position-text": (lambda a: _position(a, "start", "18"), ".start is not a whole number"),
    "position-bool": (lambda a: _position(a, "start", True), ".start is not a whole number"),
    "quote-2M": (lambda a: _quote(a, "exact", "x" * 2_000_000), "its quote has 2,000,000"),
    "note-2M": (lambda a: _note(a, "n" * 2_000_000), "its note has 2,000,000 characters"),
    "tag-1000": (lambda a: a["body"][1].update(value="t" * 1000), "a tag has 1,000 characters"),
}
HUGE_INT = "9" * 5000  # more digits than Python converts (4,300)


def _write(path: Path, items: list[dict[str, Any]], replace: tuple[str, str] | None = None) -> Path:
    collection = {
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": items},
    }
    text = json.dumps(collection)
    if replace is not None:
        text = text.replace(*replace, 1)
    path.write_text(text, encoding="utf-8")
    return path


def _state(library: Library) -> tuple[int, int, int]:
    return (
        len(library.annotations()),
        len(library.documents(include_missing=True)),
        library.search("note").total,
    )


@pytest.mark.parametrize("case", list(CRAFTED))
def test_a_crafted_annotation_is_rejected_and_nothing_is_imported(
    library: Library, tmp_path: Path, case: str
) -> None:
    spoil, reason = CRAFTED[case]
    items = [_annotation(n) for n in (1, 2, 3)]
    spoil(items[1])
    path = _write(tmp_path / "crafted.json", items)
    before = _state(library)
    for _attempt in range(2):  # a retry fails the same clear way, and changes nothing
        with pytest.raises(ImportRefused) as refused:
            import_file(library, path)
        assert str(refused.value) == (
            "Nothing was imported: the file has 1 invalid entry; fix the file, "
            "or import its 2 valid annotation(s) with --skip-invalid"
        )
        (line,) = refused.value.reasons
        assert line.startswith("Annotation 2") and reason in line, line
        assert len(line) < 300
        assert _state(library) == before
    report = import_file(library, path, skip_invalid=True)
    assert (report.created, len(report.rejected)) == (2, 1)
    assert sorted(a.note for a in library.annotations()) == ["note 1", "note 3"]


def test_a_number_of_thousands_of_digits_rejects_only_its_annotation(
    library: Library, tmp_path: Path
) -> None:
    items = [_annotation(n) for n in (1, 2)]
    _position(items[1], "end", "HUGE")
    path = _write(tmp_path / "digits.json", items, replace=('"HUGE"', HUGE_INT))
    with pytest.raises(ImportRefused) as refused:
        import_file(library, path)
    assert refused.value.reasons == (
        "Annotation 2 (urn:uuid:00000000-0000-4000-8000-000000000002): "
        "target.selector[1].end is a number of 5,000 digits",
    )
    other = _write(tmp_path / "total.json", [_annotation(3)])
    data = json.loads(other.read_text(encoding="utf-8"))
    data["total"] = "HUGE"  # outside any annotation: harmless
    other.write_text(json.dumps(data).replace('"HUGE"', HUGE_INT), encoding="utf-8")
    assert import_file(library, other).created == 1


def test_the_cli_lists_each_rejected_annotation(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [_annotation(n) for n in (1, 2, 3, 4)]
    CRAFTED["surrogate-note"][0](items[0])
    CRAFTED["purpose-object"][0](items[2])
    path = _write(tmp_path / "two-bad.json", items)
    data_dir = str(library.data_dir)
    library.close()
    assert cli.main(["--data-dir", data_dir, "import", str(path)]) == cli.EXIT_ERROR
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == (
        "briefreader: Nothing was imported: the file has 2 invalid entries; fix the file, "
        "or import its 2 valid annotation(s) with --skip-invalid"
    )
    assert [line.split(":")[0] for line in err[1:]] == ["rejected", "rejected"]
    assert "Annotation 1 " in err[1] and "Annotation 3 " in err[2]
    assert cli.main(["--data-dir", data_dir, "import", str(path), "--skip-invalid"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 annotation(s) imported") and out.count("rejected: ") == 2


def test_a_failure_half_way_leaves_nothing_behind(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Annotations before the bad one were committed and placeholders left: no longer."""
    items = [_annotation(n, source=f"file:///gone/brief-{n}.md") for n in range(1, 6)]
    for item in items:
        item["target"]["selector"][0]["exact"] = "a passage this library does not have"
    path = _write(tmp_path / "five.json", items)
    before = _state(library)
    real = Library.add_imported_annotation
    calls = []

    def failing(self: Library, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 4:
            raise StoreError("the disk is full; free some space and try again")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Library, "add_imported_annotation", failing)
    with pytest.raises(LibraryError, match=r"^Nothing was imported: the disk is full"):
        import_file(library, path)
    assert _state(library) == before  # no annotation, no placeholder document
    assert library.search("note").total == 0  # nor an index entry
    monkeypatch.setattr(Library, "add_imported_annotation", real)
    report = import_file(library, path)  # the retry does it all
    assert (report.created, report.orphaned) == (5, 5)
    assert len(library.documents(include_missing=True)) == before[1] + 5


@pytest.mark.slow
@pytest.mark.timeout(120)  # a 20 MB prefix kept the fuzzy matcher busy for minutes
def test_huge_context_is_trimmed_and_placed_quickly(library: Library, tmp_path: Path) -> None:
    item = _annotation(1, source="https://example.org/elsewhere")
    _quote(item, "prefix", "x" * 20_000_000 + "In March ")
    _quote(item, "suffix", ", and the rule" + "y" * 20_000_000)
    _quote(item, "exact", QUOTE.replace("grew", "grows"))  # not exact: the fuzzy matcher
    many = [copy.deepcopy(item) for _ in range(3)]
    for n, extra in enumerate(many, 2):
        extra["id"] = f"urn:uuid:00000000-0000-4000-8000-{n:012d}"
    path = _write(tmp_path / "context.json", [item, *many])
    report = import_file(library, path)
    assert report.created == 4
    (annotation, *_rest) = library.annotations()
    assert len(annotation.anchor.prefix) <= 256 and len(annotation.anchor.suffix) <= 256
