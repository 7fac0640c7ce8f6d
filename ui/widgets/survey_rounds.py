"""The list of a school's questionnaire rounds at the top of «Анкетирование»: one line a round,
as tall as its rows (two to five), so the results below get the rest of the page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from app.core.dates import format_day
from app.surveys.surveys import SOURCE_LABELS, RoundInfo
from ui.widgets.tables import ROW_PADDING, record_table

COLUMNS = ["Тур", "Дата", "Анкета", "Ввод", "Ответили", "Состояние"]
WIDTHS = [150, 90, 330, 110, 85]
RESPONDENTS_COLUMN = 4


class RoundsTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(COLUMNS)
        record_table(self, widths=dict(enumerate(WIDTHS)), row_padding=ROW_PADDING, stretch_last=True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.row_height = self.fontMetrics().height() + ROW_PADDING

    def show_rounds(self, rounds: list[RoundInfo], current: str | None) -> None:
        """Fill the lines (without announcing it) and select `current`, or the first round."""
        self.blockSignals(True)
        self.setRowCount(len(rounds))
        for row, info in enumerate(rounds):
            cells = [
                info.title,
                format_day(info.held_on),
                info.template_label,
                SOURCE_LABELS.get(info.source, info.source),
                str(info.respondents),
                info.status_label,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == RESPONDENTS_COLUMN:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, column, item)
        ids = [r.id for r in rounds]
        row = ids.index(current) if current in ids else (0 if ids else -1)
        if row >= 0:
            self.selectRow(row)
        self.blockSignals(False)
        visible = min(max(len(rounds), 2), 5)
        self.setFixedHeight(self.row_height * visible + self.horizontalHeader().sizeHint().height() + 4)
