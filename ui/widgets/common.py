"""Small widgets shared by pages and dialogs: field error labels, a save confirmation, list selection."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.ops import refused

ERROR_STYLE = "color: #b00020;"
SAVED_STYLE = "color: #1b7f3b;"
WRAP_WIDTH = 360  # px: labels longer than this wrap


class ErrorLabel(QLabel):
    """A red message under a field; takes no room while empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def set_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


def with_error(field: QWidget, error: ErrorLabel) -> QWidget:
    """The field with its error label right under it, for one form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    return box


class FormErrors:
    """Shows a service's `ValidationError.errors` next to the fields they name.

    A message for a field the form has no label for goes to the general label.
    """

    def __init__(self, general: ErrorLabel):
        self.general = general
        self.labels: dict[str, ErrorLabel] = {}

    def add_error(self, name: str) -> ErrorLabel:
        """An error label for a field laid out by hand; the caller places it."""
        error = ErrorLabel()
        error.setObjectName(f"{name}_error")
        self.labels[name] = error
        return error

    def add_row(self, form: QFormLayout, title: str | QWidget, name: str, field: QWidget) -> ErrorLabel:
        """A form row; `title` may be a ready label (e.g. one that wraps a long seed header)."""
        error = ErrorLabel()
        error.setObjectName(f"{name}_error")
        self.labels[name] = error
        form.addRow(title, with_error(field, error))
        return error

    def show(self, errors: dict[str, str], clear: bool = True) -> None:
        """Each message beside its field (below the form when it has none); `clear=False` keeps the
        messages of other fields (a page saving one field at a time)."""
        if clear:
            self.clear()
        stray = []
        for name, message in errors.items():
            label = self.labels.get(name)
            if label is None:
                stray.append(message)
            else:
                label.set_message(message)
        if stray:
            self.general.set_message(" ".join(stray))

    def show_general(self, message: str, clear: bool = True) -> None:
        if clear:
            self.clear()
        self.general.set_message(message)

    def clear(self) -> None:
        for label in self.labels.values():
            label.set_message(None)
        self.general.set_message(None)

    def message(self, name: str) -> str:
        label = self.labels.get(name)
        return label.text() if label is not None else ""


class SavedNote(QLabel):
    """«Сохранено», shown for a few seconds after a successful save."""

    SHOW_MS = 2500

    def __init__(self, parent: QWidget | None = None):
        super().__init__("", parent)
        self.setStyleSheet(SAVED_STYLE)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.setText(""))

    def flash(self, text: str = "Сохранено") -> None:
        self.setText("✓ " + text)
        self.setToolTip(self.text())
        self._timer.start(self.SHOW_MS)

    # A note never widens the window: it takes the room its row has left and is elided («…») in
    # less; the whole text stays in its tooltip.
    def minimumSizeHint(self) -> QSize:  # noqa: N802 — Qt's name
        return QSize(0, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 — Qt's name
        room = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, room.width())
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            room,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )


def widget_shortcut(keys: QKeySequence, widget: QWidget, slot) -> QShortcut:
    """A key that acts only while `widget` has the focus (Enter, Del on a table).

    Set with setContext: PySide6 ignores a `context=` keyword given to QShortcut(keys, parent, slot).
    """
    shortcut = QShortcut(keys, widget)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(slot)
    return shortcut


def wrapped_label(text: str, buddy: QWidget | None = None) -> QLabel:
    """A field's label that wraps: the seed's column headers are long."""
    label = QLabel(text)
    label.setWordWrap(True)
    # A wrapping label would otherwise ask for a narrow width and wrap after every few words.
    label.setMinimumWidth(min(label.fontMetrics().horizontalAdvance(text) + 4, WRAP_WIDTH))
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
    if buddy is not None:
        label.setBuddy(buddy)
    return label


def page_title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    return label


def ask_yes(parent: QWidget, title: str, question: str) -> bool:
    """A Yes/No question with «No» the default; True when the user answers «Yes»."""
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(parent, title, question, buttons.Yes | buttons.No, buttons.No)
    return answer == buttons.Yes


def ask_and_do(
    parent: QWidget,
    title: str,
    question: str,
    action: Callable[[], object],
    on_error: Callable[[str], object],
) -> bool | None:
    """Asks `question`; on «Yes» runs `action`. None: the user said no; False: the service refused
    (`on_error` got its Russian message); True: done."""
    if not ask_yes(parent, title, question):
        return None
    return not refused(parent, action, on_error)


def select_index(view: QAbstractItemView, index: QModelIndex) -> bool:
    """Makes the row of `index` the selected and current one and scrolls to it; an invalid index is
    left (False)."""
    if not index.isValid():
        return False
    view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    view.scrollTo(index)
    return True


def select_source_row(
    view: QAbstractItemView, proxy: QSortFilterProxyModel, row: int | None, column: int
) -> bool:
    """Selects row `row` of the model behind `proxy` (None or a row filtered out: nothing, False)."""
    if row is None:
        return False
    return select_index(view, proxy.mapFromSource(proxy.sourceModel().index(row, column)))


def first_selected(view: QAbstractItemView) -> QModelIndex | None:
    """The first selected row (its first column's index), or None."""
    model = view.selectionModel()
    rows = model.selectedRows() if model is not None else []
    return rows[0] if rows else None


def selected_source_row(view: QAbstractItemView, proxy: QSortFilterProxyModel) -> int | None:
    """The selected row's number in the model behind `proxy`, or None."""
    index = first_selected(view)
    source = proxy.mapToSource(index) if index is not None else QModelIndex()
    return source.row() if source.isValid() else None
