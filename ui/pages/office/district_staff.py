"""«Анализ → Педагоги района»: seed 001's staff analysis for the district from the schools' staff
lists — each school's row and the district's total, the teachers by subject, the analysis in
words; a school that sent no staff list is named above the tables.

Only presentation: the counting is in app.office.district_staff (app/school/staff_analysis's rules).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.office.district_staff import DistrictStaff, district_staff, staff_years
from app.reports.catalog import ReportOptions, writer
from app.reports.district_staff import DISTRICT_STAFF_TITLE, SCHOOL_FIGURES, share_text
from app.school.staff_analysis import OLD_AGE, StaffAnalysis, analysis_text
from ui.ops import attempt
from ui.pages.base import Page, PageContext
from ui.pages.office.district_results import wrapped_headers
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel
from ui.widgets.flow import FlowLayout
from ui.widgets.tables import record_table, set_empty_text

PAGE_TITLE = "Педагоги района"
SCHOOL_HEADERS = ["Школа (код)", "Учителей", *[label for _key, label in SCHOOL_FIGURES]]
SUBJECT_HEADERS = [
    "Предмет",
    "Учителей",
    "Высшая или первая категория",
    "КПК за три года",
    f"Старше {OLD_AGE} лет",
]
TOTAL = "Итого по району"


class DistrictStaffPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.found: DistrictStaff | None = None
        layout = QVBoxLayout(self)
        self.printing = PrintButtons(
            self,
            [Printout(DISTRICT_STAFF_TITLE, lambda: writer(self.store, "district-staff", self._options()))],
            "кадровый состав школ района",
        )
        layout.addLayout(self.printing.title_row(PAGE_TITLE))

        tools = FlowLayout()
        self.year_combo = QComboBox()
        self.year_combo.setToolTip(
            "Педагоги считаются на 31 августа учебного года (не позже сегодняшнего дня)"
        )
        tools.add_group(QLabel("Учебный год:"), self.year_combo)
        layout.addLayout(tools)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.gaps_label = QLabel()
        self.gaps_label.setWordWrap(True)
        self.gaps_label.setStyleSheet("color: #8a1c1c;")
        layout.addWidget(self.gaps_label)

        self.tabs = QTabWidget()
        self.schools_table = QTableWidget(0, 0)
        record_table(self.schools_table, stretch_last=True, wrap=True)
        wrapped_headers(self.schools_table, SCHOOL_HEADERS)
        for column, width in enumerate([230, 70, 95, 95, 95, 105, 95]):
            self.schools_table.horizontalHeader().resizeSection(column, width)
        set_empty_text(self.schools_table, "Ни одна школа не прислала списка педагогов.")
        self.subjects_table = QTableWidget(0, 0)
        record_table(self.subjects_table, stretch_last=True, wrap=True)
        wrapped_headers(self.subjects_table, SUBJECT_HEADERS, lines=2)
        for column, width in enumerate([230, 90, 150, 120]):
            self.subjects_table.horizontalHeader().resizeSection(column, width)
        set_empty_text(self.subjects_table, "Ни у одного учителя не указан предмет.")
        self.analysis_label = QLabel()
        self.analysis_label.setWordWrap(True)
        self.analysis_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.analysis_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs.addTab(self.schools_table, "По школам")
        self.tabs.addTab(self.subjects_table, "По предметам")
        self.tabs.addTab(self.analysis_label, "Анализ словами")
        layout.addWidget(self.tabs, 1)
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)

        self.year_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self._fill_years()

    def _fill_years(self) -> None:
        years = attempt(self, lambda: staff_years(self.store), self.error_label.set_message) or []
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItems(years)
        self.year_combo.blockSignals(False)
        self.refresh()

    def _options(self) -> ReportOptions:
        return ReportOptions(academic_year=self.year_combo.currentText() or None)

    def refresh(self) -> None:
        year = self.year_combo.currentText() or None
        found = attempt(
            self, lambda: district_staff(self.store, academic_year=year), self.error_label.set_message
        )
        self.found = found
        if found is None:
            for table in (self.schools_table, self.subjects_table):
                table.setRowCount(0)
            self.summary_label.clear()
            self.gaps_label.clear()
            self.analysis_label.clear()
            return
        self.error_label.set_message(None)
        a = found.total
        schools = len(found.schools) + len(found.silent)
        self.summary_label.setText(
            f"Школ прислали список педагогов: {len(found.schools)} из {schools}; "
            f"учителей в районе: {a.teachers}. Возраст и курсы — на {a.reference:%d.%m.%Y}."
        )
        self.gaps_label.setText(" ".join(found.gaps()))
        self.gaps_label.setVisible(bool(found.silent))
        rows = [(f"{s.school.name} ({s.school.code})", s.analysis) for s in found.schools]
        if rows:
            rows.append((TOTAL, a))
        _fill(
            self.schools_table,
            [_school_cells(name, analysis) for name, analysis in rows],
            bold_last=bool(rows),
        )
        _fill(self.subjects_table, [_subject_cells(row) for row in a.by_every_subject])
        self.analysis_label.setText("\n\n".join(analysis_text(a) + found.gaps()))


def _school_cells(name: str, a: StaffAnalysis) -> list[str]:
    return [name, str(a.teachers), *(share_text(getattr(a, key)) for key, _label in SCHOOL_FIGURES)]


def _subject_cells(row) -> list[str]:
    return [
        row.label,
        str(row.teachers),
        share_text(row.top_category),
        share_text(row.courses),
        share_text(row.over_55),
    ]


def _fill(table: QTableWidget, rows: list[list[str]], bold_last: bool = False) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if bold_last and r == len(rows) - 1:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            table.setItem(r, c, item)
    table.resizeRowsToContents()
