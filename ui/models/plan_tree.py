"""The plan of measures as a tree: section rows with their progress, activity rows under them."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from app.core.dates import format_day
from app.programme.plan import ActivityRow, SectionRow

COL_NUMBER = 0
COL_TITLE = 1
COL_DEADLINE = 2
COL_RESPONSIBLE = 3
COL_CONTROL = 4
COL_STATUS = 5
COL_LINKS = 6
COL_RESULT = 7

HEADERS = {
    COL_NUMBER: "№",
    COL_TITLE: "Мероприятие",
    COL_DEADLINE: "Срок",
    COL_RESPONSIBLE: "Ответственные",
    COL_CONTROL: "Форма контроля",
    COL_STATUS: "Статус",
    COL_LINKS: "Связи",
    COL_RESULT: "Результат",
}
HEADER_TIPS = {
    COL_LINKS: "Связанные мероприятия «Дневника школы» и записи дневников педагогов и директора",
    COL_RESULT: "Фактический результат: что сделано",
}

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "section" or "activity"
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 3

OVERDUE_BACKGROUND = QColor("#fbe0e0")
OVERDUE_TEXT = QColor("#a00000")
SECTION_BACKGROUND = QColor("#e8ecf2")
DONE_TEXT = QColor("#1b7f3b")
CANCELLED_TEXT = QColor("#777777")
OVERDUE_MARK = "⚠"


def one_line(text: str) -> str:
    return " ".join(text.split())


def deadline_text(row: ActivityRow) -> str:
    parts = [one_line(row.deadline_text)] if row.deadline_text else []
    if row.due_date is not None:
        parts.append(f"до {format_day(row.due_date)}")
    return ", ".join(parts)


def links_text(row: ActivityRow) -> str:
    if not row.linked:
        return ""
    return f"меропр.: {row.events}\nзаписей: {row.entries}"  # events of «Дневник школы»; diary entries


def links_tip(row: ActivityRow) -> str:
    return (
        f"Мероприятий «Дневника школы»: {row.events}\n"
        f"Записей в дневниках педагогов и директора: {row.entries}"
    )


def status_tip(row: ActivityRow) -> str:
    tip = row.status_label
    if row.status == "done" and row.done_on is not None:
        tip += f" {format_day(row.done_on)}"
    if row.overdue:
        tip += "; срок прошёл — мероприятие просрочено"
    return tip


class PlanTreeModel(QStandardItemModel):
    """Read-only: changes go through the plan services and the page reloads the tree."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setColumnCount(len(HEADERS))
        for col, title in HEADERS.items():
            self.setHeaderData(col, Qt.Orientation.Horizontal, title)
            if col in HEADER_TIPS:
                self.setHeaderData(
                    col, Qt.Orientation.Horizontal, HEADER_TIPS[col], Qt.ItemDataRole.ToolTipRole
                )

    def set_plan(self, sections: list[SectionRow]) -> None:
        self.removeRows(0, self.rowCount())
        for section in sections:
            self.appendRow(self._section_items(section))

    def _section_items(self, section: SectionRow) -> list[QStandardItem]:
        text = f"{section.label}      {section.progress}"
        first = self._item(text, section.id, "section")
        font = QFont(first.font())
        font.setBold(True)
        first.setFont(font)
        first.setToolTip(f"{section.label}\n{section.progress} (отменённые не считаются)")
        items = [first] + [self._item("", section.id, "section") for _ in range(len(HEADERS) - 1)]
        for item in items:
            item.setBackground(QBrush(SECTION_BACKGROUND))
        for activity in section.activities:
            first.appendRow(self._activity_items(activity))
        return items

    def _activity_items(self, row: ActivityRow) -> list[QStandardItem]:
        texts = {
            COL_NUMBER: row.number,
            COL_TITLE: one_line(row.title),
            COL_DEADLINE: f"{OVERDUE_MARK} {deadline_text(row)}" if row.overdue else deadline_text(row),
            COL_RESPONSIBLE: one_line(row.responsible),
            COL_CONTROL: one_line(row.control_form),
            COL_STATUS: row.status_label,
            COL_LINKS: links_text(row),
            COL_RESULT: one_line(row.actual_result),
        }
        tips = {
            COL_TITLE: row.title,
            COL_RESPONSIBLE: row.responsible,
            COL_CONTROL: row.control_form,
            COL_RESULT: row.actual_result,
            COL_LINKS: links_tip(row),
            COL_DEADLINE: row.deadline_text,
            COL_STATUS: status_tip(row),
        }
        items = []
        for col in range(len(HEADERS)):
            item = self._item(texts[col], row.id, "activity")
            item.setData(row.overdue, OVERDUE_ROLE)
            if tips.get(col):
                item.setToolTip(tips[col])
            if row.overdue:
                item.setBackground(QBrush(OVERDUE_BACKGROUND))
            items.append(item)
        if row.overdue:
            items[COL_DEADLINE].setForeground(QBrush(OVERDUE_TEXT))
            items[COL_DEADLINE].setToolTip(f"{deadline_text(row)}\nСрок прошёл, мероприятие не выполнено")
            items[COL_STATUS].setForeground(QBrush(OVERDUE_TEXT))
        elif row.status == "done":
            items[COL_STATUS].setForeground(QBrush(DONE_TEXT))
        elif row.status == "cancelled":
            for item in items:
                item.setForeground(QBrush(CANCELLED_TEXT))
        items[COL_LINKS].setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        return items

    @staticmethod
    def _item(text: str, ident: str, kind: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(ident, ID_ROLE)
        item.setData(kind, KIND_ROLE)
        return item

    # --- lookups -----------------------------------------------------------

    def find(self, kind: str, ident: str) -> QModelIndex:
        for i in range(self.rowCount()):
            section = self.item(i, 0)
            if kind == "section" and section.data(ID_ROLE) == ident:
                return section.index()
            if kind == "activity":
                for j in range(section.rowCount()):
                    if section.child(j, 0).data(ID_ROLE) == ident:
                        return section.child(j, 0).index()
        return QModelIndex()
