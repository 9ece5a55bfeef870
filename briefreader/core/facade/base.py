"""What every part of the Library facade shares: the guarded store and the index sync."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from briefreader.core.errors import LibraryError
from briefreader.core.models import DocumentRecord
from briefreader.core.store import Store
from briefreader.core.store.guard import GuardedStore
from briefreader.core.sync.index_sync import IndexSync

T = TypeVar("T")


class FacadeBase:
    """Set up by ``Library.__init__``."""

    _db: GuardedStore
    _sync: IndexSync

    @staticmethod
    def _require_record(store: Store, doc_id: str) -> DocumentRecord:
        record = store.document(doc_id)
        if record is None:
            raise LibraryError(f"no document with id {doc_id}")
        return record


def user_error(change: Callable[[], T]) -> T:
    """Run a store change; its ``KeyError``/``ValueError`` (an unknown name, a bad value)
    become one-line ``LibraryError``s."""
    try:
        return change()
    except KeyError as error:
        raise LibraryError(str(error.args[0]) if error.args else "not found") from None
    except ValueError as error:
        raise LibraryError(str(error)) from None
