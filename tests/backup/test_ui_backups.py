"""«Резервные копии», clicked as a user would (the start-up offer: test_ui_damaged_database.py)."""

from __future__ import annotations

import threading
import zipfile

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app.backup.copies import list_backups, make_backup
from app.core.errors import UserError
from app.core.store import Store
from app.school.installation import init_municipality, own_school
from app.school.staff import StaffData, add_staff
from tests.helpers.database import staff_names
from tests.helpers.window import answer_questions, go_to, open_window, saved_file_box
from ui.ops import ProgressDialog
from ui.pages.service.backups import BackupsPage
from ui.shell.app import create_main_window
from ui.shell.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str]]:
    """information and warning boxes, collected instead of shown."""
    shown: list[tuple[str, str]] = []

    def box(kind):
        def show(_parent, _title, text, *args, **kwargs):
            shown.append((kind, text))
            return QMessageBox.StandardButton.Ok

        return show

    monkeypatch.setattr(QMessageBox, "information", box("information"))
    monkeypatch.setattr(QMessageBox, "warning", box("warning"))
    return shown


@pytest.fixture
def school(school_store):
    add_staff(
        school_store, own_school(school_store).id, StaffData(full_name="Бондаренко Наталья Александровна")
    )
    return school_store


def watch_busy_dialogs(monkeypatch) -> list[tuple[ProgressDialog, bool, Qt.WindowModality, list[str]]]:
    """Each progress dialog of a restore: whether it was shown, its modality, the stages it told."""
    seen: list = []

    class Watched(ProgressDialog):
        def show(self) -> None:
            super().show()
            seen.append((self, self.isVisible(), self.windowModality(), []))

        def follow(self, stage: str, fraction: float) -> None:
            # Recorded as told: a window-modal dialog's setValue processes events, so the next stage
            # may be followed before this call returns.
            seen[-1][3].append(stage)
            super().follow(stage, fraction)

    monkeypatch.setattr("ui.ops.ProgressDialog", Watched)
    return seen


def open_page(qtbot, store: Store) -> tuple[MainWindow, BackupsPage]:
    window = open_window(qtbot, store)
    page = go_to(qtbot, window, "Резервные копии")
    assert isinstance(page, BackupsPage)
    return window, page


def test_page_lists_copies_and_makes_one_now(qtbot, school):
    make_backup(school)
    _window, page = open_page(qtbot, school)
    assert page.table.rowCount() == 1
    assert page.table.item(0, 1).text() == "созданная вручную"
    assert page.table.item(0, 2).text().endswith("КБ")
    assert page.table.item(0, 3).text() == "база и ключи"
    assert "раз в день" in page.about_label.text()
    qtbot.mouseClick(page.create_button, LEFT)
    qtbot.waitUntil(lambda: not page.running())
    assert page.table.rowCount() == 2 == len(list_backups(school.data_dir))
    assert page.restore_button.isEnabled() and page.create_button.isEnabled()
    assert not page.progress_bar.isVisible() and page.saved_note.text().endswith("Копия создана")


def test_save_a_copy_to_a_folder(qtbot, school, tmp_path, monkeypatch, messages):
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(stick))
    _window, page = open_page(qtbot, school)
    qtbot.mouseClick(page.save_button, LEFT)
    box = saved_file_box(qtbot, page)  # where it went, with buttons to open the file and the folder
    [copy] = list(stick.iterdir())
    assert copy.suffix == ".zip" and zipfile.is_zipfile(copy)
    assert copy.name in box.text() and str(stick) in box.informativeText()
    assert page.table.rowCount() == 0  # the folder's copy is the user's, not in the list


@pytest.fixture
def replaced_window(qtbot, school):
    """The window a restore replaces and deletes: not left to pytest-qt, which would close it
    again after the deletion; closed here if it is still there."""
    window = create_main_window(school)
    window.resize(1366, 768)
    window.show()
    yield window
    if shiboken6.isValid(window):
        window.close()


def test_restore_asks_then_rebuilds_the_window_on_the_copy(
    qtbot, school, monkeypatch, messages, replaced_window
):
    make_backup(school)
    add_staff(school, own_school(school).id, StaffData(full_name="Калинин Андрей Сергеевич"))
    window = replaced_window
    page = go_to(qtbot, window, "Резервные копии")
    page.table.selectRow(0)

    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.mouseClick(page.restore_button, LEFT)
    qtbot.waitUntil(lambda: bool(asked))  # the copy is checked off the GUI thread, then asked about
    assert "Всё, что внесено после" in asked[0]
    assert not page.running() and page.restore_button.isEnabled()
    assert len(staff_names(school)) == 2  # «Нет»: nothing happened

    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    dialogs = watch_busy_dialogs(monkeypatch)
    qtbot.mouseClick(page.restore_button, LEFT)
    assert page.busy_dialog is None and page.running()  # the copy is checked first, the window in use
    assert not page.restore_button.isEnabled() and not page.create_button.isEnabled()
    qtbot.waitUntil(lambda: any("База восстановлена" in text for _kind, text in messages))
    # The restore itself ran under a window-modal dialog that told each stage, and is gone.
    [(dialog, shown, modality, stages)] = dialogs
    assert shown and modality == Qt.WindowModality.WindowModal
    assert "Сохранение текущего состояния: копирование базы" in stages
    assert stages.index("Сохранение текущего состояния: упаковка копии") < stages.index("Запись копии в базу")
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    assert staff_names(school) == ["Бондаренко Наталья Александровна"]
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert len(windows) == 1 and windows[0] is not window
    new_window = windows[0]
    qtbot.addWidget(new_window)
    new_page = new_window.stack.currentWidget()
    assert isinstance(new_page, BackupsPage)
    assert [new_page.table.item(r, 1).text() for r in range(new_page.table.rowCount())] == [
        "перед восстановлением",
        "созданная вручную",
    ]


@pytest.fixture
def held_backup(monkeypatch):
    """make_backup held half-way (a large database) until `release` is set; the page's own."""
    release = threading.Event()

    def slow(store, reason="manual", out=None, progress=None):
        progress("Копирование базы", 0.25)
        assert release.wait(30), "the test never let the copy finish"
        return make_backup(store, reason, out, progress)

    monkeypatch.setattr("ui.pages.service.backups.make_backup", slow)
    yield release
    release.set()  # a failed test leaves no thread waiting


def test_a_copy_is_made_off_the_gui_thread_with_progress(qtbot, school, held_backup):
    window, page = open_page(qtbot, school)
    qtbot.mouseClick(page.create_button, LEFT)
    qtbot.waitUntil(lambda: page.progress_bar.value() == 25)
    assert page.running() and page.stage_label.text() == "Копирование базы…"
    assert page.progress_bar.isVisible() and page.stage_label.isVisible()
    for button in (page.create_button, page.save_button, page.restore_button, page.restore_file_button):
        assert not button.isEnabled(), button.text()
    # The window is in use meanwhile: another page opens and shows the staff.
    staff = go_to(qtbot, window, "Педагоги")
    assert staff.isVisible() and staff.isEnabled()
    go_to(qtbot, window, "Резервные копии")
    assert page.running()

    held_backup.set()
    qtbot.waitUntil(lambda: not page.running())
    assert page.create_button.isEnabled() and page.restore_button.isEnabled()
    assert not page.progress_bar.isVisible()
    assert page.table.rowCount() == 1 == len(list_backups(school.data_dir))
    assert page.saved_note.text().endswith("Копия создана")


def test_closing_the_window_waits_for_the_copy(qtbot, school, held_backup):
    window, page = open_page(qtbot, school)
    qtbot.mouseClick(page.create_button, LEFT)
    qtbot.waitUntil(lambda: page.progress_bar.value() == 25)
    threading.Timer(0.3, held_backup.set).start()
    window.close()  # flushes each page: this one waits for its copy
    assert page.run is not None and page.run.thread.isFinished()  # its outcome arrives later
    [copy] = list_backups(school.data_dir)
    with zipfile.ZipFile(copy.path) as archive:
        assert archive.testzip() is None


@pytest.mark.parametrize(
    ("failure", "shown"),
    [
        (UserError("Не удалось сделать резервную копию: на диске нет места."), "на диске нет места"),
        (RuntimeError("флешку вынули"), "Резервную копию сделать не удалось: флешку вынули"),
    ],
)
def test_a_failed_copy_says_why_in_russian(qtbot, school, monkeypatch, failure, shown):
    def broken(*_args, **_kwargs):
        raise failure

    monkeypatch.setattr("ui.pages.service.backups.make_backup", broken)
    _window, page = open_page(qtbot, school)
    qtbot.mouseClick(page.create_button, LEFT)
    qtbot.waitUntil(lambda: not page.running())
    assert shown in page.error_label.text()
    assert page.create_button.isEnabled() and page.table.rowCount() == 0


def test_a_failed_restore_says_why_and_keeps_the_window(qtbot, school, monkeypatch, messages):
    make_backup(school)
    add_staff(school, own_school(school).id, StaffData(full_name="Калинин Андрей Сергеевич"))

    def broken(*_args, **_kwargs):
        raise UserError("Не удалось записать копию в базу данных (диск только для чтения).")

    monkeypatch.setattr("ui.pages.service.backups.restore_backup", broken)
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    window, page = open_page(qtbot, school)
    qtbot.mouseClick(page.restore_button, LEFT)
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == [("warning", "Не удалось записать копию в базу данных (диск только для чтения).")]
    assert not page.running() and page.busy_dialog is None and page.restore_button.isEnabled()
    assert window.isVisible() and len(staff_names(school)) == 2


def test_server_database_page_says_backups_are_the_servers(qtbot, school, monkeypatch):
    monkeypatch.setattr("ui.pages.service.backups.server_database", lambda _store: True)
    _window, page = open_page(qtbot, school)
    assert "PostgreSQL" in page.about_label.text()
    assert not page.create_button.isEnabled() and not page.restore_button.isEnabled()
    assert page.table.rowCount() == 0


def test_the_page_is_there_in_both_modes(qtbot, store):
    init_municipality(store, "Отдел образования")
    window = open_window(qtbot, store)
    assert ("Сервис", ["Резервные копии", "Настройки"]) in window.nav_titles()
