"""The date fields that sit on pages, not in forms (the diaries' «с»/«по» filters, the passport's
«утверждена»), found by walking every page of both modes: typed with dots, without them or pasted,
each keeps the date typed; an impossible date is named beside the field and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.demo.school import build_demo
from app.programme.programme import current_programme
from tests.helpers.demo_office import demo_office
from tests.helpers.window import go_to, open_window
from ui.shell.main_window import ENTRY_ROLE
from ui.widgets.date_field import DateField
from ui.widgets.pickers import OptionalDateEdit

TYPED = ["20.04.2021", "20.4.2021", "20042021", "2021-04-20"]


def _page_date_fields(qtbot, window) -> dict[str, list[DateField]]:
    """Every page's date fields a person can type into, optional ones switched on with their box."""
    found: dict[str, list[DateField]] = {}
    nav = window.nav
    keys = [
        nav.topLevelItem(i).child(j).data(0, ENTRY_ROLE)
        for i in range(nav.topLevelItemCount())
        for j in range(nav.topLevelItem(i).childCount())
    ]
    for key in keys:
        if True:
            page = window.show_page(key)
            QApplication.processEvents()
            for optional in page.findChildren(OptionalDateEdit):
                if optional.isVisible() and optional.check.isEnabled() and not optional.check.isChecked():
                    qtbot.mouseClick(optional.check, Qt.MouseButton.LeftButton)
            fields = [
                f
                for f in page.findChildren(DateField)
                if f.isVisible() and f.isEnabled() and not f.isReadOnly()
            ]
            if fields:
                found[key] = fields
    return found


def _retype(window, key: str, field: DateField, text: str) -> None:
    window.show_page(key)
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, text)
    QTest.keyClick(field, Qt.Key.Key_Tab)


def _check_every_field(qtbot, window) -> list[str]:
    walked = _page_date_fields(qtbot, window)
    for key, fields in walked.items():
        for field in fields:
            for typed in TYPED:
                _retype(window, key, field, typed)
                assert field.value() == date(2021, 4, 20), (key, typed, field.text())
                assert field.problem() is None, (key, typed)
            for typed, words in (("31.02.2021", "такой даты нет"), ("01.01.1850", "от 01.01.1950")):
                _retype(window, key, field, typed)
                assert field.text() == typed, (key, typed)  # what was typed stays to be corrected
                assert words in (field.problem() or ""), (key, typed, field.problem())
                assert words in field.toolTip(), (key, typed)
            _retype(window, key, field, "20.04.2021")
    return sorted(walked)


def test_every_date_field_on_the_school_pages(qtbot, store):
    build_demo(store)
    window = open_window(qtbot, store)
    walked = _check_every_field(qtbot, window)
    assert {"Дневники/Дневник педагога", "Программа/Паспорт программы"} <= set(walked), walked
    # The passport's date is saved when its field is left: the one typed, not another.
    programme = current_programme(store, window.context.school_id)
    assert programme.approved_on == date(2021, 4, 20)


def test_every_date_field_on_the_office_pages(qtbot, tmp_path):
    """The office's own pages and a school's pages on the curator's desk."""
    _school, office, school_id = demo_office(tmp_path)
    window = open_window(qtbot, office)
    try:
        window.desk.open(school_id)
        walked = _check_every_field(qtbot, window)
        assert any(key.endswith("Дневник педагога") for key in walked), walked
    finally:
        window.close()


@pytest.mark.parametrize(
    ("typed", "words"), [("31.02.2021", "такой даты нет"), ("01.01.1850", "от 01.01.1950")]
)
def test_an_impossible_approval_date_leaves_the_passport_as_it_was(qtbot, store, typed, words):
    build_demo(store)
    window = open_window(qtbot, store)
    before = current_programme(store, window.context.school_id).approved_on
    qtbot.waitUntil(window.isActiveWindow)  # keys (and Tab leaving the field) go to the active window
    page = go_to(qtbot, window, "Паспорт программы")
    field = page.approved_edit.edit
    if not page.approved_edit.check.isChecked():
        qtbot.mouseClick(page.approved_edit.check, Qt.MouseButton.LeftButton)
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, typed)
    QTest.keyClick(field, Qt.Key.Key_Tab)
    assert current_programme(store, window.context.school_id).approved_on == before
    assert field.text() == typed
    shown = page.errors.labels["approved_on"]
    assert shown.isVisible() and words in shown.text()
    assert page.unsaved()  # leaving the page asks «Сохранить изменения?»
