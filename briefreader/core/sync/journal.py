"""Search-index changes the store already holds but the index does not yet.

The ``Library`` saves every annotation and tag change in SQLite first; the Whoosh entry
follows when the index's write lock is free, and rapid changes are committed together.
What waits is kept as ids (the entry is built from the store when it is applied, so the
index always gets the latest state and each id is written once) and in a small journal
file in ``<data dir>/journal`` (not in the index folder, which a rebuild wipes), so that
changes a process could not apply before it stopped are applied by the next one that opens
the library. Applying a journal is always safe, even a stale one: each id's entry is
written from what the store holds now, or removed when the store has none.

- ``pending-<pid>-<token>.json``: a running Library's changes (``token`` tells two
  Libraries of one process apart); adopted by others only once that process is gone;
- ``pending-closed-<token>.json``: left by a Library closed while the index was busy;
  the next Library to open adopts it;
- ``session-<pid>-<token>``: there while a Library is open. One left by a process that is
  gone means it stopped without closing (killed, crashed, power cut) and may have been
  stopped between saving a change and writing its journal: the next Library then writes
  every annotation entry again from the store (``PendingChanges.everything``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from briefreader.core.search.locking import process_alive

log = logging.getLogger(__name__)

JOURNAL_DIR = "journal"
_OPEN = re.compile(r"pending-(\d+)-[0-9a-f]+\.json")
_CLOSED = re.compile(r"pending-closed-[0-9a-f]+\.json")
_SESSION = re.compile(r"session-(\d+)-[0-9a-f]+")


@dataclass
class PendingChanges:
    """Annotation ids to (re)index or remove, documents whose metadata changed, and
    documents whose note changed."""

    annotations: set[int] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    everything: bool = False  # every annotation and note entry, after a Library stopped unclosed
    notes: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.annotations or self.documents or self.everything or self.notes)

    def __len__(self) -> int:
        return len(self.annotations) + len(self.documents) + self.everything + len(self.notes)

    def add(
        self,
        annotations: Iterable[int] = (),
        documents: Iterable[str] = (),
        notes: Iterable[str] = (),
    ) -> bool:
        """Add ids; True when any was new."""
        before = len(self)
        self.annotations.update(annotations)
        self.documents.update(documents)
        self.notes.update(notes)
        return len(self) != before

    def merge(self, other: PendingChanges) -> None:
        self.add(other.annotations, other.documents, other.notes)
        self.everything = self.everything or other.everything

    def __or__(self, other: PendingChanges) -> PendingChanges:
        return PendingChanges(
            self.annotations | other.annotations,
            self.documents | other.documents,
            self.everything or other.everything,
            self.notes | other.notes,
        )

    def take(self) -> PendingChanges:
        """Everything pending, leaving this empty."""
        taken = PendingChanges(self.annotations, self.documents, self.everything, self.notes)
        self.annotations, self.documents, self.everything = set(), set(), False
        self.notes = set()
        return taken

    def to_json(self) -> str:
        return json.dumps(
            {
                "annotations": sorted(self.annotations),
                "documents": sorted(self.documents),
                "everything": self.everything,
                "notes": sorted(self.notes),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> PendingChanges:
        data = json.loads(text)
        return cls(
            {int(a) for a in data.get("annotations", ())},
            {str(d) for d in data.get("documents", ())},
            bool(data.get("everything", False)),
            {str(d) for d in data.get("notes", ())},
        )


class Journal:
    """This Library's pending changes on disk (see the module notes)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._token = uuid.uuid4().hex[:12]
        self.path = folder / f"pending-{os.getpid()}-{self._token}.json"
        self.session = folder / f"session-{os.getpid()}-{self._token}"
        self._written = False

    def begin(self) -> None:
        """Mark this Library open (see the module notes); never raises."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.session.touch()
        except OSError as error:
            log.warning("could not mark the library open: %s", error)

    def save(self, pending: PendingChanges) -> None:
        """Write ``pending`` (or remove the file when nothing is pending). Never raises:
        the store holds the changes; the journal only spares a stale index."""
        try:
            if not pending:
                if self._written:
                    self.path.unlink(missing_ok=True)
                    self._written = False
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(pending.to_json(), encoding="utf-8")
            os.replace(tmp, self.path)
            self._written = True
        except OSError as error:
            log.warning("could not write the pending index changes: %s", error)

    def close(self, pending: PendingChanges) -> None:
        """Leave what is still pending for the next Library that opens."""
        self.save(pending)
        if self._written:
            with suppress(OSError):
                os.replace(self.path, self.folder / f"pending-closed-{self._token}.json")
            self._written = False
        with suppress(OSError):
            self.session.unlink(missing_ok=True)

    def adopt_orphans(self) -> PendingChanges:
        """Take over (and delete) the journals of closed Libraries and dead processes."""
        adopted = PendingChanges()
        for path in self._ended_sessions():
            log.warning("BriefReader process %s stopped without closing the library", path.name)
            adopted.everything = True
            with suppress(OSError):
                path.unlink()
        for path in self._orphans():
            try:
                adopted.merge(PendingChanges.from_json(path.read_text(encoding="utf-8")))
            except FileNotFoundError:
                continue  # another Library adopted it meanwhile
            except (OSError, ValueError, TypeError, AttributeError) as error:
                log.warning("unreadable pending index changes %s: %s", path.name, error)
            with suppress(OSError):
                path.unlink()
        return adopted

    def _ended_sessions(self) -> Iterator[Path]:
        """Session markers of processes that are gone."""
        for path, match in self._files("session-*", _SESSION):
            if path != self.session and match and not process_alive(int(match[1])):
                yield path

    def _orphans(self) -> Iterator[Path]:
        """Journals left by closed Libraries and by processes that are gone."""
        for path, match in self._files("pending-*.json", _OPEN):
            if path != self.path and (
                _CLOSED.fullmatch(path.name) or (match and not process_alive(int(match[1])))
            ):
                yield path

    def _files(
        self, pattern: str, naming: re.Pattern[str]
    ) -> Iterator[tuple[Path, re.Match[str] | None]]:
        """This folder's files matching ``pattern``, each with its ``naming`` match."""
        try:
            paths = sorted(self.folder.glob(pattern))
        except OSError:
            return
        for path in paths:
            yield path, naming.fullmatch(path.name)
