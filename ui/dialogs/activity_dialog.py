"""The form for one plan activity: every column of the seed's plan, its status and what was done."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.core.store import Store
from app.programme.plan import ACTIVITY_STATUS_LABELS, ActivityData, ActivityRow, SectionRow
from app.programme.plan_edit import add_activity, move_activity_to, update_activity
from ui.forms import FormDialog
from ui.widgets.common import with_error
from ui.widgets.pickers import OptionalDateEdit, date_edit, to_qdate
from ui.widgets.text_area import TextArea

CONTROL_FORMS = (
    "Приказ",
    "Протокол",
    "Аналитическая справка",
    "Справка",
    "Отчёт",
    "План",
    "Удостоверения о повышении квалификации",
)


def text_area(lines: int, placeholder: str = "") -> TextArea:
    return TextArea(lines, placeholder, max_lines=lines + 3)


class ActivityDialog(FormDialog):
    """Add (into a section, after an activity) or edit; stays open and shows what is wrong."""

    def __init__(
        self,
        store: Store,
        sections: list[SectionRow],
        section_id: str,
        activity: ActivityRow | None = None,
        after_id: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.activity = activity
        self.after_id = after_id
        self.setWindowTitle(f"Мероприятие {activity.number}" if activity else "Новое мероприятие плана")
        self.setMinimumWidth(760)

        layout, form = self.start_form()

        self.section_combo = QComboBox()
        for section in sections:
            self.section_combo.addItem(section.label, section.id)
        self.section_combo.setCurrentIndex(max(0, self.section_combo.findData(section_id)))
        self.title_edit = text_area(2, "название или форма, например «Практический семинар …»")
        self.deadline_edit = QLineEdit()
        self.deadline_edit.setPlaceholderText("как в плане: «в течение года», «сентябрь, январь», «Ежегодно»")
        self.due_edit = OptionalDateEdit("к дате:")
        self.due_edit.setToolTip(
            "Если срок известен точно, укажите дату: по ней видно просроченные мероприятия"
        )
        self.responsible_edit = QLineEdit()
        self.responsible_edit.setPlaceholderText("например, Заместитель директора по УВР")
        self.expected_edit = text_area(2)
        self.control_combo = QComboBox()
        self.control_combo.setEditable(True)
        self.control_combo.addItems(("", *CONTROL_FORMS))
        self.status_combo = QComboBox()
        for value, label in ACTIVITY_STATUS_LABELS.items():
            self.status_combo.addItem(label, value)
        self.done_edit = date_edit()
        self.done_label = QLabel("выполнено:")
        self.actual_edit = text_area(3, "что сделано на самом деле: документы, участники, цифры")

        self.add_row(form, "Раздел:", "section", self.section_combo)
        self.add_row(form, "Мероприятие:", "title", self.title_edit)
        deadline = QWidget()
        line = QHBoxLayout(deadline)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.deadline_edit, 1)
        line.addWidget(self.due_edit)
        deadline_error = self.add_error("deadline_text", deadline)
        self.errors.labels["due_date"] = deadline_error
        form.addRow("Срок:", with_error(deadline, deadline_error))
        self.add_row(form, "Ответственные:", "responsible", self.responsible_edit)
        self.add_row(form, "Ожидаемый результат:", "expected_result", self.expected_edit)
        self.add_row(form, "Форма контроля:", "control_form", self.control_combo)
        status = QWidget()
        line = QHBoxLayout(status)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.status_combo)
        line.addSpacing(12)
        line.addWidget(self.done_label)
        line.addWidget(self.done_edit)
        line.addStretch(1)
        status_error = self.add_error("status", status)
        self.errors.labels["done_on"] = status_error
        form.addRow("Статус:", with_error(status, status_error))
        self.add_row(form, "Результат (что сделано):", "actual_result", self.actual_edit)
        layout.addLayout(form)
        self.finish_form(layout)

        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self._fill(activity.data() if activity else ActivityData())
        self.title_edit.setFocus()

    def _fill(self, data: ActivityData) -> None:
        self.title_edit.setPlainText(data.title)
        self.deadline_edit.setText(data.deadline_text)
        self.due_edit.set_value(data.due_date)
        self.responsible_edit.setText(data.responsible)
        self.expected_edit.setPlainText(data.expected_result)
        self.control_combo.setCurrentText(data.control_form)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(data.status)))
        self.done_edit.setDate(to_qdate(data.done_on or date.today()))
        self.actual_edit.setPlainText(data.actual_result)
        self._status_changed()

    def _status_changed(self) -> None:
        done = self.status_combo.currentData() == "done"
        self.done_edit.setVisible(done)
        self.done_label.setVisible(done)

    def data(self) -> ActivityData:
        """What the form holds, as the service takes it (no checks here)."""
        status = self.status_combo.currentData()
        return ActivityData(
            title=self.title_edit.text(),
            deadline_text=self.deadline_edit.text(),
            due_date=self.due_edit.value(),
            responsible=self.responsible_edit.text(),
            expected_result=self.expected_edit.text(),
            control_form=self.control_combo.currentText(),
            status=status,
            actual_result=self.actual_edit.text(),
            done_on=self.done_edit.date().toPython() if status == "done" else None,
        )

    def write(self) -> ActivityRow:
        section_id = self.section_combo.currentData()
        if self.activity is None:
            return add_activity(self.store, section_id, self.data(), self.after_id)
        activity = update_activity(self.store, self.activity.id, self.data())
        if section_id != activity.section_id:
            activity = move_activity_to(self.store, activity.id, section_id, 10**6)
        return activity

    def stored(self, result: ActivityRow) -> None:
        self.activity = result
