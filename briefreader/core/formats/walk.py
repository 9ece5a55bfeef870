"""The folder walk: the supported files under the library folders, one ``stat`` each.

Symbolic links are followed only to targets inside the library folders (``LINKS_INSIDE``,
the default) or not at all (``LINKS_NEVER``); never into ``/proc``, ``/sys`` or ``/dev``,
whatever the policy (a library folder of ``/`` included). Each folder is listed once (a
loop, or two links to one folder, cost nothing), and a file reached both by its own path
and through a link is listed once, by its own path: links are walked after every real
folder. What is passed over and why goes to ``on_skip`` (a link leading out, a folder
that cannot be listed), so the index report can say it.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator

log = logging.getLogger(__name__)

LINKS_INSIDE = "inside"  # follow a link only to a target inside a library folder
LINKS_NEVER = "never"  # follow no link
LINK_POLICIES = (LINKS_INSIDE, LINKS_NEVER)
SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")  # kernel and device files: never documents

SkipCallback = Callable[[str, str], None]
Entry = tuple[str, int, float]  # path, size, mtime


def iter_library_entries(
    folders: Iterable[os.PathLike[str] | str],
    suffixes: tuple[str, ...],
    follow_links: str = LINKS_INSIDE,
    on_skip: SkipCallback | None = None,
) -> Iterator[Entry]:
    """``(path, size, mtime)`` of each file under ``folders`` whose lower-cased name ends
    with one of ``suffixes``, sorted by path, skipping hidden names."""
    walk = _Walk(folders, suffixes, follow_links, on_skip)
    for path in sorted(walk.found):
        yield (path, *walk.found[path])


def is_system_path(real: str) -> bool:
    return any(real == top or real.startswith(top + os.sep) for top in SYSTEM_FOLDERS)


class _Walk:
    """One walk over the library folders (the results are in ``found``)."""

    def __init__(
        self,
        folders: Iterable[os.PathLike[str] | str],
        suffixes: tuple[str, ...],
        follow_links: str,
        on_skip: SkipCallback | None,
    ) -> None:
        self.suffixes = suffixes
        self.follow = follow_links != LINKS_NEVER
        self.on_skip = on_skip
        self.found: dict[str, tuple[int, float]] = {}
        self._files: set[tuple[int, int]] = set()  # identities listed
        self._folders: set[tuple[int, int]] = set()
        self._linked_folders: list[str] = []
        self._linked_files: list[tuple[str, os.stat_result]] = []
        tops = [os.fspath(folder) for folder in folders]
        self.roots = [os.path.realpath(top) for top in tops if os.path.exists(top)]
        for top in tops:
            self._top(top)
        while self._linked_folders:  # after every real folder: a link never wins a file
            self._folder(self._linked_folders.pop(0))
        for path, info in self._linked_files:
            self._add(path, info)

    def _top(self, top: str) -> None:
        if os.path.isfile(top):
            if _wanted(os.path.basename(top), self.suffixes):
                self._add(top, os.stat(top))
        elif os.path.isdir(top):
            if is_system_path(os.path.realpath(top)):
                self._skip(top, "a system folder (its files are never indexed)")
                return
            self._folder(top)
        else:
            log.warning("library folder %s does not exist", top)

    def _folder(self, top: str) -> None:
        """Walk ``top`` (``os.scandir`` directly: the entry's type comes from the listing)."""
        stack = [top]
        while stack:
            folder = stack.pop()
            try:
                info = os.stat(folder)
                if (info.st_dev, info.st_ino) in self._folders:  # a loop, or listed already
                    continue
                self._folders.add((info.st_dev, info.st_ino))
                if is_system_path(folder):  # a library folder of "/" (links are checked)
                    self._skip(folder, "a system folder (its files are never indexed)")
                    continue
                entries = list(os.scandir(folder))
            except OSError as error:
                self._skip(folder, f"cannot list the folder: {error.strerror or error}")
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    self._entry(entry, stack)
                except OSError:
                    continue  # vanished, or a broken link: nothing to read

    def _entry(self, entry: os.DirEntry[str], stack: list[str]) -> None:
        if entry.is_symlink():
            self._link(entry)
        elif entry.is_dir(follow_symlinks=False):
            stack.append(entry.path)
        elif _wanted(entry.name, self.suffixes):
            self._add(entry.path, entry.stat(follow_symlinks=False))

    def _link(self, entry: os.DirEntry[str]) -> None:
        """A symbolic link: followed later when its target is inside the library."""
        is_folder = entry.is_dir()  # follows the link; False when it leads nowhere
        if not is_folder and not _wanted(entry.name, self.suffixes):
            return
        if not self.follow:
            self._skip(
                entry.path,
                "a symbolic link (not followed: the setting index.follow_links is never)",
            )
            return
        target = os.path.realpath(entry.path)
        if is_system_path(target):
            self._skip(entry.path, f"a link to {target} (system files are never indexed)")
        elif not any(_inside(target, root) for root in self.roots):
            self._skip(
                entry.path,
                f"a link to {target}, outside the library folders (add that folder to index it)",
            )
        elif is_folder:
            self._linked_folders.append(entry.path)
        else:
            self._linked_files.append((entry.path, entry.stat()))

    def _add(self, path: str, info: os.stat_result) -> None:
        if not stat.S_ISREG(info.st_mode):
            return
        identity = (info.st_dev, info.st_ino)
        if identity in self._files:
            return
        self._files.add(identity)
        self.found[path] = (info.st_size, info.st_mtime)

    def _skip(self, path: str, reason: str) -> None:
        log.info("passed over %s: %s", path, reason)
        if self.on_skip is not None:
            self.on_skip(path, reason)


def _wanted(name: str, suffixes: tuple[str, ...]) -> bool:
    return not name.startswith(".") and name.lower().endswith(suffixes)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
