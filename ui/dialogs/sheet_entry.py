"""Paper sheets typed in fast: one row per sheet, one key per answer.

1…n set the answer and move on, 0 or Space mark «нет ответа», Enter starts the next sheet.
Each sheet is saved as it is typed; a sheet can be corrected (or deleted) until the round is closed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.store import Store
from app.surveys.survey_sheets import add_sheet, delete_sheet, list_sheets, update_sheet
from app.surveys.survey_templates import get_template
from app.surveys.surveys import Answers, get_round, round_totals
from ui.widgets.common import ErrorLabel, ask_yes

NO_ANSWER = "–"
CELL_WIDTH = 40
NEW_ROW_COLOR = QColor("#fff8e1")


class SheetTable(QTableWidget):
    """The grid; keys are turned into answers by the dialog."""

    def __init__(self, dialog: SheetEntryDialog):
        super().__init__(dialog)
        self.dialog = dialog

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.dialog.handle_key(event):
            super().keyPressEvent(event)


class SheetEntryDialog(QDialog):
    def __init__(self, store: Store, round_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.info = get_round(store, round_id)
        self.template = get_template(store, self.info.template_id)
        self.numbered = self.template.numbered_items()
        self.levels = len(self.template.scale)
        self.read_only = self.info.closed
        # Per row: the saved sheet's id (None until its first answer) and its answers.
        self.sheet_ids: list[str | None] = []
        self.answers: list[Answers] = []
        self.typed: list[set[str]] = []  # in the new row: which cells were typed (even as «нет ответа»)

        self.setWindowTitle(f"Ввод листов: тур «{self.info.title}»")
        self.resize(1240, 620)
        layout = QVBoxLayout(self)
        keys = ", ".join(f"{n} — {label}" for n, label in enumerate(self.template.scale, 1))
        help_text = (
            f"Наберите ответы листа цифрами: {keys}; 0 или пробел — нет ответа. "
            "Enter — следующий лист. Стрелками можно вернуться к любой клетке и исправить её; "
            "Del — удалить лист. Каждый лист сохраняется сразу."
        )
        if self.read_only:
            help_text = "Тур закрыт: листы можно только посмотреть. Чтобы исправить лист, откройте тур снова."
        self.help_label = QLabel(help_text)
        self.help_label.setWordWrap(True)
        layout.addWidget(self.help_label)

        self.statement_label = QLabel()
        font = QFont(self.statement_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.statement_label.setFont(font)
        self.statement_label.setWordWrap(True)
        self.statement_label.setMinimumHeight(self.statement_label.fontMetrics().height() * 2 + 4)
        layout.addWidget(self.statement_label)

        self.table = SheetTable(self)
        self.table.setColumnCount(len(self.numbered) + 1)
        for column, (number, item) in enumerate(self.numbered):
            header = QTableWidgetItem(number)
            header.setToolTip(item.text)
            self.table.setHorizontalHeaderItem(column, header)
            self.table.setColumnWidth(column, CELL_WIDTH)
        self.table.setHorizontalHeaderItem(len(self.numbered), QTableWidgetItem("Ответов"))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.currentCellChanged.connect(lambda row, column, *_: self._show_statement(column))
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.error_label = ErrorLabel()
        self.done_button = QPushButton("Готово")
        self.done_button.setAutoDefault(False)
        self.done_button.clicked.connect(self.accept)
        bottom.addWidget(self.totals_label, 1)
        bottom.addWidget(self.done_button)
        layout.addLayout(bottom)
        layout.addWidget(self.error_label)

        for sheet in list_sheets(store, round_id):
            self._append_row(sheet.id, dict(sheet.answers))
        if not self.read_only:
            self._append_row(None, {})
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus()
        self._update_totals()

    # --- rows -----------------------------------------------------------------

    def _append_row(self, sheet_id: str | None, answers: Answers) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.sheet_ids.append(sheet_id)
        self.answers.append(answers)
        self.typed.append(set(answers) if sheet_id else set())
        self.table.setVerticalHeaderItem(row, QTableWidgetItem(f"Лист {row + 1}"))
        self._paint_row(row)

    def _paint_row(self, row: int) -> None:
        answers, saved = self.answers[row], self.sheet_ids[row] is not None
        for column, (_, item) in enumerate(self.numbered):
            value = answers.get(item.id)
            if value is not None:
                text = str(value + 1)
            elif item.id in self.typed[row]:  # typed as «нет ответа»; an empty cell is not typed yet
                text = NO_ANSWER
            else:
                text = ""
            cell = QTableWidgetItem(text)
            cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if not saved:
                cell.setBackground(NEW_ROW_COLOR)
            self.table.setItem(row, column, cell)
        given = sum(1 for v in answers.values() if v is not None)
        self.table.setItem(row, len(self.numbered), QTableWidgetItem(f"{given} из {len(self.numbered)}"))

    def row_values(self, row: int) -> list[str]:
        """What the row shows, cell by cell (for tests and reading back)."""
        return [self.table.item(row, c).text() for c in range(len(self.numbered))]

    # --- keys -------------------------------------------------------------------

    def handle_key(self, event: QKeyEvent) -> bool:
        """True when the key was an answer, Enter or Del and has been dealt with."""
        key, text = event.key(), event.text()
        row, column = self.table.currentRow(), self.table.currentColumn()
        if self.read_only or row < 0:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_sheet()
            return True
        if key == Qt.Key.Key_Delete:
            self.delete_current()
            return True
        if key == Qt.Key.Key_Backspace:
            self.table.setCurrentCell(row, max(column - 1, 0))
            return True
        if column >= len(self.numbered):
            return False
        if text == " " or text == "0":
            self.set_answer(row, column, None)
            return True
        if text.isdigit() and 1 <= int(text) <= self.levels:
            self.set_answer(row, column, int(text) - 1)
            return True
        if text.isdigit():
            self.error_label.set_message(f"Ответ — цифра от 1 до {self.levels}, 0 или пробел — нет ответа.")
            return True
        return False

    def set_answer(self, row: int, column: int, value: int | None) -> None:
        item_id = self.numbered[column][1].id
        answers = dict(self.answers[row])
        answers[item_id] = value
        self.typed[row].add(item_id)
        if self._save(row, answers):
            self.answers[row] = answers
        self._paint_row(row)
        self.table.setCurrentCell(row, min(column + 1, len(self.numbered) - 1))
        self._update_totals()

    def _save(self, row: int, answers: Answers) -> bool:
        try:
            if self.sheet_ids[row] is not None:
                update_sheet(self.store, self.sheet_ids[row], answers)
            elif any(v is not None for v in answers.values()):
                self.sheet_ids[row] = add_sheet(self.store, self.info.id, answers).id
        except UserError as exc:
            self.error_label.set_message(exc.message)
            return False
        self.error_label.set_message(None)
        return True

    def next_sheet(self) -> None:
        """Enter: the next sheet starts in an empty row at the bottom."""
        last = self.table.rowCount() - 1
        if self.sheet_ids[last] is not None:
            self._append_row(None, {})
            last += 1
        self.table.setCurrentCell(last, 0)
        self.table.scrollToBottom()

    def delete_current(self) -> None:
        row = self.table.currentRow()
        if row < 0 or self.sheet_ids[row] is None:
            if row >= 0:  # the new row: just start it again
                self.answers[row], self.typed[row] = {}, set()
                self._paint_row(row)
            return
        if not ask_yes(
            self,
            "Удалить лист",
            f"Удалить «Лист {row + 1}» со всеми его ответами?",
        ):
            return
        try:
            delete_sheet(self.store, self.sheet_ids[row])
        except UserError as exc:
            self.error_label.set_message(exc.message)
            return
        self.table.removeRow(row)
        del self.sheet_ids[row], self.answers[row], self.typed[row]
        for r in range(self.table.rowCount()):
            self.table.setVerticalHeaderItem(r, QTableWidgetItem(f"Лист {r + 1}"))
        self._update_totals()

    # --- what is shown ------------------------------------------------------------

    def _show_statement(self, column: int) -> None:
        if 0 <= column < len(self.numbered):
            number, item = self.numbered[column]
            self.statement_label.setText(f"{number}. {item.text}")
        else:
            self.statement_label.setText("")

    def _update_totals(self) -> None:
        totals = round_totals(self.store, self.info.id)
        sums = [sum(c[i] for c in totals.counts.values()) for i in range(self.levels)]
        parts = [f"«{label}» — {n}" for label, n in zip(self.template.scale, sums, strict=True)]
        self.totals_label.setText(f"Листов: {totals.respondents}. Ответов всего: " + ", ".join(parts) + ".")
