"""Leaving an entry form with typed, unsaved input — by Esc, «Отмена» or the window's close button —
asks «Сохранить изменения?»: «Сохранить» saves, «Не сохранять» discards, «Отмена» stays. With
nothing changed the form just closes."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.diaries import teacher_diary
from app.school.installation import own_school
from app.school.staff import StaffData, add_staff
from tests.helpers.forms import answer_unsaved
from tests.helpers.window import type_text
from ui import forms
from ui.dialogs.teacher_entry_dialog import TeacherEntryDialog


def _dialog(qtbot, school_store):
    sid = own_school(school_store).id
    add_staff(school_store, sid, StaffData(full_name="Бондаренко Наталья Александровна"))
    dialog = TeacherEntryDialog(school_store, sid)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, sid


def test_closing_the_window_asks_and_saves_what_was_typed(qtbot, school_store, monkeypatch):
    asked = answer_unsaved(monkeypatch, forms.SAVE)
    dialog, sid = _dialog(qtbot, school_store)
    dialog.staff_combo.setCurrentIndex(1)
    type_text(dialog.methods_edit, "Групповая работа")
    dialog.close()
    assert asked == [dialog.windowTitle()]
    assert dialog.saved and not dialog.isVisible()
    rows = teacher_diary.rows(school_store, sid)
    assert [r.data.methods for r in rows] == ["Групповая работа"]


def test_saving_with_an_error_keeps_the_form_open(qtbot, school_store, monkeypatch):
    answer_unsaved(monkeypatch, forms.SAVE)
    dialog, sid = _dialog(qtbot, school_store)
    type_text(dialog.methods_edit, "Групповая работа")  # no teacher picked
    dialog.close()
    assert dialog.isVisible() and not dialog.saved
    assert "Выберите педагога" in dialog.errors.message("staff_id")
    assert dialog.methods_edit.toPlainText() == "Групповая работа"
    assert teacher_diary.rows(school_store, sid) == []


@pytest.mark.parametrize("answer", [forms.STAY, forms.DISCARD])
def test_escape_asks_cancel_keeps_the_text_and_do_not_save_discards(qtbot, school_store, monkeypatch, answer):
    asked = answer_unsaved(monkeypatch, answer)
    dialog, sid = _dialog(qtbot, school_store)
    dialog.staff_combo.setCurrentIndex(1)
    type_text(dialog.methods_edit, "Групповая работа")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 1 and not dialog.saved
    if answer == forms.STAY:  # «Отмена»: the form stays with the text
        assert dialog.isVisible() and dialog.methods_edit.toPlainText() == "Групповая работа"
    else:  # «Не сохранять»
        assert not dialog.isVisible()
    assert teacher_diary.rows(school_store, sid) == []


def test_cancel_button_asks_too(qtbot, school_store, monkeypatch):
    asked = answer_unsaved(monkeypatch, forms.STAY)
    dialog, _sid = _dialog(qtbot, school_store)
    type_text(dialog.methods_edit, "Групповая работа")
    dialog.cancel_button.click()
    assert len(asked) == 1 and dialog.isVisible()


def test_escape_with_nothing_changed_just_closes(qtbot, school_store, monkeypatch):
    asked = answer_unsaved(monkeypatch, forms.STAY)
    dialog, sid = _dialog(qtbot, school_store)
    type_text(dialog.methods_edit, "Групповая")
    dialog.methods_edit.clear()  # typed and taken back: the values are those it opened with
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == []
    assert not dialog.isVisible()
    assert teacher_diary.rows(school_store, sid) == []
