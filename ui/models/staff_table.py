"""The staff table: one row per person, those who left shown greyed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.core.text import fold
from app.school.staff import StaffMember
from ui.models.list_table import ListTableModel
from ui.models.record_filter import RecordFilterProxy

COL_NAME = 0
COL_POSITION = 1
COL_SUBJECTS = 2
COL_CATEGORY = 3
COL_EDUCATION = 4
COL_BIRTH_YEAR = 5
COL_EXPERIENCE = 6
COL_POS = 7
COL_IPRP = 8
COL_STATUS = 9

HEADERS = {
    COL_NAME: "ФИО",
    COL_POSITION: "Должность",
    COL_SUBJECTS: "Предметы",
    COL_CATEGORY: "Категория",
    COL_EDUCATION: "Образование",
    COL_BIRTH_YEAR: "Год рожд.",
    COL_EXPERIENCE: "Стаж, лет",
    COL_POS: "ПОС",
    COL_IPRP: "ИПРП",
    COL_STATUS: "Статус",
}
HEADER_TIPS = {
    COL_BIRTH_YEAR: "Год рождения",
    COL_EXPERIENCE: "Педагогический стаж, лет",
    COL_POS: "Участвует в профессиональном обучающем сообществе",
    COL_IPRP: "Есть индивидуальный план профессионального развития",
}
CENTERED = (COL_BIRTH_YEAR, COL_EXPERIENCE, COL_POS, COL_IPRP)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ACTIVE_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


def _yes(flag: bool) -> str:
    return "да" if flag else ""


class StaffTableModel(ListTableModel):
    headers = HEADERS
    header_tips = HEADER_TIPS

    def member(self, row: int) -> StaffMember:
        return self.record(row)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        member = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(member, col)
        if role == SORT_ROLE:
            return self._sort_key(member, col)
        if role == ACTIVE_ROLE:
            return member.active
        if role == Qt.ItemDataRole.ForegroundRole and not member.active:
            return QBrush(_grey())
        if role == Qt.ItemDataRole.FontRole and not member.active:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in CENTERED:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_POSITION, COL_SUBJECTS, COL_EDUCATION):
            return self._display(member, col) or None  # these are often cut off
        return None

    @staticmethod
    def _display(member: StaffMember, col: int) -> str:
        if col == COL_NAME:
            return member.full_name
        if col == COL_POSITION:
            return member.position
        if col == COL_SUBJECTS:
            return ", ".join(member.subjects)
        if col == COL_CATEGORY:
            return member.category or ""
        if col == COL_EDUCATION:
            return member.education or ""
        if col == COL_BIRTH_YEAR:
            return "" if member.birth_year is None else str(member.birth_year)
        if col == COL_EXPERIENCE:
            return "" if member.experience_years is None else str(member.experience_years)
        if col == COL_POS:
            return _yes(member.in_pos)
        if col == COL_IPRP:
            return _yes(member.has_iprp)
        if col == COL_STATUS:
            return "работает" if member.active else "не работает"
        return ""

    def _sort_key(self, member: StaffMember, col: int) -> Any:
        if col == COL_BIRTH_YEAR:
            return member.birth_year if member.birth_year is not None else -1
        if col == COL_EXPERIENCE:
            return member.experience_years if member.experience_years is not None else -1
        return self._display(member, col).casefold()


def _grey() -> QColor:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    return QColor("#888888")


class StaffFilterProxy(RecordFilterProxy):
    """Sorts by `SORT_ROLE`; filters by a piece of the name and hides those who left unless asked."""

    def __init__(self, parent=None):
        super().__init__(SORT_ROLE, parent)
        self._needle = ""
        self._show_inactive = False

    def set_name_filter(self, text: str) -> None:
        with self.changing_filter():
            self._needle = fold(text)

    def set_show_inactive(self, show: bool) -> None:
        with self.changing_filter():
            self._show_inactive = show

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, StaffTableModel):
            return True
        member = model.member(source_row)
        if not member.active and not self._show_inactive:
            return False
        if self._needle:
            name = fold(member.full_name, spaces=False)
            return self._needle in name
        return True
