"""Школы: Реестр школ — every school the office follows; the silent ones stand out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.office.registry import STALE_DAYS, RegistryRow, list_registry
from ui.dialogs.school_dialog import SchoolDialog
from ui.models.registry_table import (
    COL_ATTENTION,
    COL_CODE,
    COL_DONE,
    COL_KEY,
    COL_LEFT,
    COL_NAME,
    COL_OVERDUE,
    COL_PACKAGE,
    COL_SETTLEMENT,
    COL_SILENT,
    COL_SINCE,
    COL_STATUS,
    STALE_BACKGROUND,
    STALE_FOREGROUND,
    STATUS_ALL,
    STATUS_LEFT,
    RegistryFilterProxy,
    RegistryTableModel,
)
from ui.pages.base import Page, PageContext
from ui.widgets.common import ErrorLabel, page_title, select_source_row, selected_source_row, widget_shortcut
from ui.widgets.flow import FlowLayout
from ui.widgets.tables import record_list, set_empty_text

STATUS_CHOICES = (
    ("Все школы", STATUS_ALL),
    ("ШНОР", "ШНОР"),
    ("ШНСУ", "ШНСУ"),
    ("пилотные", "пилотная"),
    ("вышедшие из программы", STATUS_LEFT),
)

# Chosen so that the table reads at 1366×768 next to the navigation up to «Просрочено»; «Критерии»
# takes the rest (on a narrow screen the table scrolls to it). Long names are cut, their tooltip whole.
# The widest texts set the share columns' width («100% (100/100)»); the key is cut, its tooltip whole.
COLUMN_WIDTHS = {
    COL_NAME: 180,
    COL_ATTENTION: 34,
    COL_CODE: 44,
    COL_SETTLEMENT: 88,
    COL_STATUS: 66,
    COL_SINCE: 78,
    COL_LEFT: 80,
    COL_PACKAGE: 122,
}
EMPTY_REGISTRY = (
    "В реестре пока нет школ. Нажмите «Добавить школу» или примите пакеты школ («Обмен → Принять пакеты»)."
)
NOTHING_FOUND = "Ни одна школа не подходит под отбор — измените или сбросьте его."
WIDEST_SHARE = "100% (100/100)"
SORT_ARROW = 24  # room for the sort indicator beside a header's text


class RegistryPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)

        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Реестр школ"))

        tools = FlowLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Поиск: название, код, населённый пункт (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(240)
        self.search_edit.setMaximumWidth(340)
        self.status_combo = QComboBox()
        for label, value in STATUS_CHOICES:
            self.status_combo.addItem(label, value)
        self.status_combo.setToolTip("Показать школы одного статуса")
        self.stale_check = QCheckBox(f"Только молчащие > {STALE_DAYS} дней")
        self.stale_check.setToolTip(
            f"Школы, от которых не было пакета больше {STALE_DAYS} дней или не было вовсе"
        )
        self.attention_check = QCheckBox("Только требующие внимания")
        self.attention_check.setToolTip(
            "Школы, которым нужно внимание управления: молчат, просрочены мероприятия плана, "
            "выполнены критерии низких результатов (причины — в подсказке строки)"
        )
        self.add_button = QPushButton("Добавить школу")
        self.add_button.setToolTip("Внести школу в реестр вручную, до её первого пакета (Ctrl+N)")
        self.edit_button = QPushButton("Изменить")
        self.edit_button.setToolTip("Изменить сведения о выбранной школе в реестре (F2)")
        self.open_button = QPushButton("Открыть школу")
        self.open_button.setToolTip(
            "Читать дневники, программу и показатели школы, писать комментарии и рекомендации "
            "(Enter или двойной щелчок)"
        )
        tools.addWidget(self.search_edit)
        tools.addWidget(self.status_combo)
        tools.addWidget(self.stale_check)
        tools.addWidget(self.attention_check)
        tools.add_gap(16)
        tools.addWidget(self.add_button)
        tools.addWidget(self.edit_button)
        tools.addWidget(self.open_button)
        layout.addLayout(tools)

        self.model = RegistryTableModel(self)
        self.proxy = RegistryFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = record_list(self.proxy, COL_NAME, COLUMN_WIDTHS, alternating=False)
        # The key's fingerprint is read in the name's tooltip and the school's form: its column
        # would take the room the names need on a school PC's screen.
        self.table.setColumnHidden(COL_KEY, True)
        header = self.table.horizontalHeader()
        share_width = self.table.fontMetrics().horizontalAdvance(WIDEST_SHARE) + 16
        header.resizeSection(COL_DONE, share_width)
        header.resizeSection(COL_OVERDUE, share_width)
        silent = self.model.headerData(COL_SILENT, Qt.Orientation.Horizontal)
        header.resizeSection(COL_SILENT, header.fontMetrics().horizontalAdvance(silent) + SORT_ARROW)
        layout.addWidget(self.table, 1)

        bottom = FlowLayout()
        self.legend_swatch = QLabel("  ")
        self.legend_swatch.setFixedWidth(28)
        self.legend_swatch.setStyleSheet(
            f"background: {STALE_BACKGROUND.name()}; color: {STALE_FOREGROUND.name()};"
            " border: 1px solid #b08850;"
        )
        self.legend_label = QLabel(f"— школа молчит больше {STALE_DAYS} дней или ещё не присылала пакетов")
        self.count_label = QLabel()
        self.error_label = ErrorLabel()
        bottom.add_group(self.legend_swatch, self.legend_label)
        bottom.add_gap(24)
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.error_label)
        layout.addLayout(bottom)

        self.search_edit.textChanged.connect(self._filters_changed)
        self.status_combo.currentIndexChanged.connect(self._filters_changed)
        self.stale_check.toggled.connect(self._filters_changed)
        self.attention_check.toggled.connect(self._filters_changed)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.open_button.clicked.connect(self.open_school)
        self.table.doubleClicked.connect(lambda _index: self.open_school())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.proxy.modelReset.connect(self._update_buttons)
        self.proxy.rowsRemoved.connect(self._update_buttons)

        QShortcut(QKeySequence.StandardKey.New, self, self.add)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            widget_shortcut(QKeySequence(key), self.table, self.open_school)
        widget_shortcut(QKeySequence(Qt.Key.Key_F2), self.table, self.edit)

        self.reload()

    # --- data -----------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        current = select_id or (s.id if (s := self.selected()) else None)
        self.model.set_rows(list_registry(self.store))
        if current is not None:
            self.select(current)
        self._update_count()
        self._update_buttons()

    def refresh(self) -> None:
        self.reload()

    def select(self, school_id: str) -> bool:
        return select_source_row(self.table, self.proxy, self.model.row_of(school_id), COL_NAME)

    def selected(self) -> RegistryRow | None:
        row = selected_source_row(self.table, self.proxy)
        return self.model.school(row) if row is not None else None

    # --- actions --------------------------------------------------------

    def add(self) -> None:
        dialog = SchoolDialog(self.store, parent=self)
        if dialog.exec() == SchoolDialog.DialogCode.Accepted and dialog.school is not None:
            self._show_all()  # the new school must be visible
            self.reload(select_id=dialog.school.id)

    def edit(self) -> None:
        school = self.selected()
        if school is None:
            return
        dialog = SchoolDialog(self.store, school, parent=self)
        if dialog.exec() == SchoolDialog.DialogCode.Accepted:
            self.reload(select_id=school.id)

    def open_school(self) -> None:
        school = self.selected()
        if school is not None:
            self.open_school_requested.emit(school.id)

    # --- view state -----------------------------------------------------

    def _empty_text(self) -> str:
        return NOTHING_FOUND if self.model.rowCount() > 0 else EMPTY_REGISTRY

    def _filters_changed(self, *_args) -> None:
        self.proxy.set_search(self.search_edit.text())
        self.proxy.set_status(self.status_combo.currentData() or STATUS_ALL)
        self.proxy.set_stale_only(self.stale_check.isChecked())
        self.proxy.set_attention_only(self.attention_check.isChecked())
        self._update_count()
        self._update_buttons()

    def _show_all(self) -> None:
        filters = (self.search_edit, self.status_combo, self.stale_check, self.attention_check)
        for widget in filters:
            widget.blockSignals(True)
        self.search_edit.clear()
        self.status_combo.setCurrentIndex(0)
        self.stale_check.setChecked(False)
        self.attention_check.setChecked(False)
        for widget in filters:
            widget.blockSignals(False)
        self._filters_changed()

    def _update_count(self) -> None:
        set_empty_text(self.table, self._empty_text())
        total = self.model.rowCount()
        stale = sum(1 for i in range(total) if self.model.school(i).stale)
        text = f"Школ в реестре: {total}"
        if stale:
            text += f", молчат: {stale}"
        attention = sum(1 for i in range(total) if self.model.school(i).attention)
        if attention:
            text += f", требуют внимания: {attention}"
        shown = self.proxy.rowCount()
        if shown != total:
            text += f"; показано: {shown}"
        self.count_label.setText(text)

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _update_buttons(self) -> None:
        picked = self.selected() is not None
        self.edit_button.setEnabled(picked)
        self.open_button.setEnabled(picked)
