"""«Настройки»: the office renames itself; a school's name is read-only here."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.core.errors import UserError, ValidationError
from app.core.store import Store
from app.school.installation import init_municipality, rename_installation
from tests.helpers.window import open_window_at, type_text
from ui.pages.service.settings import SettingsPage


def test_office_renames_itself_and_it_is_kept(qtbot, store, data_dir):
    init_municipality(store, "Отдел образования")
    _window, page = open_window_at(qtbot, store, "Сервис/Настройки", SettingsPage)
    assert page.database_label.text().startswith(str(data_dir))
    page.name_edit.selectAll()
    type_text(page.name_edit, "Отдел образования администрации Котельниковского района")
    QTest.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert page.name_error.text() == ""
    store.close()
    reopened = Store.open(data_dir)
    assert reopened.installation().name == "Отдел образования администрации Котельниковского района"
    reopened.close()


def test_office_name_cannot_be_emptied(qtbot, store):
    init_municipality(store, "Отдел образования")
    _window, page = open_window_at(qtbot, store, "Сервис/Настройки", SettingsPage)
    page.name_edit.clear()
    QTest.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert "не может быть пустым" in page.name_error.text()
    assert store.installation().name == "Отдел образования"


def test_school_name_is_read_only_here(qtbot, school_store):
    _window, page = open_window_at(qtbot, school_store, "Сервис/Настройки", SettingsPage)
    assert page.name_edit.isReadOnly()
    assert page.name_edit.text() == "МКОУ Тест"
    with pytest.raises(UserError, match="Карточке школы"):
        rename_installation(school_store, "Другая")


def test_rename_service_refuses_blank(store):
    init_municipality(store, "Отдел образования")
    with pytest.raises(ValidationError):
        rename_installation(store, "   ")
