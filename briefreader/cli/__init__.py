"""The command line (``briefreader COMMAND``): parser, commands and their output.

``main(argv)`` runs one command line and returns the exit code (EXIT_OK, EXIT_ERROR,
EXIT_USAGE); ``briefreader.app`` calls it.
"""

from briefreader.cli.main import main
from briefreader.cli.output import EXIT_ERROR, EXIT_OK, EXIT_USAGE

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_USAGE", "main"]
