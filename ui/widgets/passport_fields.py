"""The passport form's list of tasks: numbered, edited in place, added, removed, reordered."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class TaskList(QWidget):
    """«Задачи программы»: numbered rows, edited in place (double click or F2), added,
    removed and reordered with the buttons. `edited` carries the tasks as they now stand."""

    edited = Signal(list)
    MAX_HEIGHT = 320

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, 1)
        self.table.horizontalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.add_button = QPushButton("+ Задача")
        self.add_button.setToolTip("Добавить задачу после выбранной")
        self.remove_button = QPushButton("Удалить")
        self.up_button = QPushButton("▲")
        self.up_button.setToolTip("Выше")
        self.down_button = QPushButton("▼")
        self.down_button.setToolTip("Ниже")
        buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(buttons)

        # Wrapped rows change height with the width.
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self._fit())
        self.table.itemChanged.connect(lambda _item: self._changed())
        self.table.itemDelegate().closeEditor.connect(lambda *_: self._drop_empty())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(+1))
        self.set_read_only(False)
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        """Tasks shown as they are: no editing in place, no buttons to add, remove or reorder."""
        self.read_only = read_only
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setVisible(not read_only)

    def tasks(self) -> list[str]:
        """The tasks typed so far; rows left empty are not tasks."""
        texts = [
            self.table.item(row, 0).text() if self.table.item(row, 0) else ""
            for row in range(self.table.rowCount())
        ]
        return [t for t in texts if t.strip()]

    def set_tasks(self, tasks: list[str]) -> None:
        if self.table.state() == QAbstractItemView.State.EditingState:
            return  # the user is typing a task: keep it
        current = self.table.currentRow()
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for task in tasks:
            self._insert(self.table.rowCount(), task)
        self.table.blockSignals(False)
        if 0 <= current < self.table.rowCount():
            self.table.selectRow(current)
        self._fit()
        self._update_buttons()

    def _insert(self, row: int, text: str) -> QTableWidgetItem:
        self.table.insertRow(row)
        item = QTableWidgetItem(text)
        item.setToolTip(text if self.read_only else "Двойной щелчок или F2 — изменить")
        self.table.setItem(row, 0, item)
        return item

    def _fit(self) -> None:
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        height = rows + 2 * self.table.frameWidth() + 4
        # A scroll bar is needed only past MAX_HEIGHT; one appearing for a row on the edge of wrapping
        # would narrow the rows just measured and cut their text.
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if height > self.MAX_HEIGHT
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.table.setVerticalScrollBarPolicy(policy)
        self.table.setFixedHeight(max(90, min(self.MAX_HEIGHT, height)))

    def _changed(self) -> None:
        self._fit()
        self.edited.emit(self.tasks())

    def _drop_empty(self) -> None:
        self.table.blockSignals(True)
        for row in reversed(range(self.table.rowCount())):
            item = self.table.item(row, 0)
            if item is None or not item.text().strip():
                self.table.removeRow(row)
        self.table.blockSignals(False)
        self._fit()
        self._update_buttons()

    def add(self) -> None:
        if self.read_only:
            return
        row = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else self.table.rowCount()
        self.table.blockSignals(True)
        item = self._insert(row, "")
        self.table.blockSignals(False)
        self._fit()
        self.table.setCurrentItem(item)
        self.table.editItem(item)

    def remove(self) -> None:
        row = self.table.currentRow()
        if row < 0 or self.read_only:
            return
        self.table.removeRow(row)
        self._changed()
        self._update_buttons()

    def move(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        if row < 0 or self.read_only or not 0 <= target < self.table.rowCount():
            return
        self.table.blockSignals(True)
        item = self.table.takeItem(row, 0)
        other = self.table.takeItem(target, 0)
        self.table.setItem(row, 0, other)
        self.table.setItem(target, 0, item)
        self.table.blockSignals(False)
        self.table.selectRow(target)
        self._changed()

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        chosen = row >= 0 and bool(self.table.selectedItems())
        self.remove_button.setEnabled(chosen)
        self.up_button.setEnabled(chosen and row > 0)
        self.down_button.setEnabled(chosen and row < self.table.rowCount() - 1)
