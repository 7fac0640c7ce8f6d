"""Stored text that is not UTF-8 passes PRAGMA integrity_check: it is shown with «�», reports and
the package are written, and «Проверка базы» (the `check` command, the button of «Резервные
копии») names the table, the record and the field — never a traceback, nothing changed."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from PySide6.QtCore import Qt

from app.cli.main import main
from app.core import paths
from app.core.store import Store
from app.demo.school import build_demo
from app.diaries.teacher import teacher_diary
from app.school.installation import own_school
from tests.helpers.window import go_to, open_window

BAD = bytes.fromhex("d09fd180d0b8ff20c3")  # «При», then two bytes no UTF-8 text has


@pytest.fixture
def damaged(tmp_path):
    """The demo school with one teacher's diary entry holding broken bytes in «Методы»."""
    folder = tmp_path / "school"
    store = Store.open(folder)
    build_demo(store)
    store.close()
    with sqlite3.connect(paths.db_file(folder)) as connection:
        entry = connection.execute("SELECT id FROM teacher_diary ORDER BY id LIMIT 1").fetchone()[0]
        connection.execute("UPDATE teacher_diary SET methods = CAST(? AS TEXT) WHERE id = ?", (BAD, entry))
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    return folder, entry


def digest(folder) -> str:
    return hashlib.sha256(paths.db_file(folder).read_bytes()).hexdigest()


def test_shown_with_a_replacement_mark(damaged):
    folder, entry = damaged
    store = Store.open(folder)
    assert teacher_diary.get_row(store, entry).cell("methods") == "При\ufffd \ufffd"
    rows = teacher_diary.rows(store, own_school(store).id)
    assert any("\ufffd" in row.cell("methods") for row in rows)
    store.close()


def test_report_export_and_check_on_the_command_line(damaged, tmp_path, capsys):
    folder, entry = damaged
    args = ["--data-dir", str(folder)]
    assert main([*args, "report", "teacher-diary", "--out", str(tmp_path / "d.pdf")]) == 0
    assert main([*args, "export", "--out", str(tmp_path / "p.dnevnik")]) == 0
    assert (tmp_path / "d.pdf").stat().st_size > 0 and (tmp_path / "p.dnevnik").stat().st_size > 0
    capsys.readouterr()
    before = digest(folder)
    assert main([*args, "check"]) == 1
    said = capsys.readouterr()
    assert "Traceback" not in said.err
    assert "найдено ошибок — 1." in said.out
    assert (
        f"«Дневник педагога», запись {entry}, поле methods («При� �»): текст с испорченными байтами"
        in said.out
    )
    assert "Откройте запись и впишите текст заново или восстановите базу из резервной копии." in said.out
    assert digest(folder) == before


def test_check_finds_nothing_in_a_sound_database(tmp_path, capsys):
    folder = tmp_path / "school"
    build_demo(Store.open(folder))
    assert main(["--data-dir", str(folder), "check"]) == 0
    assert capsys.readouterr().out.startswith("Проверка базы: ошибок не найдено")


def test_the_button_on_the_backups_page(qtbot, damaged, monkeypatch):
    folder, entry = damaged
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda _p, title, text, *a, **k: shown.append((title, text))
    )
    store = Store.open(folder)
    window = open_window(qtbot, store)
    page = go_to(qtbot, window, "Резервные копии")
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    title, text = shown[0]
    assert title == "Проверка базы" and f"запись {entry}, поле methods" in text
