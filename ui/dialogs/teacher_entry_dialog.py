"""The form of one «Дневник педагога» entry: which methods a teacher used, where, what came of it."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.core.store import Store
from app.diaries.common import RowBase
from app.diaries.teacher import TeacherEntryData, TeacherRow, teacher_diary
from ui.dialogs.diary_entry import staff_choices, staff_label, text_box
from ui.dialogs.practice_entry import PracticeEntryDialog
from ui.widgets.pickers import date_edit, to_qdate

PICK_TEACHER = "— выберите педагога —"


class TeacherEntryDialog(PracticeEntryDialog):
    service = teacher_diary
    new_title = "Новая запись — «Дневник педагога»"
    edit_title = "Запись — «Дневник педагога»"

    def __init__(
        self,
        store: Store,
        school_id: str,
        row: RowBase | None = None,
        read_only: bool = False,
        comments_editable: bool = False,
        staff_id: str | None = None,
        parent: QWidget | None = None,
    ):
        # A new entry starts with the teacher the diary is filtered to, if any.
        self.preset_staff_id = staff_id
        super().__init__(store, school_id, row, read_only, comments_editable, parent)

    def build(self) -> None:
        h = self.headers
        self.date_edit = date_edit()
        self.date_edit.setMaximumWidth(self.date_edit.sizeHint().width() + 20)
        self.staff_combo = QComboBox()
        self.staff_combo.setMinimumContentsLength(28)
        self.methods_edit = text_box(3, "например, приёмы формирующего оценивания, групповая работа")
        self.where_edit = QLineEdit()
        self.where_edit.setPlaceholderText("например, 7 класс, математика; кружок «Юный химик»")
        self.results_edit = text_box(4, "продукты (разработки уроков, программы) и изменения у учеников")
        self.comment_edit = text_box(2)
        self.add_field(self.form, h["entry_date"], "entry_date", self.date_edit)
        self.add_field(self.form, h["staff"], "staff_id", self.staff_combo)
        self.add_field(self.form, h["methods"], "methods", self.methods_edit)
        self.add_field(self.form, h["where_used"], "where_used", self.where_edit)
        self.add_field(self.form, h["results"], "results", self.results_edit)
        self.add_field(self.form, h["teacher_comment"], "teacher_comment", self.comment_edit)
        self.build_links()

    def fill(self, row: TeacherRow | None) -> None:
        data = (
            row.data
            if row is not None
            else TeacherEntryData(staff_id=self.preset_staff_id, entry_date=date.today())
        )
        self.staff_combo.clear()
        self.staff_combo.addItem(PICK_TEACHER, None)
        keep = {data.staff_id} if data.staff_id else set()
        for member in staff_choices(self.store, self.school_id, keep):
            self.staff_combo.addItem(staff_label(member), member.id)
        self.staff_combo.setCurrentIndex(max(0, self.staff_combo.findData(data.staff_id)))
        self.date_edit.setDate(to_qdate(data.entry_date or date.today()))
        self.methods_edit.setPlainText(data.methods)
        self.where_edit.setText(data.where_used)
        self.results_edit.setPlainText(data.results)
        self.comment_edit.setPlainText(data.teacher_comment)
        self.fill_links(data.event_ids, data.activity_ids)

    def data(self) -> TeacherEntryData:
        return TeacherEntryData(
            staff_id=self.staff_combo.currentData(),
            entry_date=self.date_edit.date().toPython(),
            methods=self.methods_edit.toPlainText(),
            where_used=self.where_edit.text(),
            results=self.results_edit.toPlainText(),
            teacher_comment=self.comment_edit.toPlainText(),
            event_ids=self.event_ids(),
            activity_ids=self.activity_ids(),
        )
