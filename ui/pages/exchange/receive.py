"""«Получено из управления» (school): take a feedback package, then read the office's
recommendations (with their due dates and what the office expects, answered here: «Ответить…»),
its curator's latest comments and its catalogue of events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import format_day, format_moment
from app.office.feedback_view import catalogue, last_feedback_received, latest_comments
from app.office.recommendation_answers import RecommendationState, recommendation_states
from ui.dialogs.import_wizard import ImportWizard
from ui.dialogs.recommendation_answer_dialog import RecommendationAnswerDialog
from ui.pages.base import Page, PageContext
from ui.widgets.common import SavedNote, first_selected, page_title, widget_shortcut
from ui.widgets.tables import fill, text_table

OVERDUE_COLOR = QColor("#a01818")
OVERDUE_BACKGROUND = QColor("#fbe3e3")
COL_STATUS = 4
NO_FEEDBACK = "Обратная связь пакетом ещё не приходила. Управление присылает её на флешке или по почте."
HOW_FEEDBACK_COMES = "Новое от управления приходит пакетом обратной связи — на флешке или по почте."


def feedback_note(last, anything_here: bool) -> str:
    """The line above the tabs. Data may have come without a feedback package (a demo school, a
    database restored from the office's copy): then no claim that nothing ever came."""
    if last:
        return f"Последний пакет обратной связи принят {format_moment(last)}."
    return HOW_FEEDBACK_COMES if anything_here else NO_FEEDBACK


class ReceivePage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        school_id = context.school_id
        self.school_id = school_id
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Получено из управления"))
        row = QHBoxLayout()
        self.last_label = QLabel()
        self.last_label.setWordWrap(True)
        row.addWidget(self.last_label, 1)
        self.import_button = QPushButton("Принять пакет обратной связи…")
        self.import_button.clicked.connect(self.open_wizard)
        row.addWidget(self.import_button)
        layout.addLayout(row)

        self.tabs = QTabWidget()
        self.states: list[RecommendationState] = []
        self.recommendations = text_table(
            ["Дата", "Рекомендация", "Срок", "Что ожидает управление", "Ответ школы"]
        )
        self.recommendations.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.recommendations.setColumnWidth(1, 360)
        self.answer_button = QPushButton("Ответить…")
        self.answer_button.setToolTip(
            "Отметить, что со школой и рекомендацией, и связать записи, которые на неё отвечают "
            "(Enter или двойной щелчок)"
        )
        self.saved_note = SavedNote()
        recommendations_tab = QWidget()
        column = QVBoxLayout(recommendations_tab)
        column.setContentsMargins(0, 4, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self.saved_note)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addWidget(self.recommendations, 1)
        self.comments = text_table(["Написан", "К чему", "Куратор", "Комментарий"])
        self.comments.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.comments.setColumnWidth(1, 320)
        self.catalogue = text_table(["Сроки", "Мероприятие", "Форма", "Уровень", "Организатор"])
        self.catalogue.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.catalogue.setColumnWidth(1, 380)
        for table in (self.recommendations, self.comments, self.catalogue):
            table.setWordWrap(True)
        self.tabs.addTab(recommendations_tab, "Рекомендации")
        self.tabs.addTab(self.comments, "Комментарии куратора")
        self.tabs.addTab(self.catalogue, "Каталог мероприятий")
        layout.addWidget(self.tabs, 1)
        hint = QLabel(
            "Комментарии куратора видны и в дневниках, у своих записей; мероприятия каталога можно "
            "выбрать при добавлении события в «Дневник школы»."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        layout.addWidget(hint)
        self.answer_button.clicked.connect(self.answer)
        self.recommendations.doubleClicked.connect(lambda _index: self.answer())
        self.recommendations.itemSelectionChanged.connect(self._selection_changed)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            widget_shortcut(QKeySequence(key), self.recommendations, self.answer)
        self.refresh()

    def refresh(self) -> None:
        recs = self.states = recommendation_states(self.store, self.school_id)
        self._fill_recommendations()
        comments = latest_comments(self.store, self.school_id)
        fill(self.comments, [[format_moment(c.written_at), c.where, c.author, c.text] for c in comments])
        events = catalogue(self.store)
        fill(
            self.catalogue,
            [
                [
                    " – ".join(d for d in (format_day(e.date_from), format_day(e.date_to)) if d),
                    e.title,
                    e.form,
                    e.level,
                    e.organizer,
                ]
                for e in events
            ],
        )
        for table in (self.recommendations, self.comments, self.catalogue):
            table.resizeRowsToContents()
        last = last_feedback_received(self.store)
        self.last_label.setText(feedback_note(last, bool(recs or comments or events)))
        self.tabs.setTabText(0, f"Рекомендации ({len(recs)})")
        self.tabs.setTabText(1, f"Комментарии куратора ({len(comments)})")
        self.tabs.setTabText(2, f"Каталог мероприятий ({len(events)})")

    def _fill_recommendations(self) -> None:
        rows = []
        for r in self.states:
            status = r.status_label + (f" {format_day(r.answered_on)}" if r.answered_on else "")
            rows.append(
                [format_day(r.issued_on), f"{r.title}\n{r.text}", r.due_text, r.activity_hint, status]
            )
        fill(self.recommendations, rows)
        for i, state in enumerate(self.states):
            if state.evidence:
                item = self.recommendations.item(i, COL_STATUS)
                item.setToolTip("Отвечают на неё:\n" + "\n".join(e.label for e in state.evidence))
            if state.overdue():
                for column in (2, COL_STATUS):
                    item = self.recommendations.item(i, column)
                    item.setForeground(QBrush(OVERDUE_COLOR))
                    item.setBackground(QBrush(OVERDUE_BACKGROUND))
                    item.setToolTip(item.toolTip() + "\nСрок прошёл, а рекомендация не выполнена.")
        self._selection_changed()

    def selected_recommendation(self) -> RecommendationState | None:
        index = first_selected(self.recommendations)
        if index is None or not 0 <= index.row() < len(self.states):
            return None
        return self.states[index.row()]

    def _selection_changed(self) -> None:
        self.answer_button.setEnabled(self.selected_recommendation() is not None)

    def answer(self) -> RecommendationAnswerDialog | None:
        state = self.selected_recommendation()
        if state is None:
            return None
        dialog = RecommendationAnswerDialog(self.store, state, self)
        if dialog.exec() == RecommendationAnswerDialog.DialogCode.Accepted and dialog.saved is not None:
            self.saved_note.flash("Ответ сохранён: уйдёт в управление со следующим пакетом")
            self.refresh()
            self.select_recommendation(state.id)
        return dialog

    def select_recommendation(self, recommendation_id: str) -> bool:
        for i, state in enumerate(self.states):
            if state.id == recommendation_id:
                self.recommendations.selectRow(i)
                return True
        return False

    def open_wizard(self, paths=None) -> ImportWizard:
        wizard = ImportWizard(self.store, "school", paths, self)
        wizard.panel.finished_run.connect(lambda dry_run: None if dry_run else self.refresh())
        self.wizard = wizard
        wizard.open()
        return wizard
