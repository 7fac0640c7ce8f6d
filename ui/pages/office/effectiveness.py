"""«Анализ → Что дошло до практики»: each catalogue event and each school's support need — the
schools that took part, the diary entries naming it, how far it reached — sortable by any column
(by reach at first); a row chosen shows the plan activities it served and the schools' results
before and after. The page says plainly that this is what is recorded, not proof of cause.

Only presentation: the chains are in app.office.effectiveness.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.office.effectiveness import KIND_LABELS, REMINDER, Effectiveness, Reach, effectiveness
from app.reports.catalog import writer
from app.reports.effectiveness import EFFECTIVENESS_TITLE
from ui.ops import attempt
from ui.pages.base import Page, PageContext
from ui.pages.office.district_results import wrapped_headers
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel
from ui.widgets.tables import record_table, set_empty_text

PAGE_TITLE = "Что дошло до практики"
HEADERS = [
    "Мероприятие или потребность",
    "Школ участвовало",
    "Педагогов",
    "Записей педагогов",
    "Записей директоров",
    "Дошло до",
    "Результаты до и после",
]
REACH_COLUMN = 5
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class SortItem(QTableWidgetItem):
    """A cell sorted by its SORT_ROLE value (a number, the reach) rather than by its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is None or theirs is None:
            return super().__lt__(other)
        return mine < theirs


class EffectivenessPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.found: Effectiveness | None = None
        layout = QVBoxLayout(self)
        self.printing = PrintButtons(
            self,
            [Printout(EFFECTIVENESS_TITLE, lambda: writer(self.store, "effectiveness"))],
            "что дошло до практики",
        )
        layout.addLayout(self.printing.title_row(PAGE_TITLE))
        self.reminder_label = QLabel(REMINDER)
        self.reminder_label.setWordWrap(True)
        self.reminder_label.setStyleSheet("color: #555555;")
        layout.addWidget(self.reminder_label)

        self.table = QTableWidget(0, 0)
        record_table(self.table, stretch_last=True, wrap=True)
        wrapped_headers(self.table, HEADERS)
        for column, width in enumerate([250, 85, 80, 80, 85, 150]):
            self.table.horizontalHeader().resizeSection(column, width)
        self.table.setSortingEnabled(True)
        set_empty_text(
            self.table,
            "В каталоге нет мероприятий, и школы не прислали потребностей в поддержке: добавьте "
            "мероприятия («Обмен → Каталог мероприятий») и примите пакеты школ.",
        )
        layout.addWidget(self.table, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setMinimumHeight(90)
        layout.addWidget(self.details)
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.refresh()

    def refresh(self) -> None:
        found = attempt(self, lambda: effectiveness(self.store), self.error_label.set_message)
        self.found = found
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        if found is None:
            self.details.clear()
            return
        self.error_label.set_message(None)
        self.table.setRowCount(len(found.items))
        for row, item in enumerate(found.items):
            cells = [
                (f"{KIND_LABELS[item.kind]}: {item.title}", None),
                (str(len(item.schools)), len(item.schools)),
                (str(item.participants), item.participants),
                (str(item.teacher_entries), item.teacher_entries),
                (str(item.director_entries), item.director_entries),
                (item.stage_text, list(item.reach_key)),
                (item.results_text, item.rose - item.fell if item.schools else None),
            ]
            for column, (text, key) in enumerate(cells):
                cell = SortItem(text)
                cell.setData(ITEM_ROLE, row)
                if key is not None:
                    cell.setData(SORT_ROLE, key)
                if 0 < column < REACH_COLUMN:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, cell)
        self.table.setSortingEnabled(True)
        self.table.sortItems(REACH_COLUMN, Qt.SortOrder.DescendingOrder)
        self.table.resizeRowsToContents()
        if found.items:
            self.table.selectRow(0)
        self._show_details()

    def selected(self) -> Reach | None:
        rows = self.table.selectionModel().selectedRows()
        if self.found is None or not rows:
            return None
        return self.found.items[self.table.item(rows[0].row(), 0).data(ITEM_ROLE)]

    def _show_details(self) -> None:
        item = self.selected()
        if item is None:
            self.details.clear()
            return
        esc = html.escape
        lines = [f"<b>{esc(item.title)}</b>"]
        if item.offered_to:
            what = "Предложено школам" if item.kind == "catalogue" else "Школа"
            lines.append(f"{what}: " + esc(", ".join(s.name for s in item.offered_to)))
        lines.append("Участвовали: " + (esc(", ".join(s.name for s in item.schools)) or "никто"))
        if item.activities:
            lines.append("Мероприятия плана: " + esc("; ".join(item.activities)))
        for dynamics in item.dynamics:
            changes = "; ".join(c.text for c in dynamics.changes) or "нет результатов и до, и после"
            lines.append(f"{esc(dynamics.school.name)}: {esc(changes)}")
        self.details.setText("<br>".join(lines))
