"""The registry table: one row per school; schools silent for more than 30 days stand out, and
those needing the office's attention are marked with their reasons."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.core.dates import format_day
from app.core.text import fold
from app.office.registry import STALE_DAYS, RegistryRow
from ui.models.list_table import ListTableModel
from ui.models.record_filter import RecordFilterProxy

COL_NAME = 0
COL_ATTENTION = 1
COL_CODE = 2
COL_SETTLEMENT = 3
COL_STATUS = 4
COL_SINCE = 5
COL_LEFT = 6
COL_KEY = 7
COL_PACKAGE = 8
COL_SILENT = 9
COL_DONE = 10
COL_OVERDUE = 11
COL_CRITERIA = 12

HEADERS = {
    COL_NAME: "Школа",
    COL_ATTENTION: "!",
    COL_CODE: "Код",
    COL_SETTLEMENT: "Нас. пункт",
    COL_STATUS: "Статус",
    COL_SINCE: "В прогр. с",
    COL_LEFT: "Вышла",
    COL_KEY: "Ключ",
    COL_PACKAGE: "Последний пакет",
    COL_SILENT: "Молчит, дн.",
    COL_DONE: "Выполнено",
    COL_OVERDUE: "Просрочено",
    COL_CRITERIA: "Критерии",
}
HEADER_TIPS = {
    COL_ATTENTION: "Требует внимания: «!» — школе нужно внимание управления сейчас; причины — в подсказке",
    COL_CRITERIA: "Сколько критериев низких результатов школа выполняет (страница «Выявление школ "
    "с низкими результатами»), из скольких проверено по её данным",
    COL_SETTLEMENT: "Населённый пункт",
    COL_SINCE: "В программе с",
    COL_LEFT: "Дата выхода из программы и основания",
    COL_KEY: "Отпечаток ключа подписи школы — сверьте его со школой по телефону",
    COL_PACKAGE: "Номер и дата последнего принятого пакета",
    COL_SILENT: f"Сколько дней прошло с последнего пакета; больше {STALE_DAYS} — строка выделена",
    COL_DONE: "Доля выполненных мероприятий плана текущей программы",
    COL_OVERDUE: "Доля мероприятий, срок которых прошёл, а они не выполнены и не отменены",
}
CENTERED = (COL_ATTENTION, COL_CRITERIA, COL_CODE, COL_SINCE, COL_LEFT, COL_SILENT, COL_DONE, COL_OVERDUE)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STALE_ROLE = Qt.ItemDataRole.UserRole + 2

# A warm background that reads on light and dark palettes alike, with dark text on it.
STALE_BACKGROUND = QColor("#fde2c4")
STALE_FOREGROUND = QColor("#1f1f1f")
ATTENTION_COLOR = QColor("#b00020")
NEEDS_ATTENTION = "!"  # «требует внимания»: the reasons in the tooltip

_Index = QModelIndex | QPersistentModelIndex


def _share(part: int, total: int) -> str:
    if not total:
        return "—"
    return f"{round(100 * part / total)}% ({part}/{total})"


class RegistryTableModel(ListTableModel):
    headers = HEADERS
    header_tips = HEADER_TIPS

    def school(self, row: int) -> RegistryRow:
        return self.record(row)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        school = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(school, col)
        if role == SORT_ROLE:
            return self._sort_key(school, col)
        if role == STALE_ROLE:
            return school.stale
        if role == Qt.ItemDataRole.BackgroundRole and school.stale:
            return QBrush(STALE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_ATTENTION and school.attention:
            return QBrush(ATTENTION_COLOR)
        if role == Qt.ItemDataRole.ForegroundRole and school.stale:
            return QBrush(STALE_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and col == COL_ATTENTION and school.attention:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.FontRole and school.stale and col == COL_SILENT:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in CENTERED:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(school, col)
        return None

    @staticmethod
    def _display(school: RegistryRow, col: int) -> str:
        if col == COL_NAME:
            return school.name
        if col == COL_CODE:
            return school.code
        if col == COL_SETTLEMENT:
            return school.settlement
        if col == COL_STATUS:
            return school.status
        if col == COL_SINCE:
            return format_day(school.in_programme_since)
        if col == COL_LEFT:
            return format_day(school.left_programme_on)
        if col == COL_KEY:
            return school.key_fingerprint
        if col == COL_PACKAGE:
            if school.last_package_on is None:
                return "пакетов не было"
            number = f"№ {school.last_sequence} от " if school.last_sequence is not None else ""
            return number + format_day(school.last_package_on)
        if col == COL_SILENT:
            return "никогда" if school.days_silent is None else str(school.days_silent)
        if col == COL_DONE:
            return _share(school.done, school.activities)
        if col == COL_OVERDUE:
            return _share(school.overdue, school.activities)
        if col == COL_ATTENTION:
            return NEEDS_ATTENTION if school.attention else ""
        if col == COL_CRITERIA:
            return (
                "—" if school.criteria_met is None else f"{school.criteria_met} из {school.criteria_checked}"
            )
        return ""

    def _sort_key(self, school: RegistryRow, col: int) -> Any:
        if col in (COL_SINCE, COL_LEFT, COL_PACKAGE):
            value = {
                COL_SINCE: school.in_programme_since,
                COL_LEFT: school.left_programme_on,
                COL_PACKAGE: school.last_package_on,
            }[col]
            return value.toordinal() if value else -1
        if col == COL_SILENT:
            # Never sent: the most silent of all.
            return 10**9 if school.days_silent is None else school.days_silent
        if col == COL_DONE:
            return school.done_share if school.done_share is not None else -1.0
        if col == COL_OVERDUE:
            return school.overdue_share if school.overdue_share is not None else -1.0
        if col == COL_ATTENTION:
            return len(school.attention)
        if col == COL_CRITERIA:
            return -1 if school.criteria_met is None else school.criteria_met
        return self._display(school, col).casefold()

    def _tooltip(self, school: RegistryRow, col: int) -> str | None:
        if col == COL_NAME:  # the key's column is hidden on the page: its fingerprint is here
            lines = [school.name, f"Ключ подписи школы: {school.key_fingerprint}"]
            if school.attention:
                lines += ["Требует внимания:", *(f"• {reason}" for reason in school.attention)]
            return "\n".join(lines)
        if col == COL_ATTENTION and school.attention:
            reasons = "\n".join(f"• {reason}" for reason in school.attention)
            return f"{school.name}\nТребует внимания:\n{reasons}"
        if col == COL_CRITERIA:
            if school.criteria_met is None:
                return "Нет результатов оценочных процедур, по которым проверяются критерии"
            return (
                f"Выполнено критериев низких результатов: {school.criteria_met} "
                f"из {school.criteria_checked} проверенных по данным школы"
            )
        if col == COL_LEFT and school.left:
            left = format_day(school.left_programme_on)
            return f"Вышла из программы {left}.\nОснования: {school.left_grounds}"
        if col in (COL_SETTLEMENT, COL_KEY, COL_PACKAGE):
            return self._display(school, col) or None
        if col == COL_SILENT:
            if school.days_silent is None:
                return "Школа ещё не прислала ни одного пакета"
            stale = f" — больше {STALE_DAYS}" if school.stale else ""
            return f"Дней с последнего пакета: {school.days_silent}{stale}"
        if col in (COL_DONE, COL_OVERDUE) and school.activities:
            part, what = (
                (school.done, "выполнено")
                if col == COL_DONE
                else (school.overdue, "просрочено (срок прошёл, не выполнены и не отменены)")
            )
            return f"Мероприятий плана текущей программы: {school.activities}, из них {what}: {part}"
        return None


STATUS_ALL = ""
STATUS_LEFT = "left"


class RegistryFilterProxy(RecordFilterProxy):
    """Sorts by `SORT_ROLE`; filters by status, by silence and by a piece of name, code or place."""

    def __init__(self, parent=None):
        super().__init__(SORT_ROLE, parent)
        self._needle = ""
        self._status = STATUS_ALL
        self._stale_only = False
        self._attention_only = False

    def set_search(self, text: str) -> None:
        with self.changing_filter():
            self._needle = fold(text)

    def set_status(self, status: str) -> None:
        """«ШНОР», «ШНСУ», «пилотная», STATUS_LEFT (вышедшие) or STATUS_ALL."""
        with self.changing_filter():
            self._status = status

    def set_stale_only(self, on: bool) -> None:
        with self.changing_filter():
            self._stale_only = on

    def set_attention_only(self, on: bool) -> None:
        with self.changing_filter():
            self._attention_only = on

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, RegistryTableModel):
            return True
        school = model.school(source_row)
        if self._stale_only and not school.stale:
            return False
        if self._attention_only and not school.attention:
            return False
        if self._status == STATUS_LEFT:
            if not school.left:
                return False
        elif self._status:
            flag = {"ШНОР": school.is_shnor, "ШНСУ": school.is_shnsu, "пилотная": school.is_pilot}
            if not flag.get(self._status, False):
                return False
        if self._needle:
            haystack = fold(" ".join((school.name, school.code, school.settlement)), spaces=False)
            return self._needle in haystack
        return True
