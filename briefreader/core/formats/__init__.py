"""Format loaders and what they know about a file: text, blocks and metadata."""
