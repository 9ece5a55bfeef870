"""Qt item models over the core's value types (SearchHit, Annotation, DocumentRecord)."""
