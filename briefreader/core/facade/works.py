"""Works and versions through the Library: documents that are one report or one text
(several formats, several versions) listed as one, each with its members."""

from __future__ import annotations

from briefreader.core import works
from briefreader.core.errors import LibraryError
from briefreader.core.facade.base import FacadeBase
from briefreader.core.models import DocumentRecord, Work, WorkMember
from briefreader.core.store import Store

PREFER_FORMAT_SETTING = "works.prefer_format"


class WorksPart(FacadeBase):
    def works(self, include_missing: bool = False) -> list[Work]:
        """Every work by title, its members best first (``Work.preferred`` opens by default:
        the newest version, then the preferred format)."""
        prefer = self.preferred_format()
        with self._db as store:
            records = store.documents(include_missing=include_missing)
        return works.group_works(records, prefer)

    def work_members(self, doc_id: str) -> tuple[WorkMember, ...]:
        """The members of the document's work (itself included), best first."""
        prefer = self.preferred_format()
        with self._db as store:
            record = self._require_record(store, doc_id)
            same = [r for r in store.documents(include_missing=True) if r.work_id == record.work_id]
        return works.ordered_members(map(works.member, same), prefer)

    def preferred_format(self) -> str:
        """The format a work opens in when it has several: "markdown" (default) or "pdf"."""
        with self._db as store:
            found = store.setting(PREFER_FORMAT_SETTING)
        return found if found in works.FORMAT_ORDER else "markdown"

    def set_preferred_format(self, format: str) -> None:
        if format not in works.FORMAT_ORDER:
            raise LibraryError(f"works open as {' or '.join(works.FORMAT_ORDER)}, not {format!r}")
        with self._db as store:
            store.set_setting(PREFER_FORMAT_SETTING, format)

    def join_work(self, doc_id: str, other_doc_id: str) -> DocumentRecord:
        """Put ``doc_id`` in the work of ``other_doc_id`` (they are the same work)."""
        with self._db as store:
            other = self._require_record(store, other_doc_id)
            return self._set_work(store, doc_id, other.work_id)

    def split_work(self, doc_id: str) -> DocumentRecord:
        """Make the document a work of its own, whatever its report number or text say."""
        with self._db as store:
            return self._set_work(store, doc_id, works.alone(doc_id))

    def reset_work(self, doc_id: str) -> DocumentRecord:
        """Undo a split or a join: the work its report number or text give it."""
        with self._db as store:
            return self._set_work(store, doc_id, None)

    def _set_work(self, store: Store, doc_id: str, work_id: str | None) -> DocumentRecord:
        self._require_record(store, doc_id)
        store.set_work_override(doc_id, work_id)
        self._sync.note(documents=[doc_id])
        return self._require_record(store, doc_id)
