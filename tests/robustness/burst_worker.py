"""A burst of annotation changes through the Library, killed from outside by test_faults.

Usage: python burst_worker.py DATA_DIR SEED

Before each change it prints ``begin <op> <id> <version>``; after the Library call returned
it prints ``ack <op> <id> <version>`` (flushed), so the test knows exactly which changes
were acknowledged and which one was in flight when the process was killed.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path


def main(data_dir: str, seed: int) -> None:
    from briefreader.core.library import Library

    rng = random.Random(seed)
    library = Library.open(Path(data_dir))
    records = library.documents()
    texts = {r.doc_id: library.document(r.doc_id).text for r in records}
    live: dict[int, int] = {a.id: 0 for a in library.annotations()}
    version = 0
    while True:
        version += 1
        roll = rng.random()
        if roll < 0.5 or not live:
            doc_id = rng.choice(records).doc_id
            start = rng.randrange(0, len(texts[doc_id]) - 20)
            say("begin", "create", 0, version)
            annotation = library.annotate(
                doc_id, start, start + 12, note=f"v{version}", tags=("burst",)
            )
            live[annotation.id] = version
            say("ack", "create", annotation.id, version)
        elif roll < 0.85:
            annotation_id = rng.choice(sorted(live))
            say("begin", "update", annotation_id, version)
            library.update_annotation(annotation_id, note=f"v{version}", color="green")
            live[annotation_id] = version
            say("ack", "update", annotation_id, version)
        else:
            annotation_id = rng.choice(sorted(live))
            say("begin", "delete", annotation_id, version)
            library.delete_annotation(annotation_id)
            del live[annotation_id]
            say("ack", "delete", annotation_id, version)


def say(*words: object) -> None:
    sys.stdout.write(" ".join(map(str, words)) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
