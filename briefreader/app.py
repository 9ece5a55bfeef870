"""Start-up: with a sub-command run headless (cli), without one open the desktop window."""

from __future__ import annotations

import logging
import sys


def configure_logging(verbose: bool = False) -> None:
    """Log warnings (or everything with --verbose) to stderr in one-line form."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def main(argv: list[str] | None = None) -> int:
    """The ``briefreader`` entry point."""
    from briefreader import cli

    args = sys.argv[1:] if argv is None else argv
    return cli.main(args)
