"""«Адресные рекомендации» on the curator's desk: what the office advises the opened school.

They go to the school with the next feedback package («Обмен → Обратная связь»); the column
«Отправка» says which already went. A recommendation changed after it went is «не отправлено» again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import format_day
from app.office.recommendations import RecommendationRow, delete_recommendation, list_recommendations
from ui.dialogs.recommendation_dialog import RecommendationDialog
from ui.ops import attempt
from ui.pages.base import Page, PageContext
from ui.widgets.common import ErrorLabel, SavedNote, ask_yes, first_selected, page_title, widget_shortcut
from ui.widgets.tables import desk_table, fill

HINT = (
    "Рекомендации управления этой школе. Они уходят в школу с пакетом обратной связи "
    "(«Обмен → Обратная связь»); изменённая после отправки рекомендация снова «не отправлено»."
)
COL_DATE, COL_TITLE, COL_TEXT, COL_SENT = range(4)
UNSENT_COLOR = QColor("#8a5a00")
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RecommendationsPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        school_id = context.school_id
        self.school_id = school_id
        self.rows: list[RecommendationRow] = []

        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(page_title("Адресные рекомендации"))
        head.addStretch(1)
        self.saved_note = SavedNote()
        head.addWidget(self.saved_note)
        self.add_button = QPushButton("Добавить")
        self.add_button.setToolTip("Новая рекомендация школе (Ctrl+N)")
        self.edit_button = QPushButton("Изменить")
        self.edit_button.setToolTip("Изменить выбранную рекомендацию (Enter или двойной щелчок)")
        self.delete_button = QPushButton("Удалить")
        self.delete_button.setToolTip("Удалить выбранную рекомендацию (Del); школа узнает с обратной связью")
        for button in (self.add_button, self.edit_button, self.delete_button):
            head.addWidget(button)
        layout.addLayout(head)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        layout.addWidget(hint)

        self.table = desk_table(["Дата", "Тема", "Текст", "Отправка"], stretch=COL_TEXT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, header.ResizeMode.Interactive)
        header.resizeSection(COL_TITLE, 280)
        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)
        self.text_view.setPlaceholderText("Выберите рекомендацию — здесь будет её полный текст.")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.text_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.error_label = ErrorLabel()
        bottom.addWidget(self.count_label)
        bottom.addSpacing(16)
        bottom.addWidget(self.error_label, 1)
        layout.addLayout(bottom)

        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        QShortcut(QKeySequence.StandardKey.New, self, self.add)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            widget_shortcut(QKeySequence(key), self.table, self.edit)
        widget_shortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.delete)
        self.reload()

    # --- data -----------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        current = select_id or (row.id if (row := self.selected()) else None)
        self.rows = list_recommendations(self.store, self.school_id)
        fill(
            self.table,
            [[format_day(r.issued_on), r.title, " ".join(r.text.split()), r.sent_text] for r in self.rows],
        )
        for i, row in enumerate(self.rows):
            self.table.item(i, COL_DATE).setData(ID_ROLE, row.id)
            self.table.item(i, COL_TEXT).setToolTip(row.text)
            if row.sent_at is None:
                self.table.item(i, COL_SENT).setForeground(QBrush(UNSENT_COLOR))
        unsent = sum(1 for r in self.rows if r.sent_at is None)
        text = f"Рекомендаций: {len(self.rows)}" if self.rows else "Рекомендаций этой школе пока нет."
        self.count_label.setText(text + (f", не отправлено: {unsent}" if unsent else ""))
        if current is not None:
            self.select(current)
        self._selection_changed()

    def refresh(self) -> None:
        self.reload()

    def select(self, recommendation_id: str) -> bool:
        for i, row in enumerate(self.rows):
            if row.id == recommendation_id:
                self.table.selectRow(i)
                return True
        return False

    def selected(self) -> RecommendationRow | None:
        index = first_selected(self.table)
        return self.rows[index.row()] if index is not None and index.row() < len(self.rows) else None

    # --- actions --------------------------------------------------------

    def add(self) -> None:
        dialog = RecommendationDialog(self.store, self.school_id, parent=self)
        if dialog.exec() == RecommendationDialog.DialogCode.Accepted and dialog.saved is not None:
            self.saved_note.flash("Рекомендация добавлена")
            self.reload(select_id=dialog.saved.id)

    def edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = RecommendationDialog(self.store, self.school_id, row, parent=self)
        if dialog.exec() == RecommendationDialog.DialogCode.Accepted:
            self.saved_note.flash()
            self.reload(select_id=row.id)

    def delete(self) -> None:
        row = self.selected()
        if row is None:
            return
        went = "Она уже отправлена: школа удалит её со следующей обратной связью." if row.sent_at else ""
        if not ask_yes(
            self,
            "Удалить рекомендацию",
            f"Удалить рекомендацию «{row.title}» от {format_day(row.issued_on)}?\n\n{went}".strip(),
        ):
            return
        position = self.table.currentRow()
        attempt(self, lambda: delete_recommendation(self.store, row.id), self.error_label.set_message)
        self.reload()
        if self.rows:
            self.table.selectRow(min(max(position, 0), len(self.rows) - 1))
        self.saved_note.flash("Рекомендация удалена")

    def _selection_changed(self) -> None:
        row = self.selected()
        self.text_view.setPlainText(row.text if row else "")
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        self.error_label.set_message(None)
