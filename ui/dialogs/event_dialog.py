"""The form of one «Дневник школы» entry: a training event and what it taught."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import format_day
from app.core.errors import UserError
from app.diaries.common import Ref
from app.diaries.events import EVENT_LEVEL_LABELS, EventData, EventRow, school_diary
from app.programme.plan import activity_choices
from ui.dialogs.diary_entry import DiaryEntryDialog, staff_choices, staff_label, text_box
from ui.widgets.pickers import CheckList, OptionalDateEdit, date_edit, to_qdate


class EventDialog(DiaryEntryDialog):
    service = school_diary
    new_title = "Новое мероприятие — «Дневник школы»"
    edit_title = "Мероприятие — «Дневник школы»"

    def build(self) -> None:
        h = self.headers
        self.catalog_event_id: str | None = None  # the office's catalogue event picked, if any
        self.catalog_button = QPushButton("Из каталога управления…")
        self.catalog_button.setAutoDefault(False)
        self.catalog_button.setToolTip(
            "Заполнить форму по мероприятию из каталога, присланного управлением образования"
        )
        self.catalog_button.clicked.connect(self.pick_from_catalogue)
        self.catalog_note = QLabel()
        self.catalog_note.setWordWrap(True)
        if self.row is None and not self.read_only:
            line = QWidget()
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(self.catalog_button)
            row.addWidget(self.catalog_note, 1)
            self.form.addRow("", line)
        else:
            self.catalog_button.hide()
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("например, «Формирующее оценивание на уроке»")
        self.form_edit = QLineEdit()
        self.form_edit.setPlaceholderText("например, практический семинар, курсы, вебинар, стажировка")
        self.organizer_edit = QLineEdit()
        self.organizer_edit.setPlaceholderText("например, Муниципальная методическая служба")
        self.level_combo = QComboBox()
        for value, label in EVENT_LEVEL_LABELS.items():
            self.level_combo.addItem(label, value)
        self.date_from_edit = date_edit()
        self.date_to_edit = OptionalDateEdit("по")
        self.date_to_edit.setToolTip("Дата окончания, если мероприятие шло несколько дней")
        self.key_elements_edit = text_box(
            4, "методы, технологии, инструменты, например «Учитель-фасилитатор»"
        )

        self.add_field(self.form, h["title"], "title", self.title_edit)
        self.add_plain(self.form, "Форма проведения", self.form_edit)
        organizer = QWidget()
        row = QHBoxLayout(organizer)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.organizer_edit, 1)
        row.addWidget(QLabel("уровень:"))
        row.addWidget(self.level_combo)
        # The service checks only the level in this row; its message goes under the row.
        self.add_field(self.form, h["organizer"], "level", organizer)
        self.fields["level"] = self.level_combo
        self.form.addRow(h["dates"] + ":", self._dates_row())
        self.add_field(self.form, h["key_elements"], "key_elements", self.key_elements_edit)

        self.participants = CheckList("В списке «Педагоги» пока никого нет.")
        self.participants_note_edit = QLineEdit()
        self.participants_note_edit.setPlaceholderText("другие участники, не из списка «Педагоги»")
        self.add_checklist(
            h["participants"], "participant_ids", self.participants, self.participants_note_edit
        )
        self.activities = CheckList("В плане мероприятий программы пока нет пунктов.")
        self.program_note_edit = text_box(2, "пояснение своими словами (необязательно)")
        self.add_checklist(h["activities"], "activity_ids", self.activities, self.program_note_edit)

    def _dates_row(self) -> QWidget:
        from_error = self.add_error("date_from", self.date_from_edit)
        to_error = self.add_error("date_to", self.date_to_edit)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        line = QHBoxLayout()
        line.addWidget(QLabel("с"))
        line.addWidget(self.date_from_edit)
        line.addSpacing(12)
        line.addWidget(self.date_to_edit)
        line.addStretch(1)
        layout.addLayout(line)
        for error in (from_error, to_error):
            layout.addWidget(error)
        return box

    def fill(self, row: EventRow | None) -> None:
        data = row.data if row is not None else EventData(date_from=date.today())
        self.title_edit.setText(data.title)
        self.form_edit.setText(data.form)
        self.organizer_edit.setText(data.organizer)
        self.level_combo.setCurrentIndex(max(0, self.level_combo.findData(data.level)))
        self.date_from_edit.setDate(to_qdate(data.date_from or date.today()))
        self.date_to_edit.set_value(data.date_to)
        self.key_elements_edit.setPlainText(data.key_elements)
        self.participants_note_edit.setText(data.participants_note)
        self.program_note_edit.setPlainText(data.program_elements_note)
        people = staff_choices(self.store, self.school_id, set(data.participant_ids))
        self.participants.set_items([Ref(m.id, staff_label(m)) for m in people], data.participant_ids)
        self.activities.set_items(activity_choices(self.store, self.school_id), data.activity_ids)
        # Links to what the lists no longer offer are kept as they were.
        self._kept_people = [i for i in data.participant_ids if i not in self.participants.ids()]
        self._kept_activities = [i for i in data.activity_ids if i not in self.activities.ids()]

    def data(self) -> EventData:
        return EventData(
            title=self.title_edit.text(),
            form=self.form_edit.text(),
            organizer=self.organizer_edit.text(),
            level=self.level_combo.currentData(),
            date_from=self.date_from_edit.date().toPython(),
            date_to=self.date_to_edit.value(),
            participant_ids=self.participants.checked_ids() + self._kept_people,
            participants_note=self.participants_note_edit.text(),
            key_elements=self.key_elements_edit.toPlainText(),
            activity_ids=self.activities.checked_ids() + self._kept_activities,
            program_elements_note=self.program_note_edit.toPlainText(),
        )

    def pick_from_catalogue(self) -> None:
        """«Из каталога управления…»: fill the form from an office's catalogue event."""
        from app.office.feedback_view import catalogue
        from app.support import support

        events = catalogue(self.store)
        if not events:
            self.catalog_note.setText(
                "Каталог управления пуст: он приходит с обратной связью («Принять пакет обратной связи»)."
            )
            return
        picker = CatalogPickDialog(events, self)
        if picker.exec() != QDialog.DialogCode.Accepted or picker.chosen() is None:
            return
        chosen = picker.chosen()
        try:
            data = support.event_data_from_offer(self.store, chosen.id)
        except UserError as exc:
            self.catalog_note.setText(exc.message)
            return
        from ui.dialogs.support_need_dialog import prefill

        prefill(self, data)
        self.catalog_event_id = chosen.id
        self.catalog_note.setText(f"Заполнено по каталогу: «{chosen.title}». Проверьте и сохраните.")

    def stored(self, result: object) -> None:
        super().stored(result)
        if self.catalog_event_id is not None and self.entry_id is not None:
            from app.support import support

            try:  # the event answers the office's catalogue event (its offer to the school)
                support.note_offer_attended(self.store, self.entry_id, self.catalog_event_id)
            except UserError:
                pass  # the catalogue event left meanwhile: the event itself is saved

    def has_path(self) -> bool:
        return self.entry_id is not None

    def show_path(self) -> None:
        from ui.dialogs.training_path import TrainingPathDialog

        if self.entry_id is not None:
            TrainingPathDialog.for_event(self.store, self.entry_id, parent=self).exec()


class CatalogPickDialog(QDialog):
    """The office's event catalogue as a table; double-click or «Выбрать» picks one."""

    def __init__(self, events: list, parent: QWidget | None = None):
        super().__init__(parent)
        self.events = events
        self.setWindowTitle("Каталог мероприятий управления")
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Выберите мероприятие — его данные попадут в форму «Дневника школы»."))
        self.table = QTableWidget(len(events), 5)
        self.table.setHorizontalHeaderLabels(["Название", "Форма", "Организатор", "Уровень", "Даты"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for r, event in enumerate(events):
            dates = format_day(event.date_from)
            if event.date_to and event.date_to != event.date_from:
                dates += f" – {format_day(event.date_to)}"
            for c, text in enumerate([event.title, event.form, event.organizer, event.level, dates]):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        layout.addWidget(self.table, 1)
        std = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(std.Ok | std.Cancel)
        self.buttons.button(std.Ok).setText("Выбрать")
        self.buttons.button(std.Cancel).setText("Отмена")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._update)
        if events:
            self.table.selectRow(0)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.chosen() is not None)

    def chosen(self):
        rows = self.table.selectionModel().selectedRows()
        return self.events[rows[0].row()] if rows else None

    def select(self, title: str) -> None:
        for r, event in enumerate(self.events):
            if event.title == title:
                self.table.selectRow(r)
                return
        raise LookupError(title)
