"""The indicators table: a header row per criterion, then its indicators; under each academic year
«план», «факт» (typed in place) and «±», the change against the year before, green when it is
for the better and red when for the worse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.programme.indicator_table import IndicatorRow, IndicatorTable, YearCell
from app.programme.indicators import TREND_WORDS, IndicatorInfo

COL_NAME = 0
COL_UNIT = 1
FIRST_YEAR_COL = 2
PER_YEAR = 3  # план, факт, ±
PART_TARGET, PART_ACTUAL, PART_CHANGE = 0, 1, 2
PART_TITLES = ("план", "факт", "±")

TREND_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2
TREND_COLORS = {  # text, background
    "better": (QColor("#1b7f3b"), QColor("#dcf2e1")),
    "worse": (QColor("#b00020"), QColor("#fbe0e4")),
    "same": (QColor("#555555"), None),
}
GROUP_BACKGROUND = QColor("#e8edf3")
COUNTED_BACKGROUND = QColor("#eef3fb")  # a fact counted from records: read, not typed

# save(indicator_id, academic_year, target, actual) -> error message or None; the edited one is text
SaveValue = Callable[[str, str, object, object], str | None]

_Index = QModelIndex | QPersistentModelIndex


class IndicatorTableModel(QAbstractTableModel):
    refused = Signal(QModelIndex, str, str)  # the cell, the text typed, why it was not saved

    def __init__(self, parent=None):
        super().__init__(parent)
        self.years: list[str] = []
        self._rows: list[str | IndicatorRow] = []  # a criterion's title, or an indicator's row
        self.save_value: SaveValue | None = None

    # --- contents -------------------------------------------------------

    def set_table(self, table: IndicatorTable, years: list[str] | None = None) -> None:
        """Show `years` of the table (all by default); a same-shaped table updates in place."""
        years = list(years if years is not None else table.years)
        rows: list[str | IndicatorRow] = []
        for group in table.groups:
            rows.append(group.criterion)
            rows.extend(group.rows)
        same_shape = years == self.years and [self._key(r) for r in rows] == [
            self._key(r) for r in self._rows
        ]
        if same_shape and rows:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self.years, self._rows = years, rows
        self.endResetModel()

    @staticmethod
    def _key(row: str | IndicatorRow) -> str:
        return row if isinstance(row, str) else row.indicator.id

    def group_rows(self) -> list[int]:
        return [i for i, row in enumerate(self._rows) if isinstance(row, str)]

    def indicator(self, row: int) -> IndicatorInfo | None:
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item.indicator if isinstance(item, IndicatorRow) else None

    def indicator_row(self, row: int) -> IndicatorRow | None:
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item if isinstance(item, IndicatorRow) else None

    def row_of(self, indicator_id: str) -> int | None:
        for i, item in enumerate(self._rows):
            if isinstance(item, IndicatorRow) and item.indicator.id == indicator_id:
                return i
        return None

    def column_of(self, academic_year: str, part: int) -> int:
        return FIRST_YEAR_COL + self.years.index(academic_year) * PER_YEAR + part

    def year_groups(self) -> list[tuple[int, int, str]]:
        return [(FIRST_YEAR_COL + i * PER_YEAR, PER_YEAR, year) for i, year in enumerate(self.years)]

    def _year_part(self, column: int) -> tuple[str, int] | None:
        if column < FIRST_YEAR_COL:
            return None
        i, part = divmod(column - FIRST_YEAR_COL, PER_YEAR)
        return (self.years[i], part) if i < len(self.years) else None

    # --- Qt model -------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_YEAR_COL + PER_YEAR * len(self.years)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        year_part = self._year_part(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == COL_NAME:
                return "Показатель"
            if section == COL_UNIT:
                return "Ед."
            return PART_TITLES[year_part[1]] if year_part else None
        if role == Qt.ItemDataRole.ToolTipRole and year_part:
            year, part = year_part
            return (
                f"План на {year}",
                f"Факт за {year}",
                f"Изменение факта {year} к предыдущему учебному году",
            )[part]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        year_part = self._year_part(index.column())
        item = self.indicator_row(index.row())
        if item is None or not year_part or year_part[1] == PART_CHANGE:
            return base
        if year_part[1] == PART_ACTUAL and item.cells.get(year_part[0], YearCell()).counted:
            return base  # counted from records: its source is in the tooltip
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        if isinstance(item, str):
            return self._group_data(item, index.column(), role)
        col = index.column()
        info = item.indicator
        year_part = self._year_part(col)
        cell = item.cells.get(year_part[0], YearCell()) if year_part else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_NAME:
                return info.name
            if col == COL_UNIT:
                return info.unit
            assert cell is not None and year_part is not None
            return (cell.target_text, cell.actual_text, cell.change_text)[year_part[1]]
        if role == Qt.ItemDataRole.TextAlignmentRole and col != COL_NAME:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, col)
        if cell is None or year_part is None:
            return None
        if year_part[1] == PART_ACTUAL and cell.counted:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(COUNTED_BACKGROUND)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            return None
        if year_part[1] != PART_CHANGE:
            return None
        if role == TREND_ROLE:
            return cell.trend
        colors = TREND_COLORS.get(cell.trend or "")
        if role == Qt.ItemDataRole.ForegroundRole and colors:
            return QBrush(colors[0])
        if role == Qt.ItemDataRole.BackgroundRole and colors and colors[1] is not None:
            return QBrush(colors[1])
        if role == Qt.ItemDataRole.FontRole and cell.trend in ("better", "worse"):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _group_data(self, criterion: str, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and col == COL_NAME:
            return criterion
        if role == GROUP_ROLE:
            return True
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(GROUP_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _tooltip(self, item: IndicatorRow, col: int) -> str | None:
        info = item.indicator
        direction = "чем больше, тем лучше" if info.higher_is_better else "чем меньше, тем лучше"
        if col == COL_NAME:
            return f"{info.name}\n{info.unit}, {direction}"
        year_part = self._year_part(col)
        if not year_part:
            return None
        year, part = year_part
        cell = item.cells.get(year, YearCell())
        if part == PART_ACTUAL and cell.counted:
            gap = f"\nОт плана: {cell.gap_text} {info.unit}" if cell.gap is not None else ""
            return f"Не вписывается: {cell.source}.{gap}"
        if part != PART_CHANGE:
            return "Впишите число (дробная часть — через запятую) и нажмите Enter; пусто — стереть"
        if cell.trend is None:
            return "Не с чем сравнить: нет факта за этот или за предыдущий год"
        return f"{cell.change_text} {info.unit} к предыдущему году — {TREND_WORDS[cell.trend]} ({direction})"

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self.save_value is None:
            return False
        item = self.indicator_row(index.row())
        year_part = self._year_part(index.column())
        if item is None or year_part is None or year_part[1] == PART_CHANGE:
            return False
        year, part = year_part
        cell = item.cells.get(year, YearCell())
        text = "" if value is None else str(value)
        if text.strip() == (cell.target_text if part == PART_TARGET else cell.actual_text):
            return True  # unchanged: nothing to save
        target = text if part == PART_TARGET else cell.target
        actual = text if part == PART_ACTUAL else cell.actual
        message = self.save_value(item.indicator.id, year, target, actual)
        if message is not None:
            self.refused.emit(index, text, message)
        return message is None
