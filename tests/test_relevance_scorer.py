"""The relevance scorer's arithmetic and file parsing (bench/relevance), on hand-made data.

Never reads ../shared: the collection's own files are not needed to check the formulas.
Expected values are worked out by hand in the comments (log2(2) = 1, log2(3) = 1.58496,
log2(4) = 2, log2(5) = 2.32193, log2(6) = 2.58496).
"""

from __future__ import annotations

import math

import pytest

from bench.relevance.collection import (
    CollectionError,
    Query,
    format_qrels,
    parse_copies,
    parse_qrels,
    parse_queries,
)
from bench.relevance.scoring import (
    collapse_judged,
    collapse_ranking,
    dcg,
    dedupe,
    evaluate,
    mrr_at,
    ndcg_at,
    precision_at,
    unjudged_at,
)
from bench.relevance.systems import fts5_query, fts5_terms, has_cjk, parse_recollq_urls

JUDGED = {"a": 3, "b": 2, "c": 1, "d": 0}


def test_dcg_uses_linear_gain_and_log2_discount() -> None:
    # 3/log2(2) + 2/log2(3) + 1/log2(4) = 3 + 1.26186 + 0.5
    assert dcg([3, 2, 1], 10) == pytest.approx(4.76186, abs=1e-5)
    assert dcg([3, 2, 1], 1) == 3
    assert dcg([], 10) == 0


def test_ndcg_of_the_ideal_ranking_is_one() -> None:
    assert ndcg_at(["a", "b", "c", "d"], JUDGED) == pytest.approx(1.0)


def test_ndcg_hand_computed() -> None:
    # ranking c, x (unjudged), a: DCG = 1/1 + 0/1.58496 + 3/2 = 2.5
    # ideal a, b, c: IDCG = 3 + 2/1.58496 + 1/2 = 4.76186 -> nDCG = 0.52501
    assert ndcg_at(["c", "x", "a"], JUDGED) == pytest.approx(2.5 / 4.76186, abs=1e-5)


def test_ndcg_ideal_comes_from_all_judged_documents_not_the_ranking() -> None:
    # Only "b" retrieved: DCG = 2; ideal still counts a and c: 2 / 4.76186
    assert ndcg_at(["b"], JUDGED) == pytest.approx(0.42001, abs=1e-5)


def test_ndcg_cuts_at_k() -> None:
    judged = {f"d{i}": 1 for i in range(12)}
    ranking = [f"d{i}" for i in range(12)]
    assert ndcg_at(ranking, judged) == pytest.approx(1.0)
    # relevant documents only at ranks 11 and 12: nothing inside the cut
    late = [f"n{i}" for i in range(10)] + ["d0", "d1"]
    assert ndcg_at(late, judged) == 0


def test_ndcg_undefined_without_any_positive_grade() -> None:
    assert ndcg_at(["a"], {"a": 0, "b": 0}) is None
    assert ndcg_at(["a"], {}) is None


def test_repeated_paths_count_once() -> None:
    assert dedupe(["a", "b", "a", "c", "b"]) == ["a", "b", "c"]
    # "a" twice must not earn its gain twice
    assert ndcg_at(["a", "a", "b"], JUDGED) == ndcg_at(["a", "b"], JUDGED)


def test_mrr_counts_the_first_result_of_grade_two_or_more() -> None:
    assert mrr_at(["a", "b"], JUDGED) == 1.0
    assert mrr_at(["c", "d", "b"], JUDGED) == pytest.approx(1 / 3)  # grade 1 does not count
    assert mrr_at(["c", "d"], JUDGED) == 0.0
    eleventh = [f"n{i}" for i in range(10)] + ["a"]
    assert mrr_at(eleventh, JUDGED) == 0.0  # outside the top 10
    assert mrr_at(["c"], {"c": 1}) is None  # nothing relevant to find


def test_precision_at_five_divides_by_five() -> None:
    assert precision_at(["a", "b", "c", "d", "x"], JUDGED) == pytest.approx(2 / 5)
    assert precision_at(["a"], JUDGED) == pytest.approx(1 / 5)  # short lists are not excused
    assert precision_at(["x", "y", "z", "w", "v", "a"], JUDGED) == 0.0
    assert precision_at(["c"], {"c": 1}) is None


def test_unjudged_in_the_top_ten() -> None:
    assert unjudged_at(["a", "x", "y", "d"], JUDGED) == 2


def _queries() -> list[Query]:
    return [
        Query("Q1", "topic", "one", ""),
        Query("Q2", "topic", "two", ""),
        Query("Q3", "person", "three", ""),
        Query("Q4", "person", "four", ""),  # judged, but only grade 1
        Query("Q5", "agency", "five", ""),  # never judged: no nDCG
    ]


QRELS = {
    "Q1": {"a": 3, "b": 1},
    "Q2": {"c": 2},
    "Q3": {"d": 3, "e": 3},
    "Q4": {"f": 1},
}


def test_evaluate_means_per_class_and_overall() -> None:
    runs = {"sys": {"Q1": ["a", "b"], "Q2": ["x", "c"], "Q3": ["e"], "Q4": ["f"]}}
    result = evaluate(_queries(), QRELS, runs)
    assert result["queries"] == 4
    assert result["undefined"] == ["Q5"]
    assert result["no_relevant"] == ["Q4"]
    per = result["systems"]["sys"]["per_query"]
    assert per["Q1"]["ndcg10"] == pytest.approx(1.0)
    # Q2: c at rank 2 -> DCG 2/1.58496; IDCG 2 -> 0.63093
    assert per["Q2"]["ndcg10"] == pytest.approx(1 / math.log2(3))
    assert per["Q2"]["mrr10"] == 0.5
    # Q3: e at rank 1, d missing: DCG 3; IDCG 3 + 3/1.58496 = 4.89279
    assert per["Q3"]["ndcg10"] == pytest.approx(3 / (3 + 3 / math.log2(3)))
    assert per["Q3"]["p5"] == pytest.approx(0.2)
    assert per["Q4"]["ndcg10"] == pytest.approx(1.0)
    assert per["Q4"]["mrr10"] is None and per["Q4"]["p5"] is None
    by_class = result["systems"]["sys"]["by_class"]
    assert by_class["topic"]["n"] == 2
    assert by_class["topic"]["ndcg10"] == pytest.approx((1.0 + 1 / math.log2(3)) / 2)
    assert by_class["person"]["mrr10"] == pytest.approx(1.0)  # Q4 left out of MRR
    mean = result["systems"]["sys"]["mean"]
    expected = (1.0 + 1 / math.log2(3) + 3 / (3 + 3 / math.log2(3)) + 1.0) / 4
    assert mean["ndcg10"] == pytest.approx(expected)
    assert mean["mrr10"] == pytest.approx((1.0 + 0.5 + 1.0) / 3)
    assert mean["p5"] == pytest.approx((0.2 + 0.2 + 0.2) / 3)
    assert mean["unjudged10"] == 1  # "x" in Q2


def test_evaluate_missing_run_counts_as_empty() -> None:
    result = evaluate(_queries(), QRELS, {"none": {}})
    assert result["systems"]["none"]["mean"]["ndcg10"] == 0.0
    assert result["systems"]["none"]["mean"]["mrr10"] == 0.0


def test_parse_queries_keeps_quotes_and_skips_comments() -> None:
    text = (
        "# a comment\n"
        "id\tclass\tquery\tneed\n"
        'K1\tknown-item\t"God Squad" exemption\tthe sidebar\n'
        "\n"
        "Z1\tchinese\t出口管制\texport control\n"
    )
    queries = parse_queries(text)
    assert [q.id for q in queries] == ["K1", "Z1"]
    assert queries[0].text == '"God Squad" exemption'
    assert queries[1].cls == "chinese"


@pytest.mark.parametrize(
    "line",
    [
        "Q1\ttopic\tonly three",
        "Q1\tnonsense\tquery\tneed",
        "\ttopic\tquery\tneed",
    ],
)
def test_parse_queries_rejects_bad_lines(line: str) -> None:
    with pytest.raises(CollectionError):
        parse_queries(line + "\n")


def test_parse_queries_rejects_duplicate_ids() -> None:
    with pytest.raises(CollectionError, match="duplicate"):
        parse_queries("Q1\ttopic\ta\tb\nQ1\ttopic\tc\td\n")


def test_parse_qrels_round_trip_with_notes() -> None:
    text = (
        "# judgements\n"
        "query_id\tpath\tgrade\tnote\n"
        "Q1\tdir/a.md\t3\n"
        "Q1\tdir/b b.pdf\t0\tonly the words occur\n"
        "Q2\t中文/法.md\t2\n"
    )
    qrels, notes = parse_qrels(text)
    assert qrels == {"Q1": {"dir/a.md": 3, "dir/b b.pdf": 0}, "Q2": {"中文/法.md": 2}}
    assert notes == {("Q1", "dir/b b.pdf"): "only the words occur"}
    again, again_notes = parse_qrels(format_qrels(qrels, notes))
    assert (again, again_notes) == (qrels, notes)


@pytest.mark.parametrize(
    "line",
    [
        "Q1\ta.md\t4",
        "Q1\ta.md\t-1",
        "Q1\ta.md\thigh",
        "Q1\t/abs/a.md\t1",
        "Q1\tdir\\a.md\t1",
        "Q1\ta.md",
    ],
)
def test_parse_qrels_rejects_bad_lines(line: str) -> None:
    with pytest.raises(CollectionError):
        parse_qrels(line + "\n")


def test_parse_qrels_rejects_a_pair_judged_twice() -> None:
    with pytest.raises(CollectionError, match="twice"):
        parse_qrels("Q1\ta.md\t1\nQ1\ta.md\t2\n")


def test_fts5_query_from_typed_words() -> None:
    assert fts5_terms('"God Squad" exemption') == ['"God Squad"', '"exemption"']
    assert fts5_terms("reciprocal tariff*") == ['"reciprocal"', '"tariff"*']
    assert fts5_terms("tariffs AND fentanyl NOT steel") == ['"tariffs"', '"fentanyl"', '"steel"']
    assert fts5_terms("50 U.S.C. 1701") == ['"50"', '"U.S.C."', '"1701"']
    assert fts5_terms("§ 1701") == ['"1701"']
    assert fts5_query("§") is None
    assert fts5_query("a b") == ('"a" "b"', '"a" OR "b"')
    assert has_cjk("出口管制") and not has_cjk("export control")


def test_parse_recollq_urls(tmp_path) -> None:
    import base64

    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)

    def line(path: str) -> str:
        return base64.b64encode(f"file://{path}".encode()).decode() + " "

    output = "\n".join([
        "Recoll query: Query((a AND b))",
        "3 results",
        line(str(corpus / "sub" / "x.md")),
        line(str(corpus / "sub")),  # a folder: dropped
        line(str(corpus / "sub" / "x.md")),  # a repeat: dropped
        line(str(corpus / "中文.pdf")),
    ])  # fmt: skip
    assert parse_recollq_urls(output, corpus.resolve()) == ["sub/x.md", "中文.pdf"]


def test_copies_collapsed_count_once() -> None:
    groups = {"r.md": "R", "r.pdf": "R"}
    judged = {"r.md": 3, "r.pdf": 3, "s": 2}
    assert collapse_ranking(["r.md", "r.pdf", "s"], groups) == ["R", "s"]
    assert collapse_judged(judged, groups) == {"R": 3, "s": 2}
    # files: both copies earn gain, ideal r.md, r.pdf, s -> ranking is ideal
    query = [Query("Q", "topic", "q", "")]
    files = evaluate(query, {"Q": judged}, {"sys": {"Q": ["r.md", "r.pdf", "s"]}})
    assert files["systems"]["sys"]["mean"]["ndcg10"] == pytest.approx(1.0)
    # collapsed: R at 1, s at 2 (the second copy is dropped) -> still ideal
    flat = evaluate(query, {"Q": judged}, {"sys": {"Q": ["r.md", "r.pdf", "s"]}}, groups)
    assert flat["systems"]["sys"]["mean"]["ndcg10"] == pytest.approx(1.0)
    # collapsed, with a filler between: R, x, s -> (3 + 2/2) / (3 + 2/1.58496)
    flat = evaluate(query, {"Q": judged}, {"sys": {"Q": ["r.pdf", "x", "r.md", "s"]}}, groups)
    expected = (3 + 2 / math.log2(4)) / (3 + 2 / math.log2(3))
    assert flat["systems"]["sys"]["mean"]["ndcg10"] == pytest.approx(expected)


def test_parse_copies() -> None:
    assert parse_copies("group\tpath\nR\ta.md\nR\ta.pdf\n") == {"a.md": "R", "a.pdf": "R"}
    with pytest.raises(CollectionError, match="two groups"):
        parse_copies("R\ta.md\nS\ta.md\n")
