"""The catalogue's table: one row per event, sortable by any column (dates as dates), and a
filter proxy where every typed word must occur somewhere in the row."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)

from app.core.dates import format_day
from app.core.text import fold
from app.office.catalogue import CatalogueRow
from ui.models.list_table import ListTableModel
from ui.models.record_filter import RecordFilterProxy

COL_TITLE = 0
COL_FORM = 1
COL_ORGANIZER = 2
COL_LEVEL = 3
COL_FROM = 4
COL_TO = 5
COL_KEY = 6
COL_OFFERS = 7

HEADERS = {
    COL_TITLE: "Мероприятие",
    COL_FORM: "Форма",
    COL_ORGANIZER: "Организатор",
    COL_LEVEL: "Уровень",
    COL_FROM: "С",
    COL_TO: "По",
    COL_KEY: "Основные элементы",
    COL_OFFERS: "Потребности",
}
HEADER_TIPS = {
    COL_FROM: "Дата начала",
    COL_TO: "Дата окончания",
    COL_OFFERS: "На сколько потребностей школ из «Карты поддержки» отвечает мероприятие",
}
CENTERED = (COL_LEVEL, COL_FROM, COL_TO, COL_OFFERS)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2  # the whole row, folded, on the first column

_Index = QModelIndex | QPersistentModelIndex


class CatalogueTableModel(ListTableModel):
    headers = HEADERS
    header_tips = HEADER_TIPS

    def entry(self, row: int) -> CatalogueRow:
        return self.record(row)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        event: CatalogueRow = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _one_line(_display(event, col))
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_TITLE, COL_ORGANIZER, COL_KEY, COL_OFFERS):
            if col == COL_OFFERS:
                return "\n".join(o.label for o in event.offers) or None
            return _display(event, col) or None
        if role == SORT_ROLE:
            if col in (COL_FROM, COL_TO):
                day = event.date_from if col == COL_FROM else event.date_to
                return day.toordinal() if day else 10**7  # undated last
            if col == COL_OFFERS:
                return len(event.offers)
            return fold(_display(event, col), spaces=False)
        if role == SEARCH_ROLE:
            return fold(" ".join(_display(event, c) for c in HEADERS), spaces=False)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in CENTERED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def _display(event: CatalogueRow, col: int) -> str:
    if col == COL_TITLE:
        return event.title
    if col == COL_FORM:
        return event.form
    if col == COL_ORGANIZER:
        return event.organizer
    if col == COL_LEVEL:
        return event.level_label
    if col == COL_FROM:
        return format_day(event.date_from)
    if col == COL_TO:
        return format_day(event.date_to)
    if col == COL_KEY:
        return event.key_elements
    if col == COL_OFFERS:
        return str(len(event.offers)) if event.offers else ""
    return ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def catalogue_proxy(model: CatalogueTableModel) -> RecordFilterProxy:
    """Sorts by SORT_ROLE; `search(proxy, text)` keeps the rows holding every word typed."""
    proxy = RecordFilterProxy(SORT_ROLE, model)
    proxy.setSourceModel(model)
    proxy.setFilterRole(SEARCH_ROLE)
    proxy.setFilterKeyColumn(COL_TITLE)
    return proxy


def search(proxy: QSortFilterProxyModel, text: str) -> None:
    words = fold(text).split()
    pattern = "".join(f"(?=.*{re.escape(w)})" for w in words)
    proxy.setFilterRegularExpression(
        QRegularExpression(f"^{pattern}", QRegularExpression.PatternOption.DotMatchesEverythingOption)
    )
