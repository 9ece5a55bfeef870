"""SearchIndex through its public API: query language, text quirks, results, recovery."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefreader.core.models import KIND_ANNOTATION, KIND_DOCUMENT, SearchRequest, SearchResults
from briefreader.core.search import index as index_module
from briefreader.core.search.entries import AnnotationEntry, DocEntry
from briefreader.core.search.index import IndexBusyError, SearchIndex
from briefreader.core.search.locking import lock_held

TEXTS = {
    "ev": (
        "Electric vehicles and battery subsidies.\n"
        "The vehicle fleet grew in 2024 under the régime of new credits."
    ),
    "chips": (
        "The export-control rules cover advanced semiconductors.\n"
        "Commerce added 140 entities to the Entity List; China’s response was measured.\n"
        "Semi\u00adconductor equipment makers expect con-\ntrol of more items."
    ),
    "statute": "Authority under \u00a7\u202f1701 may be exercised to meet an “unusual” threat.",
    "zh": "中华人民共和国出口管制法规定了管制措施。",
    "misc": "Nothing about the topic: cabbages and kings. Export prices rose slightly.",
}

DOCS = (
    DocEntry(
        "ev",
        "/lib/us/ev.md",
        "Electric vehicles",
        TEXTS["ev"],
        "markdown",
        "2024-05-01",
        "CRS",
        ("autos", "energy"),
    ),
    DocEntry(
        "chips",
        "/lib/us/chips.html",
        "Export controls on chips",
        TEXTS["chips"],
        "html",
        "2023-10-17",
        "BIS",
        ("semiconductors", "China"),
    ),
    DocEntry(
        "statute",
        "/lib/law/1701.txt",
        "Emergency powers",
        TEXTS["statute"],
        "text",
        "2022",
        "US Code",
        (),
    ),
    DocEntry(
        "zh",
        "/lib/cn/law.md",
        "出口管制法",
        TEXTS["zh"],
        "markdown",
        "2020-10-17",
        "NPC",
        ("china",),
    ),
    DocEntry("misc", "/lib/misc.txt", "Weekly notes", TEXTS["misc"], "text", None, None, ()),
)

ENTITY_START = TEXTS["chips"].index("Entity List")
ANNOTATIONS = (
    AnnotationEntry(
        1,
        "chips",
        "/lib/us/chips.html",
        "Export controls on chips",
        "Entity List",
        "140 entities added; check the semiconductor impact",
        ("follow-up",),
        "red",
        "2023-10-17",
        "BIS",
        start=ENTITY_START,
    ),
    AnnotationEntry(
        2,
        "ev",
        "/lib/us/ev.md",
        "Electric vehicles",
        "battery subsidies",
        "",
        (),
        "yellow",
        "2024-05-01",
        "CRS",
    ),
)


def open_index(path: Path, texts: dict[str, str] | None = None) -> SearchIndex:
    texts = dict(TEXTS) if texts is None else texts
    index = SearchIndex(path, texts.get)
    index.open()
    return index


@pytest.fixture
def index(tmp_path: Path) -> Iterator[SearchIndex]:
    index = open_index(tmp_path / "index")
    with index.writer() as writer:
        for doc in DOCS:
            writer.add_document(doc)
        for annotation in ANNOTATIONS:
            writer.add_annotation(annotation)
    yield index
    index.close()


def found(index: SearchIndex, text: str, **kwargs) -> list[str]:
    """Document ids, and "a<id>" for annotations, in result order."""
    results = index.search(SearchRequest(text=text, page_size=500, **kwargs))
    return [
        hit.doc_id if hit.kind == KIND_DOCUMENT else f"a{hit.annotation_id}" for hit in results.hits
    ]


def docs(index: SearchIndex, text: str, **kwargs) -> set[str]:
    return set(found(index, text, include_annotations=False, **kwargs))


# ---------------------------------------------------------------------- lifecycle


def test_open_creates_a_new_index(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index", TEXTS.get)
    message = index.open()
    assert message is not None and "created" in message.lower()
    assert index.is_empty
    assert index.indexed_doc_ids() == set()
    assert index.search(SearchRequest("vehicle")).total == 0
    index.close()
    index.open()
    assert index.is_empty
    index.close()


def test_indexed_doc_ids_and_reopen(index: SearchIndex, tmp_path: Path) -> None:
    assert not index.is_empty
    assert index.indexed_doc_ids() == {"ev", "chips", "statute", "zh", "misc"}
    index.close()
    assert index.open() is None
    assert docs(index, "vehicle") == {"ev"}


# ---------------------------------------------------------------------- query language


def test_stemming(index: SearchIndex) -> None:
    assert docs(index, "vehicle") == {"ev"}
    assert docs(index, "vehicles") == {"ev"}
    assert docs(index, "Semiconductor") == {"chips"}
    assert docs(index, "subsidy") == {"ev"}


def test_default_conjunction_is_and(index: SearchIndex) -> None:
    assert docs(index, "electric battery") == {"ev"}
    assert docs(index, "electric cabbages") == set()


def test_phrases(index: SearchIndex) -> None:
    assert docs(index, '"export control rules"') == {"chips"}
    assert docs(index, '"rules export"') == set()
    assert docs(index, '"entity list"') == {"chips"}


def test_phrase_with_slop(index: SearchIndex) -> None:
    assert docs(index, '"electric subsidies"~4') == {"ev"}
    assert docs(index, '"electric subsidies"~2') == set()
    assert docs(index, '"electric subsidies"') == set()


def test_phrases_skip_deleted_entries(tmp_path: Path) -> None:
    index = open_index(tmp_path / "index", {})
    with index.writer() as writer:
        for doc_id in ("a", "b", "c"):
            writer.add_document(DocEntry(doc_id, f"/{doc_id}", doc_id, "alpha beta gamma"))
    with index.writer() as writer:
        writer.remove_document("a")
    assert docs(index, '"alpha beta"') == {"b", "c"}
    assert docs(index, '"beta gamma"~2') == {"b", "c"}
    assert docs(index, "alpha") == {"b", "c"}
    index.close()


def test_boolean_operators(index: SearchIndex) -> None:
    assert docs(index, "electric AND battery") == {"ev"}
    assert docs(index, "electric OR cabbages") == {"ev", "misc"}
    assert docs(index, "export NOT china") == {"misc"}
    assert docs(index, "export -china") == {"misc"}
    assert docs(index, "-export") == {"ev", "statute", "zh"}
    # lowercase operators are ordinary words
    assert docs(index, "electric and cabbages") == set()


def test_parentheses(index: SearchIndex) -> None:
    assert docs(index, "(electric OR cabbages) AND subsidies") == {"ev"}
    assert docs(index, "(electric OR cabbages) prices") == {"misc"}
    assert docs(index, "NOT (export OR vehicle)") == {"statute", "zh"}


def test_fields(index: SearchIndex) -> None:
    assert docs(index, "title:export") == {"chips"}
    assert docs(index, "title:(emergency OR electric)") == {"statute", "ev"}
    assert docs(index, "tag:semiconductors") == {"chips"}
    assert docs(index, "tag:china") == {"chips", "zh"}
    assert docs(index, "tag:China") == {"chips", "zh"}
    assert docs(index, "source:crs") == {"ev"}
    assert docs(index, 'source:"us code"') == {"statute"}
    assert docs(index, "path:law") == {"statute", "zh"}
    assert docs(index, "format:html") == {"chips"}
    assert docs(index, "format:md") == {"ev", "zh"}
    assert docs(index, "TITLE:export") == {"chips"}


def test_date_ranges(index: SearchIndex) -> None:
    assert docs(index, "date:[2023 to 2024]") == {"ev", "chips"}
    assert docs(index, "date:[2023 TO 2024]") == {"ev", "chips"}
    assert docs(index, "date:2022") == {"statute"}
    assert docs(index, "date:2024-05") == {"ev"}
    assert docs(index, "date:>=2024") == {"ev"}
    assert docs(index, "date:<2022") == {"zh"}
    assert docs(index, "date:[2020-10 to 2020-12]") == {"zh"}
    assert docs(index, "date:[2023 to]") == {"ev", "chips"}
    assert docs(index, "export date:2023") == {"chips"}


def test_date_range_over_many_distinct_dates(tmp_path: Path) -> None:
    index = open_index(tmp_path / "index", {})
    with index.writer() as writer:
        for day in range(900):  # more distinct dates than a term expansion would take
            date = f"{2000 + day // 300}-{day % 12 + 1:02d}-{day % 28 + 1:02d}"
            writer.add_document(DocEntry(f"d{day}", f"/{day}", "t", "same text", date=date))
    assert index.search(SearchRequest("date:[2000 to 2002]")).total == 900
    assert index.search(SearchRequest("date:2001")).total == 300
    assert index.search(SearchRequest("", date_from="2002", date_to="2002-12")).total == 300
    index.close()


def test_prefix_and_wildcard(index: SearchIndex) -> None:
    assert docs(index, "semicon*") == {"chips"}
    assert docs(index, "subsid*") == {"ev"}
    assert docs(index, "expor*") == {"chips", "misc"}
    assert docs(index, "cab*ges") == {"misc"}


def test_fuzzy(index: SearchIndex) -> None:
    assert docs(index, "chna~") == {"chips"}
    assert docs(index, "vehicels~") == {"ev"}
    assert docs(index, "semicondutcor~") == {"chips"}  # two neighbours swapped: one edit
    assert docs(index, "semcondctor~2") == {"chips"}
    assert docs(index, "semcondctor~") == set()


def test_cjk_bigrams(index: SearchIndex) -> None:
    assert docs(index, "出口管制") == {"zh"}
    assert docs(index, "管制措施") == {"zh"}
    assert docs(index, "管") == {"zh"}
    assert docs(index, "管理") == set()
    assert docs(index, "title:管制") == {"zh"}
    # phrase-like: the characters must be adjacent, or else it is only a best match
    assert docs(index, '"出口措施"') == set()
    relaxed = index.search(SearchRequest("出口措施", include_annotations=False))
    assert [h.doc_id for h in relaxed.hits] == ["zh"]
    assert relaxed.message is not None and "most of them" in relaxed.message


def test_section_sign_with_narrow_no_break_space(index: SearchIndex) -> None:
    assert docs(index, "§ 1701") == {"statute"}
    assert docs(index, '"§ 1701"') == {"statute"}
    assert docs(index, "§1701") == {"statute"}
    assert docs(index, "§\u00a01701") == {"statute"}
    assert docs(index, "§ 1702") == set()


def test_curly_quotes_and_apostrophes(index: SearchIndex) -> None:
    assert docs(index, "“export control”") == {"chips"}
    assert docs(index, "China's") == {"chips"}
    assert docs(index, "China’s") == {"chips"}
    assert docs(index, '"unusual threat"') == {"statute"}


def test_hyphenation_and_soft_hyphens(index: SearchIndex) -> None:
    assert docs(index, '"export control"') == {"chips"}
    assert docs(index, "export-control") == {"chips"}
    assert docs(index, "exportcontrol") == {"chips"}
    assert docs(index, "semiconductor equipment") == {"chips"}  # semi\u00adconductor
    assert docs(index, "control items") == {"chips"}  # con-\ntrol


def test_accents_and_case_are_folded(index: SearchIndex) -> None:
    assert docs(index, "regime") == {"ev"}
    assert docs(index, "RÉGIME") == {"ev"}


# ---------------------------------------------------------------------- annotations


def test_annotation_fields(index: SearchIndex) -> None:
    assert found(index, "note:semiconductor") == ["a1"]
    assert found(index, 'quote:"entity list"') == ["a1"]
    assert found(index, "color:red") == ["a1"]
    assert found(index, "has:note") == ["a1"]
    assert found(index, "has:tag") == ["a1"]
    assert set(found(index, "tag:follow-up")) == {"a1"}


def test_mixed_document_and_annotation_hits(index: SearchIndex) -> None:
    assert set(found(index, "battery")) == {"ev", "a2"}
    assert set(found(index, "battery", include_annotations=False)) == {"ev"}
    results = index.search(SearchRequest("entities"))
    annotation = next(h for h in results.hits if h.kind == KIND_ANNOTATION)
    assert annotation.annotation_id == 1 and annotation.color == "red"
    assert annotation.doc_id == "chips" and annotation.title == "Export controls on chips"


def test_annotation_only_fields_without_annotations_say_so(index: SearchIndex) -> None:
    results = index.search(SearchRequest("note:semiconductor", include_annotations=False))
    assert results.total == 0 and results.message


# ---------------------------------------------------------------------- snippets


def assert_marks(results: SearchResults, texts: dict[str, str], words: set[str]) -> None:
    for hit in results.hits:
        if hit.kind != KIND_DOCUMENT:
            continue
        snippet = hit.snippet
        text = texts[hit.doc_id]
        assert text[snippet.offset : snippet.offset + len(snippet.text)] == snippet.text
        assert snippet.marks
        for start, end in snippet.marks:
            marked = text[snippet.offset + start : snippet.offset + end]
            assert marked.lower() in words, marked


def test_snippet_marks_point_into_the_canonical_text(index: SearchIndex) -> None:
    results = index.search(SearchRequest("vehicle"))
    assert_marks(results, TEXTS, {"vehicle", "vehicles"})
    results = index.search(SearchRequest('"entity list"'))
    assert_marks(results, TEXTS, {"entity", "entities", "list"})
    results = index.search(SearchRequest("出口管制"))
    assert_marks(results, TEXTS, {"出口管制", "管制"})  # 管制 alone is a matching bigram
    results = index.search(SearchRequest("semicon*"))
    assert_marks(results, TEXTS, {"semiconductors", "semi\u00adconductor"})


def test_snippet_window_of_a_long_text(tmp_path: Path) -> None:
    filler = "Lorem ipsum dolor sit amet. " * 200
    text = filler + "The tariff schedule changed sharply. " + filler
    index = open_index(tmp_path / "index", {"long": text})
    with index.writer() as writer:
        writer.add_document(DocEntry("long", "/long.txt", "Long", text))
    hit = index.search(SearchRequest("tariff")).hits[0]
    snippet = hit.snippet
    assert len(snippet.text) <= 260
    assert 0 < snippet.offset < text.index("tariff")
    start, end = snippet.marks[0]
    assert text[snippet.offset + start : snippet.offset + end] == "tariff"
    index.close()


def test_annotation_snippet_counts_from_the_quote_start(index: SearchIndex) -> None:
    hit = next(h for h in index.search(SearchRequest("quote:entity")).hits)
    assert hit.snippet.text == "Entity List"
    assert hit.snippet.offset == ENTITY_START
    start, end = hit.snippet.marks[0]
    text = TEXTS["chips"]
    assert text[hit.snippet.offset + start : hit.snippet.offset + end] == "Entity"


def test_snippet_of_an_accented_word(tmp_path: Path) -> None:
    text = "Die Überprüfung der Exportkontrollen. Zweite Überprüfung folgt."
    index = open_index(tmp_path / "index", {"de": text})
    with index.writer() as writer:
        writer.add_document(DocEntry("de", "/de.txt", "DE", text))
    for query in ("Überprüfung", "uberprufung", "Überprüf*"):
        snippet = index.search(SearchRequest(query)).hits[0].snippet
        marked = [text[snippet.offset + s : snippet.offset + e] for s, e in snippet.marks]
        assert marked == ["Überprüfung", "Überprüfung"], query
    index.close()


def test_no_text_means_no_snippet(tmp_path: Path) -> None:
    index = open_index(tmp_path / "index", {})
    with index.writer() as writer:
        writer.add_document(DOCS[0])
    hit = index.search(SearchRequest("vehicle")).hits[0]
    assert hit.snippet is None and hit.title == "Electric vehicles"
    index.close()


# ---------------------------------------------------------------------- results


def test_hit_fields(index: SearchIndex) -> None:
    hit = index.search(SearchRequest("semiconductors", include_annotations=False)).hits[0]
    assert hit.kind == KIND_DOCUMENT and hit.doc_id == "chips"
    assert hit.path == "/lib/us/chips.html" and hit.title == "Export controls on chips"
    assert hit.source == "BIS" and hit.date == "2023-10-17"
    assert hit.tags == ("semiconductors", "China") and hit.score > 0


def test_sort_by_date_newest_first_undated_last(index: SearchIndex) -> None:
    order = found(index, "", sort="date", include_annotations=False)
    assert order == ["ev", "chips", "statute", "zh", "misc"]
    order = found(index, "export OR vehicle", sort="date", include_annotations=False)
    assert order == ["ev", "chips", "misc"]


def test_relevance_ranks_title_matches_higher(index: SearchIndex) -> None:
    assert found(index, "export", include_annotations=False)[0] == "chips"


def test_filters(index: SearchIndex) -> None:
    assert docs(index, "", tags=("China",)) == {"chips", "zh"}
    assert docs(index, "", tags=("autos", "semiconductors")) == {"ev", "chips"}
    assert docs(index, "", sources=("crs", "NPC")) == {"ev", "zh"}
    assert docs(index, "", date_from="2023", date_to="2023-12-31") == {"chips"}
    assert docs(index, "", date_from="2024") == {"ev"}
    assert docs(index, "export", tags=("china",)) == {"chips"}


def test_pagination(index: SearchIndex) -> None:
    seen = []
    for page in (1, 2, 3):
        results = index.search(
            SearchRequest("", page=page, page_size=2, include_annotations=False, sort="date")
        )
        assert results.total == 5 and results.page == page and results.page_size == 2
        seen += [h.doc_id for h in results.hits]
    assert seen == ["ev", "chips", "statute", "zh", "misc"]
    beyond = index.search(SearchRequest("", page=9, page_size=2))
    assert beyond.hits == () and beyond.total == 7


def test_facets_count_the_whole_matching_set(index: SearchIndex) -> None:
    results = index.search(SearchRequest("", page_size=1, include_annotations=False))
    assert len(results.hits) == 1 and results.total == 5
    facets = results.facets
    assert dict(facets["tag"])["China"] == 2  # "China" and "china" are one tag
    assert dict(facets["tag"])["autos"] == 1
    assert dict(facets["source"]) == {"CRS": 1, "BIS": 1, "US Code": 1, "NPC": 1}
    assert dict(facets["year"]) == {"2024": 1, "2023": 1, "2022": 1, "2020": 1}
    assert facets["tag"][0] == ("China", 2)


def test_spelling_suggestion(index: SearchIndex) -> None:
    results = index.search(SearchRequest("semicondutor"))
    assert results.total == 0
    assert results.suggestion in ("semiconductor", "semiconductors")
    results = index.search(SearchRequest("electric vehicels"))
    assert results.suggestion in ("electric vehicle", "electric vehicles")
    assert index.search(SearchRequest("vehicle")).suggestion is None


# ---------------------------------------------------------------------- bad queries

NASTY = [
    "",
    " ",
    '"',
    '"unclosed phrase',
    "(",
    ")",
    "((((",
    "))))",
    "(electric",
    "electric)",
    "AND",
    "OR",
    "NOT",
    "electric AND",
    "AND electric",
    "electric OR",
    "NOT NOT NOT",
    "- -- ---",
    "*",
    "***",
    "~",
    "~~2",
    "chna~9",
    "foo:bar",
    "foo:",
    "title:",
    "tag:",
    "date:",
    "date:[garbage",
    "date:[2024 to",
    "date:[to]",
    "date:]2024[",
    "date:2024-13-45",
    "date:>",
    "has:nothing",
    "title:[a to c]",
    ":::",
    "\\",
    "\x00",
    "\ud800",
    "😀" * 50,
    "a" * 5000,
    "(" * 500 + "x" + ")" * 500,
    "NOT " * 300 + "x",
    '"' * 101,
    "title:(tag:(date:(x",
    "§",
    "§ §",
    "\u202f\u00a0\u2009",
    "http://example.com/a?b=c",
    "C++ && || !",
    "%_[]^$.|?+{}",
]


@pytest.mark.slow
@pytest.mark.parametrize("text", NASTY)
def test_bad_queries_never_raise(index: SearchIndex, text: str) -> None:
    results = index.search(SearchRequest(text))
    assert isinstance(results, SearchResults)
    assert results.total >= len(results.hits)


def test_bad_queries_explain_themselves(index: SearchIndex) -> None:
    assert index.search(SearchRequest('"export control')).message
    assert docs(index, '"export control') == {"chips"}
    assert index.search(SearchRequest("foo:electric")).message
    assert index.search(SearchRequest("date:[garbage")).message
    assert index.search(SearchRequest("(electric OR cabbages")).message
    assert docs(index, "(electric OR cabbages") == {"ev", "misc"}
    assert index.search(SearchRequest("electric AND")).message
    assert docs(index, "electric AND") == {"ev"}


@pytest.mark.slow
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text())
def test_any_text_is_a_query(index: SearchIndex, text: str) -> None:
    results = index.search(SearchRequest(text, page_size=5))
    assert isinstance(results, SearchResults)


@pytest.mark.slow
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=st.sampled_from('ab"()*~:-§ 出口ANDORNOTtagdate[]'), max_size=30))
def test_query_syntax_soup(index: SearchIndex, text: str) -> None:
    assert isinstance(index.search(SearchRequest(text)), SearchResults)


WORDS = st.sampled_from(
    [
        "Überprüfung",
        "export-control",
        "China’s",
        "régime",
        "§\u202f1701",
        "出口管制",
        "U.S.",
        "1,000",
        "semi\u00adconductor",
        "con-\ntrol",
        "İstanbul",
        "ﬁnance",
        "e\u0301te\u0301",
        "straße",
        "ΑΘΗΝΑ",
        "москва",
        "x" * 70,
        "a_b",
        "3.5",
        "--",
        "'",
        "\u200b",
    ]
)
TEXTS_ST = st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=8)), min_size=1, max_size=30)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(parts=TEXTS_ST, data=st.data())
def test_snippets_of_any_text_point_into_it(tmp_path_factory, parts, data) -> None:
    text = " ".join(parts)
    path = tmp_path_factory.mktemp("idx") / "index"
    index = open_index(path, {"d": text})
    with index.writer() as writer:
        writer.add_document(DocEntry("d", "/d.txt", "D", text))
    query = data.draw(st.sampled_from(parts))
    for request in (query, f'"{query}"', query[:3] + "*", query + "~"):
        results = index.search(SearchRequest(request))
        for hit in results.hits:
            snippet = hit.snippet
            assert text[snippet.offset : snippet.offset + len(snippet.text)] == snippet.text
            for start, end in snippet.marks:
                assert 0 <= start < end <= len(snippet.text)
    index.close()


# ---------------------------------------------------------------------- recovery


def build(path: Path) -> None:
    index = open_index(path)
    with index.writer() as writer:
        for doc in DOCS:
            writer.add_document(doc)
    index.close()


def test_deleted_index_dir_is_recreated(tmp_path: Path) -> None:
    path = tmp_path / "index"
    build(path)
    for child in path.iterdir():
        child.unlink()
    path.rmdir()
    index = SearchIndex(path, TEXTS.get)
    message = index.open()
    assert message and "created" in message.lower()
    assert index.is_empty
    index.close()


def test_garbage_files_are_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "index"
    build(path)
    for child in path.iterdir():
        child.write_bytes(b"garbage")
    index = SearchIndex(path, TEXTS.get)
    message = index.open()
    assert message and "rebuild" in message.lower()
    assert index.is_empty
    with index.writer() as writer:
        writer.add_document(DOCS[0])
    assert docs(index, "vehicle") == {"ev"}
    index.close()


@pytest.mark.slow
def test_damaged_segment_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "index"
    build(path)
    segments = [p for p in path.iterdir() if p.suffix in (".trm", ".pst", ".col", ".seg")]
    assert segments  # the table of contents is left intact
    for segment in segments:
        data = bytearray(segment.read_bytes())
        data[len(data) // 3 : len(data) // 3 + 64] = b"\xff" * 64
        segment.write_bytes(bytes(data[: len(data) // 2]))
    index = SearchIndex(path, TEXTS.get)
    message = index.open()
    assert message and "rebuild" in message.lower()
    assert index.is_empty
    index.close()


def test_stale_lock_is_cleared_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "index"
    build(path)
    (path / "MAIN_WRITELOCK").write_bytes(b"")  # left by a process that died mid-update
    index = SearchIndex(path, TEXTS.get)
    message = index.open()
    assert message and "locked" in message.lower()
    assert index.is_empty
    assert lock_is_free(path)
    with index.writer() as writer:
        writer.add_document(DOCS[0])
    index.close()
    assert lock_is_free(path)


def lock_is_free(path: Path) -> bool:
    lock = path / "MAIN_WRITELOCK"
    return lock.read_text() == "free" and not lock_held(lock)


def test_a_clean_close_leaves_the_lock_free(tmp_path: Path) -> None:
    path = tmp_path / "index"
    build(path)
    assert lock_is_free(path)
    index = SearchIndex(path, TEXTS.get)
    assert index.open() is None
    assert not index.is_empty
    index.close()


def test_the_lock_file_is_never_replaced(tmp_path: Path, monkeypatch) -> None:
    """A writer that opened the lock file just before a commit let go of it (it polls
    Whoosh's lock) must lock the very file the next writer tries: were the file deleted
    and created anew, both would hold "the" lock and delete each other's segments."""
    import fcntl

    monkeypatch.setattr(index_module, "LOCK_TIMEOUT_S", 0.0)
    path = tmp_path / "index"
    index = open_index(path)
    lock = path / "MAIN_WRITELOCK"
    with index.writer() as writer:
        writer.add_document(DOCS[0])
        waiting = os.open(lock, os.O_CREAT | os.O_WRONLY)  # the other writer's next try
    try:
        fcntl.flock(waiting, fcntl.LOCK_EX | fcntl.LOCK_NB)  # ... gets the lock
        with pytest.raises(IndexBusyError), index.writer():
            pass
    finally:
        os.close(waiting)
    with index.writer() as writer:
        writer.add_document(DOCS[1])
    assert docs(index, "vehicle OR semiconductors") == {"ev", "chips"}
    index.close()


def test_live_lock_keeps_the_index(tmp_path: Path) -> None:
    path = tmp_path / "index"
    build(path)
    writer_side = open_index(path)
    with writer_side.writer():
        reader_side = SearchIndex(path, TEXTS.get)
        message = reader_side.open()
        assert message and "another" in message.lower()
        assert docs(reader_side, "vehicle") == {"ev"}
        reader_side.close()
    writer_side.close()


def test_other_version_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "index"
    build(path)
    (path / "briefreader-index.json").write_text('{"version": -1}', encoding="utf-8")
    index = SearchIndex(path, TEXTS.get)
    message = index.open()
    assert message and "version" in message.lower()
    assert index.is_empty
    index.close()


# ---------------------------------------------------------------------- updates


def test_add_replaces_by_doc_id(index: SearchIndex) -> None:
    TEXTS_V2 = dict(TEXTS, ev="Hydrogen trucks replaced the old fleet.")
    index.close()
    index = open_index(index.index_dir, TEXTS_V2)
    with index.writer() as writer:
        writer.add_document(DocEntry("ev", "/lib/us/ev.md", "Trucks", TEXTS_V2["ev"]))
    assert docs(index, "hydrogen") == {"ev"}
    assert docs(index, "battery") == set()
    assert docs(index, "") == {"ev", "chips", "statute", "zh", "misc"}
    assert found(index, "battery") == ["a2"]  # annotations stay until they are replaced
    index.close()


def test_remove_document_removes_its_annotations(index: SearchIndex) -> None:
    with index.writer() as writer:
        writer.remove_document("chips")
    assert "chips" not in index.indexed_doc_ids()
    assert found(index, "entity") == []
    assert found(index, "color:red") == []
    assert found(index, "battery") == ["ev", "a2"] or set(found(index, "battery")) == {"ev", "a2"}


def test_remove_and_replace_annotation(index: SearchIndex) -> None:
    with index.writer() as writer:
        writer.remove_annotation(2)
        writer.add_annotation(
            AnnotationEntry(
                1,
                "chips",
                "/lib/us/chips.html",
                "Export controls on chips",
                "Entity List",
                "now a new note about lithography",
                (),
                "green",
            )
        )
    assert found(index, "battery") == ["ev"]
    assert found(index, "note:semiconductor") == []
    assert found(index, "note:lithography") == ["a1"]
    assert found(index, "color:green") == ["a1"]


def test_replacing_within_one_batch_leaves_one_entry(tmp_path: Path) -> None:
    index = open_index(tmp_path / "index")
    with index.writer() as writer:
        writer.add_document(DocEntry("x", "/x.txt", "X", "first version"))
        writer.add_document(DocEntry("x", "/x.txt", "X", "second version"))
        writer.add_document(DocEntry("y", "/y.txt", "Y", "temporary"))
        writer.remove_document("y")
    assert docs(index, "version") == {"x"}
    assert index.search(SearchRequest("version")).total == 1
    assert docs(index, "first") == set()
    assert index.indexed_doc_ids() == {"x"}
    index.close()


def test_a_failed_batch_is_cancelled(tmp_path: Path) -> None:
    index = open_index(tmp_path / "index")
    with pytest.raises(RuntimeError), index.writer() as writer:
        writer.add_document(DOCS[0])
        raise RuntimeError("loader crashed")
    assert index.is_empty
    with index.writer() as writer:  # the lock was released
        writer.add_document(DOCS[0])
    assert docs(index, "vehicle") == {"ev"}
    index.close()


def test_a_failed_commit_releases_the_lock(tmp_path: Path, monkeypatch) -> None:
    from briefreader.core.search.writer import LeanWriter

    index = open_index(tmp_path / "index")

    def disk_full(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(LeanWriter, "commit", disk_full)
        with pytest.raises(OSError), index.writer() as writer:
            writer.add_document(DOCS[0])
    with index.writer() as writer:  # not locked out by the failed batch
        writer.add_document(DOCS[0])
    assert docs(index, "vehicle") == {"ev"}
    index.close()


def test_checkpoint_makes_progress_searchable(tmp_path: Path) -> None:
    index = open_index(tmp_path / "index")
    with index.writer() as writer:
        writer.add_document(DOCS[0])
        writer.checkpoint()
        assert docs(index, "vehicle") == {"ev"}
        writer.add_document(DOCS[1])
        writer.checkpoint(force=True)
        assert docs(index, "semiconductors") == {"chips"}
        writer.add_document(DOCS[4])
    assert docs(index, "cabbages") == {"misc"}
    index.close()


def test_an_update_of_a_few_entries_commits_once(index: SearchIndex, tmp_path: Path) -> None:
    """On an index with entries, checkpoints do not commit at once: a small update makes
    one segment, not one per checkpoint (segments slow searches and bring merges)."""
    before = len(list((tmp_path / "index").glob("*.trm")))
    with index.writer() as writer:
        for doc in DOCS[:3]:
            writer.add_document(DocEntry(doc.doc_id, doc.path, doc.title, "edited"))
            writer.checkpoint()
        assert docs(index, "edited") == set()  # not committed yet
    assert len(list((tmp_path / "index").glob("*.trm"))) == before + 1
    assert docs(index, "edited") == {d.doc_id for d in DOCS[:3]}


def test_many_batches_stay_searchable(tmp_path: Path) -> None:
    index = open_index(tmp_path / "index")
    for batch in range(20):  # one segment per batch: past 16 the small ones get merged
        with index.writer() as writer:
            for i in range(5):
                doc_id = f"d{batch}-{i}"
                text = f"word{batch} common phrase here"
                writer.add_document(DocEntry(doc_id, f"/{doc_id}.txt", doc_id, text))
            if batch:  # replace one entry of the previous batch: a deletion in its segment
                old = f"d{batch - 1}-0"
                writer.add_document(DocEntry(old, f"/{old}.txt", old, "replaced common"))
    segments = len([p for p in (tmp_path / "index").glob("*.trm")])
    assert segments < 17
    assert index.search(SearchRequest("common", include_annotations=False)).total == 100
    assert docs(index, "word7") == {f"d7-{i}" for i in range(1, 5)}
    assert docs(index, "replaced") == {f"d{b}-0" for b in range(19)}
    assert docs(index, '"common phrase here"') == {
        f"d{b}-{i}" for b in range(20) for i in range(5)
    } - {f"d{b}-0" for b in range(19)}
    assert len(index.indexed_doc_ids()) == 100
    index.close()
