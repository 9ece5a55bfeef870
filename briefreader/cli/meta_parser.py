"""The sub-commands for metadata, works, reading lists, citations and the sample library."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefreader.core.models import EDITABLE_FIELDS, READING_STATUSES

CITE_FORMATS = ("text", "bibtex", "csljson")


def add_meta_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``meta``, ``work``, ``collection``, ``status``, ``cite``, ``folders`` and
    ``remove-samples`` to the parser's sub-commands."""
    p = sub.add_parser("meta", help="show or correct a document's title, date, source, ...")
    p.add_argument("path", type=Path)
    for name in EDITABLE_FIELDS:
        flag = "--" + name.replace("_", "-")
        p.add_argument(flag, dest=name, metavar=name.upper(), help=_edit_help(name))
    p.add_argument(
        "--reset",
        action="append",
        default=[],
        choices=(*EDITABLE_FIELDS, "all"),
        metavar="FIELD",
        help="drop your value of FIELD, so the extracted one shows again (repeatable; all)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("work", help="split a document off its work, or join it to another's")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = actions.add_parser("show", help="list the formats and versions of a document's work")
    q.add_argument("path", type=Path)
    q = actions.add_parser("join", help="put PATH in the work of OTHER")
    q.add_argument("path", type=Path)
    q.add_argument("other", type=Path)
    q = actions.add_parser("split", help="make PATH a work of its own")
    q.add_argument("path", type=Path)
    q = actions.add_parser("reset", help="undo a split or join of PATH")
    q.add_argument("path", type=Path)
    q = actions.add_parser("prefer", help="open works as markdown (default) or pdf")
    q.add_argument("format", choices=("markdown", "pdf"))

    p = sub.add_parser("collection", help="reading lists: named, ordered lists of documents")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="every reading list with its size")
    for action, verb in (("create", "create"), ("delete", "delete"), ("show", "list")):
        q = actions.add_parser(action, help=f"{verb} a reading list")
        q.add_argument("name")
        if action == "show":
            q.add_argument("--json", action="store_true", help="print JSON")
    q = actions.add_parser("rename", help="rename a reading list")
    q.add_argument("name")
    q.add_argument("new")
    q = actions.add_parser("add", help="add documents (at the end, or --at N)")
    q.add_argument("name")
    q.add_argument("paths", nargs="+", type=Path)
    q.add_argument("--at", type=_position, help="1-based position to insert at")
    q = actions.add_parser("remove", help="remove documents from the list")
    q.add_argument("name")
    q.add_argument("paths", nargs="+", type=Path)
    q = actions.add_parser("move", help="move a document to position N (1-based)")
    q.add_argument("name")
    q.add_argument("path", type=Path)
    q.add_argument("position", type=_position)

    p = sub.add_parser("status", help="set a document's reading status")
    p.add_argument("path", type=Path)
    p.add_argument("status", choices=(*READING_STATUSES, "none"))

    p = sub.add_parser("cite", help="print a citation of a document or a passage")
    p.add_argument("path", type=Path)
    where = p.add_mutually_exclusive_group()
    where.add_argument("--quote", help="cite the passage with this exact text")
    where.add_argument("--annotation", type=int, metavar="ID", help="cite a highlight")
    p.add_argument("--occurrence", type=int, default=1, help="which occurrence of --quote")
    p.add_argument("--format", choices=CITE_FORMATS, default="text")

    sub.add_parser("folders", help="list the library's folders (the sample library marked)")
    p = sub.add_parser("remove-samples", help="remove the bundled sample library")
    p.add_argument(
        "--force",
        action="store_true",
        help="even when samples carry annotations (they are kept, on missing documents)",
    )


def _edit_help(name: str) -> str:
    extra = {"date": " (YYYY, YYYY-MM or YYYY-MM-DD)", "url": " (http or https)"}
    return f"set the {name.replace('_', ' ')}{extra.get(name, '')}; '' drops your value"


def _position(text: str) -> int:
    """A 1-based position, as the user counts."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a position: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("positions count from 1")
    return value
