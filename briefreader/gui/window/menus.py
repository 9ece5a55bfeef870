"""The window's menus: every action, its shortcut and the controller slot it calls."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from briefreader.core.models import COLORS
from briefreader.gui import colors
from briefreader.gui.window.actions import WindowActions, make_action
from briefreader.gui.window.controllers import Controllers
from briefreader.gui.window.meta_menus import add_document_actions, add_sample_action
from briefreader.gui.window.panes import Panes


def build_menus(window: QMainWindow, panes: Panes, c: Controllers) -> WindowActions:
    """Create the actions (calling the controllers' slots) and the window's menu bar."""
    acts = WindowActions()
    reader = panes.reader
    local = Qt.ShortcutContext.WidgetWithChildrenShortcut

    def add(menu: QMenu, group: str, name: str, action: QAction) -> QAction:
        menu.addAction(action)
        acts.by_name[name] = action
        for title, actions in acts.groups:
            if title == group:
                actions.append(action)
                break
        else:
            acts.groups.append((group, [action]))
        if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut:
            window.addAction(action)
        return action

    bar = window.menuBar()

    # -- File
    menu = bar.addMenu("&File")
    g = "File"
    add(
        menu,
        g,
        "add_folder",
        make_action(
            window,
            "&Add Folder…",
            c.indexing.add_folder_dialog,
            ("Ctrl+O",),
            "Add a folder of documents to the library",
        ),
    )
    add(
        menu,
        g,
        "add_files",
        make_action(
            window,
            "Add &Files…",
            c.indexing.add_files_dialog,
            ("Ctrl+Shift+O",),
            "Add single documents to the library, without their folder",
        ),
    )
    add(
        menu,
        g,
        "library_roots",
        make_action(
            window,
            "&Library Folders…",
            c.indexing.show_roots_dialog,
            tip="The folders and files the library reads and watches: remove or re-scan one",
        ),
    )
    add_sample_action(window, menu, g, add, c)
    menu.addSeparator()
    add(
        menu,
        g,
        "reindex",
        make_action(
            window,
            "&Re-index Library",
            c.indexer.start,
            ("F5",),
            "Look for new and changed files in the library folders",
        ),
    )
    add(menu, g, "cancel_index", make_action(window, "&Cancel Indexing", c.indexer.cancel))
    add(menu, g, "problems", make_action(window, "Import &Problems…", c.indexing.show_problems))
    add(
        menu,
        g,
        "export",
        make_action(
            window, "&Export…", c.exporting.show_dialog, ("Ctrl+E",), "Export annotations to a file"
        ),
    )
    menu.addSeparator()
    add(
        menu,
        g,
        "preferences",
        make_action(
            window,
            "&Preferences…",
            c.preferences.show_dialog,
            (QKeySequence.StandardKey.Preferences, "Ctrl+,"),
        ),
    )
    menu.addSeparator()
    add(
        menu,
        g,
        "quit",
        make_action(window, "&Quit", window.close, (QKeySequence.StandardKey.Quit, "Ctrl+Q")),
    )

    # -- Edit
    menu = bar.addMenu("&Edit")
    g = "Edit"
    undo = c.annotator.stack.createUndoAction(window, "&Undo")
    undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    redo = c.annotator.stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    add(menu, g, "undo", undo)
    add(menu, g, "redo", redo)
    menu.addSeparator()
    add(
        menu,
        g,
        "search",
        make_action(
            window,
            "&Search Library",
            c.search.focus_search,
            ("Ctrl+K",),
            "Search every document and annotation",
        ),
    )
    add(
        menu,
        g,
        "more_like_this",
        make_action(
            window,
            "&More Like This",
            c.related.more_like_current,
            ("Ctrl+Shift+M",),
            "Documents like the selected passage, else like the open document",
        ),
    )
    add(
        menu,
        g,
        "find",
        make_action(
            window, "&Find in Document…", c.reading.open_find_bar, (QKeySequence.StandardKey.Find,)
        ),
    )
    add(menu, g, "find_next", make_action(window, "Find &Next", c.reading.find_next, ("F3",)))
    add(
        menu,
        g,
        "find_previous",
        make_action(window, "Find Pre&vious", c.reading.find_previous, ("Shift+F3",)),
    )

    # -- Annotate
    menu = bar.addMenu("&Annotate")
    g = "Annotate"
    for number, color in enumerate(COLORS, start=1):
        action = make_action(
            reader,
            f"Highlight {color.capitalize()}",
            partial(c.annotating.highlight_selection, color),
            (str(number),),
            context=local,
        )
        action.setIcon(colors.swatch_icon(color))
        reader.addAction(action)
        panes.pdf_view.addAction(action)
        add(menu, g, f"highlight_{color}", action)
    menu.addSeparator()
    note = make_action(
        reader, "Highlight with &Note…", c.annotating.note_selection, ("N",), context=local
    )
    reader.addAction(note)
    panes.pdf_view.addAction(note)
    add(menu, g, "note", note)
    tag = make_action(
        reader, "Highlight and &Tag…", c.annotating.tag_selection, ("T",), context=local
    )
    reader.addAction(tag)
    panes.pdf_view.addAction(tag)
    add(menu, g, "tag", tag)
    menu.addSeparator()
    add(
        menu,
        g,
        "tag_document",
        make_action(window, "Tag &Document…", c.annotating.tag_document, ("Ctrl+Shift+T",)),
    )
    add(
        menu,
        g,
        "note_document",
        make_action(window, "Note on D&ocument…", c.annotating.note_document, ("Ctrl+Shift+N",)),
    )
    add_document_actions(window, menu, g, add, c)
    menu.addSeparator()
    add(
        menu,
        g,
        "all_annotations",
        make_action(
            window, "&All Annotations", c.annotating.show_all_annotations, ("Ctrl+Shift+A",)
        ),
    )
    add(
        menu,
        g,
        "review",
        make_action(
            window,
            "&Review Changed Highlights…",
            c.review.show,
            ("Ctrl+Shift+R",),
            "Annotations whose documents changed: confirm, pick a place, re-attach or delete",
        ),
    )

    # -- View
    menu = bar.addMenu("&View")
    g = "View"
    for name, action in (
        ("zoom_in", reader.zoom_in_action),
        ("zoom_out", reader.zoom_out_action),
        ("zoom_reset", reader.zoom_reset_action),
    ):
        add(menu, g, name, action)
    menu.addSeparator()
    _add_pdf_actions(window, menu, acts, add, c)
    menu.addSeparator()
    add(
        menu,
        g,
        "show_library",
        make_action(window, "&Library", lambda: c.view.show_left_tab(0), ("Ctrl+1",)),
    )
    add(
        menu,
        g,
        "show_outline",
        make_action(window, "&Outline", lambda: c.view.show_left_tab(1), ("Ctrl+2",)),
    )
    add(
        menu,
        g,
        "show_search",
        make_action(window, "&Search Results", lambda: c.view.show_right_tab(0), ("Ctrl+3",)),
    )
    add(
        menu,
        g,
        "show_annotations",
        make_action(window, "&Annotations", lambda: c.view.show_right_tab(1), ("Ctrl+4",)),
    )
    add(
        menu,
        g,
        "focus_reader",
        make_action(window, "&Reader", lambda: c.document.view_widget().setFocus(), ("Ctrl+5",)),
    )
    add(
        menu,
        g,
        "toggle_sidebars",
        make_action(window, "&Hide Side Panes", c.view.toggle_sidebars, ("Ctrl+\\",)),
    )
    menu.addSeparator()
    theme_menu = menu.addMenu("&Theme")
    acts.theme_group = QActionGroup(window)
    for theme, label in (("system", "Follow the &System"), ("light", "&Light"), ("dark", "&Dark")):
        action = make_action(window, label, partial(c.view.set_theme, theme))
        action.setCheckable(True)
        action.setData(theme)
        acts.theme_group.addAction(action)
        theme_menu.addAction(action)
        acts.by_name[f"theme_{theme}"] = action

    # -- Help
    menu = bar.addMenu("&Help")
    g = "Help"
    add(
        menu,
        g,
        "shortcuts",
        make_action(
            window,
            "&Keyboard Shortcuts",
            c.view.show_shortcuts,
            (QKeySequence.StandardKey.HelpContents, "F1"),
        ),
    )
    add(menu, g, "about", make_action(window, "&About BriefReader", c.view.show_about))
    return acts


def _add_pdf_actions(
    window: QMainWindow,
    menu: QMenu,
    acts: WindowActions,
    add: Callable[[QMenu, str, str, QAction], QAction],
    c: Controllers,
) -> None:
    """View ▸ Page View / Text View (how PDFs are shown) and Go to Page."""
    group = QActionGroup(window)
    for mode, label, key in (
        ("pages", "&Page View", "Ctrl+Shift+P"),
        ("text", "Te&xt View", "Ctrl+Shift+R"),
    ):
        action = make_action(
            window,
            label,
            partial(c.pdf.set_mode, mode),
            (key,),
            f"Show PDFs as their {'pages' if mode == 'pages' else 'reflowed text'}",
        )
        action.setCheckable(True)
        group.addAction(action)
        add(menu, "View", f"pdf_{mode}", action)
    add(
        menu,
        "View",
        "go_to_page",
        make_action(window, "&Go to Page…", c.pdf.ask_page, ("Ctrl+G",), "Go to a page of the PDF"),
    )
