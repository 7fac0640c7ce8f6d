"""Pages edited in place (the school card, the passport): what is typed and cannot be saved is not
lost without a question when the person goes to another page or closes the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.school.school import get_card
from tests.helpers.forms import answer_unsaved
from tests.helpers.window import click_nav, go_to, open_window
from ui import forms


def _empty_the_name(qtbot, window):
    qtbot.waitUntil(window.isActiveWindow)  # keys go to the active window only
    card = go_to(qtbot, window, "Карточка школы")
    edit = card.edits["name"]
    edit.setFocus()
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClick(edit, Qt.Key.Key_Tab)  # the field is left: the card tries to save it
    assert card.unsaved()  # the name is required: refused beside the field
    return card, edit


def test_going_to_another_page_asks_and_cancel_stays_with_the_text(qtbot, school_store, monkeypatch):
    window = open_window(qtbot, school_store)
    card, edit = _empty_the_name(qtbot, window)
    asked = answer_unsaved(monkeypatch, forms.STAY)
    click_nav(qtbot, window, "Педагоги")
    assert asked and window.stack.currentWidget() is card and edit.text() == ""
    assert window.nav.currentItem().text(0) == "Карточка школы"


def test_do_not_save_goes_on_with_the_stored_value_back(qtbot, school_store, monkeypatch):
    window = open_window(qtbot, school_store)
    stored = get_card(school_store, window.context.school_id).name
    card, edit = _empty_the_name(qtbot, window)
    asked = answer_unsaved(monkeypatch, forms.DISCARD)
    go_to(qtbot, window, "Педагоги")
    assert asked and window.stack.currentWidget() is not card
    assert edit.text() == stored and card.unsaved() is None


def test_closing_the_window_asks_and_cancel_keeps_it_open(qtbot, school_store, monkeypatch):
    window = open_window(qtbot, school_store)
    _empty_the_name(qtbot, window)
    asked = answer_unsaved(monkeypatch, forms.STAY)
    window.close()
    assert asked and window.isVisible()
    answer_unsaved(monkeypatch, forms.DISCARD)
    window.close()
    assert not window.isVisible()
