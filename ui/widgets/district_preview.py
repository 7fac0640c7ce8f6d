"""Блок 1 of the district report on «Отчёт по району», as it prints: header lines merged as in
seed 004, columns as narrow as their figures and the words of their labels allow, so that ЕГЭ
and ГВЭ of three years fit the page at 1366×768 («Матем. (баз./проф.)» wraps under itself)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QTableWidget

from app.office.district_results import SpannedTable
from app.reports import header_spans

# The results page's table helpers: the same look for the same seed table.
from ui.widgets.results_tables import SCHOOL_COLUMN_WIDTH, _bold, _fit_height, _fixed_table, _put

CELL_PADDING = 14  # px beside the text of a cell (less wraps «Рус. яз»)
VALUE_MIN_WIDTH = 44  # px: «3,2/50» and «-» alike stay readable


def _widest_word(metrics: QFontMetrics, text: str) -> int:
    return max((metrics.horizontalAdvance(word) for word in text.split()), default=0)


def _column_widths(widget: QTableWidget, table: SpannedTable) -> list[int]:
    """The names' column as wide as the longest name (at most SCHOOL_COLUMN_WIDTH, longer ones
    wrap); a value column as its widest figure or the longest word of its label."""
    plain, bold = widget.fontMetrics(), QFontMetrics(_bold())
    lines = table.header_rows
    names = [name for name, _ in table.rows] + [lines[0][0]]
    widths = [min(SCHOOL_COLUMN_WIDTH, max(bold.horizontalAdvance(n) for n in names) + CELL_PADDING)]
    for c in range(1, len(lines[-1])):
        label = _widest_word(bold, lines[-1][c])
        figures = max((plain.horizontalAdvance(cells[c - 1]) for _, cells in table.rows), default=0)
        widths.append(max(VALUE_MIN_WIDTH, label, figures) + CELL_PADDING)
    return widths


def spanned_widget(table: SpannedTable) -> QTableWidget:
    """A Блок 1 table with its header lines merged as in the seed and the printout."""
    lines = table.header_rows
    widget = _fixed_table(len(lines) + len(table.rows), len(lines[0]))
    widget.setObjectName(f"block1_{table.key}")
    for r, line in enumerate(lines):
        for c, text in enumerate(line):
            _put(widget, r, c, text, header=True)
    for row, column, rows, columns in header_spans(lines):
        widget.setSpan(row, column, rows, columns)
    for r, (name, cells) in enumerate(table.rows, start=len(lines)):
        _put(widget, r, 0, name)
        widget.item(r, 0).setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for c, text in enumerate(cells, start=1):
            _put(widget, r, c, text)
    for c, width in enumerate(_column_widths(widget, table)):
        widget.setColumnWidth(c, width)
    _fit_height(widget)
    widget.setFixedWidth(
        sum(widget.columnWidth(c) for c in range(widget.columnCount())) + 2 * widget.frameWidth()
    )
    return widget
