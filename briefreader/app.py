"""The ``briefreader`` entry point: with a sub-command headless, without one the window."""

from __future__ import annotations

import sys

from briefreader.cli.main import main as run_command_line


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default: the process's); return the exit code."""
    return run_command_line(sys.argv[1:] if argv is None else argv)
