"""Результаты оценочных процедур: the list with filters and a form, the dynamics table of seed 004
Блок 1, seed 001's ВПР by class, and the Excel template and import."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.imports.xlsx_import import read_results
from app.imports.xlsx_template import write_results_template
from app.programme.assessments import (
    ASSESSMENTS,
    ExamResultInfo,
    ResultData,
    delete_result,
    list_results,
    result_years,
)
from app.reports.catalog import ReportOptions, writer
from app.school.installation import own_school
from ui.dialogs.exam_result_dialog import ExamResultDialog
from ui.dialogs.import_preview import import_from_excel, save_template
from ui.models.exam_results_table import (
    COL_ASSESSMENT,
    COL_GRADE,
    COL_LEVEL,
    COL_METRIC,
    COL_SUBJECT,
    COL_VALUE,
    COL_YEAR,
    ExamResultsModel,
)
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import (
    ErrorLabel,
    SavedNote,
    ask_and_do,
    first_selected,
    select_index,
    widget_shortcut,
)
from ui.widgets.flow import FlowLayout
from ui.widgets.read_only import hide_all, title_row
from ui.widgets.results_tables import ClassTableView, DynamicsView
from ui.widgets.tables import ROW_PADDING, record_table, set_empty_text

ALL = "все"
EMPTY_RESULTS = "Результатов пока нет. Нажмите «Добавить» или «Импорт из Excel…»."
NOTHING_FOUND = "За выбранный год и процедуру результатов нет — выберите «все» или нажмите «Добавить»."
COLUMN_WIDTHS = {
    COL_YEAR: 60,
    COL_ASSESSMENT: 85,
    COL_SUBJECT: 170,
    COL_GRADE: 60,
    COL_LEVEL: 95,
    COL_METRIC: 200,
    COL_VALUE: 90,
}


class ResultsPage(Page):
    """`read_only`: the office reads a school's results — the list, filters and both seed tables
    stay; nothing is added, changed, deleted or imported."""

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        store = context.store
        school_id = context.school_id
        read_only = context.read_only
        if school_id is None:
            school = own_school(store)
            if school is None:
                raise UserError("Результаты оценочных процедур ведёт школа.")
            school_id = school.id
        self.school_id = school_id

        layout = QVBoxLayout(self)
        head = title_row("Результаты оценочных процедур", read_only)
        head.addStretch(1)
        self.printing = PrintButtons(
            self, [Printout("Динамика образовательных результатов", self._report_writer)], "результаты"
        )
        self.printing.add_to(head)
        layout.addLayout(head)
        tools = FlowLayout()
        self.year_combo = QComboBox()
        self.year_combo.setMinimumWidth(90)
        tools.add_group(QLabel("Год:"), self.year_combo)
        tools.add_gap(8)
        self.assessment_combo = QComboBox()
        self.assessment_combo.addItem(ALL, None)
        for assessment in ASSESSMENTS:
            self.assessment_combo.addItem(assessment, assessment)
        tools.add_group(QLabel("Процедура:"), self.assessment_combo)
        tools.add_gap(24)
        self.add_button = QPushButton("Добавить")
        self.add_button.setToolTip("Внести результат (Ctrl+N)")
        self.edit_button = QPushButton("Изменить")
        self.delete_button = QPushButton("Удалить")
        self.template_button = QPushButton("Шаблон Excel…")
        self.template_button.setToolTip(
            "Сохранить пустой шаблон с выпадающими списками, чтобы заполнить его в Excel"
        )
        self.import_button = QPushButton("Импорт из Excel…")
        self.import_button.setToolTip(
            "Загрузить заполненный шаблон; перед сохранением покажем, что добавится"
        )
        for button in (self.add_button, self.edit_button, self.delete_button):
            tools.addWidget(button)
        tools.add_gap(16)
        tools.addWidget(self.template_button)
        tools.addWidget(self.import_button)
        layout.addLayout(tools)

        self.tabs = QTabWidget()
        self.model = ExamResultsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        record_table(
            self.table,
            widths=COLUMN_WIDTHS,
            alternating=True,
            wrap=False,
            row_padding=ROW_PADDING,
            stretch_last=True,
        )
        self.dynamics = DynamicsView(store, school_id)
        self.classes = ClassTableView(store, school_id, read_only=read_only)
        self.tabs.addTab(self.table, "Все результаты")
        self.tabs.addTab(self.dynamics, "Динамика по годам")
        self.tabs.addTab(self.classes, "ВПР по классам")
        layout.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.error_label = ErrorLabel()
        self.saved_note = SavedNote()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.error_label, 1)
        bottom.addWidget(self.saved_note)
        layout.addLayout(bottom)

        self.year_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.assessment_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.template_button.clicked.connect(self.save_template)
        self.import_button.clicked.connect(self.import_results)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.tabs.currentChanged.connect(lambda _i: self._update_buttons())
        if read_only:
            # Every field of the form is a column of the list: nothing to open.
            hide_all(
                self.add_button,
                self.edit_button,
                self.delete_button,
                self.template_button,
                self.import_button,
            )
        else:
            self.table.doubleClicked.connect(lambda _index: self.edit())
            QShortcut(QKeySequence.StandardKey.New, self, self.add)
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                widget_shortcut(QKeySequence(key), self.table, self.edit)
            widget_shortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.delete)
        self.refresh()

    # --- data -----------------------------------------------------------

    def _report_writer(self):
        year = self.year_combo.currentData()  # the exams' calendar year: its academic year
        options = ReportOptions(
            school_id=self.school_id, academic_year=f"{year - 1}/{year}" if year else None
        )
        return writer(self.store, "results", options)

    def refresh(self) -> None:
        """Years in the filter follow the data; then the list and both seed tables."""
        years = result_years(self.store, self.school_id)
        current = self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(ALL, None)
        for year in reversed(years):
            self.year_combo.addItem(str(year), year)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(current)))
        self.year_combo.blockSignals(False)
        self.reload()
        self.dynamics.reload()
        self.classes.set_years(years, self.year_combo.currentData())

    def reload(self, select_id: str | None = None) -> None:
        current = select_id or (r.id if (r := self.selected()) else None)
        rows = list_results(
            self.store, self.school_id, self.year_combo.currentData(), self.assessment_combo.currentData()
        )
        self.model.set_rows(rows)
        self.count_label.setText(f"Результатов: {len(rows)}")
        set_empty_text(self.table, self._empty_text())
        if current is not None:
            self.select(current)
        self._update_buttons()

    def _empty_text(self) -> str:
        if self.year_combo.currentData() is not None or self.assessment_combo.currentData() is not None:
            return NOTHING_FOUND
        return "Школа пока не внесла результатов." if self.read_only else EMPTY_RESULTS

    def select(self, result_id: str) -> bool:
        row = self.model.row_of(result_id)
        if row is None:
            return False
        return select_index(self.table, self.model.index(row, COL_SUBJECT))

    def selected(self) -> ExamResultInfo | None:
        index = first_selected(self.table)
        return self.model.result(index.row()) if index is not None else None

    def _update_buttons(self) -> None:
        on_list = self.tabs.currentWidget() is self.table
        chosen = on_list and self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # --- actions --------------------------------------------------------

    def _defaults(self) -> ResultData:
        """A new figure starts like the selected one (or the filters): a series goes quicker."""
        chosen = self.selected()
        if chosen is not None:
            return ResultData(
                chosen.year, chosen.assessment, chosen.subject, chosen.grade, chosen.level, chosen.metric
            )
        data = ResultData(year=self.year_combo.currentData())
        if self.assessment_combo.currentData():
            data.assessment = self.assessment_combo.currentData()
        if data.assessment == "ЕГЭ":
            data.metric = "mean_score"
        return data

    def add(self) -> None:
        if self.read_only:
            return
        dialog = ExamResultDialog(self.store, self.school_id, defaults=self._defaults(), parent=self)
        dialog.exec()
        if dialog.saved:
            self.error_label.set_message(None)
            self.refresh()
            self.select(dialog.saved[-1].id)

    def edit(self) -> None:
        chosen = self.selected()
        if chosen is None or self.read_only:
            return
        dialog = ExamResultDialog(self.store, self.school_id, chosen, parent=self)
        if dialog.exec() == ExamResultDialog.DialogCode.Accepted:
            self.refresh()
            self.select(chosen.id)

    def delete(self) -> None:
        chosen = self.selected()
        if chosen is None or self.read_only:
            return
        question = f"Удалить «{chosen.describe()} — {chosen.value_text}»?"
        act = lambda: delete_result(self.store, chosen.id)  # noqa: E731
        if ask_and_do(self, "Удалить результат", question, act, self.error_label.set_message) is not None:
            self.refresh()

    def save_template(self) -> None:
        """Where the template went is told by save_template itself (its folder, buttons to open)."""
        save_template(self, "Результаты — шаблон.xlsx", write_results_template)

    def import_results(self) -> None:
        if self.read_only:
            return
        store, school_id = self.store, self.school_id
        import_from_excel(self, store, lambda p: read_results(store, school_id, p), self._imported)

    def _imported(self, saved: int) -> None:
        self.refresh()
        self.saved_note.flash(f"Импортировано значений: {saved}")
