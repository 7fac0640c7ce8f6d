"""«Настройки → База данных»: where the data is, a PostgreSQL server for the next start (checked by
connecting before it is saved), and back to the file on this computer."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from app.core.db_address import config_file, save_address
from app.core.store import Store
from app.school.installation import init_municipality
from tests.helpers.window import open_window_at, type_text
from ui.pages.service.settings import SettingsPage
from ui.shell.app import _open_store as open_at_start


def _database_box(qtbot, store: Store):
    window, page = open_window_at(qtbot, store, "Сервис/Настройки", SettingsPage)
    return window, page.database_box


def test_the_office_names_a_server_for_the_next_start_and_goes_back(qtbot, store, data_dir, pg_server):
    init_municipality(store, "Отдел образования")
    _window, box = _database_box(qtbot, store)
    assert box.current_label.text().startswith(str(data_dir))
    assert "файл в папке данных" in box.next_label.text()
    assert not box.local_button.isEnabled()

    type_text(box.address_edit, "сервер/база")
    QTest.keyClick(box.address_edit, Qt.Key.Key_Return)
    assert "не распознан" in box.address_error.text()
    assert not config_file(data_dir).exists()

    url = pg_server.new_database().replace("dnevnik@", "dnevnik:пароль@")
    box.address_edit.clear()
    type_text(box.address_edit, url)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert box.address_error.text() == ""
    assert "проверено, адрес сохранён" in box.message.text() and "Перезапустите" in box.message.text()
    assert box.next_label.text().startswith("сервер postgresql://dnevnik:***@127.0.0.1")
    assert "пароль" not in box.next_label.text() and box.address_edit.text() == ""
    assert box.local_button.isEnabled()
    assert box.current_label.text().startswith(str(data_dir))  # this run keeps its database

    reopened = Store.open(data_dir)
    try:
        assert reopened.engine.dialect.name == "postgresql"
        assert reopened.installation() is None  # a fresh server database: the first start follows
    finally:
        reopened.close()

    qtbot.mouseClick(box.local_button, Qt.MouseButton.LeftButton)
    assert not config_file(data_dir).exists()
    assert "файл в папке данных" in box.next_label.text()
    assert not box.local_button.isEnabled()


def test_an_unreachable_server_is_not_saved(qtbot, store, data_dir):
    init_municipality(store, "Отдел образования")
    _window, box = _database_box(qtbot, store)
    type_text(box.address_edit, "postgresql://методист@127.0.0.1:1/dnevnik")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert "Не удалось подключиться" in box.address_error.text()
    assert not config_file(data_dir).exists()
    assert box.message.isHidden()


def test_a_school_is_not_offered_a_server(qtbot, school_store):
    _window, box = _database_box(qtbot, school_store)
    assert not box.address_edit.isVisible() and not box.save_button.isVisible()
    assert box.current_label.isVisible()


def test_a_server_that_does_not_answer_at_start_offers_the_file_here(qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "pc"
    save_address(folder, "postgresql://методист@127.0.0.1:1/dnevnik")
    said = []

    def answer(box):
        said.append(f"{box.text()} {box.informativeText()}")
        [local] = [b for b in box.buttons() if b.text() == "Работать с файлом на этом компьютере"]
        local.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    store = open_at_start(folder, None)
    try:
        assert store is not None and store.engine.dialect.name == "sqlite"
    finally:
        store.close()
    assert "Не удалось открыть базу данных: postgresql://методист@127.0.0.1:1/dnevnik" in said[0]
    assert not config_file(folder).exists()
