"""The program's one date field, typed into as a deputy director types: with dots, without them,
reached by Tab or by a click, pasted, picked from the calendar; never a silent other date."""

from datetime import date

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from app.core.dates import read_day
from ui.widgets.date_field import DateField
from ui.widgets.pickers import OptionalDateEdit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20.04.2020", date(2020, 4, 20)),
        ("20.4.2020", date(2020, 4, 20)),
        ("2.4.2020", date(2020, 4, 2)),
        ("20042020", date(2020, 4, 20)),
        ("20/04/2020", date(2020, 4, 20)),
        ("20-04-2020", date(2020, 4, 20)),
        (" 20.04.2020 ", date(2020, 4, 20)),
        ("20.04.20", date(2020, 4, 20)),
        ("2020-04-20", date(2020, 4, 20)),
        ("29.02.2020", date(2020, 2, 29)),
        ("", None),
    ],
)
def test_the_ways_a_date_is_written(text, expected):
    assert read_day(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("31.02.2021", "в феврале 2021 года 28 дней"),
        ("31.04.2021", "в апреле 2021 года 30 дней"),
        ("29.02.2021", "такой даты нет"),
        ("01.13.2021", "месяца 13 нет"),
        ("01.01.1850", "от 01.01.1950 до 31.12.2099"),
        ("20.04", "не дата"),
        ("2004202", "не дата"),
        ("завтра", "не дата"),
        ("20..04.2020", "не дата"),
    ],
)
def test_what_is_not_a_date_is_said_in_russian(text, words):
    with pytest.raises(ValueError, match=words):
        read_day(text)


def _form(qtbot) -> tuple[QWidget, QLineEdit, DateField]:
    form = QWidget()
    layout = QVBoxLayout(form)
    before, field = QLineEdit(), DateField(date(2026, 12, 7))
    layout.addWidget(before)
    layout.addWidget(field)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()  # keys and focus go to the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    return form, before, field


def _tab_into(qtbot, before: QLineEdit, field: DateField) -> None:
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is field


@pytest.mark.parametrize("typed", ["20.04.2020", "20.4.2020", "20042020", "2020-04-20"])
def test_tab_then_type_keeps_exactly_that_date(qtbot, typed):
    _form_widget, before, field = _form(qtbot)
    changes = []
    field.dateChanged.connect(changes.append)
    _tab_into(qtbot, before, field)
    qtbot.keyClicks(QApplication.focusWidget(), typed)
    assert field.date() == QDate(2020, 4, 20)
    assert field.problem() is None
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # leaving the field writes it the one way
    assert field.text() == "20.04.2020"
    assert changes[-1] == QDate(2020, 4, 20)


def test_a_click_into_the_middle_then_typing_edits_the_text_as_typed(qtbot):
    _form_widget, _before, field = _form(qtbot)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(field.width() // 3, field.height() // 2))
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "01.09.2021")
    assert field.value() == date(2021, 9, 1)


def test_a_pasted_date_is_taken(qtbot):
    _form_widget, before, field = _form(qtbot)
    _tab_into(qtbot, before, field)
    QApplication.clipboard().setText("15.05.2021")
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert field.value() == date(2021, 5, 15)


@pytest.mark.parametrize("typed", ["31.02.2021", "01.01.1850", "20.04", "2O.04.2020"])
def test_an_impossible_date_is_no_date_and_says_why(qtbot, typed):
    _form_widget, before, field = _form(qtbot)
    changes = []
    field.dateChanged.connect(changes.append)
    _tab_into(qtbot, before, field)
    qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert not field.date().isValid()
    assert field.value() is None
    assert field.problem()
    assert field.text() == typed  # left as typed for the person to correct, never another date
    assert all(change != QDate(2026, 12, 7) for change in changes)


def test_the_calendar_picks_a_day(qtbot):
    _form_widget, before, field = _form(qtbot)
    _tab_into(qtbot, before, field)
    qtbot.keyClick(field, Qt.Key.Key_F4)
    field.calendar.setSelectedDate(QDate(2021, 3, 10))
    qtbot.keyClick(field.calendar.focusWidget(), Qt.Key.Key_Return)
    assert not field.popup.isVisible()
    assert field.value() == date(2021, 3, 10)
    assert field.text() == "10.03.2021"


def test_an_optional_date_can_be_switched_off_and_typed_when_on(qtbot):
    optional = OptionalDateEdit("по", date(2026, 12, 7))
    qtbot.addWidget(optional)
    optional.show()
    optional.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is optional)
    assert optional.value() is None
    assert optional.edit.text() == "не задано"
    qtbot.mouseClick(optional.check, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is optional.edit
    qtbot.keyClicks(optional.edit, "20.04.2020")
    assert optional.value() == date(2020, 4, 20)
    optional.edit.selectAll()
    qtbot.keyClicks(optional.edit, "31.02.2021")
    assert optional.problem() and "28 дней" in optional.problem()
    qtbot.mouseClick(optional.check, Qt.MouseButton.LeftButton)
    assert optional.value() is None and optional.problem() is None
