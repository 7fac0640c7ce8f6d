"""What the school's pages share when the office reads them on the curator's desk: a note at the
top saying so, and the controls that would change the school's records taken away."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QWidget

from ui.widgets.common import page_title

READ_ONLY_TEXT = "Только просмотр: данные школы"
READ_ONLY_TIP = (
    "Это данные школы из её пакетов: в управлении они только читаются. "
    "Исправить их может школа — изменения придут с её следующим пакетом."
)
NOTE_STYLE = (
    "color: #1d4f91; background: #e8f0fb; border: 1px solid #b9cde8; border-radius: 3px; padding: 2px 8px;"
)


def read_only_note() -> QLabel:
    """A small label for the page's top line: «Только просмотр: данные школы»."""
    label = QLabel(READ_ONLY_TEXT)
    label.setObjectName("readOnlyNote")
    label.setStyleSheet(NOTE_STYLE)
    label.setToolTip(READ_ONLY_TIP)
    return label


def title_row(text: str, read_only: bool) -> QHBoxLayout:
    """A page's top line: its title and, on the desk, the note beside it (the caller adds the rest)."""
    row = QHBoxLayout()
    row.addWidget(page_title(text))
    if read_only:
        row.addSpacing(12)
        row.addWidget(read_only_note())
    return row


def hide_all(*widgets: QWidget) -> None:
    """Hide controls that change data: a reader should not meet a button that can only refuse."""
    for widget in widgets:
        widget.hide()


def not_editable(view: QAbstractItemView) -> None:
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)


def read_only_look(widget: QWidget) -> None:
    """A field that is read, not typed into: the window's grey where an editable field is white."""
    palette = widget.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        window = palette.color(group, QPalette.ColorRole.Window)
        palette.setColor(group, QPalette.ColorRole.Base, window)
        palette.setColor(group, QPalette.ColorRole.AlternateBase, window.darker(104))
    widget.setPalette(palette)
