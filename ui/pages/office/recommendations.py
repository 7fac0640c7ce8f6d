"""«Адресные рекомендации» on the curator's desk: what the office advises the opened school.

They go to the school with the next feedback package («Обмен → Обратная связь»); the column
«Отправка» says which already went. A recommendation changed after it went is «не отправлено» again.
What the school answered comes back with its packages: the status, its note and the records that
answer it (a click on a diary entry or an event opens it on the desk); a recommendation past its
due date and not done is marked «просрочено».
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import format_day
from app.office.recommendation_answers import RecommendationState, recommendation_states
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
COL_DATE, COL_TITLE, COL_DUE, COL_ANSWER, COL_SENT = range(5)
UNSENT_COLOR = QColor("#8a5a00")
OVERDUE_COLOR = QColor("#a01818")
OVERDUE_BACKGROUND = QColor("#fbe3e3")
# The records the desk opens in its diary pages (ui.shell.school_desk.RECORD_PAGES).
OPENABLE = ("events", "teacher_diary", "director_diary")


def answer_text(state: RecommendationState | None) -> str:
    """«выполнена 01.06.2021» or «нет ответа»."""
    if state is None or state.status is None:
        return "нет ответа"
    return f"{state.status_label} {format_day(state.answered_on)}".strip()


def due_text(state: RecommendationState | None) -> str:
    if state is None or state.due_date is None:
        return "без срока"
    return format_day(state.due_date) + (" — просрочено" if state.overdue() else "")


def details_text(row: RecommendationRow, state: RecommendationState | None) -> str:
    """The lower pane: the text, what the office expects, and what the school answered."""
    parts = [row.text]
    if row.activity_hint:
        parts.append(f"Ожидаемый результат: {row.activity_hint}")
    if state is not None and state.status is not None:
        answer = f"Ответ школы: {answer_text(state)}"
        parts.append(answer + (f". {state.note}" if state.note else ""))
    else:
        parts.append("Школа пока не ответила: ответ придёт с её пакетом.")
    return "\n\n".join(parts)


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

        self.states: dict[str, RecommendationState] = {}
        self.table = desk_table(["Дата", "Тема", "Срок", "Ответ школы", "Отправка"], stretch=COL_TITLE)
        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)
        self.text_view.setPlaceholderText(
            "Выберите рекомендацию — здесь будет её полный текст и ответ школы."
        )
        self.evidence_list = QListWidget()
        self.evidence_list.setWordWrap(True)
        self.evidence_list.setToolTip("Записи школы, которые отвечают на рекомендацию; щелчок — открыть")
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.text_view)
        evidence = QWidget()
        column = QVBoxLayout(evidence)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("Чем школа подтверждает ответ:"))
        column.addWidget(self.evidence_list, 1)
        lower.addWidget(evidence)
        lower.setChildrenCollapsible(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
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
        self.evidence_list.itemClicked.connect(self.open_evidence)
        self.evidence_list.itemActivated.connect(self.open_evidence)
        QShortcut(QKeySequence.StandardKey.New, self, self.add)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            widget_shortcut(QKeySequence(key), self.table, self.edit)
        widget_shortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.delete)
        self.reload()

    # --- data -----------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        current = select_id or (row.id if (row := self.selected()) else None)
        self.rows = list_recommendations(self.store, self.school_id)
        self.states = {s.id: s for s in recommendation_states(self.store, self.school_id)}
        fill(
            self.table,
            [
                [
                    format_day(r.issued_on),
                    r.title,
                    due_text(self.states.get(r.id)),
                    answer_text(self.states.get(r.id)),
                    r.sent_text,
                ]
                for r in self.rows
            ],
        )
        overdue = 0
        for i, row in enumerate(self.rows):
            self.table.item(i, COL_DATE).setData(ID_ROLE, row.id)
            self.table.item(i, COL_TITLE).setToolTip(row.text)
            if row.sent_at is None:
                self.table.item(i, COL_SENT).setForeground(QBrush(UNSENT_COLOR))
            state = self.states.get(row.id)
            if state is not None and state.overdue():
                overdue += 1
                for column in (COL_DUE, COL_ANSWER):
                    self.table.item(i, column).setForeground(QBrush(OVERDUE_COLOR))
                    self.table.item(i, column).setBackground(QBrush(OVERDUE_BACKGROUND))
        unsent = sum(1 for r in self.rows if r.sent_at is None)
        done = sum(1 for s in self.states.values() if s.status == "done")
        text = f"Рекомендаций: {len(self.rows)}" if self.rows else "Рекомендаций этой школе пока нет."
        if self.rows:
            text += f", выполнено: {done}" + (f", просрочено: {overdue}" if overdue else "")
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
        state = self.states.get(row.id) if row else None
        self.text_view.setPlainText(details_text(row, state) if row else "")
        self.evidence_list.clear()
        for evidence in state.evidence if state else ():
            item = QListWidgetItem(evidence.label)
            item.setToolTip(evidence.label + ("\n(щелчок — открыть)" if evidence.table in OPENABLE else ""))
            item.setData(ID_ROLE, (evidence.table, evidence.id))
            self.evidence_list.addItem(item)
        if row is not None and not self.evidence_list.count():
            placeholder = QListWidgetItem("школа не связала с рекомендацией ни одной записи")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.evidence_list.addItem(placeholder)
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        self.error_label.set_message(None)

    def open_evidence(self, item: QListWidgetItem) -> None:
        """A diary entry or an event the school linked: shown in the desk's diary page."""
        target = item.data(ID_ROLE)
        if target and target[0] in OPENABLE:
            self.open_record_requested.emit(*target)
