"""Thin launcher: ``python main.py`` behaves like the ``briefreader`` command."""

from briefreader.app import main

if __name__ == "__main__":
    raise SystemExit(main())
