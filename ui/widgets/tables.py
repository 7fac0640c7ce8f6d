"""The one set-up of the record tables: a read-only list of records, one chosen at a time by its row.

`record_table` does what every page's table did by hand (rows selected whole, one at a time, no
editing in the cell, no row numbers, one line per row, the page's column widths); `text_table` is
the short list of texts of the exchange and desk pages, filled with `fill`.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTreeView,
)

ROW_PADDING = 10  # pixels a one-line row has above its text's height

View = TypeVar("View", QTableView, QTreeView)


def record_list(proxy, sort_column: int, widths: dict[int, int], alternating: bool = False) -> QTableView:
    """The sortable one-line list of a list page (staff, registry, catalogue): a table over the
    page's filter `proxy`, sorted by `sort_column`, each record a row of one line."""
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    return record_table(
        view,
        widths=widths,
        alternating=alternating,
        wrap=False,
        row_padding=ROW_PADDING,
        stretch_last=True,
        elide=True,
        min_section=40,
    )


def record_table(
    view: View,
    *,
    widths: dict[int, int] | None = None,
    single: bool = True,
    alternating: bool = False,
    wrap: bool | None = None,
    row_padding: int | None = None,
    stretch_last: bool = False,
    elide: bool = False,
    min_section: int | None = None,
    empty: str | None = None,
) -> View:
    """Set `view` (its model already set) up as a read-only table of records chosen by row.

    `single`: one row at a time (else several, as Qt's default); `wrap`: long cell texts wrapped or
    not (None: the view's default); `row_padding`: rows this much taller than one line of text
    (None: Qt's height); `elide`: long headers end in «…»; `widths`: the columns' starting widths;
    `empty`: what the view says while it has no rows (see `set_empty_text`)."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(alternating)
    if wrap is not None:
        view.setWordWrap(wrap)
    if isinstance(view, QTableView):
        rows = view.verticalHeader()
        rows.hide()
        if row_padding is not None:
            rows.setDefaultSectionSize(view.fontMetrics().height() + row_padding)
        header = view.horizontalHeader()
    else:
        header = view.header()
    header.setStretchLastSection(stretch_last)
    if elide:
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
    if min_section is not None:
        header.setMinimumSectionSize(min_section)
    for column, width in (widths or {}).items():
        header.resizeSection(column, width)
    if empty is not None:
        set_empty_text(view, empty)
    return view


EMPTY_TEXT = "empty_text"  # the view's property: what it says while it has no rows
EMPTY_MARGIN = 16
EMPTY_COLOUR = QColor("#555555")  # as the plan's hint above its tree: readable, not an error


class EmptyNote(QObject):
    """Draws a view's empty text (what to do, or why there is nothing) in its viewport while it has
    no rows: an empty page reads like the plan's, never a blank table."""

    def __init__(self, view: QAbstractItemView):
        super().__init__(view)
        self.view = view
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt's name
        if event.type() != QEvent.Type.Paint or watched is not self.view.viewport():
            return False
        text = empty_text(self.view)
        model = self.view.model()
        if not text or model is None or model.rowCount() > 0:
            return False
        viewport = self.view.viewport()
        painter = QPainter(viewport)
        painter.setPen(EMPTY_COLOUR)
        room = viewport.rect().adjusted(EMPTY_MARGIN, EMPTY_MARGIN, -EMPTY_MARGIN, -EMPTY_MARGIN)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
        painter.drawText(QRect(room), flags, text)
        painter.end()
        return True  # nothing else to paint: the view has no rows


def set_empty_text(view: QAbstractItemView, text: str) -> None:
    """What `view` says while it has no rows (a page may change it: nothing yet, nothing found)."""
    if view.property(EMPTY_TEXT) is None:
        EmptyNote(view)
    view.setProperty(EMPTY_TEXT, text)
    view.viewport().update()


def empty_text(view: QAbstractItemView) -> str:
    return view.property(EMPTY_TEXT) or ""


def text_table(headers: list[str], *, single: bool = False) -> QTableWidget:
    """A short read-only list of texts: the columns fit their contents, the last takes the room left."""
    table = record_table(QTableWidget(0, len(headers)), single=single, row_padding=8)
    table.setHorizontalHeaderLabels(headers)
    header = table.horizontalHeader()
    for column in range(len(headers) - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


def desk_table(headers: list[str], stretch: int) -> QTableWidget:
    """A list of one-line rows, one chosen at a time; column `stretch` takes the room left."""
    table = text_table(headers, single=True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.ResizeToContents)
    return table


def fill(table: QTableWidget, rows: list[list[str]]) -> None:
    """The table's rows, each cell's whole text also its tooltip."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
