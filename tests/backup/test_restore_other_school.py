"""A backup of another school (code 3411 restored into 3410) is refused unless the person confirms
that exact difference: the window's question names both schools and says it is ANOTHER school;
the command line wants --other-school. Refused, the database is as it was."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.backup.copies import make_backup
from app.cli.main import main
from app.core import paths
from app.core.store import Store
from app.school.installation import init_school
from tests.helpers.window import go_to, open_window


def digest(folder) -> str:
    return hashlib.sha256(paths.db_file(folder).read_bytes()).hexdigest()


@pytest.fixture
def two_schools(tmp_path):
    """(this school's folder, 3410; a backup of another school, 3411)."""
    here, there = tmp_path / "here", tmp_path / "there"
    for folder, code, name in (
        (here, "3410", "МКОУ Нагольненская СШ"),
        (there, "3411", "МКОУ Пимо-Чернянская СШ"),
    ):
        store = Store.open(folder)
        init_school(store, code, name, "Котельниковский район")
        if folder == there:
            copy = make_backup(store)
        store.close()
    return here, copy


def test_the_command_line_wants_other_school(two_schools, capsys):
    here, copy = two_schools
    before = digest(here)
    assert main(["--data-dir", str(here), "restore", str(copy), "--yes"]) == 1
    said = capsys.readouterr().err
    assert "это копия ДРУГОЙ школы: в копии — «МКОУ Пимо-Чернянская СШ» (код 3411)" in said
    assert "а в этой базе — «МКОУ Нагольненская СШ» (код 3410)" in said and "--other-school" in said
    assert digest(here) == before
    assert main(["--data-dir", str(here), "restore", str(copy), "--yes", "--other-school"]) == 0
    store = Store.open(here)
    assert store.installation().name == "МКОУ Пимо-Чернянская СШ"
    store.close()


def test_the_window_asks_naming_both_schools(qtbot, two_schools, monkeypatch):
    here, copy = two_schools
    asked: list[tuple[str, str]] = []

    def question(_parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), ""))
    store = Store.open(here)
    before = digest(here)
    page = go_to(qtbot, open_window(qtbot, store), "Резервные копии")
    qtbot.mouseClick(page.restore_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked))
    qtbot.waitUntil(lambda: not page.running())
    title, text = asked[0]
    assert title == "Копия другой школы" and "ДРУГОЙ школы" in text
    assert "«МКОУ Пимо-Чернянская СШ» (код 3411)" in text and "«МКОУ Нагольненская СШ» (код 3410)" in text
    assert len(asked) == 1 and digest(here) == before
