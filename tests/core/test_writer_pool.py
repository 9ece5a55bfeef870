"""The writer's posting pool: postings come out grouped by term, in docnum order."""

from __future__ import annotations

from array import array

from hypothesis import given
from hypothesis import strategies as st

from briefreader.core.search.writer import SINGLE_OVERHEAD, TERM_OVERHEAD, GroupedPool

postings = st.lists(
    st.tuples(
        st.sampled_from(["body", "title"]),
        st.sampled_from([b"a", b"b", b"chip", b"zz"]),
        st.floats(min_value=1, max_value=50).map(float.__floor__).map(float),
        st.binary(max_size=8),
    ),
    max_size=60,
)


@given(postings)
def test_every_posting_comes_out_once_in_term_then_docnum_order(items) -> None:
    pool = GroupedPool()
    added = []
    for docnum, (fieldname, btext, weight, value) in enumerate(items):
        pool.add((fieldname, btext, docnum, weight, value))
        added.append((fieldname, btext, docnum, weight, value))
    out = list(pool.iter_postings())
    assert out == sorted(added, key=lambda p: (p[0], p[1], p[2]))
    assert len(pool) == 0


def test_a_single_posting_is_kept_small_and_grows_into_arrays() -> None:
    pool = GroupedPool()
    pool.add(("body", b"chip", 0, 2.0, b"\x01\x00\x00\x00"))
    assert pool.size == SINGLE_OVERHEAD + 4
    pool.add(("body", b"chip", 3, 1.0, b""))
    pool.add_many("body", b"chip", [7, 9], [1.0, 4.0], [b"x", None])
    assert pool.size == TERM_OVERHEAD + 4 + 3 * 16 + 1
    assert list(pool.iter_postings()) == [
        ("body", b"chip", 0, 2.0, b"\x01\x00\x00\x00"),
        ("body", b"chip", 3, 1.0, b""),
        ("body", b"chip", 7, 1.0, b"x"),
        ("body", b"chip", 9, 4.0, b""),
    ]
    pool.add_many("title", b"new", array("I", [1]), array("f", [1.0]), None)
    assert list(pool.iter_postings()) == [("title", b"new", 1, 1.0, b"")]
