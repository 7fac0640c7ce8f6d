"""«Получено из управления» (school): take a feedback package, then read the office's
recommendations, its curator's latest comments and its catalogue of events."""

from __future__ import annotations

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
from app.office.feedback_view import catalogue, last_feedback_received, latest_comments, recommendations
from ui.dialogs.import_wizard import ImportWizard
from ui.pages.base import Page, PageContext
from ui.widgets.common import page_title
from ui.widgets.tables import fill, text_table

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
        self.recommendations = text_table(["Дата", "Рекомендация", "Текст"])
        self.comments = text_table(["Написан", "К чему", "Куратор", "Комментарий"])
        self.comments.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.comments.setColumnWidth(1, 320)
        self.catalogue = text_table(["Сроки", "Мероприятие", "Форма", "Уровень", "Организатор"])
        self.catalogue.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.catalogue.setColumnWidth(1, 380)
        for table in (self.recommendations, self.comments, self.catalogue):
            table.setWordWrap(True)
        self.tabs.addTab(self.recommendations, "Рекомендации")
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
        self.refresh()

    def refresh(self) -> None:
        recs = recommendations(self.store, self.school_id)
        fill(self.recommendations, [[format_day(r.issued_on), r.title, r.text] for r in recs])
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

    def open_wizard(self, paths=None) -> ImportWizard:
        wizard = ImportWizard(self.store, "school", paths, self)
        wizard.panel.finished_run.connect(lambda dry_run: None if dry_run else self.refresh())
        self.wizard = wizard
        wizard.open()
        return wizard
