"""Leaving an entry form by the window's close button saves it; Esc cancels."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.diaries import teacher_diary
from app.school.installation import own_school
from app.school.staff import StaffData, add_staff
from tests.helpers.window import type_text
from ui.dialogs.teacher_entry_dialog import TeacherEntryDialog


def _dialog(qtbot, school_store):
    sid = own_school(school_store).id
    add_staff(school_store, sid, StaffData(full_name="Бондаренко Наталья Александровна"))
    dialog = TeacherEntryDialog(school_store, sid)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, sid


def test_closing_the_window_saves_what_was_typed(qtbot, school_store):
    dialog, sid = _dialog(qtbot, school_store)
    dialog.staff_combo.setCurrentIndex(1)
    type_text(dialog.methods_edit, "Групповая работа")
    dialog.close()
    assert dialog.saved
    rows = teacher_diary.rows(school_store, sid)
    assert [r.data.methods for r in rows] == ["Групповая работа"]


def test_closing_with_an_error_keeps_the_form_open(qtbot, school_store):
    dialog, sid = _dialog(qtbot, school_store)
    type_text(dialog.methods_edit, "Групповая работа")  # no teacher picked
    dialog.close()
    assert dialog.isVisible() and not dialog.saved
    assert "Выберите педагога" in dialog.errors.message("staff_id")
    assert teacher_diary.rows(school_store, sid) == []


def test_escape_cancels(qtbot, school_store):
    dialog, sid = _dialog(qtbot, school_store)
    dialog.staff_combo.setCurrentIndex(1)
    type_text(dialog.methods_edit, "Групповая работа")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert teacher_diary.rows(school_store, sid) == []
