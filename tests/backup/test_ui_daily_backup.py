"""The day's backup at start-up: the window shows first, the copy is made off the GUI thread and told
in the status bar, once a day; a failed copy warns there and the window goes on working."""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer

from app.backup.copies import daily_backup, list_backups
from app.core import paths
from app.core.store import Store
from tests.backup import test_ui_backups as backups_page
from tests.core import test_ui_first_start as first_start
from tests.helpers.window import go_to, open_window
from ui.shell import app as ui_app
from ui.shell.daily_backup import BY_HAND, CLOSING, FAILED, MAKING, DailyBackup, take_daily_backup
from ui.shell.main_window import MainWindow

SLOW = 20_000  # ms: two shared cores
keep_locale, messages = first_start.keep_locale, backups_page.messages  # fixtures of those tests

Check = Callable[[MainWindow, DailyBackup | None], None]


@pytest.fixture
def folder(school_store: Store):
    """A school's data folder, its store closed: the program opens it itself."""
    school_store.close()
    return school_store.data_dir


@pytest.fixture
def held(monkeypatch):
    """The real daily copy, held on its thread until `release` is set."""
    release = threading.Event()

    def held_copy(store, now=None, progress=None):
        assert release.wait(30), "the test never let the copy be made"
        return daily_backup(store, now, progress)

    monkeypatch.setattr("ui.shell.daily_backup.daily_backup", held_copy)
    yield release
    release.set()  # a failed test leaves no thread waiting


def run_window(monkeypatch, folder, check: Check, release: threading.Event | None = None) -> int:
    """run_gui on `folder`; `check(window, daily)` runs in its event loop once the window is
    shown, then the window is closed as a user would. run_gui's exit code; check's errors raised."""
    errors: list[BaseException] = []

    def checked(window: MainWindow, daily: DailyBackup | None) -> None:
        try:
            check(window, daily)
        except BaseException as exc:  # noqa: BLE001 — raised again once run_gui has returned
            errors.append(exc)
        finally:
            if release is not None:
                release.set()
            window.close()

    def take(window: MainWindow) -> DailyBackup | None:
        daily = take_daily_backup(window)
        QTimer.singleShot(0, lambda: checked(window, daily))
        return daily

    monkeypatch.setattr(ui_app, "take_daily_backup", take)
    code = ui_app.run_gui(folder, None)
    if errors:
        raise errors[0]
    return code


def days_copies(folder) -> list:
    return [b for b in list_backups(folder) if b.reason == "daily"]


def test_the_window_shows_first_and_the_days_copy_lands_in_the_backups_folder(
    qtbot, folder, held, monkeypatch, keep_locale, messages
):
    def check(window: MainWindow, daily: DailyBackup | None) -> None:
        assert window.isVisible() and daily is not None and daily.running()
        assert not days_copies(folder)  # the window is up while the copy is still to be made
        qtbot.waitUntil(lambda: window.status_note.isVisible(), timeout=SLOW)
        assert window.status_note.text() == MAKING
        daily.run.progress.emit("Копирование базы", 0.42)  # as make_backup's steps are told
        assert window.status_note.text() == f"{MAKING} 42 %"
        go_to(qtbot, window, "Резервные копии")  # the window answers meanwhile
        held.set()
        qtbot.waitUntil(lambda: not daily.running(), timeout=SLOW)
        assert window.status_note.isHidden() and daily.error == ""

    assert run_window(monkeypatch, folder, check, held) == 0
    [copy] = days_copies(folder)
    assert copy.path.parent == paths.backups_dir(folder)
    with zipfile.ZipFile(copy.path) as archive:
        assert archive.testzip() is None and "dnevnik.db" in archive.namelist()
    assert not messages


def test_a_second_start_the_same_day_makes_no_copy(qtbot, folder, monkeypatch, keep_locale, messages):
    def wait_for_copy(window: MainWindow, daily: DailyBackup | None) -> None:
        assert daily is not None
        qtbot.waitUntil(lambda: not daily.running(), timeout=SLOW)

    assert run_window(monkeypatch, folder, wait_for_copy) == 0
    [first] = days_copies(folder)
    assert run_window(monkeypatch, folder, wait_for_copy) == 0
    assert days_copies(folder) == [first] and len(list_backups(folder)) == 1
    assert not messages


def test_closing_the_window_while_the_copy_is_made_waits_for_it(
    qtbot, folder, held, monkeypatch, keep_locale
):
    def check(window: MainWindow, daily: DailyBackup | None) -> None:
        assert daily is not None
        window.close()
        assert window.isVisible() and daily.running()  # the copy is not cut short
        assert window.status_note.text() == CLOSING
        held.set()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=SLOW)  # closes once it is done
        assert not daily.running() and days_copies(folder)

    assert run_window(monkeypatch, folder, check) == 0
    [copy] = days_copies(folder)
    with zipfile.ZipFile(copy.path) as archive:
        assert archive.testzip() is None
    assert not list(paths.backups_dir(folder).glob(".*"))  # no work files left behind


def test_a_failed_copy_warns_in_the_status_bar_and_the_window_works(qtbot, school_store, messages):
    paths.backups_dir(school_store.data_dir).write_text("не папка", encoding="utf-8")  # no folder there
    window = open_window(qtbot, school_store)
    daily = take_daily_backup(window)
    assert daily is not None
    qtbot.waitUntil(lambda: not daily.running(), timeout=SLOW)
    note = window.status_note
    assert note.isVisible() and note.text().startswith(f"{FAILED}. {BY_HAND} Не удалось сделать")
    assert note.toolTip() == note.text()
    assert "на месте папки лежит файл с тем же именем" in note.text()  # the system's reason, in Russian
    assert "b00020" in note.styleSheet()  # red, as the program's other warnings
    assert not messages  # no box in the way: work goes on
    page = go_to(qtbot, window, "Резервные копии")
    assert window.stack.currentWidget() is page
    window.close()
    assert not window.isVisible()  # nothing being made: the window closes at once
