"""The school's main window: staff page and school card, saved and found again after a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core.store import Store
from app.school.school import get_card
from app.school.staff import StaffData, add_staff, list_staff
from tests.helpers.window import LEFT, go_to, open_window, script_dialog, type_text
from ui.dialogs.staff_dialog import StaffDialog
from ui.models.staff_table import COL_NAME, COL_STATUS
from ui.pages.school.school_card import SchoolCardPage
from ui.pages.school.staff import StaffPage


def row_of(page: StaffPage, name: str) -> int:
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, COL_NAME).data() == name:
            return row
    raise AssertionError(f"{name!r} is not in the table")


def click_row(qtbot, page: StaffPage, row: int, double: bool = False) -> None:
    rect = page.table.visualRect(page.proxy.index(row, COL_NAME))
    action = qtbot.mouseDClick if double else qtbot.mouseClick
    if double:
        qtbot.mouseClick(page.table.viewport(), LEFT, pos=rect.center())
    action(page.table.viewport(), LEFT, pos=rect.center())


def test_navigation_shows_only_working_pages(qtbot, school_store):
    window = open_window(qtbot, school_store, size=None)
    assert window.nav_titles() == [
        ("Школа", ["Карточка школы", "Педагоги"]),
        (
            "Программа",
            [
                "Паспорт программы",
                "План мероприятий",
                "Показатели",
                "Результаты оценочных процедур",
                "Карта поддержки",
            ],
        ),
        ("Дневники", ["Дневник школы", "Дневник педагога", "Дневник директора"]),
        ("Анкеты", ["Анкетирование", "Шаблоны анкет"]),
        ("Обмен", ["Отправить в управление", "Получено из управления"]),
        ("Сервис", ["Резервные копии", "Настройки"]),
    ]
    assert window.windowTitle() == "МКОУ Тест"  # Qt adds « — Дневник школы» once
    assert window.identity_label.text() == "Школа: МКОУ Тест   ·   режим: школа"
    assert isinstance(window.stack.currentWidget(), SchoolCardPage)
    width, height = window.width(), window.height()
    assert width <= 1280 and height <= 720


def test_staff_add_edit_deactivate_and_reopen(qtbot, school_store, data_dir, monkeypatch):
    window = open_window(qtbot, school_store, size=None)
    page = go_to(qtbot, window, "Педагоги")
    assert page.proxy.rowCount() == 0

    def fill_new(dialog: StaffDialog) -> None:
        qtbot.mouseClick(dialog.save_button, LEFT)  # empty name: refused, stays open
        assert dialog.isVisible()
        assert dialog.errors.message("full_name") == "Впишите фамилию, имя и отчество педагога."
        type_text(dialog.full_name_edit, "Иванова Мария Петровна")
        type_text(dialog.position_edit, "учитель математики")
        type_text(dialog.subjects_edit, "математика, физика")
        dialog.category_combo.setCurrentIndex(dialog.category_combo.findData("первая"))
        dialog.education_combo.setCurrentIndex(dialog.education_combo.findData("высшее"))
        type_text(dialog.birth_year_edit, "1980")
        type_text(dialog.experience_edit, "90")
        qtbot.mouseClick(dialog.save_button, LEFT)
        assert dialog.errors.message("experience_years") == "Педагогический стаж — от 0 до 70 лет."
        dialog.experience_edit.clear()
        type_text(dialog.experience_edit, "20")
        qtbot.keyClick(dialog.experience_edit, Qt.Key.Key_Return)  # Enter saves

    opened = script_dialog(monkeypatch, fill_new, StaffDialog)
    qtbot.mouseClick(page.add_button, LEFT)
    assert len(opened) == 1
    assert page.proxy.rowCount() == 1
    person = page.selected()
    assert person.full_name == "Иванова Мария Петровна"
    assert person.subjects == ["математика", "физика"]
    assert (person.category, person.education, person.birth_year, person.experience_years) == (
        "первая",
        "высшее",
        1980,
        20,
    )

    def edit(dialog: StaffDialog) -> None:
        assert dialog.full_name_edit.text() == "Иванова Мария Петровна"
        dialog.full_name_edit.clear()
        type_text(dialog.full_name_edit, "Петрова Мария Петровна")
        qtbot.mouseClick(dialog.flags["in_pos"], LEFT)
        qtbot.mouseClick(dialog.save_button, LEFT)

    script_dialog(monkeypatch, edit, StaffDialog)
    click_row(qtbot, page, row_of(page, "Иванова Мария Петровна"), double=True)
    assert page.proxy.index(0, COL_NAME).data() == "Петрова Мария Петровна"

    asked = []

    def answer_yes(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    click_row(qtbot, page, row_of(page, "Петрова Мария Петровна"))
    assert page.active_button.text() == "Выбыл(а)"
    qtbot.mouseClick(page.active_button, LEFT)
    assert "Петрова Мария Петровна больше не работает" in asked[0]
    assert page.proxy.rowCount() == 0  # those who left are hidden by default
    assert page.count_label.text() == "Работают: 0, выбыли: 1"

    qtbot.mouseClick(page.show_inactive_check, LEFT)
    row = row_of(page, "Петрова Мария Петровна")
    assert page.proxy.index(row, COL_STATUS).data() == "не работает"

    window.close()
    school_store.close()

    reopened = Store.open(data_dir)
    try:
        window = open_window(qtbot, reopened, size=None)
        page = go_to(qtbot, window, "Педагоги")
        assert page.proxy.rowCount() == 0
        qtbot.mouseClick(page.show_inactive_check, LEFT)
        click_row(qtbot, page, row_of(page, "Петрова Мария Петровна"))
        person = page.selected()
        assert person.active is False
        assert person.in_pos is True
        assert person.position == "учитель математики"
        assert page.active_button.text() == "Вернуть"
        window.close()
    finally:
        reopened.close()


def test_staff_search_return_and_shortcuts(qtbot, school_store, monkeypatch):
    school_id = get_card(school_store).id
    for name in ("Алексеев Иван Иванович", "Борисова Анна Сергеевна", "Ёлкина Ольга Петровна"):
        add_staff(school_store, school_id, StaffData(full_name=name))
    window = open_window(qtbot, school_store, size=None)
    page = go_to(qtbot, window, "Педагоги")
    assert page.proxy.rowCount() == 3

    type_text(page.search_edit, "елкина")
    assert page.proxy.rowCount() == 1
    page.search_edit.clear()

    # Cancelled dialogs change nothing.
    opened = script_dialog(monkeypatch, lambda dialog: dialog.reject(), StaffDialog)
    window.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(lambda: page.table.hasFocus())
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1 and opened[0].member is None

    click_row(qtbot, page, row_of(page, "Борисова Анна Сергеевна"))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert len(opened) == 2 and opened[1].member.full_name == "Борисова Анна Сергеевна"
    assert len(list_staff(school_store, school_id)) == 3

    # Answering «Нет» keeps the person working.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.mouseClick(page.active_button, LEFT)
    assert all(m.active for m in list_staff(school_store, school_id))


@pytest.mark.parametrize("field, typed", [("name", "МКОУ Новая СШ"), ("settlement", "х. Нагольный")])
def test_school_card_saves_as_edited(qtbot, school_store, data_dir, field, typed):
    window = open_window(qtbot, school_store, size=None)
    page = go_to(qtbot, window, "Карточка школы")
    edit = page.edits[field]
    edit.setFocus()
    edit.selectAll()
    type_text(edit, typed)
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # finishes editing
    assert page.saved_note.text() == "✓ Сохранено"
    qtbot.mouseClick(page.flags["is_shnor"], LEFT)
    window.close()
    school_store.close()

    reopened = Store.open(data_dir)
    try:
        card = get_card(reopened)
        assert getattr(card, field) == typed
        assert card.is_shnor is True
        window = open_window(qtbot, reopened, size=None)
        page = window.show_page("Школа/Карточка школы")
        assert page.edits[field].text() == typed
        if field == "name":
            assert window.windowTitle() == "МКОУ Новая СШ"
        window.close()
    finally:
        reopened.close()


def test_school_card_refuses_empty_name_and_saves_on_close(qtbot, school_store):
    window = open_window(qtbot, school_store, size=None)
    page = go_to(qtbot, window, "Карточка школы")
    name = page.edits["name"]
    name.setFocus()
    name.selectAll()
    qtbot.keyClick(name, Qt.Key.Key_Delete)
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert page.errors.message("name") == "Наименование школы не может быть пустым — впишите его."
    assert name.text() == ""  # what was typed stays, to be fixed
    assert get_card(school_store).name == "МКОУ Тест"

    type_text(name, "МКОУ Тест")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert page.errors.message("name") == ""

    # Typed but never confirmed: saved when the window closes.
    page.edits["director"].setText("Сидоров Пётр Ильич")
    window.close()
    assert get_card(school_store).director == "Сидоров Пётр Ильич"
