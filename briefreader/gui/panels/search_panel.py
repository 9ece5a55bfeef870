"""The search pane: a field with search-as-you-type, facets, sort, suggestion and results.

The panel never searches by itself: it emits ``search_requested(SearchRequest)`` (debounced)
and the window runs the search off the GUI thread, then calls ``show_results``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefreader.core.models import (
    KIND_ANNOTATION,
    KIND_DOCUMENT,
    KIND_DOCUMENT_NOTE,
    SearchHit,
    SearchRequest,
    SearchResults,
)
from briefreader.gui.models.search_results_model import SearchResultsModel
from briefreader.gui.panels.hit_delegate import AlternateLinks, HitDelegate, hit_of

# Typing: a search starts this long after the last keystroke. Short, because the window
# runs one search at a time and only the newest waiting one (search_controller.py), so fast
# typing never queues stale searches; results follow within about 100 ms (bench: typing).
DEBOUNCE_MS = 20
PAGE_SIZE = 50
TYPING_PAGE_SIZE = 20  # while typing, a first screenful (fewer snippets to cut)
YOURS = (KIND_ANNOTATION, KIND_DOCUMENT_NOTE)  # hits listed under "Your annotations"
FACETS = (("tag", "Any tag"), ("source", "Any source"), ("year", "Any year"))


class SearchPanel(QWidget):
    """Search field, filters and two result lists: documents and annotations."""

    search_requested = Signal(object)  # SearchRequest
    hit_activated = Signal(object)  # SearchHit
    save_search_requested = Signal(str)  # query text
    alternate_requested = Signal(object, str)  # SearchHit, doc_id: "also: PDF v2" clicked

    def __init__(self, parent: QWidget | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._results: SearchResults | None = None
        self._request: SearchRequest | None = None
        self._shown: SearchRequest | None = None
        self._page = 1
        self._updating = False
        self._emitting = False
        self._typing = False  # the pending request comes from typing (as you type)
        self._related = 0  # the More Like This being waited for (0: none)
        self._related_label = ""
        self._related_serial = 0

        self.field = QLineEdit(self)
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText("Search the library   (Ctrl+K)")
        self.field.setClearButtonEnabled(True)
        self.field.textEdited.connect(self._schedule)
        self.field.returnPressed.connect(self.search_now)

        self.save_button = QToolButton(self)
        self.save_button.setText("Save")
        self.save_button.setToolTip("Save this search in the library pane")
        self.save_button.clicked.connect(self._save)

        self.sort = QComboBox(self)
        self.sort.addItem("Relevance", "relevance")
        self.sort.addItem("Newest first", "date")
        self.sort.setToolTip("Sort results")
        self.sort.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sort.currentIndexChanged.connect(self.search_now)

        self.facets: dict[str, QComboBox] = {}
        for name, everything in FACETS:
            combo = QComboBox(self)
            combo.setObjectName(f"facet_{name}")
            combo.addItem(everything, None)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(3)
            combo.currentIndexChanged.connect(self._facet_changed)
            self.facets[name] = combo

        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.linkActivated.connect(self._suggestion_clicked)

        self.documents = SearchResultsModel(self)
        self.annotations = SearchResultsModel(self)
        self.document_list = self._list(self.documents, "documentHits")
        self.annotation_list = self._list(self.annotations, "annotationHits")
        delegate = self.document_list.itemDelegate()
        assert isinstance(delegate, HitDelegate)
        self.alternate_links = AlternateLinks(self.document_list, delegate)
        self.alternate_links.clicked.connect(self.alternate_requested)
        self.annotation_label = QLabel("Your annotations", self)
        self.annotation_label.setObjectName("sectionLabel")
        self.more_button = QPushButton("Show more results", self)
        self.more_button.setFlat(True)
        self.more_button.clicked.connect(self._more)
        self.more_button.hide()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._emit_search)

        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.field, 1)
        top.addWidget(self.save_button)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        for combo in self.facets.values():
            filters.addWidget(combo, 1)
        filters.addWidget(self.sort)

        docs_box = QWidget(self)
        docs_layout = QVBoxLayout(docs_box)
        docs_layout.setContentsMargins(0, 0, 0, 0)
        docs_layout.setSpacing(2)
        docs_layout.addWidget(self.document_list, 1)
        docs_layout.addWidget(self.more_button)
        notes_box = QWidget(self)
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.setContentsMargins(0, 4, 0, 0)
        notes_layout.setSpacing(2)
        notes_layout.addWidget(self.annotation_label)
        notes_layout.addWidget(self.annotation_list, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("searchSplit")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(docs_box)
        self.splitter.addWidget(notes_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self._notes_box = notes_box
        self._docs_box = docs_box
        notes_box.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)
        self._set_status("Type to search all documents and your annotations.")

    def _list(self, model: SearchResultsModel, name: str) -> QListView:
        view = QListView(self)
        view.setObjectName(name)
        view.setModel(model)
        view.setItemDelegate(HitDelegate(view))
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(True)
        view.setUniformItemSizes(False)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.activated.connect(self._activated)
        view.clicked.connect(self._activated)
        return view

    # ------------------------------------------------------------------ requests

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def set_query(self, text: str, search: bool = True) -> None:
        self.field.setText(text)
        if search:
            self.search_now()

    def query(self) -> str:
        return self.field.text().strip()

    def current_request(self, page: int = 1, *, as_you_type: bool = False) -> SearchRequest:
        """The field and filters as a request; ``as_you_type``: the last word may still be
        unfinished (it also matches as a prefix)."""
        values = {name: combo.currentData() for name, combo in self.facets.items()}
        year = values.get("year")
        return SearchRequest(
            text=self.query(),
            tags=(values["tag"],) if values.get("tag") else (),
            sources=(values["source"],) if values.get("source") else (),
            date_from=year,
            date_to=year,
            sort=str(self.sort.currentData()),
            page=page,
            page_size=TYPING_PAGE_SIZE if as_you_type else PAGE_SIZE,
            as_you_type=as_you_type,
        )

    def search_now(self) -> None:
        """Emit a request for the current field and filters right away (page 1): the query
        is complete (Enter, a filter, a saved search), so its last word is not a prefix."""
        self._typing = False
        self._emit_search()

    def _emit_search(self) -> None:
        if self._updating:
            return
        self._timer.stop()
        self._page = 1
        if not self.query():
            self.clear_results()
            return
        self._request = self.current_request(as_you_type=self._typing)
        self._related = 0
        self.search_requested.emit(self._request)

    def _schedule(self) -> None:
        self._typing = True
        self._timer.start()

    def refresh_soon(self) -> None:
        """Run the current search again shortly (the library changed), as it was asked."""
        if self.query():
            self._typing = self._request is not None and self._request.as_you_type
            self._timer.start()

    def _facet_changed(self) -> None:
        if not self._updating:
            self.search_now()

    def _more(self) -> None:
        if self._request is None:
            return
        self._page += 1
        self._request = self.current_request(self._page, as_you_type=self._request.as_you_type)
        self.search_requested.emit(self._request)

    def _save(self) -> None:
        if self.query():
            self.save_search_requested.emit(self.query())

    # ------------------------------------------------------------------ results

    def is_current(self, request: SearchRequest) -> bool:
        """True when ``request`` is the latest one asked for (older answers are dropped)."""
        return request == self._request

    def show_results(self, request: SearchRequest, results: SearchResults) -> None:
        if not self.is_current(request):
            return
        documents = [h for h in results.hits if h.kind == KIND_DOCUMENT]
        annotations = [h for h in results.hits if h.kind in YOURS]  # with document notes
        if request.page > 1 and self._results is not None:
            documents = self.documents.hits() + documents
            annotations = self.annotations.hits() + annotations
        same = request.page == 1 and request == self._shown
        scroll = (
            self.document_list.verticalScrollBar().value(),
            self.annotation_list.verticalScrollBar().value(),
        )
        self._results = results
        self._shown = request if request.page == 1 else self._shown
        self.documents.set_hits(documents)
        self.annotations.set_hits(annotations)
        self._notes_box.setVisible(bool(annotations))
        self._docs_box.setVisible(bool(documents) or not annotations)
        self.annotation_label.setText(yours_label(annotations))
        self._update_facets(results)
        shown = len(documents) + len(annotations)
        self.more_button.setVisible(shown < results.total)
        self._set_status(self._status_text(results, shown))
        if same:  # the same search again (the library changed): keep the place
            self.document_list.verticalScrollBar().setValue(scroll[0])
            self.annotation_list.verticalScrollBar().setValue(scroll[1])
        elif request.page == 1:
            self.document_list.scrollToTop()

    def expect_related(self, label: str) -> int:
        """Wait for More Like This results (documents like ``label``); the field's query
        no longer stands, so its answers are dropped. Returns the token ``show_related``
        takes (a newer search or More Like This makes it stale)."""
        self._timer.stop()
        self.field.clear()
        self.clear_results()
        self._related_serial += 1
        self._related = self._related_serial
        self._related_label = label
        self._set_status(f"Finding documents like {_escape(label)}…")
        return self._related

    def is_related_current(self, token: int) -> bool:
        """True while no search or other More Like This came after ``token``'s."""
        return token == self._related and self._request is None

    def show_related(self, token: int, results: SearchResults) -> None:
        """The documents like the one (or the passage) of ``expect_related``."""
        if not self.is_related_current(token):
            return
        documents = [h for h in results.hits if h.kind == KIND_DOCUMENT]
        self._results = results
        self.documents.set_hits(documents)
        self.annotations.set_hits([])
        self._notes_box.hide()
        self._docs_box.show()
        self.more_button.hide()
        label = _escape(self._related_label)
        if documents:
            noun = "document" if len(documents) == 1 else "documents"
            text = f"<b>More like {label}</b>: {len(documents)} related {noun}"
        else:
            text = f"<b>More like {label}</b>: no related documents."
        if results.message:
            text += "  " + _escape(results.message)
        self._set_status(text)
        self.document_list.scrollToTop()

    def show_error(self, message: str) -> None:
        self._set_status(_escape(message))

    def clear_results(self) -> None:
        self._request = None
        self._shown = None
        self._results = None
        self.documents.set_hits([])
        self.annotations.set_hits([])
        self._notes_box.hide()
        self._docs_box.show()
        self.more_button.hide()
        self._set_status("Type to search all documents and your annotations.")

    def results(self) -> SearchResults | None:
        return self._results

    def _status_text(self, results: SearchResults, shown: int) -> str:
        parts = []
        if results.total == 0:
            parts.append("No results.")
        else:
            noun = "result" if results.total == 1 else "results"
            parts.append(f"{results.total} {noun}")
        if results.suggestion:
            link = _escape(results.suggestion)
            parts.append(f'Did you mean <a href="suggest">{link}</a>?')
        if results.message:
            parts.append(_escape(results.message))
        return "  ".join(parts)

    def _set_status(self, html: str) -> None:
        self.status.setText(html)

    def _suggestion_clicked(self, _link: str) -> None:
        if self._results is not None and self._results.suggestion:
            self.set_query(self._results.suggestion)

    def _update_facets(self, results: SearchResults) -> None:
        self._updating = True
        try:
            for name, combo in self.facets.items():
                chosen = combo.currentData()
                everything = combo.itemText(0)
                combo.clear()
                combo.addItem(everything, None)
                values = results.facets.get(name, ())
                if name == "year":  # newest first, as a year is looked for
                    values = tuple(sorted(values, reverse=True))
                for value, count in values:
                    combo.addItem(f"{value}  ({count})", value)
                if chosen is not None:
                    index = combo.findData(chosen)
                    if index < 0:
                        combo.addItem(f"{chosen}  (0)", chosen)
                        index = combo.count() - 1
                    combo.setCurrentIndex(index)
                combo.setEnabled(combo.count() > 1)
        finally:
            self._updating = False

    def _activated(self, index: QModelIndex) -> None:
        # clicked and activated can both fire for one click: emit once per event.
        if self._emitting or not index.isValid():
            return
        hit = hit_of(index)
        if hit is not None:
            self._emitting = True
            QTimer.singleShot(0, self._done_emitting)
            self.hit_activated.emit(hit)

    def _done_emitting(self) -> None:
        self._emitting = False


def yours_label(hits: list[SearchHit]) -> str:
    """ "Your annotations  (3)", or "Your annotations and notes  (4)" with note hits."""
    notes = any(h.kind == KIND_DOCUMENT_NOTE for h in hits)
    return f"Your annotations{' and notes' if notes else ''}  ({len(hits)})"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
