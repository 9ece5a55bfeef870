"""Fill a small real file system with a library, then free some space: run by
``test_environment.py`` as ``python full_disk.py MOUNT FOLDER`` with MOUNT a 2 MB tmpfs
(mounted by the test as root, or inside ``unshare --user --mount`` otherwise).

Prints one JSON object: what was acknowledged, the errors seen and what survived.
"""

from __future__ import annotations

import json
import random
import sqlite3
import string
import sys
from pathlib import Path

from briefreader.core.errors import UserError
from briefreader.core.export.exporting import ExportRequest, export_to_file
from briefreader.core.library import DB_NAME, Library


def _note(rng: random.Random, size: int = 16_000) -> str:
    """Text that does not compress: the database grows by about its size."""
    return "".join(rng.choice(string.ascii_letters + " ") for _ in range(size))


def main(mount: Path, folder: Path) -> dict[str, object]:
    rng = random.Random(15)
    ballast = mount / "ballast"
    ballast.write_bytes(b"\0" * 400_000)  # freed later: "free some space and try again"
    data = mount / "data"
    errors: list[str] = []
    acknowledged: dict[int, str] = {}
    with Library.open(data) as library:
        library.index([folder])
        doc_id = library.documents()[0].doc_id
        while len(errors) < 2 and len(acknowledged) < 1000:
            try:
                note = _note(rng)
                annotation = library.annotate_quote(doc_id, "Marker", note=note)
                acknowledged[annotation.id] = note
            except UserError as error:
                errors.append(str(error))
        searched = library.search("Marker").total
        export = mount / "summary.md"
        try:
            export_to_file(library, ExportRequest(format="md", everything=True), export)
            exported = "written"
        except UserError as error:
            exported = str(error)
        ballast.unlink()
        after = library.annotate_quote(doc_id, "Marker", note="after freeing space")
        acknowledged[after.id] = after.note
    with Library.open(data) as library:
        kept = {a.id: a.note for a in library.annotations()}
    conn = sqlite3.connect(data / DB_NAME)
    integrity = conn.execute("PRAGMA integrity_check").fetchall()
    conn.close()
    return {
        "acknowledged": len(acknowledged),
        "all_kept": kept == acknowledged,
        "errors": errors,
        "searched": searched,
        "exported": exported,
        "export_left": export.exists() and export.stat().st_size,
        "integrity": integrity,
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
