"""HTML to canonical text and blocks, and the sanitiser (core/formats/blocks.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefreader.core.formats.blocks import (
    html_to_blocks,
    read_html_head,
    safe_href,
    sanitize_html,
    verify_blocks,
)
from briefreader.core.models import Block, Span


def layout(html: str, sanitize: bool = True) -> tuple[str, tuple[Block, ...]]:
    """Blocks for ``html``, checked against the canonical-text invariant."""
    text, blocks = html_to_blocks(sanitize_html(html) if sanitize else html)
    assert verify_blocks(text, blocks) == []
    return text, blocks


def lines(html: str) -> list[tuple[str, str]]:
    """(kind, text) of every block."""
    text, blocks = layout(html)
    return [(b.kind, text[b.start : b.end]) for b in blocks]


def spans(html: str) -> list[tuple[str, str, str | None]]:
    """(covered text, style, href) of every span."""
    text, blocks = layout(html)
    return [(text[s.start : s.end], s.style, s.href) for b in blocks for s in b.spans]


def test_verify_blocks_catches_broken_layouts() -> None:
    text = "ab\ncd"
    assert verify_blocks(text, (Block("paragraph", 0, 2), Block("paragraph", 3, 5))) == []
    assert verify_blocks(text, (Block("paragraph", 0, 5),))
    assert verify_blocks(text, (Block("paragraph", 0, 2),))
    bad_span = Block("paragraph", 0, 2, spans=(Span(1, 4, "bold"),))
    assert verify_blocks(text, (bad_span, Block("paragraph", 3, 5)))


def test_headings_and_paragraphs() -> None:
    text, blocks = layout("<h1>Title</h1><p>Body text.</p><h3>Sub</h3>")
    assert text == "Title\nBody text.\nSub"
    assert [(b.kind, b.level) for b in blocks] == [("heading", 1), ("paragraph", 0), ("heading", 3)]


def test_white_space_collapses_like_a_browser() -> None:
    assert lines("<p>  Soft\nline   break\t and <b> bold </b> end  </p>") == [
        ("paragraph", "Soft line break and bold end")
    ]


def test_odd_spaces_are_not_white_space() -> None:
    text, _ = layout("<p>§\u202f1701 and&nbsp;more\u00a0</p>")
    assert text == "§\u202f1701 and\u00a0more\u00a0"


def test_entities_are_decoded() -> None:
    assert layout("<p>AT&amp;T &lt;b&gt; &#8220;q&#8221; &eacute;</p>")[0] == "AT&T <b> “q” é"


def test_br_splits_a_paragraph_into_blocks_of_the_same_kind() -> None:
    assert lines("<p>one<br>two</p><ul><li>a<br/>b</li></ul><blockquote>x<br>y</blockquote>") == [
        ("paragraph", "one"),
        ("paragraph", "two"),
        ("list_item", "a"),
        ("list_item", "b"),
        ("quote", "x"),
        ("quote", "y"),
    ]


def test_double_br_is_an_empty_line_but_leading_and_trailing_br_are_not() -> None:
    assert lines("<p><br>a<br><br>b<br></p>") == [
        ("paragraph", "a"),
        ("paragraph", ""),
        ("paragraph", "b"),
    ]


def test_lists_nesting_ordering_and_numbers() -> None:
    html = '<ul><li>one</li><li>two<ol start="3"><li>three</li><li>four</li></ol></li></ul>'
    _, blocks = layout(html)
    assert [(b.kind, b.level, b.ordered, b.number) for b in blocks] == [
        ("list_item", 1, False, 0),
        ("list_item", 1, False, 0),
        ("list_item", 2, True, 3),
        ("list_item", 2, True, 4),
    ]


def test_unclosed_list_items_close_each_other() -> None:
    _, blocks = layout("<ol><li>a<li>b<li>c</ol>", sanitize=False)
    assert [b.number for b in blocks] == [1, 2, 3]


def test_blockquote_paragraphs_carry_their_depth() -> None:
    _, blocks = layout("<blockquote><p>a</p><blockquote><p>b</p></blockquote><p>c</p></blockquote>")
    assert [(b.kind, b.level) for b in blocks] == [("quote", 1), ("quote", 2), ("quote", 1)]


def test_code_block_is_one_block_per_line_with_spaces_kept() -> None:
    html = "<pre><code>def f():\n    return  1\n\nx = 2\n</code></pre>"
    assert lines(html) == [
        ("code", "def f():"),
        ("code", "    return  1"),
        ("code", ""),
        ("code", "x = 2"),
    ]


def test_newline_right_after_pre_is_not_content() -> None:
    assert lines("<pre>\n  Sec. 1.\n</pre>") == [("code", "  Sec. 1.")]


def test_tables_give_coordinates_headers_and_empty_cells() -> None:
    html = (
        "<table><thead><tr><th>A</th><th>B</th></tr></thead>"
        '<tbody><tr><td colspan="2">wide</td><td></td></tr></tbody></table>'
        "<table><tr><td>second</td></tr></table>"
    )
    text, blocks = layout(html)
    assert [(text[b.start : b.end], b.table, b.row, b.col, b.header) for b in blocks] == [
        ("A", 0, 0, 0, True),
        ("B", 0, 0, 1, True),
        ("wide", 0, 1, 0, False),
        ("", 0, 1, 2, False),
        ("second", 1, 0, 0, False),
    ]
    assert {b.kind for b in blocks} == {"table_cell"}


def test_horizontal_rule_is_an_empty_rule_block() -> None:
    assert lines("<p>a</p><hr><p>b</p>") == [("paragraph", "a"), ("rule", ""), ("paragraph", "b")]


def test_inline_spans_have_absolute_offsets() -> None:
    html = (
        "<p>first</p><p><b>bold</b> <i>it</i> <code>x()</code> <a href='https://e.org'>link</a>"
        " <s>gone</s> x<sup>2</sup> H<sub>2</sub>O <mark>hi</mark></p>"
    )
    assert spans(html) == [
        ("bold", "bold", None),
        ("it", "italic", None),
        ("x()", "code", None),
        ("link", "link", "https://e.org"),
        ("gone", "strike", None),
        ("2", "sup", None),
        ("2", "sub", None),
        ("hi", "mark", None),
    ]


def test_nested_spans_and_spans_across_a_line_break() -> None:
    assert spans("<p><b>a <i>b</i><br>c</b></p>") == [
        ("a b", "bold", None),
        ("b", "italic", None),
        ("c", "bold", None),
    ]


def test_spans_are_trimmed_with_the_block() -> None:
    text, blocks = layout("<p>x <b>y </b></p>")
    assert text == "x y"
    assert blocks[0].spans == (Span(2, 3, "bold"),)


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("mailto:desk@example.org", True),
        ("#section-2", True),
        ("javascript:alert(1)", False),
        ("/relative/path", False),
        ("data:text/html;base64,AAAA", False),
        ("file:///etc/passwd", False),
        (None, False),
    ],
)
def test_safe_href(href: str | None, kept: bool) -> None:
    assert (safe_href(href) is not None) is kept


def test_unsafe_links_keep_their_text_but_lose_the_link() -> None:
    raw = '<p><a href="javascript:x()">a</a> <a href="/rel">b</a> <a href="#f">c</a></p>'
    for sanitize in (True, False):
        text, blocks = layout(raw, sanitize=sanitize)
        assert text == "a b c"
        assert [(s.style, s.href) for s in blocks[0].spans] == [("link", "#f")]


def test_images_become_text_and_nothing_remote_survives() -> None:
    html = (
        '<p><img src="https://x.org/a.png" alt="A  chart"> and <img src="b.png">'
        ' <img src="//x.org/c.png"> <img src="data:image/png;base64,AAAA"></p>'
    )
    clean = sanitize_html(html)
    assert "x.org" not in clean and "data:" not in clean and 'src="b.png"' in clean
    assert lines(html) == [("paragraph", "[Image: A chart] and [Image] [Image] [Image]")]
    _text, blocks = html_to_blocks(clean)
    images = [(s.style, s.href) for b in blocks for s in b.spans]
    assert images == [("image", "b.png")]  # the local one only, shown by the reader


def test_sanitiser_removes_active_content() -> None:
    html = (
        '<p onclick="steal()" style="background:url(data:x)">Hi</p>'
        "<script>alert(1)</script><style>p{}</style>"
        '<iframe src="https://x.org">frame text</iframe><object data="x">object text</object>'
        '<embed src="x.swf"><noscript>enable js</noscript>'
    )
    clean = sanitize_html(html)
    for word in ("onclick", "style", "script", "alert", "iframe", "frame text", "object", "embed"):
        assert word not in clean
    assert lines(html) == [("paragraph", "Hi")]


def test_script_and_style_content_is_skipped_even_without_sanitising() -> None:
    assert layout("<p>a<script>var x = '<p>';</script>b<style>p {}</style></p>", False)[0] == "ab"


def test_unknown_tags_keep_their_text() -> None:
    # nh3 drops the content of tags named like MathML/SVG elements (<divide>, <list>, ...).
    html = "<pre>Sec. 1.\n<divide>Sec. 2. Kept.\n</pre><p>PM<INF>2.5</INF> <list>items</list></p>"
    assert lines(html) == [
        ("code", "Sec. 1."),
        ("code", "Sec. 2. Kept."),
        ("paragraph", "PM2.5 items"),
    ]


def test_text_outside_blocks_is_a_paragraph() -> None:
    assert lines("loose <b>text</b><div>in div</div>tail") == [
        ("paragraph", "loose text"),
        ("paragraph", "in div"),
        ("paragraph", "tail"),
    ]


def test_empty_and_white_space_html_gives_no_blocks() -> None:
    assert html_to_blocks("") == ("", ())
    assert html_to_blocks("  <p> \n </p> <div></div>") == ("", ())


def test_crlf_inside_html_never_ends_up_in_a_block() -> None:
    text, _ = layout("<pre>a\r\nb\rc</pre><p>x\r\ny</p>")
    assert text == "a\nb\nc\nx y"


def test_read_html_head() -> None:
    html = (
        "<html><head><title> Hearing &amp;\n Record </title>"
        '<meta name="Date" content="2023-11-02"><meta name="author" content="Clerk">'
        '<meta property="og:description" content="About it"></head>'
        "<body><title>not this</title></body></html>"
    )
    title, meta = read_html_head(html)
    assert title == "Hearing & Record"
    assert meta == {"date": "2023-11-02", "author": "Clerk", "og:description": "About it"}


def test_a_long_single_paragraph_is_one_block() -> None:
    words = "word " * 200_000
    text, blocks = layout(f"<p>{words}</p>")
    assert len(blocks) == 1
    assert len(text) == len(words) - 1


def test_many_blocks() -> None:
    html = "".join(f"<p>para {i} <b>b</b></p>" for i in range(5_000))
    text, blocks = layout(html)
    assert len(blocks) == 5_000
    assert text.endswith("para 4999 b")
    assert blocks[-1].spans[0].start == len(text) - 1


_TAGS = [
    "p", "/p", "br", "b", "/b", "i", "/i", "a href='https://x.org'", "/a", "ul", "/ul", "ol",
    "/ol", "li", "/li", "blockquote", "/blockquote", "pre", "/pre", "code", "/code", "table",
    "/table", "tr", "/tr", "td", "/td", "th", "/th", "thead", "/thead", "h2", "/h2", "hr",
    "img alt='x'", "div", "/div", "script", "/script", "divide", "/divide", "sup", "/sup",
]  # fmt: skip
_PIECES = st.one_of(
    st.sampled_from([f"<{tag}>" for tag in _TAGS]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    st.sampled_from([" ", "\n", "\r\n", "&amp;", "&nbsp;", "\u202f", "  \t"]),
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_any_tag_soup_gives_a_valid_layout(pieces: list[str]) -> None:
    html = "".join(pieces)
    for sanitize in (True, False):
        text, blocks = html_to_blocks(sanitize_html(html) if sanitize else html)
        assert verify_blocks(text, blocks) == []
        assert "\r" not in text
