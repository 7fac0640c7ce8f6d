"""A double-clicked .dnevnik while the program is open is handed to the open copy (issue 22 item 2):
the second copy leaves the paths in <data dir>/inbox/ and ends quietly; the open window shows
them in its import, several copies started together (Explorer: one per file) as one batch."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.core.inbox import HANDOVER_SUFFIX, hand_over, inbox_dir, take_handed
from app.core.lock import DataFolderLock
from app.school.installation import init_municipality
from tests.helpers.window import open_window
from ui.shell import app as shell
from ui.shell.package_inbox import watch_inbox


def _packages(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name in names:
        (folder / name).write_bytes(b"package")
        made.append((folder / name).resolve())
    return made


@pytest.fixture
def told(monkeypatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: said.append(args[2]))
    return said


def test_handed_packages_are_taken_once_oldest_first(tmp_path):
    data = tmp_path / "data"
    first, second, gone = _packages(tmp_path / "usb", "3410_1.dnevnik", "3411_1.dnevnik", "3412_1.dnevnik")
    hand_over(data, [first, second])
    hand_over(data, [second, gone])
    gone.unlink()  # the stick was pulled before the open copy looked
    assert take_handed(data) == [first, second]
    assert list(inbox_dir(data).iterdir()) == []
    assert take_handed(data) == []


def test_a_second_copy_hands_its_packages_over_and_ends_quietly(qapp, tmp_path, told):
    data = tmp_path / "data"
    packages = _packages(tmp_path / "usb", "3410_1.dnevnik", "3411_1.dnevnik")
    with DataFolderLock(data):  # the copy already open
        assert shell.run_gui(data, None, open_packages=packages) == 0
    assert told == []
    assert [p.suffix for p in inbox_dir(data).iterdir()] == [HANDOVER_SUFFIX]
    assert take_handed(data) == packages


def test_a_second_copy_without_packages_is_told_the_program_is_open(qapp, tmp_path, told):
    data = tmp_path / "data"
    with DataFolderLock(data):
        assert shell.run_gui(data, None) == 1
    assert len(told) == 1 and "Программа уже открыта" in told[0]


def test_the_open_office_window_takes_packages_from_copies_started_together(qtbot, store, tmp_path, told):
    init_municipality(store, "Отдел образования Котельниковского района")
    window = open_window(qtbot, store)
    watch_inbox(window, store.data_dir)
    packages = _packages(tmp_path / "usb", "3410_1.dnevnik", "3411_1.dnevnik", "3412_1.dnevnik")
    with DataFolderLock(store.data_dir):
        for package in packages:  # Explorer: one copy per chosen file
            assert shell.run_gui(store.data_dir, None, open_packages=[package]) == 0
    qtbot.waitUntil(lambda: getattr(window.stack.currentWidget(), "panel", None) is not None, timeout=5000)
    qtbot.waitUntil(lambda: bool(window.stack.currentWidget().panel.paths), timeout=5000)
    page = window.stack.currentWidget()
    assert page.panel.paths == packages
    assert [page.panel.path_list.item(i).text() for i in range(3)] == [str(p) for p in packages]
    assert told == []


def test_the_open_school_window_opens_its_import_with_a_handed_package(qtbot, school_store, tmp_path, told):
    window = open_window(qtbot, school_store)
    watch_inbox(window, school_store.data_dir)
    (package,) = _packages(tmp_path / "usb", "feedback_3410_1.dnevnik")
    with DataFolderLock(school_store.data_dir):
        assert shell.run_gui(school_store.data_dir, None, open_packages=[package]) == 0
    qtbot.waitUntil(lambda: getattr(window.stack.currentWidget(), "wizard", None) is not None, timeout=5000)
    wizard = window.stack.currentWidget().wizard
    assert wizard.panel.paths == [package] and wizard.isVisible()
    wizard.reject()
