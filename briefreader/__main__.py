"""``python -m briefreader``: the same as the ``briefreader`` command."""

from briefreader.app import main

raise SystemExit(main())
