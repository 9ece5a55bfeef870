"""The annotations pane: this document's (or all) annotations, filters, and an in-place editor.

Every change is a request (``update_requested`` etc.): the window turns it into an undoable
command and then hands the panel fresh annotations with ``set_annotations``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from briefreader.core.models import COLORS, AnchorStatus, Annotation
from briefreader.gui import colors
from briefreader.gui.dialogs.editors import TagsEdit
from briefreader.gui.models.annotations_model import AnnotationsModel
from briefreader.gui.panels.annotation_delegate import (
    AnnotationDelegate,
    quote_html,
    status_label,
)
from briefreader.gui.panels.layouts import rich_list

SCOPE_DOCUMENT = "document"
SCOPE_ALL = "all"


class AnnotationsPanel(QWidget):
    """List + filters on top, the selected annotation's editor below."""

    jump_requested = Signal(object)  # Annotation
    update_requested = Signal(int, object)  # annotation_id, dict(color=..., note=..., tags=...)
    delete_requested = Signal(int)
    reattach_requested = Signal(int)
    confirm_requested = Signal(int)
    review_requested = Signal(int)  # show the annotation in the review list (pick a place)
    scope_changed = Signal(str)
    cite_requested = Signal(int)  # annotation_id: copy its passage's citation
    related_requested = Signal(int)  # annotation_id: documents like its passage

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[Annotation] = []
        self._titles: dict[str, str] = {}
        self._meanings: dict[str, str] = {}
        self._can_reattach = False
        self._editing: Annotation | None = None
        self._placeholder = "No annotations yet."

        self.scope = QComboBox(self)
        self.scope.setObjectName("annotationScope")
        self.scope.addItem("This document", SCOPE_DOCUMENT)
        self.scope.addItem("All documents", SCOPE_ALL)
        self.scope.currentIndexChanged.connect(
            lambda: self.scope_changed.emit(self.current_scope())
        )
        self.search = QLineEdit(self)
        self.search.setObjectName("annotationSearch")
        self.search.setPlaceholderText("Search quotes, notes, tags")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._refilter)
        self.color_filter = QComboBox(self)
        self.color_filter.setObjectName("annotationColorFilter")
        self.tag_filter = QComboBox(self)
        self.tag_filter.setObjectName("annotationTagFilter")
        self.status_filter = QComboBox(self)
        self.status_filter.addItem("Any status", None)
        self.status_filter.addItem("Needs attention", "attention")
        for status in AnchorStatus:
            self.status_filter.addItem(status.value.capitalize(), status.value)
        self._fill_color_filter()
        self.tag_filter.addItem("All tags", None)

        self.model = AnnotationsModel(self)
        self.list = rich_list(self, "annotationList", self.model)
        self.delegate = AnnotationDelegate(self.model.annotation, self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.clicked.connect(self._clicked)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._list_menu)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        for combo in (self.color_filter, self.tag_filter, self.status_filter):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(4)
        for combo in (self.color_filter, self.tag_filter, self.status_filter):
            combo.currentIndexChanged.connect(self._refilter)
        self.empty = QLabel(self)
        self.empty.setObjectName("placeholder")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        self.editor = self._build_editor()

        filters = QHBoxLayout()
        filters.setSpacing(4)
        filters.addWidget(self.color_filter, 1)
        filters.addWidget(self.tag_filter, 1)
        filters.addWidget(self.status_filter, 1)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addWidget(self.search, 1)
        upper_layout.addLayout(top)
        upper_layout.addLayout(filters)
        upper_layout.addWidget(self.list, 1)
        upper_layout.addWidget(self.empty, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("annotationsSplit")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)
        self._show_editor(None)
        self._update_empty()

    def _build_editor(self) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("annotationEditor")
        self.edit_color = QComboBox(frame)
        self.edit_color.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.edit_color.setMinimumContentsLength(14)
        for color in COLORS:
            self.edit_color.addItem(colors.swatch_icon(color), color.capitalize(), color)
        self.edit_status = QLabel(frame)
        self.edit_status.setObjectName("annotationStatus")
        self.edit_status.setWordWrap(True)
        self.edit_wording = QLabel(frame)
        self.edit_wording.setObjectName("annotationWording")
        self.edit_wording.setWordWrap(True)
        self.edit_wording.setTextFormat(Qt.TextFormat.RichText)
        self.edit_note = QPlainTextEdit(frame)
        self.edit_note.setObjectName("annotationNote")
        self.edit_note.setPlaceholderText("Note (Markdown)")
        self.edit_note.setMinimumHeight(56)
        self.edit_note.setMaximumHeight(130)
        self.edit_tags = TagsEdit(parent=frame)
        self.edit_tags.setObjectName("annotationTags")
        self.save_button = QPushButton("Save", frame)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_edits)
        self.delete_button = QPushButton("Delete", frame)
        self.delete_button.clicked.connect(self._delete)
        self.reattach_button = QPushButton("Re-attach to selection", frame)
        self.reattach_button.setToolTip("Select the passage in the reader, then click here")
        self.reattach_button.clicked.connect(self._reattach)
        self.confirm_button = QPushButton("Confirm place", frame)
        self.confirm_button.setToolTip("The passage was found approximately: accept it")
        self.confirm_button.clicked.connect(self._confirm)
        self.review_button = QPushButton("Pick a place…", frame)
        self.review_button.setToolTip("It fits several places: choose one in the review list")
        self.review_button.clicked.connect(self._review)
        self.edit_color.currentIndexChanged.connect(self._color_picked)
        row = QHBoxLayout()
        row.addWidget(self.edit_color)
        row.addWidget(self.edit_status, 1)
        repair = QHBoxLayout()
        repair.addWidget(self.reattach_button)
        repair.addWidget(self.confirm_button)
        repair.addWidget(self.review_button)
        repair.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.edit_wording)
        layout.addWidget(self.edit_note, 1)
        layout.addWidget(self.edit_tags)
        layout.addLayout(repair)
        layout.addLayout(buttons)
        return frame

    # ------------------------------------------------------------------ content

    def current_scope(self) -> str:
        return str(self.scope.currentData())

    def set_scope(self, scope: str) -> None:
        self.scope.setCurrentIndex(max(0, self.scope.findData(scope)))

    def set_annotations(
        self,
        annotations: Sequence[Annotation],
        titles: dict[str, str] | None = None,
        placeholder: str = "No annotations yet. Select text in the reader and press 1–7.",
        pages: dict[int, int] | None = None,
    ) -> None:
        """Show these annotations (reading order), keeping the selection when it still exists;
        ``pages``: the PDF page of each annotation id that has one ("p. 3")."""
        keep = self._editing.id if self._editing else None
        self._all = list(annotations)
        self._titles = dict(titles or {})
        self._placeholder = placeholder
        scope_all = self.current_scope() == SCOPE_ALL
        self.delegate.title_for = self._titles.get if scope_all else None
        self.delegate.page_for = dict(pages or {}).get
        self._fill_tag_filter()
        self._refilter()
        if keep is not None:
            self.select_annotation(keep, emit=False)

    def set_color_meanings(self, meanings: dict[str, str]) -> None:
        self._meanings = dict(meanings)
        self._fill_color_filter()
        for i, color in enumerate(COLORS):
            meaning = self._meanings.get(color)
            self.edit_color.setItemText(
                i, f"{color.capitalize()} — {meaning}" if meaning else color.capitalize()
            )

    def set_can_reattach(self, possible: bool) -> None:
        """Whether the reader has a selection an orphan could be re-attached to."""
        self._can_reattach = possible
        self._update_buttons()

    def shown(self) -> list[Annotation]:
        rows = (self.model.annotation(self.model.index(r, 0)) for r in range(self.model.rowCount()))
        return [annotation for annotation in rows if annotation is not None]

    def selected(self) -> Annotation | None:
        return self._editing

    def select_annotation(self, annotation_id: int, emit: bool = False) -> bool:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            annotation = self.model.annotation(index)
            if annotation is not None and annotation.id == annotation_id:
                self.list.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                self.list.scrollTo(index)
                if emit:
                    self.jump_requested.emit(annotation)
                return True
        return False

    # ------------------------------------------------------------------ filters

    def _fill_color_filter(self) -> None:
        chosen = self.color_filter.currentData()
        self.color_filter.blockSignals(True)
        self.color_filter.clear()
        self.color_filter.addItem("All colours", None)
        for color in COLORS:
            meaning = self._meanings.get(color)
            label = f"{color.capitalize()} — {meaning}" if meaning else color.capitalize()
            self.color_filter.addItem(colors.swatch_icon(color), label, color)
        self.color_filter.setCurrentIndex(max(0, self.color_filter.findData(chosen)))
        self.color_filter.blockSignals(False)

    def _fill_tag_filter(self) -> None:
        chosen = self.tag_filter.currentData()
        tags = sorted({t for a in self._all for t in a.tags}, key=str.lower)
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", None)
        for tag in tags:
            self.tag_filter.addItem(f"#{tag}", tag)
        index = self.tag_filter.findData(chosen) if chosen else 0
        self.tag_filter.setCurrentIndex(max(0, index))
        self.tag_filter.blockSignals(False)

    def _refilter(self) -> None:
        color = self.color_filter.currentData()
        tag = self.tag_filter.currentData()
        status = self.status_filter.currentData()
        words = self.search.text().lower().split()
        shown = []
        for annotation in self._all:
            if color and annotation.color != color:
                continue
            if tag and tag.lower() not in (t.lower() for t in annotation.tags):
                continue
            state = AnchorStatus(annotation.status)
            if status == "attention" and not state.needs_review:
                continue
            if status and status != "attention" and state.value != status:
                continue
            if words:
                title = self._titles.get(annotation.doc_id, "")
                quotes = (annotation.anchor.exact, annotation.original_anchor.exact)
                hay = " ".join((*quotes, annotation.note, title, *annotation.tags)).lower()
                if not all(w in hay for w in words):
                    continue
            shown.append(annotation)
        keep = self._editing.id if self._editing else None
        self.model.set_annotations(shown)
        if keep is None or not self.select_annotation(keep):
            self._show_editor(None)
        self._update_empty()

    def _update_empty(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.list.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if not has_rows:
            if self._all:
                self.empty.setText("No annotation matches the filters.")
            else:
                self.empty.setText(self._placeholder)

    # ------------------------------------------------------------------ editor

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_editor(self.model.annotation(current) if current.isValid() else None)

    def _clicked(self, index: QModelIndex) -> None:
        annotation = self.model.annotation(index)
        if annotation is not None:
            self.jump_requested.emit(annotation)

    def _list_menu(self, point: QPoint) -> None:
        annotation = self.model.annotation(self.list.indexAt(point))
        if annotation is None:
            return
        menu = QMenu(self)
        menu.addAction("Go to Passage", lambda: self.jump_requested.emit(annotation))
        menu.addAction("Copy Citation", lambda: self.cite_requested.emit(annotation.id))
        menu.addAction("More Like This", lambda: self.related_requested.emit(annotation.id))
        menu.exec(self.list.viewport().mapToGlobal(point))

    def _show_editor(self, annotation: Annotation | None) -> None:
        self._editing = annotation
        enabled = annotation is not None
        for widget in (self.edit_color, self.edit_note, self.edit_tags, self.save_button):
            widget.setEnabled(enabled)
        self.edit_color.blockSignals(True)
        if annotation is None:
            self.edit_note.setPlainText("")
            self.edit_tags.setText("")
            self.edit_status.setText("Select an annotation to edit it.")
            self.edit_wording.setText("")
        else:
            self.edit_color.setCurrentIndex(max(0, self.edit_color.findData(annotation.color)))
            self.edit_note.setPlainText(annotation.note)
            self.edit_tags.set_tags(annotation.tags)
            badge = status_label(annotation)
            self.edit_status.setText(
                f"<span style='color:{badge[1]}'><b>{badge[0]}</b></span>" if badge else ""
            )
            self.edit_wording.setText(
                quote_html(annotation, self.palette(), None) if annotation.reworded else ""
            )
        self.edit_wording.setVisible(bool(self.edit_wording.text()))
        self.edit_color.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        annotation = self._editing
        status = AnchorStatus(annotation.status) if annotation else None
        self.delete_button.setEnabled(annotation is not None)
        self.reattach_button.setVisible(status is not None and status.needs_review)
        self.reattach_button.setEnabled(self._can_reattach)
        self.confirm_button.setVisible(status == AnchorStatus.FUZZY)
        self.review_button.setVisible(status == AnchorStatus.AMBIGUOUS)

    def save_edits(self) -> None:
        annotation = self._editing
        if annotation is None:
            return
        changes: dict[str, object] = {}
        note = self.edit_note.toPlainText().strip()
        if note != annotation.note:
            changes["note"] = note
        tags = self.edit_tags.tags()
        if tuple(tags) != tuple(annotation.tags):
            changes["tags"] = tags
        if changes:
            self.update_requested.emit(annotation.id, changes)

    def _color_picked(self) -> None:
        annotation = self._editing
        color = self.edit_color.currentData()
        if annotation is not None and color and color != annotation.color:
            self.update_requested.emit(annotation.id, {"color": color})

    def _delete(self) -> None:
        if self._editing is not None:
            self.delete_requested.emit(self._editing.id)

    def _reattach(self) -> None:
        if self._editing is not None:
            self.reattach_requested.emit(self._editing.id)

    def _confirm(self) -> None:
        if self._editing is not None:
            self.confirm_requested.emit(self._editing.id)

    def _review(self) -> None:
        if self._editing is not None:
            self.review_requested.emit(self._editing.id)
