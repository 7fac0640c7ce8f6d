"""`backup` and `restore` on the command line, and the day's copy before commands that write."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.backup.copies import list_backups, make_backup
from app.cli.main import main
from app.core import paths
from app.core.store import Store
from app.sync.keys import ensure_keys
from tests.helpers.database import add_teacher, corrupt, sql_dump, staff_names


@pytest.fixture
def school_folder(school_store) -> Path:
    """A school's data folder with one teacher and its keys, not open: each command opens it."""
    add_teacher(school_store, "Бондаренко Наталья Александровна")
    ensure_keys(school_store)
    school_store.close()
    return school_store.data_dir


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_backup_command(school_folder, tmp_path, capsys):
    code, out, _ = run(capsys, "--data-dir", str(school_folder), "backup")
    assert code == 0 and "Резервная копия записана" in out
    assert len(list_backups(school_folder)) == 1
    stick = tmp_path / "stick"
    stick.mkdir()
    code, out, _ = run(capsys, "--data-dir", str(school_folder), "backup", "--out", str(stick), "--json")
    written = Path(json.loads(out)["file"])
    assert code == 0 and written.parent == stick and written.suffix == ".zip"
    code, out, _ = run(capsys, "--data-dir", str(school_folder), "backup", "--out", str(stick / "copy"))
    assert code == 0 and (stick / "copy.zip").is_file()
    code, _, err = run(capsys, "--data-dir", str(school_folder), "backup", "--out", str(stick / "copy.zip"))
    assert code == 1 and "уже есть" in err
    code, _, err = run(
        capsys, "--data-dir", str(school_folder), "backup", "--out", str(tmp_path / "нет" / "a.zip")
    )
    assert code == 1 and "Папки" in err


def test_backup_command_refuses_a_server_database_and_an_empty_folder(tmp_path, capsys):
    code, _, err = run(capsys, "--db", "postgresql://office/dnevnik", "backup")
    assert code == 1 and "PostgreSQL" in err and "сервер" in err
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "empty"), "backup")
    assert code == 1 and "нет базы" in err
    code, _, err = run(capsys, "--db", "postgresql://office/dnevnik", "restore", "copy.zip", "--yes")
    assert code == 1 and "PostgreSQL" in err


def test_restore_command_asks_and_without_a_terminal_refuses(school_folder, capsys, monkeypatch):
    copy = make_backup_in(school_folder)
    store = Store.open(school_folder)
    add_teacher(store, "Калинин Андрей Сергеевич")
    store.close()
    before = sql_dump(paths.db_file(school_folder))

    monkeypatch.setattr("sys.stdin", io.StringIO("да\n"))  # not a terminal
    code, _, err = run(capsys, "--data-dir", str(school_folder), "restore", str(copy))
    assert code == 1 and "--yes" in err
    assert sql_dump(paths.db_file(school_folder)) == before

    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda _prompt: "нет")
    code, out, _ = run(capsys, "--data-dir", str(school_folder), "restore", str(copy))
    assert code == 1 and "отменено" in out
    assert sql_dump(paths.db_file(school_folder)) == before

    monkeypatch.setattr("builtins.input", lambda _prompt: "да")
    code, out, _ = run(capsys, "--data-dir", str(school_folder), "restore", str(copy))
    assert code == 0 and "База восстановлена" in out and "Прежнее состояние" in out
    store = Store.open(school_folder)
    assert staff_names(store) == ["Бондаренко Наталья Александровна"]
    store.close()


def make_backup_in(folder: Path) -> Path:
    store = Store.open(folder)
    try:
        return make_backup(store)
    finally:
        store.close()


def test_restore_command_mends_a_damaged_database(school_folder, capsys):
    copy = make_backup_in(school_folder)
    corrupt(paths.db_file(school_folder))
    code, _, err = run(capsys, "--data-dir", str(school_folder), "info")
    assert code == 1 and "повреждён" in err and "restore" in err
    code, out, _ = run(capsys, "--data-dir", str(school_folder), "restore", str(copy), "--yes")
    assert code == 0 and "Повреждённый файл базы перенесён" in out
    code, out, _ = run(capsys, "--data-dir", str(school_folder), "info")
    assert code == 0


def test_restore_command_refuses_a_bad_copy(school_folder, tmp_path, capsys):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 broken")
    code, _, err = run(capsys, "--data-dir", str(school_folder), "restore", str(junk), "--yes")
    assert code == 1 and "нельзя восстановить" in err and "Traceback" not in err


def test_commands_that_write_make_the_days_copy_first(school_folder, capsys):
    code, _, _ = run(capsys, "--data-dir", str(school_folder), "info")
    assert code == 0 and list_backups(school_folder) == []
    code, _, _ = run(capsys, "--data-dir", str(school_folder), "keys", "show")
    assert code == 0
    [copy] = list_backups(school_folder)
    assert copy.reason == "daily"
    run(capsys, "--data-dir", str(school_folder), "keys", "show")
    assert len(list_backups(school_folder)) == 1  # once a day
