"""Changed documents, tried as an analyst would: write a briefing, index it, annotate it,
edit the file, index again; then look at the statuses, the original quotes, the review
list, the kept versions and what changed. Everything through the Library."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefreader.core.errors import LibraryError
from briefreader.core.library import Library
from briefreader.core.models import AnchorStatus, Annotation
from briefreader.core.store.versions import VERSIONS_KEPT
from briefreader.core.textdiff import ADDED, REMOVED

ANCHORED, MOVED, FUZZY, AMBIGUOUS, ORPHANED = (
    AnchorStatus.ANCHORED,
    AnchorStatus.MOVED,
    AnchorStatus.FUZZY,
    AnchorStatus.AMBIGUOUS,
    AnchorStatus.ORPHANED,
)

MINERALS = (
    "The ministry will restrict exports of germanium and gallium to protect national "
    "security interests from next spring, officials said on Tuesday."
)
LICENCES = (
    "The licence requirement applies to every export of the listed items, including "
    "re-exports from third countries, unless an exception in part 740 applies."
)
OUTLOOK = (
    "Analysts expect prices of the affected minerals to rise sharply once the measure "
    "takes effect in the second quarter of the year."
)
TRADE = (
    "Trade ministers will meet in Geneva to discuss the dispute settlement reform and the "
    "moratorium on customs duties for electronic transmissions."
)


def briefing(*sections: tuple[str, str], above: str = "") -> str:
    """A Markdown briefing: an optional first paragraph, then ``## title`` + paragraph."""
    parts = ["# Critical minerals briefing", ""]
    if above:
        parts += [above, ""]
    for title, paragraph in sections:
        parts += [f"## {title}", "", paragraph, ""]
    return "\n".join(parts)


ORIGINAL = briefing(("Controls", MINERALS), ("Licences", LICENCES), ("Outlook", OUTLOOK))


class Desk:
    """A library with one briefing file that the test edits."""

    def __init__(self, root: Path) -> None:
        self.folder = root / "briefings"
        self.folder.mkdir()
        self.path = self.folder / "minerals.md"
        self.path.write_text(ORIGINAL, encoding="utf-8")
        self.library = Library.open(root / "data")
        self.library.add_folders([self.folder])
        self.library.index()
        record = self.library.record_for_path(self.path)
        assert record is not None
        self.doc_id = record.doc_id

    def annotate(self, quote: str, **kwargs: object) -> Annotation:
        return self.library.annotate_quote(self.doc_id, quote, **kwargs)  # type: ignore[arg-type]

    def edit(self, text: str) -> None:
        """Save new text in the file and index again."""
        mtime = self.path.stat().st_mtime
        self.path.write_text(text, encoding="utf-8")
        os.utime(self.path, (mtime + 10, mtime + 10))
        self.library.index()

    def now(self, annotation: Annotation) -> Annotation:
        found = self.library.annotation(annotation.id)
        assert found is not None
        return found

    @property
    def text(self) -> str:
        return self.library.document(self.doc_id).text


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    desk = Desk(tmp_path)
    yield desk
    desk.library.close()


# ---------------------------------------------------------------------------
# The edit experiments
# ---------------------------------------------------------------------------


def test_a_word_changed_inside_a_quote_is_fuzzy_and_the_original_is_kept(desk: Desk) -> None:
    quote = "restrict exports of germanium and gallium"
    made = desk.annotate(quote, note="germanium supply")
    desk.edit(ORIGINAL.replace("germanium", "tungsten"))
    fuzzy = desk.now(made)
    assert fuzzy.status is FUZZY
    assert fuzzy.anchor.exact == "restrict exports of tungsten and gallium"
    assert fuzzy.original_anchor == made.anchor  # the quote as first highlighted
    assert fuzzy.reworded and fuzzy.note == "germanium supply"
    diff = desk.library.changes_since_annotated(desk.doc_id)
    assert diff.changed and fuzzy.id in diff.affected
    (changed,) = [b for b in diff.blocks if b.kind == "changed"]
    assert [(p.kind, p.text.strip()) for p in changed.pieces if p.kind != "same"] == [
        (REMOVED, "germanium"),
        (ADDED, "tungsten"),
    ]
    confirmed = desk.library.confirm_annotation(made.id)
    assert confirmed.status is ANCHORED and confirmed.confirmed
    assert confirmed.anchor.exact == fuzzy.anchor.exact
    assert confirmed.original_anchor == made.anchor  # confirming keeps the original too
    desk.edit(desk.path.read_text() + "\nA closing line.\n")
    assert desk.now(made).original_anchor == made.anchor


def test_a_deleted_passage_orphans_the_annotation_and_keeps_its_quote(desk: Desk) -> None:
    made = desk.annotate("prices of the affected minerals to rise sharply")
    desk.edit(briefing(("Controls", MINERALS), ("Licences", LICENCES)))
    orphan = desk.now(made)
    assert orphan.status is ORPHANED
    assert orphan.anchor == made.anchor == orphan.original_anchor
    diff = desk.library.changes_since_annotated(desk.doc_id)
    assert [b.kind for b in diff.blocks if made.id in b.annotation_ids] == ["removed"]
    (item,) = desk.library.needs_review()
    assert item.annotation.id == made.id and "re-attach" in item.decision
    again = desk.library.reattach_quote(made.id, "unless an exception in part 740 applies")
    assert again.status is ANCHORED and again.confirmed
    assert again.anchor.exact == "unless an exception in part 740 applies"
    assert again.original_anchor == made.anchor


def test_reattach_is_refused_for_text_that_is_not_there(desk: Desk) -> None:
    made = desk.annotate("prices of the affected minerals")
    with pytest.raises(LibraryError, match="not in"):
        desk.library.reattach_quote(made.id, "no such words anywhere")


def test_a_duplicated_paragraph_is_ambiguous_with_two_candidates(desk: Desk) -> None:
    quote = "including re-exports from third countries"
    made = desk.annotate(quote)
    desk.edit(
        briefing(
            ("Controls", MINERALS),
            ("Licences", LICENCES),
            ("Again", LICENCES),
            ("Outlook", OUTLOOK),
        )
    )
    ambiguous = desk.now(made)
    assert ambiguous.status is AMBIGUOUS
    assert ambiguous.anchor == made.anchor  # its last place, on the version it was on
    text = desk.text
    assert [text[c.start : c.end] for c in ambiguous.candidates] == [quote, quote]
    assert ambiguous.candidates[0].start < ambiguous.candidates[1].start
    (item,) = desk.library.needs_review()
    assert [p.number for p in item.places] == [1, 2] and "pick" in item.decision
    with pytest.raises(LibraryError, match="pick"):
        desk.library.confirm_annotation(made.id)
    with pytest.raises(LibraryError, match="choose 1 to 2"):
        desk.library.pick_candidate(made.id, 2)
    picked = desk.library.pick_candidate(made.id, 1)
    assert picked.status is ANCHORED and picked.anchor.start == ambiguous.candidates[1].start
    assert picked.original_anchor == made.anchor and picked.candidates == ()
    assert desk.library.needs_review() == []


def test_an_ambiguous_status_is_sticky_and_its_candidates_follow_the_text(desk: Desk) -> None:
    made = desk.annotate("including re-exports from third countries")
    twice = briefing(("Controls", MINERALS), ("Licences", LICENCES), ("Again", LICENCES))
    desk.edit(twice)
    before = desk.now(made).candidates
    desk.edit(twice.replace("# Critical", "Preface.\n\n# Critical"))
    after = desk.now(made)
    assert after.status is AMBIGUOUS
    assert [c.start for c in after.candidates] == [c.start + len("Preface.\n") for c in before]


def test_sections_reordered_move_the_annotations(desk: Desk) -> None:
    first = desk.annotate("restrict exports of germanium and gallium")
    last = desk.annotate("prices of the affected minerals to rise sharply")
    desk.edit(briefing(("Outlook", OUTLOOK), ("Licences", LICENCES), ("Controls", MINERALS)))
    text = desk.text
    for made in (first, last):
        moved = desk.now(made)
        assert moved.status is MOVED
        assert text[moved.anchor.start : moved.anchor.end] == made.anchor.exact
        assert moved.original_anchor == made.anchor
    assert desk.library.needs_review() == []


def test_text_inserted_above_moves_the_annotation_to_its_new_position(desk: Desk) -> None:
    made = desk.annotate("unless an exception in part 740 applies")
    desk.edit(briefing(("Controls", MINERALS), ("Licences", LICENCES), ("Outlook", OUTLOOK),
                       above="Summary: " + TRADE))  # fmt: skip
    moved = desk.now(made)
    assert moved.status is MOVED
    assert moved.anchor.start == made.anchor.start + len("Summary: " + TRADE) + 1  # + "\n"
    assert moved.anchor.exact == made.anchor.exact and moved.original_anchor == made.anchor


def test_twins_that_were_there_when_it_was_annotated_are_not_ambiguous(desk: Desk) -> None:
    twice = briefing(("Licences", LICENCES), ("Again", LICENCES))
    desk.edit(twice)
    made = desk.annotate("including re-exports from third countries", occurrence=2)
    desk.edit(twice + "\n## Trade\n\n" + TRADE + "\n")
    kept = desk.now(made)
    assert kept.status is ANCHORED and kept.anchor.start == made.anchor.start


def test_the_kept_version_serves_even_when_the_text_cache_is_lost(tmp_path: Path) -> None:
    desk = Desk(tmp_path)
    made = desk.annotate("including re-exports from third countries")
    desk.library.close()
    shutil.rmtree(tmp_path / "data" / "cache")
    desk.library = Library.open(tmp_path / "data")
    try:
        desk.edit(briefing(("Licences", LICENCES), ("Again", LICENCES), ("Outlook", OUTLOOK)))
        assert desk.now(made).status is AMBIGUOUS
        diff = desk.library.changes_since_annotated(desk.doc_id)
        assert diff.since is not None and diff.changed
    finally:
        desk.library.close()


# ---------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------


def test_versions_are_kept_listed_and_readable(desk: Desk) -> None:
    assert desk.library.versions(desk.doc_id) == []  # not annotated yet: nothing kept
    made = desk.annotate("restrict exports of germanium and gallium")
    (first,) = desk.library.versions(desk.doc_id)
    assert first.current and first.annotation_ids == (made.id,)
    annotated = desk.text
    edited = ORIGINAL.replace("germanium", "tungsten")
    desk.edit(edited)
    old, new = desk.library.versions(desk.doc_id)
    assert (old.content_hash, old.current, new.current) == (first.content_hash, False, True)
    assert desk.library.version_text(desk.doc_id, old.content_hash[:10]) == annotated
    document = desk.library.version_document(desk.doc_id, old.content_hash)
    assert "germanium" in document.text and document.content_hash == old.content_hash
    since = desk.library.changes_since_annotated(desk.doc_id, since=old.content_hash[:8])
    assert since.since == old and since.current_hash == new.content_hash
    same = desk.library.changes_since_annotated(desk.doc_id, since=new.content_hash)
    assert not same.changed
    with pytest.raises(LibraryError, match="no kept version"):
        desk.library.version_text(desk.doc_id, "ffff")


def test_a_document_without_annotations_keeps_no_versions(desk: Desk) -> None:
    desk.edit(ORIGINAL.replace("germanium", "tungsten"))
    assert desk.library.versions(desk.doc_id) == []
    diff = desk.library.changes_since_annotated(desk.doc_id)
    assert diff.since is None and not diff.changed


def test_a_document_resaved_many_times_keeps_a_bounded_number_of_versions(desk: Desk) -> None:
    made = desk.annotate("prices of the affected minerals to rise sharply")
    for n in range(VERSIONS_KEPT + 3):
        desk.edit(ORIGINAL + f"\nRevision {n}.\n")
    versions = desk.library.versions(desk.doc_id)
    assert len(versions) == VERSIONS_KEPT + 1  # the newest ten, and the one it was made on
    assert versions[0].content_hash == made.original_anchor.content_hash
    assert versions[-1].current
    diff = desk.library.changes_since_annotated(desk.doc_id)
    assert diff.since == versions[0]  # "since you annotated it"


def test_undo_of_a_delete_keeps_the_original_and_the_confirmation(desk: Desk) -> None:
    made = desk.annotate("restrict exports of germanium and gallium")
    desk.edit(ORIGINAL.replace("germanium", "tungsten"))
    confirmed = desk.library.confirm_annotation(made.id)
    deleted = desk.library.delete_annotation(made.id)
    restored = desk.library.restore_annotation(deleted)
    assert restored == confirmed


# ---------------------------------------------------------------------------
# Properties: random edits never lose an annotation nor change its original quote
# ---------------------------------------------------------------------------

PARAGRAPHS = [MINERALS, LICENCES, OUTLOOK, TRADE]
edits = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "replace", "duplicate", "swap"]),
        st.floats(0, 1),
        st.floats(0, 1),
        st.text("abcdefg ,.\n", max_size=40),
    ),
    min_size=1,
    max_size=4,
)


def _apply(text: str, edit: tuple[str, float, float, str]) -> str:
    kind, a, b, words = edit
    lo, hi = sorted((int(a * len(text)), int(b * len(text))))
    paragraphs = text.split("\n\n")
    if kind == "insert":
        return text[:lo] + words + text[lo:]
    if kind == "delete":
        return text[:lo] + text[hi:]
    if kind == "replace":
        return text[:lo] + words + text[hi:]
    i = min(int(a * len(paragraphs)), len(paragraphs) - 1)
    j = min(int(b * len(paragraphs)), len(paragraphs) - 1)
    if kind == "duplicate":
        paragraphs.insert(j, paragraphs[i])
    else:
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    return "\n\n".join(paragraphs)


@pytest.mark.slow
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.lists(edits, min_size=1, max_size=3))
def test_random_edits_never_lose_an_annotation_nor_change_its_original(
    tmp_path_factory: pytest.TempPathFactory, changes: list[list[tuple[str, float, float, str]]]
) -> None:
    desk = Desk(tmp_path_factory.mktemp("desk"))
    try:
        made = [
            desk.annotate(q)
            for q in ("germanium and gallium", "re-exports from third countries", "rise sharply")
        ]
        text = ORIGINAL
        for round_of_edits in changes:
            for edit in round_of_edits:
                text = _apply(text, edit)
            desk.edit(text or "Empty.")
            now = {a.id: a for a in desk.library.annotations(doc_id=desk.doc_id)}
            assert set(now) == {a.id for a in made}
            current = desk.text
            for first in made:
                annotation = now[first.id]
                assert annotation.original_anchor == first.anchor
                if annotation.status.placed:
                    anchor = annotation.anchor
                    assert current[anchor.start : anchor.end] == anchor.exact
                if annotation.status is AMBIGUOUS:  # its places are in the current text
                    assert annotation.candidates
                    assert all(c.end <= len(current) for c in annotation.candidates)
    finally:
        desk.library.close()
