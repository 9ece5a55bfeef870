"""The parts of the Library facade beyond documents and annotations, one mixin each:
metadata edits, works, reading lists and the sample library (``core/library.py`` puts
them together). Each method checks its arguments, makes one change through the guarded
store and tells ``IndexSync`` what to re-index while still holding the lock."""
