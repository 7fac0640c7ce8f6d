"""Показатели: criteria groups with their indicators, plan and fact by academic year typed in place,
the change against the year before coloured, and a small chart of the selected indicator."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError, ValidationError
from app.imports.xlsx_import import read_indicator_values
from app.imports.xlsx_template import write_indicators_template
from app.programme.indicator_table import indicator_table
from app.programme.indicators import (
    IndicatorInfo,
    delete_indicator,
    latest_summary,
    set_value,
)
from app.reports.catalog import ReportOptions, writer
from ui.dialogs.import_preview import import_from_excel, save_template
from ui.dialogs.indicator_dialog import IndicatorDialog
from ui.models.indicator_table import COL_NAME, COL_UNIT, FIRST_YEAR_COL, PER_YEAR, IndicatorTableModel
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel, SavedNote, ask_and_do, widget_shortcut
from ui.widgets.flow import FlowLayout
from ui.widgets.group_header import GroupedHeader
from ui.widgets.indicator_chart import IndicatorChart
from ui.widgets.read_only import READ_ONLY_TEXT, hide_all, not_editable, title_row

YEARS_SHOWN = 3  # years fit across at 1366×768 next to the indicator names
NAME_WIDTH, UNIT_WIDTH, NUMBER_WIDTH = 340, 48, 64
HINT = (
    "План и факт вписываются прямо в таблицу (дробная часть — через запятую). «±» — изменение факта "
    "к предыдущему году: зелёным — к лучшему, красным — к худшему. Факт на голубом фоне посчитан по "
    "записям программы — откуда он, сказано в подсказке."
)
DISTRICT_HINT = (
    " Показатель района, который школы ведут под тем же названием и в той же единице, получает факт "
    "из значений школ: доли — среднее, численность — сумма."
)
READ_ONLY_HINT = (
    "План и факт по учебным годам. «±» — изменение факта к предыдущему году: зелёным — к лучшему, "
    "красным — к худшему. Факт на голубом фоне посчитан по записям школы — откуда он, сказано в подсказке."
)


class IndicatorsPage(Page):
    """`read_only`: the office reads a school's indicators — the table, chart and details stay;
    no value is typed or cleared, no indicator added, changed, deleted or imported."""

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        school_id = context.school_id
        mode = context.mode
        read_only = context.read_only
        self.school_id = school_id  # None: the office's own district programme
        layout = QVBoxLayout(self)
        title = "Показатели" if school_id is not None or mode == "school" else "Показатели программы района"
        head = title_row(title, read_only)
        head.addStretch(1)
        self.printing = PrintButtons(
            self,
            [Printout(title, lambda: writer(self.store, "indicators", ReportOptions(school_id=school_id)))],
            "таблицу показателей",
        )
        self.printing.add_to(head)
        layout.addLayout(head)
        hint = QLabel((READ_ONLY_HINT if read_only else HINT) + (DISTRICT_HINT if school_id is None else ""))
        hint.setWordWrap(True)
        layout.addWidget(hint)

        tools = FlowLayout()
        self.first_year_combo = QComboBox()
        self.first_year_combo.setToolTip("С какого учебного года показывать столбцы таблицы")
        tools.add_group(QLabel("Учебные годы с:"), self.first_year_combo)
        tools.add_gap(24)
        self.add_button = QPushButton("Добавить показатель")
        self.add_button.setToolTip("Новый показатель в выбранном критерии (Ctrl+N)")
        self.edit_button = QPushButton("Изменить")
        self.delete_button = QPushButton("Удалить")
        self.template_button = QPushButton("Шаблон Excel…")
        self.template_button.setToolTip("Сохранить таблицу для заполнения значений в Excel или LibreOffice")
        self.import_button = QPushButton("Импорт из Excel…")
        self.import_button.setToolTip(
            "Загрузить значения из заполненного шаблона; перед сохранением покажем, что изменится"
        )
        for button in (self.add_button, self.edit_button, self.delete_button):
            tools.addWidget(button)
        tools.add_gap(16)
        tools.addWidget(self.template_button)
        tools.addWidget(self.import_button)
        layout.addLayout(tools)

        self.model = IndicatorTableModel(self)
        self.model.save_value = self._save_value
        self.table = QTableView()
        self.header = GroupedHeader(self.table)
        self.table.setHorizontalHeader(self.header)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.viewport().installEventFilter(self)
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.chart = IndicatorChart()
        self.chart.setFixedHeight(170)
        bottom.addWidget(self.chart, 3)
        side = QVBoxLayout()
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.error_label = ErrorLabel()
        self.saved_note = SavedNote()
        side.addWidget(self.details_label, 1)
        side.addWidget(self.error_label)
        side.addWidget(self.saved_note)
        bottom.addLayout(side, 2)
        layout.addLayout(bottom)

        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.template_button.clicked.connect(self.save_template)
        self.import_button.clicked.connect(self.import_values)
        self.first_year_combo.currentIndexChanged.connect(lambda _i: self._show_years())
        self.table.selectionModel().currentChanged.connect(lambda *_: self._selection_changed())
        self.model.modelReset.connect(self._after_reset)
        if read_only:
            not_editable(self.table)
            hide_all(
                self.add_button,
                self.edit_button,
                self.delete_button,
                self.template_button,
                self.import_button,
            )
        else:
            QShortcut(QKeySequence.StandardKey.New, self, self.add)
            widget_shortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self._delete_key)
        self.table.doubleClicked.connect(self._double_clicked)
        self.model.refused.connect(self._value_refused)
        self.table.itemDelegate().closeEditor.connect(self._editor_closed)
        self._refused: tuple[QPersistentModelIndex, str, str] | None = None  # cell, text, reason
        self._table = None
        self.reload()

    # --- data -----------------------------------------------------------

    def reload(self) -> None:
        self._table = indicator_table(self.store, self.school_id)
        years = self._table.years
        previous = self.first_year_combo.currentData()
        self.first_year_combo.blockSignals(True)
        self.first_year_combo.clear()
        for year in years:
            self.first_year_combo.addItem(year, year)
        start = years.index(previous) if previous in years else max(len(years) - YEARS_SHOWN, 0)
        self.first_year_combo.setCurrentIndex(start)
        self.first_year_combo.blockSignals(False)
        self._show_years()

    def refresh(self) -> None:
        self.reload()

    def flush(self) -> None:
        """A number still in its editor when the window closes is saved, not lost."""
        for editor in self.table.viewport().findChildren(QLineEdit):
            if editor.isVisible():
                self.table.commitData(editor)

    def unsaved(self) -> str | None:
        """A number refused in a cell stays typed in its cell until it is corrected, Esc
        drops it, or the person answers «Не сохранять»."""
        return self._refused[2] if self._refused else None

    def discard(self) -> None:
        self._refused = None
        revert = QAbstractItemDelegate.EndEditHint.RevertModelCache
        for editor in self._open_editors():
            self.table.itemDelegate().closeEditor.emit(editor, revert)
        self.error_label.set_message(None)
        self.refresh()

    def _open_editors(self) -> list[QLineEdit]:
        return [e for e in self.table.viewport().findChildren(QLineEdit) if e.isVisible()]

    def _value_refused(self, index: QModelIndex, text: str, message: str) -> None:
        """The typed text comes back into its cell with the reason beside the table, so it can be
        corrected instead of typed again; it is never replaced silently by the stored value."""
        self._refused = (QPersistentModelIndex(index), text, message)
        QTimer.singleShot(0, self._reopen_refused)

    def _reopen_refused(self) -> None:
        if self._refused is None or not self.isVisible() or self._open_editors():
            return
        cell, text, _message = self._refused
        if not cell.isValid():
            self._refused = None
            return
        index = self.model.index(cell.row(), cell.column())
        self.table.setCurrentIndex(index)
        self.table.edit(index)
        for editor in self._open_editors():
            editor.setText(text)
            editor.selectAll()

    def _editor_closed(self, _editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache and self._refused is not None:
            self._refused = None  # Esc: the stored value stays, as the message said
            self.error_label.set_message(None)

    def shown_years(self) -> list[str]:
        years = self._table.years if self._table else []
        first = self.first_year_combo.currentData()
        return years[years.index(first) :] if first in years else years

    def _show_years(self) -> None:
        if self._table is not None:
            self.model.set_table(self._table, self.shown_years())
        self._selection_changed()

    def _after_reset(self) -> None:
        self.table.clearSpans()
        for row in self.model.group_rows():
            self.table.setSpan(row, 0, 1, self.model.columnCount())
        self.header.set_groups(self.model.year_groups())
        self.header.resizeSection(COL_UNIT, UNIT_WIDTH)
        for col in range(FIRST_YEAR_COL, self.model.columnCount()):
            self.header.resizeSection(col, NUMBER_WIDTH)
        self.header.setStretchLastSection(False)
        self._fit_name_column()
        first = next((r for r in range(self.model.rowCount()) if self.model.indicator(r)), None)
        if not self.table.currentIndex().isValid() and first is not None:
            self.table.setCurrentIndex(
                self.model.index(first, COL_NAME)
            )  # the first indicator, for the chart

    def _fit_name_column(self) -> None:
        """The names take the room the years leave, so long names wrap as little as possible."""
        others = sum(self.header.sectionSize(c) for c in range(1, self.model.columnCount()))
        self.header.resizeSection(COL_NAME, max(NAME_WIDTH, self.table.viewport().width() - others))
        self.table.resizeRowsToContents()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_name_column()
        return super().eventFilter(watched, event)

    def _save_value(self, indicator_id: str, year: str, target: object, actual: object) -> str | None:
        if self.read_only:
            return f"{READ_ONLY_TEXT}: значения показателей вносит школа."
        try:
            set_value(self.store, indicator_id, year, target, actual)
        except ValidationError as exc:
            message = " ".join(exc.errors.values())
        except UserError as exc:
            message = exc.message
        else:
            self._refused = None
            self.error_label.set_message(None)
            self.saved_note.flash()
            shown = self._table.years if self._table else None
            self._table = indicator_table(self.store, self.school_id, years=shown)
            self.model.set_table(self._table, self.shown_years())
            self._selection_changed()
            # A value in the last column opens the next year's column the next time the page is
            # shown, not now: what is under the mouse stays where it is while values are typed.
            return None
        self.error_label.set_message(message)
        return message

    def selected(self) -> IndicatorInfo | None:
        index = self.table.currentIndex()
        return self.model.indicator(index.row()) if index.isValid() else None

    def select(self, indicator_id: str) -> bool:
        row = self.model.row_of(indicator_id)
        if row is None:
            return False
        index = self.model.index(row, COL_NAME)
        self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.table.scrollTo(index)
        return True

    def _selection_changed(self) -> None:
        info = self.selected()
        self.edit_button.setEnabled(info is not None)
        self.delete_button.setEnabled(info is not None)
        if info is None:
            has_any = any(self.model.indicator(r) for r in range(self.model.rowCount()))
            self.chart.clear(
                "Выберите показатель в таблице, чтобы увидеть его динамику."
                if has_any
                else "Показателей пока нет."
                if self.read_only
                else "Показателей пока нет: нажмите «Добавить показатель»; критерии уже в таблице."
            )
            self.details_label.setText("")
            return
        row = self.model.indicator_row(self.table.currentIndex().row())
        values = row.values() if row is not None else []
        self.chart.set_series(
            [v.academic_year for v in values], [v.target for v in values], [v.actual for v in values]
        )
        direction = "чем больше, тем лучше" if info.higher_is_better else "чем меньше, тем лучше"
        summary = latest_summary(values, info.higher_is_better)
        source = f"<br>Факт {_escape(row.source)}." if row is not None and row.source else ""
        self.details_label.setText(
            f"<b>{_escape(info.name)}</b><br>{_escape(info.criterion)}<br>"
            f"Единица: {_escape(info.unit)}, {direction}.{source}<br><br>{_escape(summary)}"
        )

    # --- actions --------------------------------------------------------

    def _criterion_here(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        for row in range(index.row(), -1, -1):
            info = self.model.indicator(row)
            if info is None:
                return self.model.index(row, COL_NAME).data()
        return None

    def add(self) -> None:
        if self.read_only:
            return
        dialog = IndicatorDialog(self.store, self.school_id, criterion=self._criterion_here(), parent=self)
        if dialog.exec() == IndicatorDialog.DialogCode.Accepted and dialog.indicator is not None:
            self.reload()
            self.select(dialog.indicator.id)

    def edit(self) -> None:
        info = self.selected()
        if info is None or self.read_only:
            return
        dialog = IndicatorDialog(self.store, self.school_id, info, parent=self)
        if dialog.exec() == IndicatorDialog.DialogCode.Accepted:
            self.reload()
            self.select(info.id)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() in (COL_NAME, COL_UNIT):
            self.edit()  # the numbers are edited in place; the name in the form

    def _delete_key(self) -> None:
        """Del on a plan or fact cell clears that number; on the name it deletes the indicator."""
        index = self.table.currentIndex()
        if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEditable:
            self.model.setData(index, "")
        else:
            self.delete()

    def delete(self) -> None:
        info = self.selected()
        if info is None or self.read_only:
            return
        question = f"Удалить показатель «{info.name}» вместе с его значениями по годам?"
        act = lambda: delete_indicator(self.store, info.id)  # noqa: E731
        if ask_and_do(self, "Удалить показатель", question, act, self.error_label.set_message) is not None:
            self.reload()

    def save_template(self) -> None:
        """Where the template went is told by save_template itself (its folder, buttons to open)."""
        save_template(
            self,
            "Показатели — шаблон.xlsx",
            lambda p: write_indicators_template(self.store, self.school_id, p),
        )

    def import_values(self) -> None:
        if self.read_only:
            return
        store, school_id = self.store, self.school_id
        import_from_excel(self, store, lambda p: read_indicator_values(store, school_id, p), self._imported)

    def _imported(self, saved: int) -> None:
        self.reload()
        self.saved_note.flash(f"Импортировано значений: {saved}")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["PER_YEAR", "IndicatorsPage"]
