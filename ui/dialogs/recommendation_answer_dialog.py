"""The school's answer to a recommendation of the office: its status, a note, the date, and the plan
activities, events and diary entries that answer it (they go to the office with the next package)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.core.dates import format_day
from app.core.store import Store
from app.office.recommendation_answers import (
    RESPONSE_STATUS_LABELS,
    AnswerData,
    RecommendationState,
    answer_choices,
    save_answer,
)
from ui.forms import FormDialog
from ui.widgets.pickers import CheckList, date_edit
from ui.widgets.text_area import TextArea

CHOOSE = "— выберите —"


class RecommendationAnswerDialog(FormDialog):
    """Saves through app.office.recommendation_answers; stays open with the messages if something is wrong."""

    def __init__(self, store: Store, state: RecommendationState, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.state = state
        self.saved: RecommendationState | None = None
        self.setWindowTitle("Ответ на рекомендацию управления")
        self.setMinimumWidth(680)

        layout, form = self.start_form()
        self.about_label = QLabel(self._about(state))
        self.about_label.setWordWrap(True)
        layout.addWidget(self.about_label)
        self.status_combo = QComboBox()
        self.status_combo.addItem(CHOOSE, None)
        for value, label in RESPONSE_STATUS_LABELS.items():
            self.status_combo.addItem(label, value)
        self.status_combo.setToolTip("Что школа сделала с рекомендацией")
        self.note_edit = TextArea(3, "что сделано или почему рекомендация отклонена", max_lines=10)
        self.date_edit = date_edit(state.answered_on or date.today())
        self.date_edit.setToolTip("Дата ответа")
        self.evidence_list = CheckList("В школе пока нет мероприятий плана, событий и записей дневников.")
        self.evidence_list.set_items(answer_choices(store, state.school_id), [e.key for e in state.evidence])
        self.evidence_list.setMinimumHeight(180)
        self.add_row(form, "Статус:", "status", self.status_combo)
        self.add_row(form, "Комментарий:", "note", self.note_edit)
        self.add_row(form, "Дата ответа:", "answered_on", self.date_edit)
        self.add_row(form, "Чем подтверждается:", "evidence", self.evidence_list)
        layout.addLayout(form)
        self.finish_form(layout)

        if state.status is not None:
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(state.status)))
        self.note_edit.setPlainText(state.note)
        self.status_combo.setFocus()

    @staticmethod
    def _about(state: RecommendationState) -> str:
        lines = [f"«{state.title}» от {format_day(state.issued_on)}, срок: {state.due_text}."]
        if state.activity_hint:
            lines.append(f"Управление ожидает: {state.activity_hint}")
        return "\n".join(lines)

    def data(self) -> AnswerData:
        return AnswerData(
            status=self.status_combo.currentData(),
            note=self.note_edit.toPlainText(),
            answered_on=self.date_edit.value(),
            evidence=self.evidence_list.checked_ids(),
        )

    def write(self) -> RecommendationState:
        return save_answer(self.store, self.state.id, self.data())

    def stored(self, result: RecommendationState) -> None:
        self.saved = result
