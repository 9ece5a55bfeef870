"""The strip above a PDF: pages or text, the page number (go to page), zoom and fit width."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QWidget,
)

VIEW_PAGES, VIEW_TEXT = "pages", "text"


class PdfBar(QFrame):
    """Shown over a PDF (in either view); asks for changes by signals, shows what is."""

    view_requested = Signal(str)  # VIEW_PAGES or VIEW_TEXT
    page_requested = Signal(int)
    zoom_in_requested = Signal()
    zoom_out_requested = Signal()
    fit_width_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 2, 12, 2)
        layout.setSpacing(4)
        self.pages_button = self._button("Pages", "Show the PDF as its pages (Ctrl+Shift+P)")
        self.text_button = self._button("Text", "Show the PDF as reflowed text (Ctrl+Shift+R)")
        views = QButtonGroup(self)
        views.setExclusive(True)
        for button, view in ((self.pages_button, VIEW_PAGES), (self.text_button, VIEW_TEXT)):
            button.setCheckable(True)
            views.addButton(button)
            button.clicked.connect(lambda _checked=False, v=view: self.view_requested.emit(v))
            layout.addWidget(button)
        layout.addSpacing(12)
        layout.addWidget(QLabel("Page", self))
        self.page = QSpinBox(self)
        self.page.setObjectName("pdfPage")
        self.page.setToolTip("Go to page (Ctrl+G)")
        self.page.setKeyboardTracking(False)  # go when Enter is pressed, not at every digit
        self.page.setMinimum(1)
        self.page.valueChanged.connect(self._page_chosen)
        layout.addWidget(self.page)
        self.count = QLabel(self)
        layout.addWidget(self.count)
        layout.addSpacing(12)
        self.zoom_out = self._button("−", "Zoom out (Ctrl+-)")
        self.zoom_out.clicked.connect(self.zoom_out_requested)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("000%"))
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in = self._button("+", "Zoom in (Ctrl+=)")
        self.zoom_in.clicked.connect(self.zoom_in_requested)
        self.fit = self._button("Fit Width", "Zoom to fit the page width")
        self.fit.setCheckable(True)
        self.fit.clicked.connect(self.fit_width_requested)
        for widget in (self.zoom_out, self.zoom_label, self.zoom_in, self.fit):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.notice = QLabel(self)
        self.notice.setObjectName("pdfNotice")
        layout.addWidget(self.notice)
        self._setting = False
        self.set_view(VIEW_PAGES)

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    def set_view(self, view: str) -> None:
        """Which view is shown; the zoom belongs to the page view only."""
        (self.pages_button if view == VIEW_PAGES else self.text_button).setChecked(True)
        for widget in (self.zoom_out, self.zoom_label, self.zoom_in, self.fit):
            widget.setVisible(view == VIEW_PAGES)

    def set_page(self, page: int, count: int) -> None:
        self._setting = True
        self.page.setMaximum(max(1, count))
        self.page.setValue(max(1, page))
        self._setting = False
        self.count.setText(f"of {count}")

    def set_zoom(self, zoom: float, fits: bool) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)}%")
        self.fit.setChecked(fits)

    def set_notice(self, text: str) -> None:
        self.notice.setText(text)

    def focus_page(self) -> None:
        self.page.setFocus()
        self.page.selectAll()

    def _page_chosen(self, page: int) -> None:
        if not self._setting:
            self.page_requested.emit(page)
