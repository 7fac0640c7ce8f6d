"""Школы: «Новое во всех школах» — what happened in every school since the previous visit (or a
chosen day), grouped by school; a line opens its school on the curator's desk, at the record.

The previous visit and the «просмотрено» marks are the office user's own (app.office.news_seen).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import format_day, format_moment, local_day
from app.office.news import SECTION_TITLES, News, NewsLine, day_start, news
from app.office.news_seen import mark_seen, seen, start_visit
from ui.ops import attempt
from ui.pages.base import Page, PageContext
from ui.widgets.common import ErrorLabel, page_title, widget_shortcut
from ui.widgets.date_field import DateField
from ui.widgets.flow import FlowLayout
from ui.widgets.tables import set_empty_text

HEADERS = ["Школа, раздел", "Что", "Запись", "Дата", "Просм."]
COL_WHERE, COL_WHAT, COL_TITLE, COL_WHEN, COL_SEEN = range(5)
# Chosen so the tree reads at 1093 pixels beside the navigation; «Запись» takes the rest.
WIDTHS = {COL_WHERE: 190, COL_WHAT: 170, COL_WHEN: 80, COL_SEEN: 56}
LINE_ROLE = Qt.ItemDataRole.UserRole + 1
FIRST_VISIT_DAYS = 7  # with no previous visit: the last week
SEEN_COLOR = QColor("#7a7a7a")
NOTHING = "Ничего нового с выбранной даты: ни одна школа ничего не прислала, сроков не прошло."
ALL_SEEN = "Всё новое отмечено как просмотренное. Снимите «Скрыть просмотренное», чтобы увидеть его снова."


class NewsPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.visit = start_visit(self.store)
        self.since = self.visit or day_start(local_day(datetime.now(UTC)) - timedelta(days=FIRST_VISIT_DAYS))
        self.found: News | None = None
        self.seen: set[str] = set()

        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Новое во всех школах"))
        tools = FlowLayout()
        self.since_field = DateField(local_day(self.since))
        self.since_field.setToolTip(
            "С какого дня показать новое (по умолчанию — с вашего прошлого посещения)"
        )
        self.visit_button = QPushButton("С прошлого посещения")
        self.visit_button.setToolTip(
            "Показать то, что появилось после вашего прошлого открытия этой страницы"
        )
        self.visit_button.setEnabled(self.visit is not None)
        self.hide_seen_check = QCheckBox("Скрыть просмотренное")
        self.seen_button = QPushButton("Отметить просмотренным")
        self.seen_button.setToolTip("Отметить выбранные строки как просмотренные (Пробел)")
        self.open_button = QPushButton("Открыть")
        self.open_button.setToolTip("Открыть школу на этой записи (Enter или двойной щелчок)")
        tools.add_group(QLabel("Новое с:"), self.since_field)
        tools.addWidget(self.visit_button)
        tools.addWidget(self.hide_seen_check)
        tools.add_gap(16)
        tools.addWidget(self.seen_button)
        tools.addWidget(self.open_button)
        layout.addLayout(tools)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(HEADERS)
        self.tree.headerItem().setToolTip(COL_SEEN, "Отмечено как просмотренное (щёлкните флажок)")
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in WIDTHS.items():
            header.resizeSection(column, width)
        layout.addWidget(self.tree, 1)
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)

        self.since_field.dateChanged.connect(lambda _d: self._day_chosen())
        self.visit_button.clicked.connect(self.since_visit)
        self.hide_seen_check.toggled.connect(lambda _on: self._show())
        self.seen_button.clicked.connect(self.mark_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.open_selected())
        self.tree.itemChanged.connect(self._seen_toggled)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            widget_shortcut(QKeySequence(key), self.tree, self.open_selected)
        widget_shortcut(QKeySequence(Qt.Key.Key_Space), self.tree, self.mark_selected)
        self.reload()

    # --- data -----------------------------------------------------------

    def reload(self) -> None:
        self.found = news(self.store, self.since)
        self.seen = seen(self.store)
        self._show()

    def refresh(self) -> None:
        self.reload()

    def _day_chosen(self) -> None:
        day = self.since_field.value()
        if day is not None:
            self.since = day_start(day)
            self.reload()

    def since_visit(self) -> None:
        if self.visit is None:
            return
        self.since = self.visit
        self.since_field.blockSignals(True)
        self.since_field.setText(format_day(self.visit))
        self.since_field.blockSignals(False)
        self.reload()

    # --- the tree -----------------------------------------------------------

    def _summary(self) -> str:
        found = self.found
        when = (
            f"с прошлого посещения ({format_moment(self.since)})"
            if self.since == self.visit
            else f"с {format_day(self.since)}"
        )
        if found is None or not found.lines:
            return f"Новое {when}: нет."
        unseen = sum(1 for line in found.lines if line.key not in self.seen)
        return (
            f"Новое {when}: школ — {len(found.schools)}, строк — {len(found.lines)}, "
            f"из них не просмотрено — {unseen}."
        )

    def _show(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        hide = self.hide_seen_check.isChecked()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for school in self.found.schools if self.found else []:
            shown = [line for line in school.lines if not (hide and line.key in self.seen)]
            if not shown:
                continue
            top = QTreeWidgetItem([f"{school.name} ({school.code})"])
            top.setFont(COL_WHERE, bold)
            top.setFirstColumnSpanned(True)
            top.setToolTip(COL_WHERE, f"{school.name}, код {school.code}")
            top.setData(COL_WHERE, LINE_ROLE, school.school_id)
            self.tree.addTopLevelItem(top)
            for line in shown:
                top.addChild(self._line_item(line))
            top.setExpanded(True)
        self.tree.blockSignals(False)
        any_lines = bool(self.found and self.found.lines)
        set_empty_text(self.tree, ALL_SEEN if any_lines else NOTHING)
        self.summary_label.setText(self._summary())
        self._update_buttons()

    def _line_item(self, line: NewsLine) -> QTreeWidgetItem:
        when = format_day(line.when)
        item = QTreeWidgetItem([SECTION_TITLES[line.section], line.what, line.title, when, ""])
        item.setData(COL_WHERE, LINE_ROLE, line)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setToolTip(COL_TITLE, f"{line.title}\n(двойной щелчок — открыть школу на этой записи)")
        item.setToolTip(COL_WHERE, SECTION_TITLES[line.section])
        self._paint(item, line)
        return item

    def _paint(self, item: QTreeWidgetItem, line: NewsLine) -> None:
        checked = line.key in self.seen
        item.setCheckState(COL_SEEN, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        for column in range(len(HEADERS)):
            item.setForeground(column, QBrush(SEEN_COLOR) if checked else QBrush())

    # --- actions ----------------------------------------------------------

    def _selected_lines(self) -> list[NewsLine]:
        lines = []
        for item in self.tree.selectedItems():
            line = item.data(COL_WHERE, LINE_ROLE)
            if isinstance(line, NewsLine):
                lines.append(line)
        return lines

    def _set_seen(self, lines: list[NewsLine], on: bool) -> None:
        self.error_label.set_message(None)
        done = attempt(
            self,
            lambda: mark_seen(self.store, [line.key for line in lines], on) or True,
            self.error_label.set_message,
        )
        if done:
            self.seen = seen(self.store)
        self._show()

    def mark_selected(self) -> None:
        lines = self._selected_lines()
        if lines:
            self._set_seen(lines, any(line.key not in self.seen for line in lines))

    def _seen_toggled(self, item: QTreeWidgetItem, column: int) -> None:
        """A check box clicked: the item stays (rebuilding the tree under Qt's click would free it)."""
        line = item.data(COL_WHERE, LINE_ROLE)
        if column != COL_SEEN or not isinstance(line, NewsLine):
            return
        on = item.checkState(COL_SEEN) == Qt.CheckState.Checked
        if on == (line.key in self.seen):
            return
        self.error_label.set_message(None)
        keys = [line.key]
        if attempt(self, lambda: mark_seen(self.store, keys, on) or True, self.error_label.set_message):
            self.seen = seen(self.store)
        self.tree.blockSignals(True)
        self._paint(item, line)
        self.tree.blockSignals(False)
        item.setHidden(self.hide_seen_check.isChecked() and line.key in self.seen)
        self.summary_label.setText(self._summary())

    def open_selected(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        line = item.data(COL_WHERE, LINE_ROLE)
        if isinstance(line, NewsLine):
            self.open_school_requested.emit(line.school_id)
            if line.instrument and line.record_id:
                self.open_record_requested.emit(line.instrument, line.record_id)
        elif isinstance(line, str):  # a school's own line
            self.open_school_requested.emit(line)

    def _update_buttons(self) -> None:
        lines = self._selected_lines()
        self.seen_button.setEnabled(bool(lines))
        self.open_button.setEnabled(self.tree.currentItem() is not None)
