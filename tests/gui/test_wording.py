"""Changed wording and version diffs as rich text: what is struck, what is marked, what is
collapsed."""

from __future__ import annotations

from briefreader.core.changes import version_diff
from briefreader.core.models import Anchor, AnchorStatus, Annotation
from briefreader.core.textdiff import word_diff
from briefreader.gui.diff_html import DiffStyle, diff_counts, diff_html, diff_summary
from briefreader.gui.wording import inline_html, side_html, was_now_html, wording_pieces

STYLE = DiffStyle(text="#000000", muted="#777777")


def test_was_and_now_strike_the_removed_words_and_mark_the_added() -> None:
    pieces = word_diff("a 25% tariff on imports", "a 30% tariff on imports")
    html = was_now_html(pieces, "#777")
    was, now = html.split("</div>")[:2]
    assert "was" in was and "line-through'>25%</span>" in was and "30%" not in was
    assert "now" in now and "font-weight:600'>30%</span>" in now and "25%" not in now
    both = inline_html(pieces)
    assert both.index("25%") < both.index("30%")
    assert "&lt;" in side_html(word_diff("a<b", "a<c"), "added")  # escaped


def test_a_long_quote_is_cut_far_from_its_changes() -> None:
    head, tail = "word " * 40, " more" * 40
    pieces = word_diff(head + "old" + tail, head + "new" + tail)
    short = side_html(pieces, "added", limit=120)
    assert short.startswith("…") and short.endswith("…") and "new" in short
    assert len(short) < len(side_html(pieces, "added"))


def test_wording_pieces_only_for_a_reworded_annotation() -> None:
    now = Anchor("new words here", "", "", 0, 14, "h2")
    was = Anchor("old words here", "", "", 0, 14, "h1")
    reworded = Annotation(1, "u", "d", now, status=AnchorStatus.FUZZY, original=was)
    assert [p.kind for p in wording_pieces(reworded)] == ["removed", "added", "same"]
    assert wording_pieces(Annotation(2, "u2", "d", now)) == ()


def test_the_diff_collapses_unchanged_paragraphs_and_lists_the_annotations() -> None:
    filler = [f"Unchanged paragraph {n}." for n in range(10)]
    old = "\n".join(["Tariffs of 25% apply.", *filler, "A passage later removed."])
    new = "\n".join(["Tariffs of 30% apply.", *filler, "A paragraph added."])
    diff = version_diff("d", None, old, new, "h2", {7: ((0, 5),)}, {7: ((0, 5),)})
    assert diff_counts(diff) == {"changed": 1, "removed": 1, "added": 1}
    assert diff_summary(diff) == (
        "Paragraphs: 1 changed, 1 removed, 1 added; 1 annotation on them."
    )
    note = Annotation(7, "u", "d", Anchor("Tariffs", "", "", 0, 7, "h1"), note="rate **up**")
    html = diff_html(diff, {7: note}, STYLE)
    assert "… 8 unchanged paragraphs …" in html  # one shown on each side of the changes
    assert "Unchanged paragraph 0." in html and "Unchanged paragraph 9." in html
    assert "Unchanged paragraph 5." not in html
    assert "href='annotation:7'" in html and "rate **up**" in html
    assert "line-through'>A passage later removed.</span>" in html
    unchanged = next(i for i, b in enumerate(diff.blocks) if b.kind == "unchanged")
    assert "Unchanged paragraph 5." in diff_html(diff, {7: note}, STYLE, {unchanged})
    same = version_diff("d", None, old, old, "h1", {}, {})
    assert diff_summary(same) == "Nothing changed in the text since then."
