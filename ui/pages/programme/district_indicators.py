"""At the office, «Программа района → Показатели школ района»: seed 000's table for the district —
each indicator the schools keep, its value at every school of the registry by academic year and the
district mean over the schools that have one. The same table as the district report's
(app.office.district_monitoring); a school's row opens that school's «Показатели» on the desk.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.numbers import format_number
from app.core.text import fold
from app.office.district import SchoolRef
from app.office.district_monitoring import (
    DistrictIndicator,
    DistrictIndicators,
    indicator_years,
    registry_indicators,
)
from app.programme.academic_years import current_academic_year, shift_year
from app.programme.assessment_tables import NO_VALUE
from app.reports.catalog import ReportOptions, writer
from app.reports.district import INDICATORS_KIND
from app.reports.district_parts import mean_label
from ui.models.indicator_table import GROUP_BACKGROUND
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import page_title, widget_shortcut
from ui.widgets.flow import FlowLayout
from ui.widgets.tables import ROW_PADDING, record_table, set_empty_text

PAGE_TITLE = "Показатели школ района"
ALL_CRITERIA = ""
YEARS_SHOWN = 3  # the last years with values shown at first
YEAR_WIDTH = 96  # px: «2020/2021» in bold with room
SCHOOL_ROLE = Qt.ItemDataRole.UserRole + 1
INDICATOR_ROLE = Qt.ItemDataRole.UserRole + 2
# The keys of what the page leads to: the office's report, and on the desk the school's own page.
REPORT_KEY = "Отчёты/Отчёт по району"
DESK_INDICATORS_KEY = "Программа/Показатели"
INDICATOR_BACKGROUND = QColor("#f3f5f8")
MEAN_BACKGROUND = QColor("#fbf6e6")
HINT = (
    "Фактические значения показателей школ по учебным годам — из пакетов школ. «Среднее по району» — "
    "среднее по школам, у которых значение за год внесено (в скобках — по скольким школам из всех); "
    "«-» — значения нет, «не прислала» — за этот год школа не прислала ни одного значения. "
    "Enter или двойной щелчок по школе открывает её «Показатели»."
)
NO_SCHOOLS = (
    "В реестре пока нет школ: примите пакеты школ («Обмен → Принять пакеты») или добавьте школы "
    "в «Реестре школ»."
)
NO_VALUES = (
    "Школы ещё не прислали значений показателей: они приходят с пакетами школ («Обмен → Принять пакеты»)."
)
NOTHING_FOUND = "Ничего не найдено: измените строку поиска или выберите «Все критерии»."


def indicator_title(indicator: DistrictIndicator) -> str:
    """«Качество знаний, %»: the name and its unit, which every value of the rows below is in."""
    return f"{indicator.name}, {indicator.unit}" if indicator.unit else indicator.name


class DistrictIndicatorsPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.found: DistrictIndicators | None = None
        self.has_values = False  # any school of the registry has sent a value, in any year
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(page_title(PAGE_TITLE))
        head.addStretch(1)
        self.report_button = QPushButton("Отчёт по району…")
        self.report_button.setToolTip(
            "Открыть «Отчёты → Отчёт по району»: эта таблица входит в него вместе с Блоками 1–3"
        )
        head.addWidget(self.report_button)
        self.printing = PrintButtons(
            self, [Printout(PAGE_TITLE, self._report_writer)], "таблицу за выбранные учебные годы"
        )
        self.printing.add_to(head)
        layout.addLayout(head)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        layout.addWidget(hint)

        tools = FlowLayout()
        self.first_year_combo = QComboBox()
        self.first_year_combo.setToolTip("Первый учебный год — первый столбец таблицы")
        self.last_year_combo = QComboBox()
        self.last_year_combo.setToolTip("Последний учебный год — последний столбец таблицы")
        tools.add_group(QLabel("Учебные годы с"), self.first_year_combo, QLabel("по"), self.last_year_combo)
        tools.add_gap(16)
        self.criterion_combo = QComboBox()
        self.criterion_combo.setMinimumContentsLength(28)
        self.criterion_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.criterion_combo.setToolTip("Показать показатели одного критерия")
        tools.add_group(QLabel("Критерий:"), self.criterion_combo)
        tools.add_gap(16)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Поиск: показатель, школа или код (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(280)
        tools.addWidget(self.search_edit)
        layout.addLayout(tools)

        self.table = record_table(QTableWidget(0, 1), wrap=False, row_padding=ROW_PADDING)
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.note_label = QLabel()
        self.note_label.setObjectName("note")
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: #555555;")
        bottom.addWidget(self.count_label)
        bottom.addSpacing(24)
        bottom.addWidget(self.note_label, 1)
        layout.addLayout(bottom)

        self.first_year_combo.currentIndexChanged.connect(lambda _i: self._years_changed(first=True))
        self.last_year_combo.currentIndexChanged.connect(lambda _i: self._years_changed(first=False))
        self.criterion_combo.currentIndexChanged.connect(lambda _i: self.show_table())
        self.search_edit.textChanged.connect(lambda _t: self.show_table())
        self.search_edit.returnPressed.connect(self._to_table)
        self.table.doubleClicked.connect(lambda _index: self.open_school())
        self.report_button.clicked.connect(self.open_report)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            widget_shortcut(QKeySequence(key), self.table, self.open_school)
        self.reload()

    # --- data ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        """The years with values (the chosen ones kept), then the table as filtered."""
        years = indicator_years(self.store)
        self.has_values = bool(years)
        first, last = self.first_year_combo.currentData(), self.last_year_combo.currentData()
        if not years:
            current = current_academic_year()
            years = [shift_year(current, -1), current]
        if first not in years or last not in years:
            first, last = years[max(len(years) - YEARS_SHOWN, 0)], years[-1]
        for combo, chosen in ((self.first_year_combo, first), (self.last_year_combo, last)):
            combo.blockSignals(True)
            combo.clear()
            for year in years:
                combo.addItem(year, year)
            combo.setCurrentIndex(years.index(chosen))
            combo.blockSignals(False)
        self._load()

    def _years_changed(self, first: bool) -> None:
        """A first year after the last (or a last before the first) takes the other along."""
        start, end = self.first_year_combo.currentIndex(), self.last_year_combo.currentIndex()
        if start > end:
            other = self.last_year_combo if first else self.first_year_combo
            other.blockSignals(True)
            other.setCurrentIndex(start if first else end)
            other.blockSignals(False)
        self._load()

    def shown_years(self) -> tuple[str, str]:
        return self.first_year_combo.currentData(), self.last_year_combo.currentData()

    def _report_writer(self):
        """The table of the chosen academic years (2019/2020 is the year of the 2020 exams)."""
        first, last = (int(year[:4]) + 1 for year in self.shown_years())
        return writer(self.store, INDICATORS_KIND, ReportOptions(years=tuple(range(first, last + 1))))

    def _load(self) -> None:
        self.found = registry_indicators(self.store, *self.shown_years())
        chosen = self.criterion_combo.currentData() or ALL_CRITERIA
        criteria = list(dict.fromkeys(i.criterion for i in self.found.indicators))
        self.criterion_combo.blockSignals(True)
        self.criterion_combo.clear()
        self.criterion_combo.addItem("Все критерии", ALL_CRITERIA)
        for criterion in criteria:
            self.criterion_combo.addItem(criterion, criterion)
            self.criterion_combo.setItemData(
                self.criterion_combo.count() - 1, criterion, Qt.ItemDataRole.ToolTipRole
            )
        self.criterion_combo.setCurrentIndex(max(self.criterion_combo.findData(chosen), 0))
        self.criterion_combo.blockSignals(False)
        self.show_table()

    # --- the table -----------------------------------------------------------------------------

    def show_table(self) -> None:
        found = self.found
        if found is None:
            return
        selected = self.selected_school()
        table = self.table
        table.clearSpans()
        table.clearContents()
        table.setRowCount(0)
        table.setColumnCount(1 + len(found.years))
        table.setHorizontalHeaderLabels(["Показатель, единица / Наименование ОО", *found.years])
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, YEAR_WIDTH)
        shown = self.shown_indicators()
        criterion = None
        for number, indicator, schools in shown:
            if indicator.criterion != criterion:
                criterion = indicator.criterion
                self._group_row(criterion, GROUP_BACKGROUND, criterion)
            self._group_row(indicator_title(indicator), INDICATOR_BACKGROUND, indicator.criterion)
            for school in schools:
                row = self._value_row(school.name, [found.cell(indicator, school.id, y) for y in found.years])
                item = table.item(row, 0)
                item.setData(SCHOOL_ROLE, school.id)
                item.setData(INDICATOR_ROLE, number)
                item.setToolTip(f"{school.name}, код {school.code}. Enter — открыть её «Показатели»")
            label = mean_label(indicator, found.years, len(found.schools))
            means = [indicator.mean(year) for year in found.years]
            row = self._value_row(label, [format_number(m) if m is not None else NO_VALUE for m in means])
            self._mark(row, MEAN_BACKGROUND, italic=True, selectable=False)
        self._show_counts(len(shown))
        if selected is not None:
            self.select_school(*selected)

    def shown_indicators(self) -> list[tuple[int, DistrictIndicator, list[SchoolRef]]]:
        """The indicators (numbered as found) the criterion and the search leave, each with the
        schools shown under it: all when the indicator's name matches, else those whose name or
        code does."""
        found = self.found
        if found is None:
            return []
        criterion = self.criterion_combo.currentData() or ALL_CRITERIA
        words = fold(self.search_edit.text())
        result = []
        for number, indicator in enumerate(found.indicators):
            if criterion and indicator.criterion != criterion:
                continue
            if not words or words in fold(indicator_title(indicator)):
                schools = list(found.schools)
            else:
                schools = [s for s in found.schools if words in fold(f"{s.name} {s.code}")]
            if schools:
                result.append((number, indicator, schools))
        return result

    def _group_row(self, text: str, background: QColor, tip: str) -> None:
        table = self.table
        row = table.rowCount()
        table.insertRow(row)
        for column in range(table.columnCount()):
            table.setItem(row, column, QTableWidgetItem(text if column == 0 else ""))
        table.setSpan(row, 0, 1, table.columnCount())
        table.item(row, 0).setToolTip(tip)
        self._mark(row, background, bold=True, selectable=False)

    def _value_row(self, label: str, texts: list[str]) -> int:
        table = self.table
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, 0, QTableWidgetItem(label))
        for column, text in enumerate(texts, start=1):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(row, column, item)
        return row

    def _mark(
        self, row: int, background: QColor, bold: bool = False, italic: bool = False, selectable: bool = True
    ) -> None:
        for column in range(self.table.columnCount()):
            item = self.table.item(row, column)
            item.setBackground(QBrush(background))
            font = QFont(item.font())
            font.setBold(bold)
            font.setItalic(italic)
            item.setFont(font)
            if not selectable:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def _show_counts(self, shown: int) -> None:
        found = self.found
        assert found is not None
        total = len(found.indicators)
        self.count_label.setText(f"Показателей: {shown} из {total} · школ в реестре: {len(found.schools)}")
        if not found.schools:
            note = NO_SCHOOLS
        elif not any(i.schools_with_value(y) for i in found.indicators for y in found.years):
            note = "За выбранные годы значений нет." if self.has_values else NO_VALUES
        elif total and not shown:
            note = NOTHING_FOUND
        else:
            note = ""
        self.note_label.setText(note)
        set_empty_text(self.table, note or NOTHING_FOUND)  # said in the table too, where one looks

    # --- selection and what it opens -------------------------------------------------------------

    def selected_school(self) -> tuple[str, int] | None:
        """The school and indicator (its index in the table) of the selected row, if a school's."""
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        if item is None or item.data(SCHOOL_ROLE) is None:
            return None
        return item.data(SCHOOL_ROLE), item.data(INDICATOR_ROLE)

    def select_school(self, school_id: str, indicator: int) -> bool:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item.data(SCHOOL_ROLE) == school_id and item.data(INDICATOR_ROLE) == indicator:
                self.table.selectRow(row)
                self.table.scrollToItem(item)
                return True
        return False

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _to_table(self) -> None:
        """Enter in the search: to the first school found, so that Enter again opens it."""
        if self.selected_school() is None:
            for row in range(self.table.rowCount()):
                if self.table.item(row, 0).data(SCHOOL_ROLE) is not None:
                    self.table.selectRow(row)
                    break
        self.table.setFocus()

    def open_school(self) -> QWidget | None:
        """The selected school on the curator's desk, at its «Показатели», the same years and
        indicator chosen there."""
        selected = self.selected_school()
        window = self.window()
        if selected is None or self.found is None or not hasattr(window, "desk"):
            return None
        school_id, index = selected
        if window.open_school(school_id) is None:
            return None  # the main window has said why
        page = window.show_page(window.desk.key(DESK_INDICATORS_KEY))
        start = page.first_year_combo.findData(self.shown_years()[0])
        if start >= 0:
            page.first_year_combo.setCurrentIndex(start)
        indicator = self.found.indicators[index]
        for row in range(page.model.rowCount()):
            info = page.model.indicator(row)
            if info is not None and indicator.matches(info.criterion, info.name, info.unit):
                page.select(info.id)
                break
        return page

    def open_report(self) -> QWidget | None:
        window = self.window()
        show_page = getattr(window, "show_page", None)
        return show_page(REPORT_KEY) if callable(show_page) else None
