"""Schema migrations: ``MIGRATIONS[n - 1]`` turns schema ``n - 1`` into schema ``n``.

Each function runs inside the migration's transaction and must never be changed once
released: a new need is a new function appended to ``MIGRATIONS``. ``PRAGMA user_version``
holds the schema number.

- 1: catalog (folders, documents, tags, document_tags), annotations (+ annotation_tags),
     document notes, reading positions, settings.
- 2: colour meanings (with defaults), saved searches, export history.
- 3: metadata edits and works: every extracted field with its origin on the catalog row
     (report number, version, origins, text key), the user's edits per field
     (``document_edits``), work overrides, reading lists (``collections`` +
     ``collection_members``), reading status, the sample-library flag on folders.
- 4: changed documents (issue 13): each annotation's original anchor (as first made),
     when its place was confirmed and its candidate places when ambiguous; the kept
     versions of annotated documents' texts and where annotations were placed on them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

DEFAULT_COLOR_MEANINGS: dict[str, str] = {
    "yellow": "Key finding",
    "green": "Evidence",
    "blue": "Background",
    "pink": "Follow up",
    "purple": "Question",
    "red": "Disputed",
    "orange": "Action",
}

_V1 = """
CREATE TABLE folders (
    path TEXT PRIMARY KEY,
    added TEXT NOT NULL
);

CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    source TEXT,
    author TEXT,
    url TEXT,
    summary TEXT,
    word_count INTEGER NOT NULL DEFAULT 0,
    size INTEGER NOT NULL DEFAULT 0,
    mtime REAL NOT NULL DEFAULT 0,
    content_hash TEXT NOT NULL,
    missing INTEGER NOT NULL DEFAULT 0 CHECK (missing IN (0, 1)),
    added TEXT NOT NULL,
    last_opened TEXT,
    loader_version INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX documents_present_path ON documents (path) WHERE missing = 0;
CREATE INDEX documents_path ON documents (path);
CREATE INDEX documents_hash ON documents (content_hash);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE
);

CREATE TABLE document_tags (
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    origin TEXT NOT NULL CHECK (origin IN ('file', 'user')),
    PRIMARY KEY (doc_id, tag_id, origin)
);
CREATE INDEX document_tags_tag ON document_tags (tag_id);

CREATE TABLE annotations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE RESTRICT,
    exact TEXT NOT NULL,
    prefix TEXT NOT NULL,
    suffix TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    color TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX annotations_doc ON annotations (doc_id, start);

CREATE TABLE annotation_tags (
    annotation_id INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (annotation_id, tag_id)
);
CREATE INDEX annotation_tags_tag ON annotation_tags (tag_id);

CREATE TABLE document_notes (
    doc_id TEXT PRIMARY KEY REFERENCES documents (doc_id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    updated TEXT NOT NULL
);

CREATE TABLE reading_positions (
    doc_id TEXT PRIMARY KEY REFERENCES documents (doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    updated TEXT NOT NULL
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

_V2 = """
CREATE TABLE color_meanings (
    color TEXT PRIMARY KEY,
    meaning TEXT NOT NULL
);

CREATE TABLE saved_searches (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    created TEXT NOT NULL
);

CREATE TABLE export_history (
    scope TEXT PRIMARY KEY,
    exported TEXT NOT NULL
);
"""


_V3 = """
ALTER TABLE documents ADD COLUMN report_number TEXT;
ALTER TABLE documents ADD COLUMN version TEXT;
ALTER TABLE documents ADD COLUMN field_origins TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN text_key TEXT NOT NULL DEFAULT '';
CREATE INDEX documents_report ON documents (report_number);

ALTER TABLE folders ADD COLUMN sample INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1));

CREATE TABLE document_edits (
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    field TEXT NOT NULL CHECK (field IN (
        'title', 'date', 'source', 'author', 'url', 'report_number', 'version')),
    value TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (doc_id, field)
);

CREATE TABLE work_overrides (
    doc_id TEXT PRIMARY KEY REFERENCES documents (doc_id) ON DELETE CASCADE,
    work_id TEXT NOT NULL,
    updated TEXT NOT NULL
);

CREATE TABLE collections (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);

CREATE TABLE collection_members (
    collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    added TEXT NOT NULL,
    PRIMARY KEY (collection_id, doc_id)
);
CREATE INDEX collection_members_doc ON collection_members (doc_id);

CREATE TABLE reading_status (
    doc_id TEXT PRIMARY KEY REFERENCES documents (doc_id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('to-read', 'reading', 'read', 'briefed')),
    updated TEXT NOT NULL
);
"""

_V4 = """
ALTER TABLE annotations ADD COLUMN original_exact TEXT;
ALTER TABLE annotations ADD COLUMN original_prefix TEXT;
ALTER TABLE annotations ADD COLUMN original_suffix TEXT;
ALTER TABLE annotations ADD COLUMN original_start INTEGER;
ALTER TABLE annotations ADD COLUMN original_end INTEGER;
ALTER TABLE annotations ADD COLUMN original_hash TEXT;
ALTER TABLE annotations ADD COLUMN confirmed TEXT NOT NULL DEFAULT '';
ALTER TABLE annotations ADD COLUMN candidates TEXT NOT NULL DEFAULT '[]';
UPDATE annotations SET original_exact = exact, original_prefix = prefix,
    original_suffix = suffix, original_start = start, original_end = "end",
    original_hash = content_hash;

CREATE TABLE document_versions (
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    saved TEXT NOT NULL,
    length INTEGER NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (doc_id, content_hash)
);

CREATE TABLE version_placements (
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    annotation_id INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (doc_id, content_hash, annotation_id),
    FOREIGN KEY (doc_id, content_hash)
        REFERENCES document_versions (doc_id, content_hash) ON DELETE CASCADE
);
CREATE INDEX version_placements_annotation ON version_placements (annotation_id);
"""


def _execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Run ``;``-separated statements one by one (``executescript`` would COMMIT)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def migrate_to_1(conn: sqlite3.Connection) -> None:
    """Schema 1: the catalog, tags, annotations, notes, reading positions, settings."""
    _execute_script(conn, _V1)


def migrate_to_2(conn: sqlite3.Connection) -> None:
    """Schema 2: colour meanings (seeded with the defaults), saved searches, export history."""
    _execute_script(conn, _V2)
    conn.executemany(
        "INSERT INTO color_meanings (color, meaning) VALUES (?, ?)",
        DEFAULT_COLOR_MEANINGS.items(),
    )


def migrate_to_3(conn: sqlite3.Connection) -> None:
    """Schema 3: metadata edits, works, reading lists and status, the sample folder flag.

    Every file is read again at the next indexing run (its mtime is forgotten), so the
    catalog gets the fields it did not keep before; unchanged texts keep their anchors.
    """
    _execute_script(conn, _V3)
    conn.execute("UPDATE documents SET mtime = 0")


def migrate_to_4(conn: sqlite3.Connection) -> None:
    """Schema 4: original anchors, confirmations, candidates, kept document versions.

    Existing annotations get their current anchor as their original: what they were first
    made on is not known any more.
    """
    _execute_script(conn, _V4)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    migrate_to_1,
    migrate_to_2,
    migrate_to_3,
    migrate_to_4,
]
SCHEMA_VERSION = len(MIGRATIONS)
