"""The start-up offer for a damaged database: a copy found, restored and opened off the GUI thread,
the dialog responsive and its buttons waiting meanwhile, clicked as a user would."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from app.backup.copies import make_backup
from app.backup.restore import STAGE_WRITE, database_damaged, restore_in_folder
from app.core import paths
from app.core.errors import UserError
from app.core.store import Store
from app.school.installation import own_school
from app.school.staff import StaffData, add_staff
from tests.backup import test_ui_backups as backups_page
from tests.helpers.database import corrupt, staff_names
from tests.helpers.window import script_dialog
from ui.shell import app as ui_app
from ui.shell.damaged_database import DamagedDatabaseDialog, open_store_or_offer_backup

LEFT = Qt.MouseButton.LeftButton
SLOW = 20_000  # ms: two shared cores
school, messages = backups_page.school, backups_page.messages  # the fixtures of the page's tests


def damaged_folder(school: Store) -> Path:
    """A backup with one teacher, a second teacher added after it, then the file damaged."""
    make_backup(school)
    add_staff(school, own_school(school).id, StaffData(full_name="Калинин Андрей Сергеевич"))
    folder = school.data_dir
    school.close()
    corrupt(paths.db_file(folder))
    assert database_damaged(folder)  # really damaged: PRAGMA quick_check fails
    return folder


def searched(qtbot, dialog: DamagedDatabaseDialog) -> DamagedDatabaseDialog:
    """The dialog once its search for a good copy has ended."""
    qtbot.waitUntil(lambda: not dialog.running(), timeout=SLOW)
    return dialog


def click_and_wait(qtbot, button_name: str):
    """A script for the dialog: the search ends, the button is clicked, the dialog closes."""

    def script(dialog: DamagedDatabaseDialog) -> None:
        qtbot.addWidget(dialog)
        searched(qtbot, dialog)
        qtbot.mouseClick(getattr(dialog, button_name), LEFT)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=SLOW)

    return script


@pytest.fixture
def held_write(monkeypatch):
    """The real restore, held when it comes to writing the copy until `release` is set."""
    release = threading.Event()

    def held(folder, copy, expected_mode=None, progress=None):
        def tell(stage: str, done: float | None) -> None:
            progress(stage, done)
            if stage == STAGE_WRITE:
                assert release.wait(30), "the test never let the restore finish"

        return restore_in_folder(folder, copy, expected_mode, tell)

    monkeypatch.setattr("ui.shell.damaged_database.restore_in_folder", held)
    yield release
    release.set()  # a failed test leaves no thread waiting


def test_a_damaged_database_is_restored_off_the_gui_thread_and_the_data_comes_back(
    qtbot, school, held_write, messages
):
    folder = damaged_folder(school)
    dialog = DamagedDatabaseDialog(folder, folder)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.running() and dialog.stage_label.text() == "Поиск исправной резервной копии…"
    assert not dialog.quit_button.isEnabled() and not dialog.choose_button.isEnabled()
    searched(qtbot, dialog)
    assert "Последняя исправная резервная копия" in dialog.message.text()
    assert dialog.restore_button.isVisible() and dialog.restore_button.isEnabled()
    assert not dialog.progress_bar.isVisible()

    qtbot.mouseClick(dialog.restore_button, LEFT)
    qtbot.waitUntil(lambda: dialog.stage_label.text() == "Запись копии в базу…", timeout=SLOW)
    # Half-way: the damaged file is already set aside, the dialog answers and waits for the work.
    assert any((folder / "damaged").iterdir())
    assert dialog.progress_bar.isVisible() and dialog.progress_bar.maximum() == 0  # busy
    for button in (dialog.restore_button, dialog.choose_button, dialog.quit_button):
        assert not button.isEnabled(), button.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and dialog.result() == 0  # neither Esc nor × ends it half-way

    held_write.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=SLOW)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.restored is not None and not messages
    store = dialog.restored.store
    try:
        assert staff_names(store) == ["Бондаренко Наталья Александровна"]  # the copy's, not the lost one
        connection = sqlite3.connect(paths.db_file(folder))
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection.close()
    finally:
        store.close()


def test_damaged_database_at_start_is_restored_and_the_program_opens(qtbot, school, monkeypatch, messages):
    folder = damaged_folder(school)
    shown = script_dialog(monkeypatch, click_and_wait(qtbot, "restore_button"), DamagedDatabaseDialog)
    store = open_store_or_offer_backup(folder, None)
    assert store is not None
    try:
        assert "повреждён" in shown[0].message.text()
        assert staff_names(store) == ["Бондаренко Наталья Александровна"]
        assert messages[-1][0] == "information" and "Повреждённый файл перенесён" in messages[-1][1]
    finally:
        store.close()


def test_damaged_database_at_start_declined_leaves_the_file_alone(qtbot, school, monkeypatch, messages):
    folder = damaged_folder(school)
    before = paths.db_file(folder).read_bytes()
    script_dialog(monkeypatch, click_and_wait(qtbot, "quit_button"), DamagedDatabaseDialog)
    assert ui_app._open_store(folder, None) is None
    assert paths.db_file(folder).read_bytes() == before
    assert not (folder / "damaged").exists() and not messages


def test_damaged_database_with_no_good_copy_lets_the_user_pick_one(
    qtbot, school, tmp_path, monkeypatch, messages
):
    stick = tmp_path / "stick"
    stick.mkdir()
    copy = make_backup(school, "manual", stick / "copy.zip")
    folder = school.data_dir
    school.close()
    corrupt(paths.db_file(folder))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), ""))
    shown = script_dialog(monkeypatch, click_and_wait(qtbot, "choose_button"), DamagedDatabaseDialog)
    store = open_store_or_offer_backup(folder, None)
    assert store is not None
    assert "Исправных резервных копий" in shown[0].message.text()
    assert not shown[0].restore_button.isVisibleTo(shown[0])
    assert staff_names(store) == ["Бондаренко Наталья Александровна"]
    assert "База восстановлена: копия от" in messages[-1][1]
    store.close()


def test_a_file_that_is_no_copy_is_refused_and_the_dialog_stays(
    qtbot, school, tmp_path, monkeypatch, messages
):
    folder = damaged_folder(school)
    before = paths.db_file(folder).read_bytes()
    note = tmp_path / "заметки.db"
    note.write_text("не база", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(note), ""))
    dialog = searched(qtbot, DamagedDatabaseDialog(folder, folder))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.choose_button, LEFT)
    qtbot.waitUntil(lambda: bool(messages), timeout=SLOW)
    [(kind, text)] = messages
    assert (
        kind == "warning" and "«заметки.db» нельзя восстановить" in text and "База данных не изменена" in text
    )
    assert dialog.isVisible() and dialog.restored is None and not dialog.running()
    assert all(b.isEnabled() for b in (dialog.restore_button, dialog.choose_button, dialog.quit_button))
    assert paths.db_file(folder).read_bytes() == before and not (folder / "damaged").exists()


@pytest.mark.parametrize(
    ("failure", "shown"),
    [
        (
            UserError("Не удалось записать копию в базу данных (диск только для чтения)."),
            "диск только для чтения",
        ),
        (RuntimeError("диск отключён"), "Базу не удалось восстановить: диск отключён"),
    ],
)
def test_a_failed_restore_says_why_in_russian(qtbot, school, monkeypatch, messages, failure, shown):
    folder = damaged_folder(school)

    def broken(*_args, **_kwargs):
        raise failure

    monkeypatch.setattr("ui.shell.damaged_database.restore_in_folder", broken)
    dialog = searched(qtbot, DamagedDatabaseDialog(folder, folder))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.restore_button, LEFT)
    qtbot.waitUntil(lambda: bool(messages), timeout=SLOW)
    assert messages[0][0] == "warning" and shown in messages[0][1]
    assert dialog.isVisible() and not dialog.running() and dialog.quit_button.isEnabled()
