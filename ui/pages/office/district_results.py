"""«Анализ → Результаты района»: seed 001's ВПР table by class and subject for the district, and
the district's ОГЭ, ЕГЭ, ГВЭ by subject, for a year; who sent nothing is named under the table;
a row chosen shows each school's own figures behind it.

Only presentation: the adding up is in app.office.district_vpr.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.numbers import format_number
from app.office.district import YEAR_MAX, YEAR_MIN
from app.office.district_vpr import ASSESSMENTS, VPR, DistrictRow, DistrictTable, district_results
from app.reports.catalog import ReportOptions, writer
from app.reports.district_vpr import DISTRICT_VPR_TITLE, VPR_METRICS
from ui.ops import attempt
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel
from ui.widgets.flow import FlowLayout
from ui.widgets.tables import record_table, set_empty_text

PAGE_TITLE = "Результаты района"
VPR_HEADERS = [
    "Класс",
    "Предмет",
    "Обучающихся в ОО района",
    "Участников ВПР",
    "% участия",
    "Подтвердили и улучшили, %",
    "Понизили, %",
    "Не справились, %",
]
EXAM_HEADERS = ["Предмет", "Участников", "Средний результат района", "Ниже порога, %", "Школ прислали"]
METRIC_LABELS = {
    "students": "обучающихся",
    "participants": "участников",
    "confirmed_pct": "подтвердили/улучшили %",
    "lowered_pct": "понизили %",
    "failed_pct": "не справились %",
    "mean_mark": "средняя оценка",
    "mean_score": "средний балл",
}
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def wrapped_headers(table: QTableWidget, headers: list[str], lines: int = 3) -> None:
    """Headers that wrap onto `lines` lines, so a narrow column's header is read whole."""
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    wrapped = Qt.AlignmentFlag.AlignCenter.value | Qt.TextFlag.TextWordWrap.value
    for column in range(len(headers)):
        table.horizontalHeaderItem(column).setData(Qt.ItemDataRole.TextAlignmentRole, wrapped)
    header = table.horizontalHeader()
    header.setMinimumHeight(header.fontMetrics().lineSpacing() * lines + 8)


class DistrictResultsPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.shown: DistrictTable | None = None
        layout = QVBoxLayout(self)
        self.printing = PrintButtons(
            self,
            [Printout(DISTRICT_VPR_TITLE, lambda: writer(self.store, "district-vpr", self._options()))],
            "результаты района за выбранный год",
        )
        layout.addLayout(self.printing.title_row(PAGE_TITLE))

        tools = FlowLayout()
        self.year_spin = QSpinBox()
        self.year_spin.setRange(YEAR_MIN, YEAR_MAX)
        self.year_spin.setToolTip("Год оценочных процедур (ВПР весной, ОГЭ и ЕГЭ летом)")
        self.assessment_combo = QComboBox()
        for assessment in ASSESSMENTS:
            label = "ВПР по классам" if assessment == VPR else assessment
            self.assessment_combo.addItem(label, assessment)
        tools.add_group(QLabel("Год:"), self.year_spin)
        tools.add_group(QLabel("Процедура:"), self.assessment_combo)
        layout.addLayout(tools)
        self.gaps_label = QLabel()
        self.gaps_label.setWordWrap(True)
        self.gaps_label.setStyleSheet("color: #8a1c1c;")
        layout.addWidget(self.gaps_label)

        self.table = QTableWidget(0, 0)
        record_table(
            self.table,
            stretch_last=True,
            wrap=True,
            empty="Результатов школ пока нет: примите пакеты школ («Обмен → Принять пакеты»).",
        )
        layout.addWidget(self.table, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setMinimumHeight(70)
        layout.addWidget(self.details)
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)

        self._year_set = False
        self.year_spin.editingFinished.connect(self.refresh)
        self.assessment_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.itemSelectionChanged.connect(self._show_details)
        self.refresh()

    def _options(self) -> ReportOptions:
        return ReportOptions(years=(self.year_spin.value(),) if self._year_set else None)

    def refresh(self) -> None:
        assessment = self.assessment_combo.currentData()
        years = (self.year_spin.value(),) if self._year_set else None
        found = attempt(
            self,
            lambda: district_results(self.store, years=years, assessments=(assessment,)),
            self.error_label.set_message,
        )
        if found is None:
            self.shown = None
            self.table.setRowCount(0)
            self.gaps_label.clear()
            self.details.clear()
            return
        self.error_label.set_message(None)
        year = found.choice.years[-1]
        if not self._year_set:
            self.year_spin.blockSignals(True)
            self.year_spin.setValue(year)
            self.year_spin.blockSignals(False)
            self._year_set = True
        self.shown = found.table(year, assessment)
        self._fill(self.shown, year, assessment)

    def _fill(self, table: DistrictTable | None, year: int, assessment: str) -> None:
        vpr = assessment == VPR
        wrapped_headers(self.table, VPR_HEADERS if vpr else EXAM_HEADERS)
        widths = {0: 60, 1: 170} if vpr else {0: 260, 1: 110, 2: 140, 3: 120}
        for column in range(self.table.columnCount()):
            self.table.horizontalHeader().resizeSection(column, widths.get(column, 110))
        rows = table.rows if table else []
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = _vpr_cells(row) if vpr else _exam_cells(row, table.schools)  # type: ignore[union-attr]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ROW_ROLE, r)
                if c >= (2 if vpr else 1):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                notes = row.notes(table.schools)  # type: ignore[union-attr]
                if notes:
                    item.setToolTip("; ".join(notes))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        what = "результатов ВПР по классам" if vpr else f"результатов {assessment}"
        set_empty_text(
            self.table, f"За {year} год школы не прислали {what}. Выберите другой год или процедуру."
        )
        self.gaps_label.setText(
            " ".join(table.gaps()) if table else f"Ни одна школа не прислала {what} за {year} год."
        )
        if rows:
            self.table.selectRow(0)
        self._show_details()

    def selected(self) -> DistrictRow | None:
        rows = self.table.selectionModel().selectedRows()
        if self.shown is None or not rows:
            return None
        return self.shown.rows[self.table.item(rows[0].row(), 0).data(ROW_ROLE)]

    def _show_details(self) -> None:
        row = self.selected()
        if row is None or self.shown is None:
            self.details.clear()
            return
        lines = [f"<b>{html.escape(row.label)}</b> — по школам:"]
        for figures in row.schools:
            values = ", ".join(
                f"{METRIC_LABELS[m]} {format_number(v)}"
                for m, v in figures.values.items()
                if m in METRIC_LABELS
            )
            lines.append(f"{html.escape(figures.school.name)} ({html.escape(figures.school.code)}): {values}")
        notes = row.notes(self.shown.schools)
        if notes:
            lines.append("Примечание: " + html.escape("; ".join(notes)) + ".")
        self.details.setText("<br>".join(lines))


def _vpr_cells(row: DistrictRow) -> list[str]:
    return [str(row.grade), row.subject, *(row.text(m) for m in VPR_METRICS)]


def _exam_cells(row: DistrictRow, of: int) -> list[str]:
    return [
        row.exam_label,
        row.text("participants"),
        row.text(row.mean_metric),
        row.text("failed_pct"),
        f"{len(row.schools)} из {of}",
    ]
