"""«Из каталога управления…» in «Дневник школы»'s form: a catalogue event the office sent fills
the form, and the saved event remembers which catalogue event it attended."""

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from app.demo.school import build_demo
from app.diaries import school_diary
from db.models import CatalogEvent, Event
from tests.helpers.window import go_to, open_window, script_dialog
from ui.dialogs.diary_entry import DiaryEntryDialog
from ui.dialogs.event_dialog import CatalogPickDialog, EventDialog

LEFT = Qt.MouseButton.LeftButton


def test_a_catalogue_event_fills_the_new_event_form(qtbot, monkeypatch, store):
    school = build_demo(store)
    with store.session() as s:
        for event in s.scalars(select(CatalogEvent)):  # the demo's sample catalogue
            s.delete(event)
        s.flush()
        s.add(
            CatalogEvent(
                title="Курсы «Формирующее оценивание»",
                form="курсы",
                organizer="ГАУ ДПО «ВГАПО»",
                level="regional",
                date_from=date(2021, 4, 5),
                date_to=date(2021, 4, 9),
                key_elements="листы самооценки, критерии",
            )
        )
        s.add(
            CatalogEvent(
                title="Снятое с каталога", level="municipal", deleted_at=datetime(2021, 1, 1, tzinfo=UTC)
            )
        )
    picked: list[CatalogPickDialog] = []

    def pick(picker) -> int:
        picked.append(picker)
        assert [e.title for e in picker.events] == ["Курсы «Формирующее оценивание»"]
        picker.select("Курсы «Формирующее оценивание»")
        picker.accept()
        return picker.result()

    monkeypatch.setattr(CatalogPickDialog, "exec", pick)

    def fill(dialog: EventDialog) -> None:
        assert dialog.catalog_button.isVisible()
        qtbot.mouseClick(dialog.catalog_button, LEFT)
        assert dialog.title_edit.text() == "Курсы «Формирующее оценивание»"
        assert dialog.form_edit.text() == "курсы" and dialog.organizer_edit.text() == "ГАУ ДПО «ВГАПО»"
        assert dialog.level_combo.currentData() == "regional"
        assert dialog.date_from_edit.date().toPython() == date(2021, 4, 5)
        assert dialog.date_to_edit.value() == date(2021, 4, 9)
        assert dialog.key_elements_edit.toPlainText() == "листы самооценки, критерии"
        assert "Заполнено по каталогу" in dialog.catalog_note.text()
        qtbot.mouseClick(dialog.save_button, LEFT)

    window = open_window(qtbot, store)
    page = go_to(qtbot, window, "Дневник школы")
    opened = script_dialog(monkeypatch, fill, DiaryEntryDialog)
    qtbot.mouseClick(page.add_button, LEFT)
    assert len(opened) == 1 and opened[0].saved and len(picked) == 1
    row = school_diary.get_row(store, opened[0].entry_id)
    assert (row.data.title, row.data.level, row.data.date_to) == (
        "Курсы «Формирующее оценивание»",
        "regional",
        date(2021, 4, 9),
    )
    with store.session() as s:
        catalog_id = s.scalars(select(CatalogEvent.id).where(CatalogEvent.deleted_at.is_(None))).one()
        assert s.get(Event, opened[0].entry_id).catalog_event_id == catalog_id

    dialog = EventDialog(store, school.id, row)  # an existing event offers no catalogue
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.catalog_button.isVisible()


def test_an_empty_catalogue_says_where_it_comes_from(qtbot, monkeypatch, store):
    school = build_demo(store)
    with store.session() as s:
        for event in s.scalars(select(CatalogEvent)):
            s.delete(event)
    monkeypatch.setattr(CatalogPickDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    dialog = EventDialog(store, school.id, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.catalog_button, LEFT)
    assert "Каталог управления пуст" in dialog.catalog_note.text()
    assert dialog.title_edit.text() == ""
