"""A backup of the other mode — an office's copy at a school, a school's at the office — is refused
unless the person confirms that exact difference: the window asks «Копия другого режима», naming
both modes, «Нет» by default; the command line wants --other-mode. Refused, the database is
byte for byte as it was; confirmed, the program works in the copy's mode."""

from __future__ import annotations

import hashlib

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app.backup.copies import make_backup
from app.backup.restore import restore_backup
from app.cli.main import main
from app.core import paths
from app.core.errors import UserError
from app.core.store import Store
from app.school.installation import init_municipality, init_school
from tests.helpers.window import go_to
from ui.shell.app import create_main_window
from ui.shell.main_window import MainWindow

NO, YES = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes


def digest(folder) -> str:
    return hashlib.sha256(paths.db_file(folder).read_bytes()).hexdigest()


@pytest.fixture
def school_and_office(tmp_path):
    """(a school's folder, an office's folder, the school's copy, the office's copy)."""
    school, office = tmp_path / "school", tmp_path / "office"
    store = Store.open(school)
    init_school(store, "3410", "МКОУ Нагольненская СШ", "Котельниковский район")
    school_copy = make_backup(store)
    store.close()
    store = Store.open(office)
    init_municipality(store, "Отдел образования Котельниковского района")
    office_copy = make_backup(store)
    store.close()
    return school, office, school_copy, office_copy


def mode_of(folder) -> str:
    store = Store.open(folder)
    try:
        return store.installation().mode
    finally:
        store.close()


def test_the_command_line_wants_other_mode_both_ways(school_and_office, capsys):
    school, office, school_copy, office_copy = school_and_office
    for folder, copy, theirs, ours in (
        (school, office_copy, "управление образования", "школа"),
        (office, school_copy, "школа", "управление образования"),
    ):
        before = digest(folder)
        assert main(["--data-dir", str(folder), "restore", str(copy), "--yes"]) == 1
        said = capsys.readouterr().err
        assert f"копия сделана в режиме «{theirs}»" in said and f"работает в режиме «{ours}»" in said
        assert "--other-mode" in said and "База данных не изменена" in said
        assert digest(folder) == before
    assert main(["--data-dir", str(school), "restore", str(office_copy), "--yes", "--other-mode"]) == 0
    assert mode_of(school) == "municipality"


def test_the_service_refuses_without_the_confirmation(school_and_office):
    school, _office, _school_copy, office_copy = school_and_office
    before = digest(school)
    store = Store.open(school)
    try:
        with pytest.raises(UserError, match="--other-mode"):
            restore_backup(store, office_copy)
    finally:
        store.close()
    assert digest(school) == before


@pytest.fixture
def replaced_window(qtbot, school_and_office):
    """The window a restore replaces and deletes: closed here if it is still there."""
    store = Store.open(school_and_office[0])
    window = create_main_window(store)
    window.resize(1366, 768)
    window.show()
    yield window
    if shiboken6.isValid(window):
        window.close()
    store.close()


def test_the_window_asks_naming_both_modes_no_by_default(
    qtbot, school_and_office, replaced_window, monkeypatch
):
    school, _office, _school_copy, office_copy = school_and_office
    asked: list[tuple] = []
    answer = [NO]

    def question(_parent, title, text, buttons, default=None, *args):
        asked.append((title, text, default))
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(office_copy), ""))

    page = go_to(qtbot, replaced_window, "Резервные копии")
    before = digest(school)
    qtbot.mouseClick(page.restore_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked))
    qtbot.waitUntil(lambda: not page.running())
    [(title, text, default)] = asked
    assert title == "Копия другого режима" and default == NO
    assert "в режиме «управление образования» («Отдел образования Котельниковского района»)" in text
    assert "работает в режиме «школа» («МКОУ Нагольненская СШ»)" in text
    assert digest(school) == before

    answer[0] = YES
    qtbot.mouseClick(page.restore_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(asked) == 2)
    qtbot.waitUntil(lambda: not shiboken6.isValid(page) or not page.running(), timeout=30_000)
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert len(windows) == 1 and windows[0] is not replaced_window
    qtbot.addWidget(windows[0])
    assert windows[0].store.installation().mode == "municipality"
