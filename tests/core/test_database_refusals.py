"""The database refuses to write — a read-only dnevnik.db, a full disk: a Russian reason, never a
traceback or SQLAlchemy's English text with its web link, and the data as it was."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event

from app.cli.main import main
from app.core import paths
from app.core.store import DatabaseUnwritable, Store
from app.demo.school import build_demo
from tests.helpers.database import add_teacher, sql_dump, staff_names


@pytest.fixture
def school(tmp_path):
    store = Store.open(tmp_path / "school")
    build_demo(store)
    store.close()
    return tmp_path / "school"


def test_export_from_a_read_only_database(school, tmp_path, capsys):
    before = sql_dump(paths.db_file(school))
    url = f"sqlite:///file:{paths.db_file(school)}?mode=ro&uri=true"  # as a write-protected stick
    code = main(["--db", url, "export", "--out", str(tmp_path / "p.dnevnik")])
    said = capsys.readouterr()
    assert code == 1 and "Traceback" not in said.err and "sqlalche.me" not in said.err
    assert "Файл базы данных доступен только для чтения — снимите с файла dnevnik.db" in said.err
    assert not (tmp_path / "p.dnevnik").exists()
    assert sql_dump(paths.db_file(school)) == before


def test_a_full_disk(school):
    store = Store.open(school)
    names = staff_names(store)
    pages = sqlite3.connect(paths.db_file(school)).execute("PRAGMA page_count").fetchone()[0]

    @event.listens_for(store.engine, "connect")
    def full(connection, _record):  # the file may not grow by a page: SQLite's «disk is full»
        connection.execute(f"PRAGMA max_page_count = {pages}")

    store.engine.dispose()
    saved = []
    with pytest.raises(DatabaseUnwritable) as refused:
        for n in range(400):
            name = f"Учитель {n:03} " + "длинное имя " * 40
            add_teacher(store, name)
            saved.append(" ".join(name.split()))
    assert refused.value.message.startswith("На диске с базой данных нет места — освободите место")
    assert "sqlalche.me" not in refused.value.message and refused.value.message.endswith(
        "Ничего не изменено."
    )
    event.remove(store.engine, "connect", full)
    store.engine.dispose()
    assert staff_names(store) == sorted(names + saved)  # the refused one is not there, half or whole
    store.close()
