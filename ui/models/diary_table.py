"""One table model for all three diaries: only the ordered ids up front, rows fetched in blocks.

Like Anki's browser table: `list_ids` gives the order of the whole filtered diary
(cheap even for 100 000 entries; at first only the first screenfuls of it and the count, so the
first rows show at once); the rows themselves are fetched with
`service.fetch` a block at a time as they scroll into view, and only the last
few blocks are kept.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.core.store import Store
from app.diaries.base import DiaryService
from app.diaries.common import DiaryFilter, RowBase
from ui.models.comments_cell import office_cell, office_tooltip_text

BLOCK_SIZE = 200
MAX_BLOCKS = 25  # 5 000 rows in memory at most
# A page first reads only the ids of its first screenfuls and the count; the whole order is read
# when a row past them is asked for (scrolling on, finding an entry).
FIRST_IDS = BLOCK_SIZE
TRASH_HEADER = "Удалится через"
TRASH_TIP = "Сколько дней запись ещё хранится в «Корзине»; потом она удаляется окончательно"
UNUSED_COLOR = QColor("#ffe3a3")  # amber: an event whose methods nobody has used yet
UNUSED_TIP = "Методы этого мероприятия пока не применялись — записей в дневниках педагогов и директора нет."
# The cell that says whether an event's methods were used.
USES_KEY = "uses"
COMMENTS_KEY = "comments"

ID_ROLE = Qt.ItemDataRole.UserRole + 1
# The seed's headers are long: they wrap onto up to four lines of the header.
HEADER_ALIGNMENT = (
    Qt.AlignmentFlag.AlignLeft.value | Qt.AlignmentFlag.AlignVCenter.value | Qt.TextFlag.TextWordWrap.value
)
HEADER_LINES = 4

_Index = QModelIndex | QPersistentModelIndex


def _grey() -> QColor:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    return QColor("#888888")


def one_line(text: str) -> str:
    """Several lines of a cell shown on one: a row of the table stays one height."""
    return " · ".join(part.strip() for part in text.splitlines() if part.strip())


def tooltip(text: str) -> str | None:
    """The whole cell, wrapped; user text is shown as typed, never as markup."""
    if not text.strip():
        return None
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


class DiaryTableModel(QAbstractTableModel):
    """Rows of `service` for one school, as the filter and sort order ask."""

    def __init__(self, store: Store, school_id: str, service: DiaryService, parent=None):
        super().__init__(parent)
        self.store = store
        self.school_id = school_id
        self.service = service
        self.columns = list(service.columns)
        self.trash_column = len(self.columns)
        self.comments_column = self.column_of(COMMENTS_KEY)
        # At the office the comments cell shows whether each went to the school, then the text.
        self.office_comments = False
        self.flt = DiaryFilter()
        self.sort_key: str | None = None
        self.descending = True
        self._ids: list[str] = []  # the order, or its first FIRST_IDS while `_total` is larger
        self._total = 0
        self._complete = True  # `_ids` holds the whole order
        self._blocks: OrderedDict[int, dict[str, RowBase]] = OrderedDict()
        self.blocks_fetched = 0  # how many times a block was read from the database

    # --- what to show ---------------------------------------------------

    def set_filter(self, flt: DiaryFilter) -> None:
        self.flt = flt
        self.reload()

    def reload(self) -> None:
        """Ask the service again for the ids in order; rows are fetched anew as they are shown."""
        self.beginResetModel()
        self._read_first_ids()
        self._blocks.clear()
        self.endResetModel()

    def _read_first_ids(self) -> None:
        self._ids = self.service.list_ids(
            self.store, self.school_id, self.flt, self.sort_key, self.descending, limit=FIRST_IDS
        )
        self._total = len(self._ids)
        self._complete = self._total < FIRST_IDS
        if not self._complete:
            self._total = self.service.count_ids(self.store, self.school_id, self.flt)

    def _all_ids(self) -> list[str]:
        """The whole order, read the first time a row past the first screenfuls is needed."""
        if not self._complete:
            ids = self.service.list_ids(self.store, self.school_id, self.flt, self.sort_key, self.descending)
            self._ids = ids[: self._total]
            self._complete = True
        return self._ids

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def entry_id(self, row: int) -> str:
        return self._id_at(row)

    def _id_at(self, row: int) -> str:
        ids = self._ids if row < len(self._ids) else self._all_ids()
        return ids[row] if row < len(ids) else ""

    def row_of(self, entry_id: str) -> int | None:
        for ids in (self._ids, self._all_ids()):
            try:
                return ids.index(entry_id)
            except ValueError:
                continue
        return None

    def row_data(self, row: int) -> RowBase | None:
        """The service's row (EventRow, TeacherRow …), fetched with its block if need be."""
        if not 0 <= row < self._total:
            return None
        number = row // BLOCK_SIZE
        block = self._blocks.get(number)
        if block is None:
            ids = self._ids if (number + 1) * BLOCK_SIZE <= len(self._ids) else self._all_ids()
            ids = ids[number * BLOCK_SIZE : (number + 1) * BLOCK_SIZE]
            block = self.service.fetch(self.store, ids)
            self.blocks_fetched += 1
            self._blocks[number] = block
            while len(self._blocks) > MAX_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(number)
        return block.get(self._id_at(row))

    @property
    def cached_blocks(self) -> int:
        return len(self._blocks)

    # --- Qt model ---------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return HEADER_ALIGNMENT
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if section == self.trash_column:
                return TRASH_HEADER if role == Qt.ItemDataRole.DisplayRole else TRASH_TIP
            if 0 <= section < len(self.columns):
                return self.columns[section].header
        return None

    def cell_text(self, row: int, column: int) -> str:
        record = self.row_data(row)
        if record is None:
            return ""
        if column == self.trash_column:
            days = record.days_left_in_trash
            return "" if days is None else f"{days} дн."
        if column == self.comments_column and self.office_comments:
            return office_cell(record.comments)
        return record.cell(self.columns[column].key)

    def tooltip_text(self, row: int, column: int) -> str:
        """The cell in full; at the office the comments with their authors and sending status."""
        if column == self.comments_column and self.office_comments:
            record = self.row_data(row)
            return office_tooltip_text(record.comments) if record is not None else ""
        return self.cell_text(row, column)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(self.cell_text(row, col))
        if role == Qt.ItemDataRole.ToolTipRole:
            if self._unused(row, col):
                return tooltip(UNUSED_TIP)
            return tooltip(self.tooltip_text(row, col))
        if role == ID_ROLE:
            return self._id_at(row)
        if role == Qt.ItemDataRole.BackgroundRole and self._unused(row, col):
            return QBrush(UNUSED_COLOR)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._unused(row, col):
                return QBrush(QColor("#000000"))  # dark text on amber, whatever the palette
            if not self._active(row):
                return QBrush(_grey())
        if role == Qt.ItemDataRole.FontRole and not self._active(row):
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _active(self, row: int) -> bool:
        """False for an entry of a teacher who has left: shown greyed."""
        record = self.row_data(row)
        return getattr(record, "staff_active", True) if record is not None else True

    def _unused(self, row: int, col: int) -> bool:
        if col >= len(self.columns) or self.columns[col].key != USES_KEY or self.flt.trash:
            return False
        record = self.row_data(row)
        return record is not None and getattr(record, "uses", 1) == 0

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the database for the new order; the selection follows its entries."""
        self.sort_key = self.columns[column].key if 0 <= column < len(self.columns) else None
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(self._id_at(i.row()), i.column()) if i.row() < self._total else None for i in persistent]
        self._read_first_ids()
        self._blocks.clear()
        where = {entry_id: row for row, entry_id in enumerate(self._all_ids())} if persistent else {}
        moved = []
        for item in kept:
            row = where.get(item[0]) if item is not None else None
            moved.append(self.index(row, item[1]) if row is not None and item is not None else QModelIndex())
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()
