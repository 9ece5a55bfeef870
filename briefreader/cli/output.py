"""What every command writes: one-line errors, JSON, and the exit codes."""

from __future__ import annotations

import json
import sys
import traceback
from typing import TextIO

from briefreader.core.names import display_name

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def internal_error(error: Exception, verbose: bool) -> int:
    """A bug, not the user's doing: one line (the traceback only with --verbose).

    Every change is its own transaction, so what was saved before the error stays saved.
    """
    if verbose:
        traceback.print_exception(error, file=sys.stderr)
    hint = "" if verbose else "; run again with --verbose to see the details"
    return fail(f"internal error ({type(error).__name__}: {error}){hint}")


def fail(message: str, stream: TextIO | None = None) -> int:
    """Print one clear line on stderr and return the error exit code."""
    print(f"briefreader: {message}", file=stream or sys.stderr)
    return EXIT_ERROR


def dump_json(data: object, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


class ReadableText:
    """A text stream that writes every string as ``display_name`` makes it: a file name
    that is not UTF-8 (a lone surrogate in Python) shows with U+FFFD instead of failing
    the whole command, whatever the command prints (JSON included)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(display_name(text))

    def __getattr__(self, name: str) -> object:  # flush, isatty, fileno, ...
        return getattr(self._stream, name)
