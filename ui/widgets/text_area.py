"""A multi-line plain-text field for forms: grows with its text and reports when it is left."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QTextEdit, QWidget


class TextArea(QTextEdit):
    """Plain multi-line text that grows with what it holds (up to `max_lines`, then scrolls)
    and says when the user has left it, like QLineEdit.editingFinished."""

    editing_finished = Signal()

    def __init__(self, lines: int, placeholder: str = "", max_lines: int = 12, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        spacing = self.fontMetrics().lineSpacing()
        self._min_height = spacing * lines + 14
        self._max_height = spacing * max_lines + 14
        self.setFixedHeight(self._min_height)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit())

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802  (as QLineEdit names it)
        if text != self.toPlainText():
            self.setPlainText(text)

    def _fit(self) -> None:
        height = int(self.document().size().height()) + 2 * self.frameWidth() + 4
        self.setFixedHeight(max(self._min_height, min(self._max_height, height)))

    def resizeEvent(self, event) -> None:  # noqa: N802  (wrapped lines change with the width)
        super().resizeEvent(event)
        self._fit()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.editing_finished.emit()
