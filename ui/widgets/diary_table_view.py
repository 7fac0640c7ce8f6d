"""The table of a diary page: fixed row heights (no measuring of 100 000 rows), wrapped headers,
the diary's column widths, «Удалится через» first; at the office the curator's comments in sight.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from ui.models.diary_table import HEADER_LINES, DiaryTableModel
from ui.widgets.tables import record_table

ROW_LINES = 2  # each row shows two lines of its cells; the tooltip shows all
# At the office «Комментарии куратора» is what the curator works on: wide enough for its status and
# the first words of the comment, and in the first screen of columns at 1366×768.
OFFICE_COMMENTS_WIDTH = 230


def diary_table(
    model: DiaryTableModel,
    line_spacing: int,
    column_widths: dict[int, int],
    office_comments_after: int | None = None,
    office_beside_comments: int | None = None,
) -> QTableView:
    """A read-only, row-selecting view of `model`; with `model.office_comments` the comments
    column is widened and, if `office_comments_after` names a column, moved right after it; the
    column `office_beside_comments` (what the curator checks) then follows the comments."""
    table = QTableView()
    table.setModel(model)
    record_table(table, widths=column_widths, alternating=True, wrap=True, stretch_last=True, min_section=50)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(line_spacing * ROW_LINES + 10)
    header = table.horizontalHeader()
    header.setTextElideMode(Qt.TextElideMode.ElideNone)  # headers wrap instead (see the model)
    header.setFixedHeight(line_spacing * HEADER_LINES + 8)
    if model.office_comments:
        comments = model.comments_column
        header.resizeSection(comments, OFFICE_COMMENTS_WIDTH)
        if office_comments_after is not None:
            _move_after(header, comments, office_comments_after)
        if office_beside_comments is not None:
            _move_after(header, office_beside_comments, comments)
    # «Удалится через» stands first, and only while «Корзина» is shown.
    header.moveSection(header.visualIndex(model.trash_column), 0)
    header.resizeSection(model.trash_column, 80)
    table.setColumnHidden(model.trash_column, True)
    return table


def _move_after(header: QHeaderView, column: int, anchor: int) -> None:
    now, after = header.visualIndex(column), header.visualIndex(anchor)
    header.moveSection(now, after if now < after else after + 1)
