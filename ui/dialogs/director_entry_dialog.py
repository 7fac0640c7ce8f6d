"""The form of one «Дневник директора» entry: a management form used, where, with what results."""

from __future__ import annotations

from datetime import date

from app.diaries.director import DirectorEntryData, DirectorRow, director_diary
from ui.dialogs.diary_entry import text_box
from ui.dialogs.practice_entry import PracticeEntryDialog
from ui.widgets.pickers import date_edit, to_qdate


class DirectorEntryDialog(PracticeEntryDialog):
    service = director_diary
    new_title = "Новая запись — «Дневник директора»"
    edit_title = "Запись — «Дневник директора»"

    def build(self) -> None:
        h = self.headers
        self.date_edit = date_edit()
        self.date_edit.setMaximumWidth(self.date_edit.sizeHint().width() + 20)
        self.form_edit = text_box(3, "например, педагогический совет в форме «мирового кафе»")
        self.where_edit = text_box(2, "например, методическая работа, управление качеством")
        self.results_edit = text_box(4, "продукты (программы, положения) и изменения, которые заметны")
        self.comment_edit = text_box(2)
        self.add_field(self.form, h["entry_date"], "entry_date", self.date_edit)
        self.add_field(self.form, h["form_of_use"], "form_of_use", self.form_edit)
        self.add_field(self.form, h["where_used"], "where_used", self.where_edit)
        self.add_field(self.form, h["results"], "results", self.results_edit)
        self.add_field(self.form, h["director_comment"], "director_comment", self.comment_edit)
        self.build_links()

    def fill(self, row: DirectorRow | None) -> None:
        data = row.data if row is not None else DirectorEntryData(entry_date=date.today())
        self.date_edit.setDate(to_qdate(data.entry_date or date.today()))
        self.form_edit.setPlainText(data.form_of_use)
        self.where_edit.setPlainText(data.where_used)
        self.results_edit.setPlainText(data.results)
        self.comment_edit.setPlainText(data.director_comment)
        self.fill_links(data.event_ids, data.activity_ids)

    def data(self) -> DirectorEntryData:
        return DirectorEntryData(
            entry_date=self.date_edit.date().toPython(),
            form_of_use=self.form_edit.toPlainText(),
            where_used=self.where_edit.toPlainText(),
            results=self.results_edit.toPlainText(),
            director_comment=self.comment_edit.toPlainText(),
            event_ids=self.event_ids(),
            activity_ids=self.activity_ids(),
        )
