"""The item models, each checked with pytest-qt's qtmodeltester."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from briefreader.core.models import (
    KIND_ANNOTATION,
    KIND_DOCUMENT,
    Anchor,
    AnchorStatus,
    Annotation,
    DocumentRecord,
    SearchHit,
    SearchResults,
    Snippet,
)
from briefreader.gui.models import annotations_model as am
from briefreader.gui.models import documents_model as dm
from briefreader.gui.models import search_results_model as sm

DISPLAY = Qt.ItemDataRole.DisplayRole


def hits() -> list[SearchHit]:
    return [
        SearchHit(
            KIND_DOCUMENT,
            "d1",
            "/lib/chips.md",
            "Chips <and> science",
            2.5,
            Snippet("the CHIPS Act funds fabs & more", 120, ((4, 9), (21, 25))),
            source="CRS",
            date="2024-03-01",
            tags=("chips", "industrial-policy"),
        ),
        SearchHit(
            KIND_ANNOTATION,
            "d2",
            "/lib/tariffs.md",
            "Section 301",
            1.0,
            Snippet("tariffs on EVs", 40, ()),
            annotation_id=7,
            color="green",
        ),
        SearchHit(KIND_DOCUMENT, "d3", "/lib/x.txt", "No snippet", 0.5),
    ]


def annotation(id_: int, doc: str, start: int, color: str = "yellow", **kw: object) -> Annotation:
    anchor = Anchor(f"quote {id_}\nsecond line", "", "", start, start + 10, "h")
    return Annotation(id_, f"uuid-{id_}", doc, anchor, color=color, **kw)  # type: ignore[arg-type]


def records() -> list[DocumentRecord]:
    return [
        DocumentRecord("a", "/lib/a.md", "markdown", "Export controls", "h1", 1, 0.0,
                       date="2023-10-17", source="BIS", tags=("chips", "export"), word_count=1200),
        DocumentRecord("b", "/lib/b.md", "markdown", "Tariff review", "h2", 1, 0.0,
                       date="2024-05-14", source="USTR", tags=("tariffs",), word_count=300),
        DocumentRecord("c", "/lib/c.pdf", "pdf", "Old report", "h3", 1, 0.0,
                       author="J. Doe", missing=True, word_count=40),
    ]  # fmt: skip


# -- search results -------------------------------------------------------------------------


def test_search_results_model(qtmodeltester) -> None:
    model = sm.SearchResultsModel()
    qtmodeltester.check(model)
    model.set_results(SearchResults(tuple(hits()), total=42, suggestion="chips"))
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.total == 42 and model.suggestion == "chips"
    first = model.index(0, 0)
    assert first.data(DISPLAY) == "Chips <and> science"
    assert first.data(sm.SourceRole) == "CRS"
    assert first.data(sm.TagsRole) == ["chips", "industrial-policy"]
    assert first.data(sm.KindRole) == KIND_DOCUMENT
    assert first.data(sm.OffsetRole) == 124
    html = first.data(sm.SnippetHtmlRole)
    assert "&amp;" in html and html.count("font-weight:600") == 2 and ">CHIPS<" in html
    second = model.index(1, 0)
    assert second.data(sm.AnnotationIdRole) == 7
    assert second.data(sm.ColorRole) == "green"
    assert not second.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(2, 0).data(sm.SnippetHtmlRole) == ""
    assert model.hit(model.index(1, 0)).annotation_id == 7
    assert model.hit(99) is None and model.hit(QModelIndex()) is None
    model.append_hits(hits()[:1])
    assert model.rowCount() == 4
    assert len(model.hits()) == 4
    model.set_hits([])
    assert model.rowCount() == 0 and model.total == 0


def test_snippet_html_escapes_and_marks() -> None:
    snippet = Snippet("a<b>c d", 0, ((1, 4), (2, 3), (6, 99)))
    assert sm.snippet_html(snippet, "#fff") == (
        'a<span style="background-color:#fff; font-weight:600">&lt;b&gt;</span>c '
        '<span style="background-color:#fff; font-weight:600">d</span>'
    )
    assert sm.snippet_html(None) == ""


# -- annotations -----------------------------------------------------------------------------


def test_annotations_model(qtmodeltester) -> None:
    model = am.AnnotationsModel()
    qtmodeltester.check(model)
    model.set_annotations(
        [annotation(1, "d", 10), annotation(2, "d", 50, "green", note="why", tags=("key",))]
    )
    model.set_color_meanings({"green": "evidence"})
    qtmodeltester.check(model)
    row = model.index(1, 0)
    assert row.data(DISPLAY) == "quote 2 second line"
    assert row.data(am.ColorRole) == "green"
    assert row.data(am.ColorMeaningRole) == "evidence"
    assert row.data(am.NoteRole) == "why"
    assert row.data(am.TagsRole) == ["key"]
    assert row.data(am.StatusRole) == "anchored"
    assert row.data(am.QuoteRole) == "quote 2\nsecond line"
    assert "Green: evidence" in row.data(Qt.ItemDataRole.ToolTipRole)
    assert model.annotation(row).id == 2

    model.add_annotation(annotation(3, "d", 30))  # between 1 and 2 in reading order
    assert [a.id for a in model.annotations()] == [1, 3, 2]
    model.update_annotation(annotation(3, "d", 30, "pink", status=AnchorStatus.FUZZY))
    assert model.index(1, 0).data(am.ColorRole) == "pink"
    assert "fuzzy" in model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.remove_annotation(1).id == 1
    assert model.remove_annotation(1) is None
    assert [a.id for a in model.annotations()] == [3, 2]
    qtmodeltester.check(model)


# -- documents -------------------------------------------------------------------------------


def test_documents_model_and_filter(qtmodeltester) -> None:
    model = dm.DocumentsModel()
    qtmodeltester.check(model)
    model.set_records(records())
    qtmodeltester.check(model)
    assert model.columnCount() == len(dm.HEADERS)
    assert model.headerData(dm.SOURCE, Qt.Orientation.Horizontal) == "Source"
    assert model.index(0, dm.TAGS).data(DISPLAY) == "chips, export"
    assert model.index(0, dm.WORDS).data(DISPLAY) == "1,200"
    assert model.index(2, 0).data(Qt.ItemDataRole.FontRole).italic()
    assert model.record(model.index(1, 0)).doc_id == "b"

    proxy = dm.DocumentsFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)

    def shown() -> list[str]:
        return [proxy.record(proxy.index(r, 0)).doc_id for r in range(proxy.rowCount())]

    assert shown() == ["a", "b", "c"]
    proxy.set_filter_text("export BIS")
    assert shown() == ["a"]
    assert model.record(proxy.index(0, 0)).doc_id == "a"  # a proxy index works too
    proxy.set_filter_text("#tariffs")
    assert shown() == ["b"]
    proxy.set_filter_text("doe")
    assert shown() == ["c"]
    proxy.set_show_missing(False)
    assert shown() == []
    proxy.set_filter_text("")
    proxy.set_tag("CHIPS")
    assert shown() == ["a"]
    proxy.set_tag(None)
    proxy.sort(dm.WORDS, Qt.SortOrder.DescendingOrder)
    assert shown() == ["a", "b"]
    qtmodeltester.check(proxy)

    model.update_record(
        DocumentRecord("b", "/lib/b.md", "markdown", "Tariffs, renamed", "h2", 1, 0)
    )
    assert model.index(1, 0).data(DISPLAY) == "Tariffs, renamed"
    model.update_record(DocumentRecord("d", "/lib/d.md", "markdown", "New", "h4", 1, 0))
    model.remove_record("a")
    assert [r.doc_id for r in model.records()] == ["b", "c", "d"]
    qtmodeltester.check(model)


# -- the review list -------------------------------------------------------------------------


def test_review_model(qtmodeltester) -> None:
    from briefreader.core.models import Candidate
    from briefreader.core.review import review_items
    from briefreader.gui.models import review_model as rm

    record = records()[0]
    ambiguous = annotation(
        4, record.doc_id, 5, status=AnchorStatus.AMBIGUOUS,
        candidates=(Candidate(0, 5, 1.0, "h1"), Candidate(10, 15, 1.0, "h1")),
    )  # fmt: skip
    fuzzy = annotation(2, record.doc_id, 3, status=AnchorStatus.FUZZY)
    items = review_items(
        [annotation(1, record.doc_id, 0), fuzzy, ambiguous],
        lambda doc_id: record if doc_id == record.doc_id else None,
        lambda doc_id: "alpha beta gamma delta",
    )
    model = rm.ReviewModel()
    qtmodeltester.check(model)
    model.set_items(items)
    qtmodeltester.check(model)
    assert model.rowCount() == 2  # the anchored one needs no decision
    first, second = model.index(0, 0), model.index(1, 0)
    assert first.data(DISPLAY) == "quote 2 second line"
    assert first.data(rm.StatusRole) == "fuzzy" and first.data(rm.PlacesRole) == 0
    assert second.data(rm.AnnotationIdRole) == 4 and second.data(rm.PlacesRole) == 2
    assert second.data(rm.TitleRole) == record.title
    assert "pick one" in second.data(Qt.ItemDataRole.ToolTipRole)
    assert model.row_of(4) == 1 and model.row_of(99) == -1
    assert model.item(5) is None and model.item(QModelIndex()) is None
    model.set_items([])
    assert model.rowCount() == 0
