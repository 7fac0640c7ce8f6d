"""The list of assessment results: one figure per row, numbers with a decimal comma."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.programme.assessments import ExamResultInfo, metric_label

COL_YEAR = 0
COL_ASSESSMENT = 1
COL_SUBJECT = 2
COL_GRADE = 3
COL_LEVEL = 4
COL_METRIC = 5
COL_VALUE = 6
COL_NOTE = 7

HEADERS = ("Год", "Процедура", "Предмет", "Класс", "Уровень", "Показатель", "Значение", "Примечание")
CENTERED = (COL_YEAR, COL_ASSESSMENT, COL_GRADE, COL_VALUE)

_Index = QModelIndex | QPersistentModelIndex


class ExamResultsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[ExamResultInfo] = []

    def set_rows(self, rows: list[ExamResultInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def result(self, row: int) -> ExamResultInfo:
        return self._rows[row]

    def row_of(self, result_id: str) -> int | None:
        for i, info in enumerate(self._rows):
            if info.id == result_id:
                return i
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        info = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(info, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in CENTERED:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NOTE and info.note:
            return info.note
        return None

    @staticmethod
    def _display(info: ExamResultInfo, col: int) -> str:
        if col == COL_YEAR:
            return str(info.year)
        if col == COL_ASSESSMENT:
            return info.assessment
        if col == COL_SUBJECT:
            return info.subject
        if col == COL_GRADE:
            return "" if info.grade is None else str(info.grade)
        if col == COL_LEVEL:
            return info.level or ""
        if col == COL_METRIC:
            return metric_label(info.metric)
        if col == COL_VALUE:
            return info.value_text
        if col == COL_NOTE:
            return info.note
        return ""
