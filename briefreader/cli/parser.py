"""The argument parser: every sub-command and its options."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefreader import __version__
from briefreader.cli.arguments import calendar_date, whole_number
from briefreader.cli.meta_parser import add_meta_commands
from briefreader.core.export.formats import FORMAT_NAMES
from briefreader.core.export.model import AUDIENCES, GROUPINGS
from briefreader.core.models import AnchorStatus
from briefreader.paths import DATA_DIR_ENV, default_data_dir

MAX_LIMIT = 1000  # search.results.MAX_PAGE_SIZE, the most a page holds (not imported: Whoosh)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(
        prog="briefreader",
        description="Read, search and annotate a library of policy briefings, offline. "
        "Without a command, opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"BriefReader {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"where the database and search index live (also ${DATA_DIR_ENV}); "
        f"default: {default_data_dir()}",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", help="add folders to the library and index them")
    p.add_argument("folders", nargs="*", type=Path, help="folders to add (default: the library's)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("search", help="search the library (documents and annotations)")
    p.add_argument("query", help="e.g. '\"export controls\" AND tag:semiconductors'")
    p.add_argument("--limit", type=whole_number(1, MAX_LIMIT), default=10, help="hits a page")
    p.add_argument("--page", type=whole_number(1, 10**9), default=1)
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p.add_argument("--recent", action="store_true", help="relevance, newer documents first")
    p.add_argument("--tag", action="append", default=[], help="only documents with this tag")
    p.add_argument("--source", action="append", default=[], help="only this source")
    p.add_argument(
        "--from", dest="date_from", type=calendar_date, help="earliest date (YYYY[-MM[-DD]])"
    )
    p.add_argument("--to", dest="date_to", type=calendar_date, help="latest date (YYYY[-MM[-DD]])")
    p.add_argument("--documents-only", action="store_true", help="no annotation hits")
    p.add_argument(
        "--all-versions",
        action="store_true",
        help="list every format and version of a work apart (default: one result per work)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("related", help="documents like a document, or like a passage of it")
    p.add_argument("path", type=Path, help="a document of the library")
    p.add_argument("--quote", help="a passage of it (its exact text) instead of all of it")
    p.add_argument("--occurrence", type=int, default=1, help="which occurrence (default 1)")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("docs", help="list the library's documents")
    p.add_argument("--missing", action="store_true", help="include documents gone from disk")
    p.add_argument("--works", action="store_true", help="one entry per work, with its members")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("annotate", help="highlight a passage of a document")
    p.add_argument("path", type=Path)
    p.add_argument("--quote", required=True, help="the exact text to highlight")
    p.add_argument(
        "--occurrence", type=whole_number(1, 10**9), default=1, help="which one (default 1)"
    )
    p.add_argument("--color", default="yellow")
    p.add_argument("--note", default="", help="a Markdown note on the passage")
    p.add_argument("--tag", action="append", default=[], dest="tags", help="a passage tag")
    p.add_argument("--json", action="store_true", help="print the annotation as JSON")

    p = sub.add_parser("annotations", help="list annotations")
    p.add_argument("path", nargs="?", type=Path)
    p.add_argument("--tag")
    p.add_argument("--status", choices=[s.value for s in AnchorStatus])
    p.add_argument("--color")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("note", help="set the note on a whole document ('' clears it)")
    p.add_argument("path", type=Path)
    p.add_argument("text")

    for name, verb in (("tag", "add"), ("untag", "remove")):
        p = sub.add_parser(name, help=f"{verb} document tags")
        p.add_argument("path", type=Path)
        p.add_argument("tags", nargs="+")

    p = sub.add_parser("rename-tag", help="rename a tag everywhere (merges into an existing one)")
    p.add_argument("old")
    p.add_argument("new")

    p = sub.add_parser("delete-annotation", help="delete an annotation by id")
    p.add_argument("id", type=int)

    _add_review_commands(sub)

    p = sub.add_parser("export", help="export annotated summaries")
    scope = p.add_mutually_exclusive_group(required=True)
    scope.add_argument("--doc", action="append", type=Path, help="a document (repeatable)")
    scope.add_argument("--tag", help="documents or passages carrying this tag")
    scope.add_argument("--query", help="the documents a search finds")
    scope.add_argument("--collection", help="a reading list, in its order")
    scope.add_argument("--all", action="store_true", help="the whole library")
    p.add_argument("--since-last", action="store_true", help="only what is new since last time")
    p.add_argument(
        "--group-by",
        choices=GROUPINGS,
        default="document",
        help="the parts of the brief: each document, each tag, each colour, or each "
        "document's sections",
    )
    p.add_argument(
        "--format",
        choices=FORMAT_NAMES,
        help="the file's format (default: the one its extension names)",
    )
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument(
        "--audience",
        choices=AUDIENCES,
        help="send: a brief for others (titles and citations, no file paths nor internal "
        "statuses; the default for md, html, pdf, docx); me: everything (json, csv)",
    )
    p.add_argument("--title", default="", help="the brief's title")
    intro = p.add_mutually_exclusive_group()
    intro.add_argument("--intro", default="", help="a short introduction (Markdown)")
    intro.add_argument("--intro-file", type=Path, help="the introduction, from a file")
    p.add_argument("--open-folder", action="store_true", help="open the output's folder afterwards")

    p = sub.add_parser("import", help="import annotations from a JSON (W3C) export")
    p.add_argument("file", type=Path)
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid annotations of a file that has invalid ones (else: none)",
    )

    p = sub.add_parser("settings", help="show or change how files are indexed")
    p.add_argument("key", nargs="?", help="e.g. index.file_seconds (none: list them all)")
    p.add_argument("value", nargs="?", help="the new value ('default' resets it)")

    sub.add_parser("backups", help="list the database backups")
    p = sub.add_parser("restore-backup", help="replace the database with a backup")
    p.add_argument("backup", type=Path, help="a file listed by 'briefreader backups'")

    p = sub.add_parser("versions", help="list the kept versions of an annotated document")
    p.add_argument("path", type=Path)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("diff", help="what changed in a document since it was annotated")
    p.add_argument("path", type=Path)
    p.add_argument("--since", metavar="HASH", help="a kept version (a unique hash prefix)")
    p.add_argument("--full", action="store_true", help="show the unchanged text too")
    p.add_argument("--json", action="store_true", help="print JSON")

    add_meta_commands(sub)

    p = sub.add_parser("gui", help="open the desktop window (the default)")
    p.add_argument("folders", nargs="*", type=Path, help="folders to add first")
    return parser


def _add_review_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The commands that decide on annotations after their documents changed."""
    p = sub.add_parser("review", help="annotations that need a decision (fuzzy, ambiguous, ...)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("confirm", help="accept a fuzzy annotation's new wording as its place")
    p.add_argument("id", type=int)

    p = sub.add_parser("pick", help="place an ambiguous annotation at one of its places")
    p.add_argument("id", type=int)
    p.add_argument("n", type=int, metavar="N", help="the place's number (briefreader review)")

    p = sub.add_parser("reattach", help="attach an annotation to other text of its document")
    p.add_argument("id", type=int)
    p.add_argument("--quote", required=True, help="the exact text to attach it to")
    p.add_argument("--occurrence", type=int, default=1, help="which occurrence (default 1)")

    p = sub.add_parser("annotation", help="show or edit one annotation")
    p.add_argument("id", type=int)
    p.add_argument("--note", help="replace its note ('' clears it)")
    p.add_argument("--color", help="change its colour")
    p.add_argument("--tag", action="append", default=[], dest="tags", help="add a passage tag")
    p.add_argument("--untag", action="append", default=[], help="remove a passage tag")
    p.add_argument("--json", action="store_true", help="print the annotation as JSON")
