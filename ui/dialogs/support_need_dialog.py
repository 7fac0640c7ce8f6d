"""The form of one «Карта поддержки» need, and the question «через какие мероприятия получена?».

Only presentation: checks and saving are in app.support.support; its messages appear next
to the fields and the form stays open with everything as typed.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.refs import Ref
from app.core.store import Store
from app.diaries.practice import event_choices
from app.programme.plan import activity_choices
from app.support import support
from ui.dialogs.diary_entry import text_box
from ui.forms import FormDialog
from ui.widgets.common import with_error, wrapped_label
from ui.widgets.pickers import CheckList, OptionalDateEdit, to_qdate

DIALOG_SIZE = (1000, 620)  # fits 1366×768 with the taskbar
EVENTS_TITLE = "Через какие мероприятия «Дневника школы» получена помощь"


class EventsPicker(QWidget):
    """The school's diary events to tick, and «Добавить мероприятие…» to write one on the spot
    (from scratch, or from what the office offered in answer to the need)."""

    added = Signal(str)  # the id of an event just written into «Дневник школы»

    def __init__(self, store: Store, school_id: str, offers: list[Ref], parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.school_id, self.offers = store, school_id, offers
        self.checklist = CheckList("В «Дневнике школы» пока нет мероприятий — добавьте мероприятие.")
        self.add_button = QPushButton("Добавить мероприятие…")
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip("Записать в «Дневник школы» мероприятие, через которое пришла помощь")
        if offers:
            menu = QMenu(self.add_button)
            menu.addAction("Новое мероприятие…", lambda: self.add_event(None))
            for offer in offers:
                menu.addAction(f"По предложению управления: {offer.label}", lambda o=offer: self.add_event(o))
            self.add_button.setMenu(menu)
        else:
            self.add_button.clicked.connect(lambda: self.add_event(None))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.checklist, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)

    def fill(self, checked: list[str]) -> None:
        self.checklist.set_items(event_choices(self.store, self.school_id), checked)

    def checked_ids(self) -> list[str]:
        return self.checklist.checked_ids()

    def add_event(self, offer: Ref | None) -> str | None:
        """Open «Дневник школы»'s form; the saved event is ticked here. Returns its id."""
        from ui.dialogs.event_dialog import EventDialog

        dialog = EventDialog(self.store, self.school_id, None, parent=self)
        if offer is not None:
            try:
                prefill(dialog, support.event_data_from_offer(self.store, offer.id))
            except UserError:
                pass  # the offer left the catalogue: an empty form will do
        dialog.exec()
        if not dialog.saved or dialog.entry_id is None:
            return None
        if offer is not None:
            try:
                support.note_offer_attended(self.store, dialog.entry_id, offer.id)
            except UserError:
                pass
        self.fill([*self.checked_ids(), dialog.entry_id])
        self.added.emit(dialog.entry_id)
        return dialog.entry_id


def prefill(dialog, data) -> None:
    """An EventDialog filled in with `data` (an EventData), still to be saved by the user."""
    dialog.title_edit.setText(data.title)
    dialog.form_edit.setText(data.form)
    dialog.organizer_edit.setText(data.organizer)
    dialog.level_combo.setCurrentIndex(max(0, dialog.level_combo.findData(data.level)))
    if data.date_from is not None:
        dialog.date_from_edit.setDate(to_qdate(data.date_from))
    dialog.date_to_edit.set_value(data.date_to)
    dialog.key_elements_edit.setPlainText(data.key_elements)


class NeedDialog(FormDialog):
    """A new need (`row` None; `task` and `level` preset), or an existing one."""

    def __init__(
        self,
        store: Store,
        school_id: str,
        row: support.NeedRow | None = None,
        task: str = "",
        level: str = "municipal",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store, self.school_id, self.row = store, school_id, row
        self.need_id: str | None = row.id if row is not None else None
        self.saved = False
        self.setWindowTitle("Потребность в поддержке" if row else "Новая потребность — «Карта поддержки»")
        self.resize(*DIALOG_SIZE)
        data = row.data() if row is not None else support.NeedData(task=task, level=level)

        self.task_combo = QComboBox()
        self.task_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.task_combo.setMinimumContentsLength(30)
        tasks = support.task_choices(store, school_id)
        for number, text in enumerate(tasks, start=1):
            self.task_combo.addItem(f"{number}. {text}", text)
            self.task_combo.setItemData(number - 1, text, Qt.ItemDataRole.ToolTipRole)
        if data.task and data.task not in tasks:
            self.task_combo.addItem(f"{data.task} (нет в паспорте программы)", data.task)
        self.task_combo.addItem(support.NO_TASK_TITLE, "")
        self.task_combo.setCurrentIndex(max(0, self.task_combo.findData(data.task)))
        self.level_combo = QComboBox()
        for value in support.LEVELS:
            self.level_combo.addItem(support.LEVEL_LABELS[value], value)
        self.level_combo.setCurrentIndex(max(0, self.level_combo.findData(data.level)))
        self.content_edit = text_box(4, "как можно конкретнее: что нужно, кому, в какой форме")
        self.content_edit.setPlainText(data.content)
        self.provider_edit = QLineEdit(data.provider)
        self.provider_edit.setPlaceholderText("например, Муниципальная методическая служба, ГАУ ДПО «ВГАПО»")
        self.due_text_edit = QLineEdit(data.due_text)
        self.due_text_edit.setPlaceholderText("например, I полугодие 2021 г.")
        self.due_date_edit = OptionalDateEdit("дата")
        self.due_date_edit.set_value(data.due_date)
        self.status_combo = QComboBox()
        for value in support.STATUSES:
            self.status_combo.addItem(support.STATUS_LABELS[value], value)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(data.status)))

        outer = QVBoxLayout(self)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)
        self.add_row(form, "Задача программы:", "task", self.task_combo)
        self.add_row(form, "Уровень:", "level", self.level_combo)
        self.add_row(form, "Содержание помощи:", "content", self.content_edit)
        self.add_row(form, "От кого:", "provider", self.provider_edit)
        due = QWidget()
        due_row = QHBoxLayout(due)
        due_row.setContentsMargins(0, 0, 0, 0)
        due_row.addWidget(self.due_text_edit, 1)
        due_row.addWidget(self.due_date_edit)
        due_box = QVBoxLayout()
        due_box.setSpacing(2)
        due_box.addWidget(due)
        due_box.addWidget(self.add_error("due_text", self.due_text_edit))
        due_box.addWidget(self.add_error("due_date", self.due_date_edit))
        form.addRow("Срок (словами и, если известна, дата):", due_box)
        self.add_row(form, "Статус:", "status", self.status_combo)
        if row is not None and row.offers:
            offered = QLabel("Управление предлагает: " + "; ".join(o.label for o in row.offers))
            offered.setWordWrap(True)
            offered.setStyleSheet("color: #1d4f91;")
            form.addRow(offered)
        columns.addLayout(form, 1)

        side = QVBoxLayout()
        self.activities = CheckList("В плане мероприятий программы пока нет пунктов.")
        self.activities.set_items(activity_choices(store, school_id), data.activity_ids)
        self._kept_activities = [i for i in data.activity_ids if i not in self.activities.ids()]
        side.addWidget(
            wrapped_label("Пункты плана мероприятий, которым нужна эта помощь:", self.activities.list)
        )
        side.addWidget(self.activities, 1)
        self.events = EventsPicker(store, school_id, row.offers if row is not None else [])
        self.events.fill(data.event_ids)
        self.events_label = wrapped_label(EVENTS_TITLE + ":", self.events.checklist.list)
        side.addWidget(self.events_label)
        side.addWidget(with_error(self.events, self.add_error("event_ids", self.events.checklist)), 1)
        columns.addLayout(side, 1)
        outer.addLayout(columns, 1)
        self.finish_form(outer)

        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self._status_changed()
        self.content_edit.setFocus()

    def _status_changed(self) -> None:
        received = self.status_combo.currentData() == support.RECEIVED
        self.events_label.setVisible(received)
        self.events.setVisible(received)

    def data(self) -> support.NeedData:
        return support.NeedData(
            task=self.task_combo.currentData() or "",
            level=self.level_combo.currentData(),
            content=self.content_edit.toPlainText(),
            provider=self.provider_edit.text(),
            due_text=self.due_text_edit.text(),
            due_date=self.due_date_edit.value(),
            status=self.status_combo.currentData(),
            activity_ids=self.activities.checked_ids() + self._kept_activities,
            event_ids=self.events.checked_ids(),
        )

    def write(self) -> str:
        if self.need_id is None:
            self.need_id = support.create_need(self.store, self.school_id, self.data())
        else:
            support.update_need(self.store, self.need_id, self.data())
        return self.need_id

    def stored(self, result: str) -> None:
        self.saved = True


class ReceivedDialog(FormDialog):
    """«Помощь получена»: which events of «Дневник школы» brought it (ticked, or added here)."""

    def __init__(self, store: Store, school_id: str, row: support.NeedRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.row = store, row
        self.saved = False
        self.setWindowTitle("Помощь получена")
        self.resize(720, 520)
        outer = QVBoxLayout(self)
        need = QLabel(f"<b>{escape(row.content)}</b><br>{escape(row.level_label)} · {escape(row.provider)}")
        need.setWordWrap(True)
        need.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(need)
        self.events = EventsPicker(store, school_id, row.offers)
        self.events.fill(row.event_ids)
        outer.addWidget(wrapped_label(EVENTS_TITLE + ":", self.events.checklist.list))
        outer.addWidget(with_error(self.events, self.add_error("event_ids", self.events.checklist)), 1)
        self.finish_form(outer)
        self.events.checklist.list.setFocus()

    def data(self) -> list[str]:
        return self.events.checked_ids()

    def write(self) -> str:
        support.mark_received(self.store, self.row.id, self.data())
        return self.row.id

    def stored(self, result: str) -> None:
        self.saved = True
