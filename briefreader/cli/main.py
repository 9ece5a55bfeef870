"""Running one command line: parse, log, then a headless command or the window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TextIO, cast

from briefreader.cli.output import EXIT_ERROR, ReadableText, fail, internal_error
from briefreader.cli.parser import build_parser
from briefreader.paths import default_data_dir

log = logging.getLogger(__name__)


def configure_logging(verbose: bool = False) -> None:
    """Log warnings (or everything with --verbose) to stderr in one-line form."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def main(argv: Sequence[str]) -> int:
    """Run one command; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(list(argv))
    configure_logging(args.verbose)
    if args.command in (None, "gui"):
        from briefreader.gui.launch import run_gui

        return run_gui(args.data_dir, getattr(args, "folders", []) or [])
    from briefreader.core.errors import UserError

    try:
        return _run_command(args)
    except UserError as error:
        return fail(str(error))
    except KeyboardInterrupt:
        return fail("interrupted")
    except BrokenPipeError:  # the reader went away (``| head``): nothing more to say
        _silence_stdout()
        return EXIT_ERROR
    except Exception as error:
        return internal_error(error, args.verbose)


def _silence_stdout() -> None:
    """Point stdout at the null device so Python's flush at exit does not fail again."""
    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def readable_stdout() -> TextIO:
    """Standard output for a command (names that are not UTF-8 shown, never failing)."""
    return cast(TextIO, ReadableText(sys.stdout))


def _run_command(args: argparse.Namespace) -> int:
    """Run a headless command; user errors and bugs are turned into one line by ``main``."""
    from briefreader.cli.arguments import check_text_arguments
    from briefreader.cli.commands import COMMANDS, OFFLINE_COMMANDS
    from briefreader.cli.meta_commands import META_COMMANDS
    from briefreader.core.library import Library

    check_text_arguments(args)
    if args.command in OFFLINE_COMMANDS:
        data_dir = Path(args.data_dir or default_data_dir()).expanduser().resolve()
        return OFFLINE_COMMANDS[args.command](data_dir, args, readable_stdout())
    command: Callable[..., int] = COMMANDS.get(args.command) or META_COMMANDS[args.command]
    library = Library.open(args.data_dir)
    try:
        for message in library.startup_messages:
            print(message, file=sys.stderr)
        return command(library, args, readable_stdout())
    finally:
        library.close()
