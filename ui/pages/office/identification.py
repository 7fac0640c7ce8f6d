"""At the office, «Выявление школ с низкими результатами»: every school of the registry against the
office's criteria over the chosen years, the figures behind each «да», what a school did not
send, and the status change it suggests — made only when a person confirms it.

Only presentation: the criteria, the check and the decision are in app.office.identification.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.office.district import YEAR_MAX, YEAR_MIN
from app.office.identification import (
    BELOW_AVERAGE,
    CHANGE_LABELS,
    CRITERION_SHORT,
    CRITERION_TITLES,
    FAILED,
    INCLUDE,
    LEAVE,
    LOWERED,
    Identification,
    SchoolIdentification,
    decisions_of,
    identify,
)
from app.reports.catalog import ReportOptions, writer
from app.reports.identification import IDENTIFICATION_TITLE
from ui.dialogs.identification_dialogs import CriteriaDialog, StatusDialog
from ui.ops import attempt
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel
from ui.widgets.flow import FlowLayout
from ui.widgets.tables import record_table, set_empty_text

PAGE_TITLE = "Выявление школ с низкими результатами"
CRITERIA = (BELOW_AVERAGE, FAILED, LOWERED)
HEADERS = ["Школа (код)", "Статус", *[CRITERION_SHORT[k] for k in CRITERIA], "Предложение"]
MET = (QColor("#fde2e1"), QColor("#8a1c1c"))
NO_DATA = QColor("#777777")
SCHOOL_ROLE = Qt.ItemDataRole.UserRole + 1


class IdentificationPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.found: Identification | None = None
        layout = QVBoxLayout(self)
        self.printing = PrintButtons(
            self,
            [Printout(IDENTIFICATION_TITLE, lambda: writer(self.store, "identification", self._options()))],
            "идентификацию школ",
        )
        layout.addLayout(self.printing.title_row(PAGE_TITLE))

        tools = FlowLayout()
        self.first_year = QSpinBox()
        self.last_year = QSpinBox()
        for spin in (self.first_year, self.last_year):
            spin.setRange(YEAR_MIN, YEAR_MAX)
            spin.setToolTip("Годы экзаменов (ВПР весной, ОГЭ и ЕГЭ летом)")
        tools.add_group(QLabel("Годы экзаменов с"), self.first_year, QLabel("по"), self.last_year)
        tools.add_gap(16)
        self.criteria_button = QPushButton("Критерии…")
        self.criteria_button.setToolTip("Процедуры, предметы и пороги, по которым выявляются школы")
        self.status_button = QPushButton("Изменить статус…")
        self.status_button.setToolTip("Подтвердить предложенное: включить в ШНОР или вывести из программы")
        tools.addWidget(self.criteria_button)
        tools.addWidget(self.status_button)
        layout.addLayout(tools)
        self.criteria_label = QLabel()
        self.criteria_label.setWordWrap(True)
        self.criteria_label.setStyleSheet("color: #555555;")
        layout.addWidget(self.criteria_label)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        record_table(self.table, widths={0: 260, 1: 70, 2: 130, 3: 130, 4: 110}, stretch_last=True, wrap=True)
        header = self.table.horizontalHeader()
        for column in range(len(HEADERS)):
            item = self.table.horizontalHeaderItem(column)
            wrapped = Qt.AlignmentFlag.AlignCenter.value | Qt.TextFlag.TextWordWrap.value
            item.setData(Qt.ItemDataRole.TextAlignmentRole, wrapped)
            if 2 <= column < 2 + len(CRITERIA):
                item.setToolTip(CRITERION_TITLES[CRITERIA[column - 2]])
        header.setMinimumHeight(header.fontMetrics().lineSpacing() * 3 + 8)
        set_empty_text(self.table, "В реестре пока нет школ: примите пакеты школ («Обмен → Принять пакеты»).")
        layout.addWidget(self.table, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setMinimumHeight(90)
        layout.addWidget(self.details)
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)

        self.first_year.editingFinished.connect(self.refresh)
        self.last_year.editingFinished.connect(self.refresh)
        self.criteria_button.clicked.connect(self.edit_criteria)
        self.status_button.clicked.connect(self.change_status)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.table.doubleClicked.connect(lambda _i: self.change_status())
        self._years_set = False
        self.refresh()

    def _options(self) -> ReportOptions:
        return ReportOptions(years=self._years())

    def _years(self) -> tuple[int, ...] | None:
        if not self._years_set:
            return None
        first, last = sorted((self.first_year.value(), self.last_year.value()))
        return tuple(range(first, last + 1))

    def refresh(self) -> None:
        chosen = self.selected()
        found = attempt(self, lambda: identify(self.store, years=self._years()), self.error_label.set_message)
        if found is None:
            self.found = None
            self.table.setRowCount(0)
            self.details.clear()
            return
        self.error_label.set_message(None)
        self.found = found
        if not self._years_set:
            for spin, year in (
                (self.first_year, found.choice.years[0]),
                (self.last_year, found.choice.years[-1]),
            ):
                spin.blockSignals(True)
                spin.setValue(year)
                spin.blockSignals(False)
            self._years_set = True
        self.criteria_label.setText("Критерии: " + "; ".join(found.criteria.describe()) + ".")
        self._fill(found, chosen.school_id if chosen else None)

    def _fill(self, found: Identification, keep: str | None) -> None:
        self.table.setRowCount(len(found.schools))
        for row, school in enumerate(found.schools):
            cells = [
                f"{school.name} ({school.code})",
                "ШНОР" if school.is_shnor else "—",
                *[school.results[key].text for key in CRITERIA],
                CHANGE_LABELS[school.proposal] if school.proposal else "—",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(SCHOOL_ROLE, school.school_id)
                if 2 <= column < 2 + len(CRITERIA):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    result = school.results[CRITERIA[column - 2]]
                    if result.met:
                        item.setBackground(QBrush(MET[0]))
                        item.setForeground(QBrush(MET[1]))
                    elif result.met is None:
                        item.setForeground(QBrush(NO_DATA))
                        item.setToolTip(result.missing)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        rows = [r for r, s in enumerate(found.schools) if s.school_id == keep]
        self.table.selectRow(rows[0] if rows else 0)
        self._show_details()

    def selected(self) -> SchoolIdentification | None:
        if self.found is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        school_id = self.table.item(rows[0].row(), 0).data(SCHOOL_ROLE)
        return next((s for s in self.found.schools if s.school_id == school_id), None)

    def _show_details(self) -> None:
        school = self.selected()
        self.status_button.setEnabled(school is not None)
        if school is None:
            self.details.clear()
            return
        lines = [f"<b>{_html(school.name)}</b>"]
        for key in CRITERIA:
            result = school.results[key]
            if result.met:
                lines.append(
                    f"{_html(CRITERION_TITLES[key])}: " + "; ".join(_html(e) for e in result.evidence)
                )
            elif result.met is None:
                lines.append(f"{_html(CRITERION_TITLES[key])}: нет данных — {_html(result.missing)}")
        decisions = attempt(
            self, lambda: decisions_of(self.store, school.school_id), self.error_label.set_message
        )
        for decision in decisions or []:
            lines.append(
                f"Решение {decision.decided_on:%d.%m.%Y}: {decision.label} — {_html(decision.grounds)}"
            )
        if len(lines) == 1:
            lines.append("Ни один критерий не выполнен за выбранные годы.")
        self.details.setText("<br>".join(lines))

    def edit_criteria(self) -> None:
        if CriteriaDialog(self.store, self).exec():
            self.refresh()

    def change_status(self) -> None:
        school = self.selected()
        if school is None:
            return
        change = school.proposal or (LEAVE if school.is_shnor else INCLUDE)
        dialog = StatusDialog(self.store, school.school_id, change, school.name, school.grounds, self)
        if dialog.exec():
            self.refresh()


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")
