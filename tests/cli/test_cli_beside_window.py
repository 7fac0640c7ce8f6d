"""#17 item 2: `report`, `info` and `check` read the data folder while the window holds its lock
(SQLite's WAL lets readers in); a command that writes is refused with the lock's message and
says why. The lock is held here as the window holds it (app.core.lock), and the store is open."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.lock import DataFolderLock
from app.core.store import Store
from app.demo.school import build_demo
from app.diaries import DIARIES
from app.diaries.common import DiaryFilter
from app.school.installation import own_school

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window_folder(tmp_path):
    """A demo school's folder held as an open window holds it: the lock taken, the store open."""
    folder = tmp_path / "school"
    with DataFolderLock(folder):
        store = Store.open(folder)
        build_demo(store)
        try:
            yield folder, store
        finally:
            store.close()


def test_report_and_info_work_beside_the_window(window_folder, tmp_path, capsys):
    folder, _store = window_folder
    out = tmp_path / "plan.pdf"
    assert main(["--data-dir", str(folder), "report", "plan", "--out", str(out)]) == 0
    assert out.exists() and "Файл записан" in capsys.readouterr().out
    assert main(["--data-dir", str(folder), "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["school"]["name"] == "МКОУ Нагольненская СШ"


def test_a_command_that_writes_is_refused_with_the_locks_message(window_folder, tmp_path, capsys):
    folder, _store = window_folder
    package = tmp_path / "нет.dnevnik"
    package.write_bytes(b"x")
    assert main(["--data-dir", str(folder), "import", str(package)]) == 1
    said = capsys.readouterr().err
    assert f"Программа уже открыта с этой папкой данных ({folder})" in said
    assert "Команда import меняет данные" in said and "report, info, check" in said


def test_the_real_entry_point_reports_beside_the_window(window_folder, tmp_path):
    """The real entry point in its own process, as a user runs it: every entry of the diary."""
    folder, store = window_folder
    entries = len(DIARIES["director-diary"].list_ids(store, own_school(store).id, DiaryFilter()))
    out = tmp_path / "d.pdf"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(folder),
            "report",
            "director-diary",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert f"записей: {entries}" in done.stdout


def test_the_lock_is_free_again_after_a_report(tmp_path):
    """A report run without the window holds the folder only while opening it: afterwards (and
    in fact while it writes) the window can take it."""
    folder = tmp_path / "school"
    store = Store.open(folder)
    build_demo(store)
    store.close()
    assert main(["--data-dir", str(folder), "report", "staff", "--out", str(tmp_path / "s.pdf")]) == 0
    with DataFolderLock(folder):
        pass


def test_a_reader_beside_the_window_upgrades_nothing(tmp_path, capsys):
    """The window of another version holds an older database: a report refuses, the file untouched."""
    import shutil
    import sqlite3

    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copyfile(ROOT / "tests" / "fixtures" / "schema_0004_demo.db", folder / "dnevnik.db")
    with DataFolderLock(folder):
        assert main(["--data-dir", str(folder), "report", "plan", "--out", str(tmp_path / "p.pdf")]) == 1
    assert "открытое окно другой версии" in capsys.readouterr().err
    with sqlite3.connect(folder / "dnevnik.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)
    assert not list((folder / "backups").glob("*before-migration*"))
