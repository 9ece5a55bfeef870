"""Annotated summaries in every format, and import of W3C Web Annotation JSON.

Pure Python (no Qt). Import from the modules, each light to import by itself:
``formats`` (one ``Format`` record per format; the CLI reads it at every start),
``registry`` (``render``, ``export_to_file``, ``default_filename``), ``model``, ``atomic``,
``importer``, and ``exporting`` (the use case the CLI and the dialog call, through the
Library). PDF's renderer lives in ``briefreader.gui.pdf_export``; the window and the CLI
register it.

    data = render("md", ExportScope("tag", "climate"), items, ExportOptions(group_by="tag"))
    write_atomic(path, data)            # or export_to_file(path, "md", scope, items, options)
    batch = read_import(path)           # -> ImportBatch of ImportedAnnotation records
    plan = plan_import(batch.annotations, library_records, known_uuids)
"""
