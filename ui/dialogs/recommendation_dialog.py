"""One «Адресная рекомендация»: its theme, date, text, due date and what the office expects to see
done, written at the office for one school."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

from app.core.store import Store
from app.office.recommendations import (
    TITLE_MAX,
    RecommendationData,
    RecommendationRow,
    add_recommendation,
    update_recommendation,
)
from ui.forms import FormDialog
from ui.widgets.common import ErrorLabel
from ui.widgets.pickers import OptionalDateEdit, date_edit
from ui.widgets.text_area import TextArea

SENT_NOTE = "Рекомендация уже отправлена школе: после изменения она уйдёт снова со следующей обратной связью."


class RecommendationDialog(FormDialog):
    """Saves through the service; stays open with the messages beside the fields if something is wrong."""

    def __init__(
        self,
        store: Store,
        school_id: str,
        row: RecommendationRow | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.school_id = school_id
        self.row = row
        self.saved: RecommendationRow | None = None
        self.setWindowTitle("Изменить рекомендацию" if row else "Новая адресная рекомендация")
        self.setMinimumWidth(640)

        layout, form = self.start_form()
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(TITLE_MAX + 50)  # a little over: the service says how long it may be
        self.title_edit.setPlaceholderText("о чём рекомендация, например: Наставничество молодых педагогов")
        self.date_edit = date_edit(row.issued_on if row else date.today())
        self.date_edit.setToolTip("Дата рекомендации: когда управление её дало")
        self.text_edit = TextArea(6, "что школе сделать, кому и к какому сроку", max_lines=14)
        self.due_edit = OptionalDateEdit("выполнить к:")
        self.due_edit.setToolTip("Срок: после него невыполненная рекомендация отмечается просроченной")
        self.hint_edit = TextArea(
            2, "что управление ожидает увидеть: документ, запись в дневнике, мероприятие плана"
        )
        self.add_row(form, "Тема:", "title", self.title_edit)
        self.add_row(form, "Дата:", "issued_on", self.date_edit)
        self.add_row(form, "Текст:", "text", self.text_edit)
        self.add_row(form, "Срок:", "due_date", self.due_edit)
        self.add_row(form, "Ожидаемый результат:", "activity_hint", self.hint_edit)
        layout.addLayout(form)
        if row is not None and row.sent_at is not None:
            note = ErrorLabel()
            note.setStyleSheet("color: palette(mid);")
            note.set_message(f"{SENT_NOTE} ({row.sent_text})")
            layout.addWidget(note)
        self.finish_form(layout)

        if row is not None:
            self.title_edit.setText(row.title)
            self.text_edit.setPlainText(row.text)
            self.due_edit.set_value(row.due_date)
            self.hint_edit.setPlainText(row.activity_hint)
        self.title_edit.setFocus()

    def data(self) -> RecommendationData:
        qdate = self.date_edit.date()
        return RecommendationData(
            title=self.title_edit.text(),
            text=self.text_edit.toPlainText(),
            issued_on=date(qdate.year(), qdate.month(), qdate.day()),
            due_date=self.due_edit.value(),
            activity_hint=self.hint_edit.toPlainText(),
        )

    def write(self) -> RecommendationRow:
        if self.row is None:
            return add_recommendation(self.store, self.school_id, self.data())
        return update_recommendation(self.store, self.row.id, self.data())

    def stored(self, result: RecommendationRow) -> None:
        self.saved = result
