"""At the office, «Работа со школами → Адресные рекомендации»: every school's recommendations in one
list — what is open, overdue, answered — with each answer's evidence; a row opens the school on the
curator's desk at that recommendation; printable for a meeting.

Only presentation: the states and filters are in app.office.recommendation_answers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import format_day
from app.office.recommendation_answers import FILTER_LABELS, FILTERS, DistrictRow, district_states
from app.reports.catalog import ReportOptions, writer
from app.reports.recommendations import TITLE as REPORT_TITLE
from ui.ops import attempt
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel
from ui.widgets.flow import FlowLayout
from ui.widgets.tables import record_table, set_empty_text

PAGE_TITLE = "Адресные рекомендации школам"
HEADERS = ["Школа", "Дата", "Тема", "Срок", "Ответ школы", "Подтверждения"]
LATE = QColor("#b00020")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
EMPTY = (
    "Рекомендаций пока нет: их пишут на странице школы «Адресные рекомендации» "
    "(«Реестр школ» → «Открыть школу») и отправляют с «Обратной связью»."
)
NOTHING_FOUND = "Ни одна рекомендация не подходит под отбор — выберите «все»."


class DistrictRecommendationsPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.rows: list[DistrictRow] = []
        layout = QVBoxLayout(self)
        self.printing = PrintButtons(
            self,
            [Printout(REPORT_TITLE, lambda: writer(self.store, "recommendations", ReportOptions()))],
            "список",
        )
        layout.addLayout(self.printing.title_row(PAGE_TITLE))

        tools = FlowLayout()
        self.filter_combo = QComboBox()
        self.filter_combo.addItem("все", None)
        for key in FILTERS:
            self.filter_combo.addItem(FILTER_LABELS[key], key)
        tools.add_group(QLabel("Показать:"), self.filter_combo)
        self.open_button = QPushButton("Открыть в школе")
        self.open_button.setToolTip(
            "Открыть школу на странице «Адресные рекомендации» (Enter или двойной щелчок)"
        )
        tools.addWidget(self.open_button)
        layout.addLayout(tools)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        record_table(self.table, widths={0: 200, 1: 86, 2: 260, 3: 86, 4: 150}, stretch_last=True, wrap=True)
        set_empty_text(self.table, EMPTY)
        layout.addWidget(self.table, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(60)
        layout.addWidget(self.details)
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)

        self.filter_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.open_button.clicked.connect(self.open_selected)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.itemSelectionChanged.connect(self._show_details)
        self.refresh()

    def refresh(self) -> None:
        wanted = self.filter_combo.currentData()
        found = attempt(
            self,
            lambda: district_states(self.store, wanted=[wanted] if wanted else []),
            self.error_label.set_message,
        )
        self.rows = found or []
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            state = row.state
            late = state.overdue()
            answer = state.status_label + (f" ({format_day(state.answered_on)})" if state.answered_on else "")
            cells = [
                f"{row.school_name} ({row.school_code})",
                format_day(state.issued_on),
                state.title,
                format_day(state.due_date) + (" — просрочена" if late else "") if state.due_date else "—",
                answer,
                "; ".join(e.label for e in state.evidence) or "—",
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ROW_ROLE, r)
                if late and c == 3:
                    item.setForeground(QBrush(LATE))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        set_empty_text(self.table, NOTHING_FOUND if wanted else EMPTY)
        overdue = sum(1 for row in self.rows if row.state.overdue())
        open_ = sum(1 for row in self.rows if row.state.is_open)
        self.summary_label.setText(
            f"Рекомендаций: {len(self.rows)}; открытых: {open_}; просроченных: {overdue}."
            if self.rows
            else ""
        )
        if self.rows:
            self.table.selectRow(0)
        self._show_details()

    def selected(self) -> DistrictRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _show_details(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None)
        if row is None:
            self.details.clear()
            return
        state = row.state
        lines = [f"{state.title}: {state.text}"]
        if state.activity_hint:
            lines.append(f"Ожидаемый результат: {state.activity_hint}")
        if state.note:
            lines.append(f"Ответ школы: {state.note}")
        self.details.setText("\n".join(lines))

    def open_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.open_school_requested.emit(row.state.school_id)
        self.open_record_requested.emit("recommendations", row.state.id)
