"""The two seed tables on the results page: seed 004 Блок 1 (dynamics per assessment, years across)
and seed 001 (ВПР by class and subject for one year). Read-only; their headers are real cells,
spanned as in the seeds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.store import Store
from app.programme.assessment_tables import CLASS_TABLE_HEADERS, DynamicsTable, class_table, dynamics_table
from app.programme.assessments import ASSESSMENTS

HEADER_BACKGROUND = Qt.GlobalColor.lightGray
SCHOOL_COLUMN_WIDTH = 240
VALUE_COLUMN_WIDTH = 86


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _fixed_table(rows: int, columns: int) -> QTableWidget:
    table = QTableWidget(rows, columns)
    table.horizontalHeader().hide()
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setWordWrap(True)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return table


def _put(table: QTableWidget, row: int, column: int, text: str, header: bool = False) -> None:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    if header:
        item.setFont(_bold())
        item.setBackground(table.palette().alternateBase())
    table.setItem(row, column, item)


def _fit_height(table: QTableWidget) -> None:
    table.resizeRowsToContents()
    height = sum(table.rowHeight(r) for r in range(table.rowCount())) + 2 * table.frameWidth()
    if table.horizontalScrollBar().isVisible():
        height += table.horizontalScrollBar().height()
    table.setFixedHeight(height)


def dynamics_widget(table: DynamicsTable) -> QTableWidget:
    """One table of seed 004 Блок 1 with its three header lines spanned as in the seed."""
    per_year = len(table.subjects)
    widget = _fixed_table(3 + len(table.rows), 1 + per_year * len(table.years))
    widget.setObjectName(f"dynamics_{table.assessment}")
    for r, line in enumerate(table.header_rows()):
        for c, text in enumerate(line):
            _put(widget, r, c, text, header=True)
    widget.setSpan(0, 0, 3, 1)
    if table.years:
        widget.setSpan(0, 1, 1, per_year * len(table.years))
        for i in range(len(table.years)):
            widget.setSpan(1, 1 + i * per_year, 1, per_year)
    for r, (name, cells) in enumerate(table.rows, start=3):
        _put(widget, r, 0, name)
        widget.item(r, 0).setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for c, text in enumerate(cells, start=1):
            _put(widget, r, c, text)
    widget.setColumnWidth(0, SCHOOL_COLUMN_WIDTH)
    bold = QFontMetrics(_bold())
    for c in range(1, widget.columnCount()):
        label = table.subjects[(c - 1) % per_year]
        widget.setColumnWidth(c, max(VALUE_COLUMN_WIDTH, bold.horizontalAdvance(label) + 16))
    _fit_height(widget)
    widget.setFixedWidth(
        sum(widget.columnWidth(c) for c in range(widget.columnCount())) + 2 * widget.frameWidth()
    )
    return widget


class DynamicsView(QScrollArea):
    """«Динамика результатов ВПР / ОГЭ / ЕГЭ / ГВЭ», one under another, as in the report."""

    def __init__(self, store: Store, school_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.school_id = school_id
        self.setWidgetResizable(True)
        self.tables: dict[str, QTableWidget] = {}
        self.reload()

    def reload(self) -> None:
        inner = QWidget()
        layout = QVBoxLayout(inner)
        note = QLabel(
            "Средние по школе (без деления на классы); «-» — результата нет. Форма — как в отчёте «Блок 1»."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.tables = {}
        for assessment in ASSESSMENTS:
            table = dynamics_table(self.store, assessment, [self.school_id])
            title = QLabel(table.title)
            title.setFont(_bold())
            layout.addWidget(title)
            if not table.years:
                layout.addWidget(QLabel("Результатов пока нет."))
                continue
            self.tables[assessment] = dynamics_widget(table)
            layout.addWidget(self.tables[assessment])
        layout.addStretch(1)
        self.setWidget(inner)


class ClassTableView(QWidget):
    """Seed 001: ВПР by class and subject for the chosen year. `read_only` (the office reading a
    school's results) only changes what an empty year says: there is nothing to enter there."""

    def __init__(
        self, store: Store, school_id: str, parent: QWidget | None = None, *, read_only: bool = False
    ):
        super().__init__(parent)
        self.store = store
        self.school_id = school_id
        self.read_only = read_only
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Год ВПР:"))
        self.year_combo = QComboBox()
        top.addWidget(self.year_combo)
        self.note = QLabel("«% участия» считается по числу обучающихся и участников.")
        top.addWidget(self.note, 1)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(CLASS_TABLE_HEADERS))
        self.table.setHorizontalHeaderLabels(list(CLASS_TABLE_HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 60), (1, 170)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumHeight(4 * self.fontMetrics().height())
        layout.addWidget(self.table, 1)
        self.year_combo.currentIndexChanged.connect(lambda _i: self._fill())

    def set_years(self, years: list[int], preferred: int | None = None) -> None:
        current = preferred or self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in sorted(years, reverse=True):
            self.year_combo.addItem(str(year), year)
        index = self.year_combo.findData(current)
        self.year_combo.setCurrentIndex(index if index >= 0 else 0)
        self.year_combo.blockSignals(False)
        self._fill()

    def _fill(self) -> None:
        year = self.year_combo.currentData()
        rows = class_table(self.store, self.school_id, year) if year is not None else []
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
        self.note.setText(
            "«% участия» считается по числу обучающихся и участников."
            if rows
            else "За этот год нет результатов ВПР по классам."
            if self.read_only
            else "За этот год нет результатов ВПР по классам: внесите обучающихся, участников и проценты."
        )
