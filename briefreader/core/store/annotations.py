"""Annotations: highlights with colour, Markdown note, passage tags and their anchor."""

from __future__ import annotations

import json
import sqlite3
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from briefreader.core.models import COLORS, Anchor, AnchorStatus, Annotation, Candidate
from briefreader.core.store import clock
from briefreader.core.store.database import now
from briefreader.core.store.tags import sorted_tags, tag_key
from briefreader.core.store.versions import VersionsMixin

_COLUMNS = (
    'a.id, a.uuid, a.doc_id, a.exact, a.prefix, a.suffix, a.start, a."end", a.content_hash, '
    "a.color, a.note, a.status, a.created, a.updated, a.original_exact, a.original_prefix, "
    "a.original_suffix, a.original_start, a.original_end, a.original_hash, a.confirmed, "
    "a.candidates"
)
_INSERT = (
    'INSERT INTO annotations (id, uuid, doc_id, exact, prefix, suffix, start, "end", '
    "content_hash, color, note, status, created, updated, original_exact, original_prefix, "
    "original_suffix, original_start, original_end, original_hash, confirmed, candidates) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_ANCHOR = 'exact = ?, prefix = ?, suffix = ?, start = ?, "end" = ?, content_hash = ?'

_READING_ORDER = (
    'ORDER BY d.title COLLATE NOCASE, d.title, d.path, a.doc_id, a.start, a."end", a.id'
)


def check_color(color: str) -> str:
    """``color`` when it is one of ``models.COLORS``, else ``ValueError``."""
    if color not in COLORS:
        raise ValueError(f"unknown colour {color!r}; choose one of: {', '.join(COLORS)}")
    return color


class AnnotationsMixin(VersionsMixin):
    """Create, read, update, delete and restore annotations."""

    def add_annotation(
        self,
        doc_id: str,
        anchor: Anchor,
        color: str,
        note: str = "",
        tags: Iterable[str] = (),
        uuid: str | None = None,
        created: str | None = None,
        status: AnchorStatus | str = AnchorStatus.ANCHORED,
        *,
        original: Anchor | None = None,
        updated: str | None = None,
        confirmed: str = "",
        candidates: Iterable[Candidate] = (),
    ) -> Annotation:
        """A new annotation on ``doc_id`` (``KeyError`` if there is no such document).

        ``uuid`` (default: a new uuid4), ``created`` (default: now), ``updated`` (default:
        ``created``), ``original`` (default: ``anchor``), ``confirmed`` and ``candidates``
        let an import keep what an annotation made elsewhere carries.
        """
        check_color(color)
        status = AnchorStatus(status)
        with self.transaction() as conn:
            self._require_document(conn, doc_id)
            stamp = created or clock.stamp(conn)
            conn.execute(
                _INSERT,
                (None, uuid or str(uuidlib.uuid4()), doc_id, *_anchor_values(anchor), color,
                 note, status.value, stamp, updated or stamp,
                 *_anchor_values(original or anchor), confirmed, _candidates_json(candidates)),
            )  # fmt: skip
            annotation_id = int(conn.execute("SELECT last_insert_rowid()").fetchone()[0])
            self._set_annotation_tags(conn, annotation_id, tags)
            if status.placed:
                self._record_placement(conn, doc_id, annotation_id, anchor)
        return self._require_annotation(annotation_id)

    def annotation(self, annotation_id: int) -> Annotation | None:
        found = self._annotations("WHERE a.id = ?", (annotation_id,))
        return found[0] if found else None

    def annotation_by_uuid(self, uuid: str) -> Annotation | None:
        found = self._annotations("WHERE a.uuid = ?", (uuid,))
        return found[0] if found else None

    def annotations(
        self,
        doc_id: str | None = None,
        tag: str | None = None,
        status: AnchorStatus | str | None = None,
        color: str | None = None,
        since: str | None = None,
    ) -> list[Annotation]:
        """Annotations in reading order (documents by title, then start offset).

        Filters combine: ``tag`` is case-insensitive, ``since`` (ISO 8601 UTC) keeps those
        created or changed after that moment.
        """
        conditions, params = [], []
        if doc_id is not None:
            conditions.append("a.doc_id = ?")
            params.append(doc_id)
        if tag is not None:
            conditions.append(
                "a.id IN (SELECT x.annotation_id FROM annotation_tags x "
                "JOIN tags t ON t.id = x.tag_id WHERE t.key = ?)"
            )
            params.append(tag_key(tag))
        if status is not None:
            conditions.append("a.status = ?")
            params.append(AnchorStatus(status).value)
        if color is not None:
            conditions.append("a.color = ?")
            params.append(color)
        if since is not None:
            conditions.append("a.updated > ?")
            params.append(since)
        where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        return self._annotations(where, params)

    def update_annotation(
        self,
        annotation_id: int,
        color: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Annotation:
        """Change what is given (None leaves it); stamps ``updated``. ``KeyError`` if absent."""
        if color is not None:
            check_color(color)
        with self.transaction() as conn:
            self._require_annotation_row(conn, annotation_id)
            if color is not None:
                conn.execute(
                    "UPDATE annotations SET color = ? WHERE id = ?", (color, annotation_id)
                )
            if note is not None:
                conn.execute("UPDATE annotations SET note = ? WHERE id = ?", (note, annotation_id))
            if tags is not None:
                self._set_annotation_tags(conn, annotation_id, tags)
            conn.execute(
                "UPDATE annotations SET updated = ? WHERE id = ?",
                (clock.stamp(conn), annotation_id),
            )
        return self._require_annotation(annotation_id)

    def set_anchor(
        self,
        annotation_id: int,
        anchor: Anchor,
        status: AnchorStatus | str,
        candidates: Iterable[Candidate] = (),
    ) -> Annotation:
        """Re-anchor an annotation after an edit: its current anchor, status and candidate
        places. The original anchor, ``updated`` and ``confirmed`` are left alone."""
        status = AnchorStatus(status)
        with self.transaction() as conn:
            doc_id = self._require_annotation_row(conn, annotation_id)
            conn.execute(
                f"UPDATE annotations SET {_ANCHOR}, status = ?, candidates = ? WHERE id = ?",
                (*_anchor_values(anchor), status.value, _candidates_json(candidates),
                 annotation_id),
            )  # fmt: skip
            if status.placed:
                self._record_placement(conn, doc_id, annotation_id, anchor)
        return self._require_annotation(annotation_id)

    def confirm_anchor(self, annotation_id: int, anchor: Anchor) -> Annotation:
        """The user's decision on an annotation's place (confirm, pick, re-attach): the
        anchor becomes its accepted place (``ANCHORED``), stamped ``confirmed``; the
        original anchor stays as it was."""
        with self.transaction() as conn:
            self.set_anchor(annotation_id, anchor, AnchorStatus.ANCHORED)
            conn.execute(
                "UPDATE annotations SET confirmed = ? WHERE id = ?", (now(), annotation_id)
            )
        return self._require_annotation(annotation_id)

    def delete_annotation(self, annotation_id: int) -> Annotation:
        """Delete and return the annotation (keep it to offer undo). ``KeyError`` if absent."""
        with self.transaction() as conn:
            annotation = self._require_annotation(annotation_id)
            tag_ids = [
                r[0]
                for r in conn.execute(
                    "SELECT tag_id FROM annotation_tags WHERE annotation_id = ?", (annotation_id,)
                )
            ]
            conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
            self._drop_if_unused(conn, tag_ids)
        return annotation

    def restore_annotation(self, annotation: Annotation) -> Annotation:
        """Put a deleted annotation back with its id, uuid, dates, tags and anchor (undo).

        Ids are never reused (AUTOINCREMENT), so the old id is free. Restoring an annotation
        that is already there returns it; ``ValueError`` if its id or uuid now belongs to
        another annotation, ``KeyError`` if its document is gone.
        """
        check_color(annotation.color)
        with self.transaction() as conn:
            self._require_document(conn, annotation.doc_id)
            row = conn.execute(
                "SELECT id, uuid FROM annotations WHERE id = ? OR uuid = ?",
                (annotation.id, annotation.uuid),
            ).fetchall()
            if row:
                if row == [(annotation.id, annotation.uuid)]:
                    return self._require_annotation(annotation.id)
                raise ValueError(f"annotation id {annotation.id} or its uuid is in use")
            conn.execute(
                _INSERT,
                (annotation.id, annotation.uuid, annotation.doc_id,
                 *_anchor_values(annotation.anchor), annotation.color, annotation.note,
                 AnchorStatus(annotation.status).value, annotation.created or now(),
                 annotation.updated or annotation.created or now(),
                 *_anchor_values(annotation.original_anchor), annotation.confirmed,
                 _candidates_json(annotation.candidates)),
            )  # fmt: skip
            self._set_annotation_tags(conn, annotation.id, annotation.tags)
        return self._require_annotation(annotation.id)

    # -- helpers ------------------------------------------------------------------------

    def _annotations(self, where: str, params: Sequence[Any]) -> list[Annotation]:
        base = "FROM annotations a JOIN documents d ON d.doc_id = a.doc_id"
        rows = self._read(f"SELECT {_COLUMNS} {base} {where} {_READING_ORDER}", params)
        if not rows:
            return []
        tags: dict[int, list[str]] = defaultdict(list)
        for annotation_id, name in self._read(
            "SELECT x.annotation_id, t.name FROM annotation_tags x JOIN tags t ON t.id = x.tag_id "
            f"WHERE x.annotation_id IN (SELECT a.id {base} {where})",
            params,
        ):
            tags[annotation_id].append(name)
        return [_annotation(row, tags.get(row[0], ())) for row in rows]

    def _require_annotation(self, annotation_id: int) -> Annotation:
        annotation = self.annotation(annotation_id)
        if annotation is None:
            raise KeyError(f"no annotation with id {annotation_id}")
        return annotation

    def _require_annotation_row(self, conn: sqlite3.Connection, annotation_id: int) -> str:
        """The annotation's doc_id; ``KeyError`` when there is no such annotation."""
        row = conn.execute("SELECT doc_id FROM annotations WHERE id = ?", (annotation_id,))
        found = row.fetchone()
        if found is None:
            raise KeyError(f"no annotation with id {annotation_id}")
        return str(found[0])

    def _set_annotation_tags(
        self, conn: sqlite3.Connection, annotation_id: int, names: Iterable[str]
    ) -> None:
        old_ids = [
            r[0]
            for r in conn.execute(
                "SELECT tag_id FROM annotation_tags WHERE annotation_id = ?", (annotation_id,)
            )
        ]
        conn.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", (annotation_id,))
        conn.executemany(
            "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
            [(annotation_id, tag_id) for tag_id in self._tag_ids(conn, names)],
        )
        self._drop_if_unused(conn, old_ids)


def _anchor_values(anchor: Anchor) -> tuple[Any, ...]:
    return (anchor.exact, anchor.prefix, anchor.suffix, anchor.start, anchor.end,
            anchor.content_hash)  # fmt: skip


def _candidates_json(candidates: Iterable[Candidate]) -> str:
    return json.dumps([[c.start, c.end, round(c.score, 4), c.content_hash] for c in candidates])


def _candidates(text: str) -> tuple[Candidate, ...]:
    return tuple(
        Candidate(int(start), int(end), float(score), str(content_hash))
        for start, end, score, content_hash in json.loads(text or "[]")
    )


def _annotation(row: Sequence[Any], tags: Iterable[str]) -> Annotation:
    (annotation_id, uuid, doc_id, exact, prefix, suffix, start, end, content_hash, color, note,
     status, created, updated, o_exact, o_prefix, o_suffix, o_start, o_end, o_hash, confirmed,
     candidates) = row  # fmt: skip
    anchor = Anchor(exact, prefix, suffix, start, end, content_hash)
    original = anchor if o_exact is None else Anchor(o_exact, o_prefix, o_suffix, o_start, o_end,
                                                     o_hash)  # fmt: skip
    return Annotation(
        id=annotation_id,
        uuid=uuid,
        doc_id=doc_id,
        anchor=anchor,
        color=color,
        note=note,
        tags=sorted_tags(tags),
        status=AnchorStatus(status),
        created=created,
        updated=updated,
        original=original,
        confirmed=confirmed,
        candidates=_candidates(candidates),
    )
