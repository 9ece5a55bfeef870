"""Format loaders: one module (or a few) per file format, each turning bytes into canonical text."""
