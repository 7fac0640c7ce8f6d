"""Totals of a round held elsewhere: the number of respondents and, per statement, how many
chose each answer; what is left over is «без ответа», and more answers than respondents is refused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError, ValidationError
from app.core.store import Store
from app.surveys.survey_templates import get_template
from app.surveys.surveys import get_round, round_totals, set_round_totals
from ui.dialogs.kiosk import two_lines
from ui.forms import FormDialog

ERROR_COLOR = QColor("#b00020")
CHECK_COLUMN = "Исправьте числа, отмеченные в столбце «Проверка»."


class TotalsDialog(FormDialog):
    def __init__(self, store: Store, round_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.info = get_round(store, round_id)
        self.template = get_template(store, self.info.template_id)
        self.numbered = self.template.numbered_items()
        self.levels = len(self.template.scale)
        self.read_only = self.info.closed
        self.setWindowTitle(f"Итоги тура «{self.info.title}»")
        self.resize(1100, 620)

        layout = QVBoxLayout(self)
        note = (
            "Тур закрыт: итоги можно только посмотреть."
            if self.read_only
            else "Впишите, сколько человек ответили, и для каждого утверждения — сколько выбрали каждый "
            "ответ. «Без ответа» считается само; ответов не может быть больше, чем участников."
        )
        label = QLabel(note)
        label.setWordWrap(True)
        layout.addWidget(label)

        form = QFormLayout()
        self.respondents_spin = QSpinBox()
        self.respondents_spin.setRange(0, 100_000)
        self.respondents_spin.setMaximumWidth(120)
        self.respondents_spin.setReadOnly(self.read_only)
        self.add_row(form, "Ответили, чел.:", "respondents", self.respondents_spin)
        layout.addLayout(form)

        self.first_count = 2
        headers = ["№", "Утверждение", *(two_lines(x) for x in self.template.scale), "Без ответа", "Проверка"]
        self.table = QTableWidget(len(self.numbered), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        if self.read_only:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        else:
            self.table.setEditTriggers(
                QAbstractItemView.EditTrigger.AnyKeyPressed
                | QAbstractItemView.EditTrigger.DoubleClicked
                | QAbstractItemView.EditTrigger.EditKeyPressed
            )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 44)
        for column in range(self.first_count, self.first_count + self.levels + 1):
            self.table.setColumnWidth(column, 120)
        self.table.setColumnWidth(len(headers) - 1, 230)
        totals = round_totals(store, round_id)
        self.respondents_spin.setValue(totals.respondents)
        self.table.blockSignals(True)
        for row, (number, item) in enumerate(self.numbered):
            fixed = [QTableWidgetItem(number), QTableWidgetItem(item.text)]
            for column, cell in enumerate(fixed):
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, cell)
            for i, value in enumerate(totals.counts.get(item.id, [0] * self.levels)):
                cell = QTableWidgetItem(str(value))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, self.first_count + i, cell)
            for column in (self.first_count + self.levels, self.first_count + self.levels + 1):
                cell = QTableWidgetItem("")
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if column == self.first_count + self.levels:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, cell)
        self.table.blockSignals(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(lambda _item: self.recount())
        self.respondents_spin.valueChanged.connect(lambda _v: self.recount())
        layout.addWidget(self.table, 1)
        self.finish_form(layout, save_text="Сохранить итоги")
        self.recount()

    def set_count(self, row: int, answer: int, value: int | str) -> None:
        self.table.item(row, self.first_count + answer).setText(str(value))

    def _counts(self) -> tuple[dict[str, list[int]], dict[str, str]]:
        counts, problems = {}, {}
        for row, (_, item) in enumerate(self.numbered):
            values = []
            for i in range(self.levels):
                text = self.table.item(row, self.first_count + i).text().strip() or "0"
                if not text.isdigit():
                    problems[f"item:{item.id}"] = (
                        f"«{text}» — не число: впишите, сколько человек выбрали ответ."
                    )
                    values.append(0)
                else:
                    values.append(int(text))
            counts[item.id] = values
        return counts, problems

    def recount(self, errors: dict[str, str] | None = None) -> None:
        counts, problems = self._counts()
        problems.update(errors or {})
        respondents = self.respondents_spin.value()
        self.table.blockSignals(True)
        for row, (_, item) in enumerate(self.numbered):
            left = respondents - sum(counts[item.id])
            rest = self.table.item(row, self.first_count + self.levels)
            rest.setText(str(left))
            rest.setForeground(ERROR_COLOR if left < 0 else self.palette().text().color())
            message = problems.get(f"item:{item.id}") or (
                f"ответов на {-left} больше, чем участников" if left < 0 else ""
            )
            check = self.table.item(row, self.first_count + self.levels + 1)
            check.setText(message)
            check.setForeground(ERROR_COLOR)
            check.setToolTip(message)
        self.table.blockSignals(False)

    def data(self) -> tuple[int, list[list[str]]]:
        """The number of respondents and every count as typed."""
        counts = [
            [self.table.item(row, self.first_count + i).text() for i in range(self.levels)]
            for row in range(len(self.numbered))
        ]
        return self.respondents_spin.value(), counts

    def write(self) -> bool:
        counts, problems = self._counts()
        if problems:
            raise UserError(CHECK_COLUMN)
        set_round_totals(self.store, self.info.id, self.respondents_spin.value(), counts)
        return True

    def refused(self, exc: UserError) -> None:
        """The per-statement messages go to the «Проверка» column; the general line points there."""
        errors = exc.errors if isinstance(exc, ValidationError) else {}
        self.recount(errors)
        if any(key.startswith("item:") for key in errors):
            self.errors.general.set_message(CHECK_COLUMN)
        super().refused(exc)
