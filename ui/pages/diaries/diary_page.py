"""What the three diary pages share: the table, search, date range, «Корзина», add/edit/delete.

Each diary (ui/pages/diaries/diaries.py) names its service, its form, its column widths and
its own filter (organiser level, teacher). The table model keeps only ids, so a
diary of any size opens at once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.access import can_change
from app.diaries.base import DiaryService
from app.diaries.comments import can_write_comments
from app.diaries.common import TRASH_DAYS, DiaryFilter, RowBase, academic_year_end
from app.reports.catalog import ReportOptions, writer
from app.reports.diaries import diary_kind
from ui.dialogs.diary_entry import DiaryEntryDialog
from ui.models.diary_table import DiaryTableModel
from ui.ops import attempt
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel, SavedNote, ask_yes, first_selected, select_index, widget_shortcut
from ui.widgets.diary_table_view import diary_table
from ui.widgets.pickers import OptionalDateEdit
from ui.widgets.read_only import title_row
from ui.widgets.tables import set_empty_text

SEARCH_DELAY_MS = 300
EMPTY_DIARY = "Записей пока нет. Нажмите «Добавить» (Ctrl+N), чтобы внести первую."
NOTHING_FOUND = "Ни одна запись не подходит под отбор — измените или сбросьте его."


def academic_year_start(today: date) -> date:
    end = academic_year_end(today)
    return date(end.year - 1, 9, 1)


class DiaryPage(Page):
    """A diary's table with its toolbar. Subclasses fill in the class attributes and hooks."""

    service: DiaryService
    dialog_class: type[DiaryEntryDialog]
    date_column: int = 0
    column_widths: dict[int, int] = {}
    # At the office «Комментарии куратора» stands right after this column (None: where it is).
    office_comments_after: int | None = None
    office_beside_comments: int | None = None  # at the office: a key column kept in sight
    search_hint = "Поиск по всем столбцам (Ctrl+F)"

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        store, school_id = self.store, context.school_id
        self.school_id = school_id
        # At the office a school's diary is read (app.core.access), and only curator comments are written.
        self.comments_editable = can_write_comments(store)
        self.read_only = context.read_only or not can_change(store, school_id)

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_head())
        layout.addLayout(self._build_tools())
        self.model = DiaryTableModel(store, school_id, self.service, self)
        self.model.office_comments = self.comments_editable
        self.table = diary_table(
            self.model,
            self.fontMetrics().lineSpacing(),
            self.column_widths,
            self.office_comments_after,
            self.office_beside_comments,
        )
        header = self.table.horizontalHeader()
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.error_label = ErrorLabel()
        bottom.addWidget(self.count_label)
        legend = self.legend()
        if legend is not None:
            bottom.addSpacing(16)
            bottom.addWidget(legend)
        bottom.addSpacing(16)
        bottom.addWidget(self.error_label, 1)
        bottom.addStretch(0)
        layout.addLayout(bottom)

        self._connect()
        QShortcut(QKeySequence.StandardKey.New, self, self.add)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            widget_shortcut(QKeySequence(key), self.table, self.edit)
        widget_shortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.delete)

        self.model.flt = self.current_filter()
        self.model.sort_key = self.model.columns[self.date_column].key
        header.setSortIndicator(self.date_column, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)  # asks the model for the ids, newest first
        if self.read_only:
            for button in (self.add_button, self.delete_button, self.restore_button, self.trash_button):
                button.hide()
        self._trash_view(False)
        self._update_count()

    def _build_head(self) -> QHBoxLayout:
        """The title (which diary, or whose basket) and the buttons that act on an entry."""
        head = title_row(self.service.title, self.read_only)  # on the desk: «Только просмотр»
        self.title_label = head.itemAt(0).widget()
        head.addStretch(1)
        self.saved_note = SavedNote()
        head.addWidget(self.saved_note)
        self.add_button = QPushButton("Добавить")
        self.add_button.setToolTip("Новая запись (Ctrl+N)")
        self.edit_button = QPushButton("Открыть" if self.read_only else "Изменить")
        self.edit_button.setToolTip("Открыть выбранную запись (Enter или двойной щелчок)")
        self.delete_button = QPushButton("Удалить")
        self.delete_button.setToolTip(f"Удалить выбранную запись в «Корзину» на {TRASH_DAYS} дней (Del)")
        self.restore_button = QPushButton("Восстановить")
        self.restore_button.setToolTip("Вернуть выбранную запись из «Корзины» в дневник")
        self.path_button = QPushButton("Путь к практике")
        self.path_button.setToolTip("Путь от обучения к практике: мероприятие, его применение, пункты плана")
        for button in (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.restore_button,
            self.path_button,
        ):
            head.addWidget(button)
        return head

    def _build_tools(self) -> QVBoxLayout:
        """Search and dates on one line; the diary's own filter, «Корзина» and printing on the next:
        two short lines fit a laptop's 1280×720 where one long line ran off the screen."""
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.search_hint)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)
        self.date_from_edit = OptionalDateEdit("с", academic_year_start(date.today()))
        self.date_from_edit.setToolTip("Показывать записи начиная с этой даты")
        self.date_to_edit = OptionalDateEdit("по", date.today())
        self.date_to_edit.setToolTip("Показывать записи по эту дату включительно")
        self.trash_button = QPushButton("Корзина")
        self.trash_button.setCheckable(True)
        self.trash_button.setToolTip(f"Показать удалённые записи: они хранятся {TRASH_DAYS} дней")
        self.printing = PrintButtons(
            self,
            [Printout(self.service.title, self._report_writer, lambda: self.service.title)],
            "дневник с текущим отбором",
        )

        find = QHBoxLayout()
        find.addWidget(self.search_edit, 1)
        find.addSpacing(8)
        find.addWidget(QLabel("Даты:"))
        find.addWidget(self.date_from_edit)
        find.addWidget(self.date_to_edit)
        narrow = QHBoxLayout()
        extra = self.build_filter()
        if extra is not None:
            narrow.addWidget(extra)
            narrow.addSpacing(8)
        narrow.addWidget(self.trash_button)
        narrow.addStretch(1)
        self.printing.add_to(narrow)
        tools = QVBoxLayout()
        tools.setSpacing(4)
        tools.addLayout(find)
        tools.addLayout(narrow)
        return tools

    def _connect(self) -> None:
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(lambda _t: self.search_timer.start())
        self.search_edit.returnPressed.connect(self._search_entered)
        self.date_from_edit.changed.connect(self.apply_filter)
        self.date_to_edit.changed.connect(self.apply_filter)
        self.trash_button.toggled.connect(self._trash_toggled)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.restore_button.clicked.connect(self.restore)
        self.path_button.clicked.connect(self.show_path)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

    # --- hooks for each diary ---------------------------------------------

    def build_filter(self) -> QWidget | None:
        """The diary's own filter widget (level, teacher), or None."""
        return None

    def filter_values(self) -> dict:
        """The diary's own DiaryFilter fields from its filter widget."""
        return {}

    def clear_own_filter(self) -> None:
        """Set the diary's own filter widget to «all»."""

    def legend(self) -> QWidget | None:
        return None

    def describe(self, row: RowBase) -> str:
        """A few words naming the entry, for the deletion question."""
        return row.cell(self.model.columns[0].key)

    def new_dialog(self) -> DiaryEntryDialog:
        return self.dialog_class(self.store, self.school_id, None, parent=self)

    def path_for(self, row: RowBase) -> None:
        """Open the path from training to practice for this entry."""

    def has_path(self, row: RowBase) -> bool:
        return True

    # --- filter -----------------------------------------------------------

    def current_filter(self) -> DiaryFilter:
        return DiaryFilter(
            text=self.search_edit.text(),
            date_from=self.date_from_edit.value(),
            date_to=self.date_to_edit.value(),
            trash=self.trash_button.isChecked(),
            **self.filter_values(),
        )

    def clear_filter(self) -> None:
        """Every entry outside «Корзина»: the search, the dates and the diary's own filter emptied."""
        self.search_edit.clear()
        self.date_from_edit.set_value(None)
        self.date_to_edit.set_value(None)
        self.clear_own_filter()
        self.apply_filter()

    def apply_filter(self) -> None:
        self.search_timer.stop()
        current = self.selected_id()
        self.model.set_filter(self.current_filter())
        self._after_reload(current)

    def _search_entered(self) -> None:
        self.apply_filter()
        self.table.setFocus()
        if self.model.rowCount() and self.selected_id() is None:
            self.select_row(0)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _trash_toggled(self, on: bool) -> None:
        self._trash_view(on)
        self.apply_filter()

    def _trash_view(self, on: bool) -> None:
        self.title_label.setText(self.trash_title() if on else self.service.title)
        self.table.setColumnHidden(self.model.trash_column, not on)
        if not self.read_only:
            self.restore_button.setVisible(on)
            self.add_button.setEnabled(not on)

    def trash_title(self) -> str:
        """«Корзина «Дневника педагога»: удалённые записи (хранятся 30 дней)» — whose basket it is."""
        whose = self.service.title.replace("Дневник", "Дневника", 1)
        return f"Корзина «{whose}»: удалённые записи (хранятся {TRASH_DAYS} дней)"

    # --- data -------------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        current = select_id or self.selected_id()
        self.model.reload()
        self._after_reload(current)

    def refresh(self) -> None:
        """Shown again: another page may have changed staff, events or links."""
        self.refresh_filter_choices()
        self.reload()

    def refresh_filter_choices(self) -> None:
        pass

    def _after_reload(self, select_id: str | None) -> None:
        if select_id is not None:
            self.select(select_id)
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        if self.trash_button.isChecked():
            self.count_label.setText(f"В корзине: {n}. Удалённое хранится {TRASH_DAYS} дней.")
        else:
            self.count_label.setText(f"Записей: {n}")
        set_empty_text(self.table, self.empty_text())

    def empty_text(self) -> str:
        """What the table says with no rows: why it is empty and what to do."""
        flt = self.current_filter()
        if replace(flt, trash=False) != DiaryFilter():
            return NOTHING_FOUND
        if flt.trash:
            return f"«Корзина» пуста: удалённые записи хранятся здесь {TRASH_DAYS} дней."
        if self.read_only:
            return "В этом дневнике пока нет записей."
        return EMPTY_DIARY

    def select(self, entry_id: str) -> bool:
        row = self.model.row_of(entry_id)
        if row is None:
            return False
        self.select_row(row)
        return True

    def select_row(self, row: int) -> None:
        select_index(self.table, self.model.index(row, self.date_column))

    def selected_id(self) -> str | None:
        index = first_selected(self.table)
        return self.model.entry_id(index.row()) if index is not None else None

    def selected_row(self) -> RowBase | None:
        index = first_selected(self.table)
        return self.model.row_data(index.row()) if index is not None else None

    # --- actions ----------------------------------------------------------

    def add(self) -> None:
        if self.read_only or self.trash_button.isChecked():
            return
        dialog = self.new_dialog()
        if dialog.exec() == DiaryEntryDialog.DialogCode.Accepted and dialog.entry_id is not None:
            self.saved_note.flash("Запись добавлена")
            self.reload(select_id=dialog.entry_id)
            if self.selected_id() != dialog.entry_id:
                self.error_label.set_message(
                    "Запись сохранена, но не подходит под поиск или отбор — очистите их, чтобы её увидеть."
                )
            self.data_changed.emit()

    def edit(self) -> None:
        row = self.selected_row()
        if row is None or self.trash_button.isChecked():
            return
        self.error_label.set_message(None)
        dialog = self.dialog_class(
            self.store,
            self.school_id,
            row,
            read_only=self.read_only,
            comments_editable=self.comments_editable,
            parent=self,
        )
        dialog.exec()
        if dialog.saved:
            self.saved_note.flash()
        if dialog.saved or dialog.comments_changed:
            self.reload(select_id=row.id)

    def delete(self) -> None:
        row = self.selected_row()
        if row is None or self.read_only or self.trash_button.isChecked():
            return
        if not ask_yes(
            self,
            "Удалить запись",
            f"Удалить запись «{self.describe(row)}»?\n\n"
            f"Она попадёт в «Корзину» и будет храниться там {TRASH_DAYS} дней: за это время её можно "
            "вернуть — нажмите «Корзина», выберите запись и нажмите «Восстановить».",
        ):
            return
        position = self.model.row_of(row.id) or 0
        attempt(self, lambda: self.service.delete(self.store, row.id), self.error_label.set_message)
        self.reload()
        if self.model.rowCount():
            self.select_row(min(position, self.model.rowCount() - 1))
        self.saved_note.flash("Запись перенесена в «Корзину»")
        self.data_changed.emit()

    def restore(self) -> None:
        row = self.selected_row()
        if row is None or not self.trash_button.isChecked():
            return
        attempt(self, lambda: self.service.restore(self.store, row.id), self.error_label.set_message)
        self.reload()
        self.saved_note.flash("Запись восстановлена")
        self.data_changed.emit()

    def _report_writer(self):
        options = ReportOptions(school_id=self.school_id, diary_filter=self.current_filter())
        return writer(self.store, diary_kind(self.service), options)

    def show_path(self) -> None:
        row = self.selected_row()
        if row is not None and not self.trash_button.isChecked():
            self.path_for(row)

    def _update_buttons(self) -> None:
        row = self.selected_row()
        trash = self.trash_button.isChecked()
        self.edit_button.setEnabled(row is not None and not trash)
        self.delete_button.setEnabled(row is not None and not trash)
        self.restore_button.setEnabled(row is not None and trash)
        self.path_button.setEnabled(row is not None and not trash and self.has_path(row))
