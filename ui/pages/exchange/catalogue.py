"""Обмен → Каталог мероприятий: the office's calendar of trainings for its schools, with the
schools' needs each event is offered for. It goes to every school with the feedback package."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.office.catalogue import CatalogueRow, list_events, remove_event
from ui.dialogs.catalogue_dialog import CatalogueDialog
from ui.models.catalogue_table import (
    COL_FORM,
    COL_FROM,
    COL_KEY,
    COL_LEVEL,
    COL_ORGANIZER,
    COL_TITLE,
    COL_TO,
    CatalogueTableModel,
    catalogue_proxy,
    search,
)
from ui.ops import attempt
from ui.pages.base import Page, PageContext
from ui.widgets.common import (
    ErrorLabel,
    SavedNote,
    ask_and_do,
    page_title,
    select_source_row,
    selected_source_row,
    widget_shortcut,
)
from ui.widgets.tables import record_list

TITLE = "Каталог мероприятий"
HINT = (
    "Обучающие мероприятия, которые управление предлагает школам района. Каталог уходит в каждую школу "
    "с очередным пакетом обратной связи; предложить мероприятие в ответ на потребности школ можно "
    "в «Отчёты → Потребности в поддержке»."
)
EMPTY = "В каталоге пока нет мероприятий: нажмите «Добавить» (Ctrl+N)."
NO_OFFERS = "Мероприятие пока не предложено ни на одну потребность школ."
# Chosen so that the table reads at 1366×768 next to the navigation; «Потребности» takes the rest.
COLUMN_WIDTHS = {
    COL_TITLE: 260,
    COL_FORM: 110,
    COL_ORGANIZER: 160,
    COL_LEVEL: 110,
    COL_FROM: 82,
    COL_TO: 82,
    COL_KEY: 200,
}


class CataloguePage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)

        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(page_title(TITLE))
        head.addStretch(1)
        self.saved_note = SavedNote()
        head.addWidget(self.saved_note)
        layout.addLayout(head)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        layout.addWidget(hint)

        tools = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Поиск по всем столбцам (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(300)
        self.search_edit.setMaximumWidth(420)
        self.add_button = QPushButton("Добавить")
        self.add_button.setToolTip("Новое мероприятие каталога (Ctrl+N)")
        self.edit_button = QPushButton("Изменить")
        self.edit_button.setToolTip("Изменить выбранное мероприятие (Enter или двойной щелчок)")
        self.delete_button = QPushButton("Удалить")
        self.delete_button.setToolTip("Убрать выбранное мероприятие из каталога (Del)")
        tools.addWidget(self.search_edit)
        tools.addStretch(1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            tools.addWidget(button)
        layout.addLayout(tools)

        self.model = CatalogueTableModel(self)
        self.proxy = catalogue_proxy(self.model)
        self.table = record_list(self.proxy, COL_FROM, COLUMN_WIDTHS, alternating=True)

        offers_box = QWidget()
        offers_layout = QVBoxLayout(offers_box)
        offers_layout.setContentsMargins(0, 4, 0, 0)
        self.offers_title = QLabel()
        font = self.offers_title.font()
        font.setBold(True)
        self.offers_title.setFont(font)
        self.offers_title.setTextFormat(Qt.TextFormat.PlainText)
        self.offers_list = QListWidget()
        self.offers_list.setWordWrap(True)
        self.offers_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        offers_layout.addWidget(self.offers_title)
        offers_layout.addWidget(self.offers_list, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(offers_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 140])
        splitter.setCollapsible(0, False)
        layout.addWidget(splitter, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.error_label = ErrorLabel()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.error_label, 1)
        layout.addLayout(bottom)

        self.search_edit.textChanged.connect(self._search)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.proxy.modelReset.connect(self._selection_changed)
        self.proxy.layoutChanged.connect(self._selection_changed)

        QShortcut(QKeySequence.StandardKey.New, self, self.add)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            widget_shortcut(QKeySequence(key), self.table, self.edit)
        widget_shortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.delete)

        self.reload()

    # --- data -----------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        current = select_id or (e.id if (e := self.selected()) else None)
        rows = attempt(self, lambda: list_events(self.store), self.error_label.set_message) or []
        self.model.set_rows(rows)
        if current is not None:
            self.select(current)
        self._update_count()
        self._selection_changed()

    def refresh(self) -> None:
        """Shown again: offers may have been linked on «Потребности в поддержке»."""
        self.reload()

    def select(self, event_id: str) -> bool:
        return select_source_row(self.table, self.proxy, self.model.row_of(event_id), COL_TITLE)

    def selected(self) -> CatalogueRow | None:
        row = selected_source_row(self.table, self.proxy)
        return self.model.entry(row) if row is not None else None

    # --- actions --------------------------------------------------------

    def add(self) -> None:
        dialog = CatalogueDialog(self.store, parent=self)
        if dialog.exec() == CatalogueDialog.DialogCode.Accepted and dialog.item is not None:
            self.search_edit.clear()  # the new event must be visible
            self._done("Мероприятие добавлено", dialog.item.id)

    def edit(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        dialog = CatalogueDialog(self.store, chosen, parent=self)
        if dialog.exec() == CatalogueDialog.DialogCode.Accepted:
            self._done("Сохранено", chosen.id)

    def delete(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        question = (
            f"Убрать мероприятие «{chosen.title}» из каталога?\n\n"
            "Школы перестанут видеть его после следующего пакета обратной связи."
        )
        if chosen.offers:
            question += f" Оно предложено на потребности школ ({len(chosen.offers)}) — предложения снимутся."
        act = lambda: remove_event(self.store, chosen.id)  # noqa: E731
        done = ask_and_do(self, "Удаление из каталога", question, act, self.error_label.set_message)
        if done is False:
            self.reload()
        elif done:
            self._done("Мероприятие убрано из каталога")

    def _done(self, note: str, select_id: str | None = None) -> None:
        self.error_label.set_message(None)
        self.saved_note.flash(note)
        self.reload(select_id)
        self.table.setFocus()

    # --- view state -----------------------------------------------------

    def _search(self, text: str) -> None:
        search(self.proxy, text)
        self._update_count()
        self._selection_changed()

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        text = f"Мероприятий в каталоге: {total}" if total else EMPTY
        if shown != total:
            text += f"; показано: {shown}"
        self.count_label.setText(text)

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.edit_button.setEnabled(chosen is not None)
        self.delete_button.setEnabled(chosen is not None)
        self.offers_list.clear()
        if chosen is None:
            self.offers_title.setText("Отвечает на потребности школ")
            self.offers_list.addItem(
                "Выберите мероприятие — здесь появятся потребности школ, на которые оно отвечает."
            )
            return
        self.offers_title.setText(f"«{chosen.title}» отвечает на потребности школ: {len(chosen.offers)}")
        for offer in chosen.offers:
            self.offers_list.addItem(offer.label)
        if not chosen.offers:
            self.offers_list.addItem(NO_OFFERS)


__all__ = ["CataloguePage"]
