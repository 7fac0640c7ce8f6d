"""The program on a PostgreSQL server: migrations on an empty database, `--db URL` on the command
line, a data folder that names a server (the «Настройки → База данных» choice), and the search
folding computed by the server as Python computes it."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import create_engine, literal, select, text

from app.cli.main import main
from app.core.db_address import config_file, configured_url, save_address
from app.core.errors import UserError
from app.core.settings import database_setting, use_local_file, use_server
from app.core.store import DatabaseRefused, Store
from app.diaries import DiaryFilter, teacher_diary
from app.diaries.teacher import TeacherEntryData
from app.school.installation import init_municipality, init_school
from app.school.staff import StaffData, add_staff
from db.engine import server_url
from db.functions import fold, fold_text
from db.migrate import current_revision, head_revision

WORDS = "ЁЛКА Ёжик ЩУКА Объём Ivan «Школа» ПОДЪЕЗД ёмкость"


def test_an_empty_database_is_migrated_to_the_head(pg_server, tmp_path):
    url = pg_server.new_database(empty=True)
    store = Store.open(tmp_path / "office", url=url)
    try:
        assert current_revision(store.engine) == head_revision()
        assert store.location == url  # no driver name, no password: the address as typed
        init_municipality(store, "Отдел образования")
        assert store.installation().mode == "municipality"
    finally:
        store.close()


def test_a_database_of_another_program_is_refused_untouched(pg_server, tmp_path):
    url = pg_server.new_database(empty=True)
    engine = create_engine(server_url(url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE accounts (id integer primary key)"))
    engine.dispose()
    with pytest.raises(DatabaseRefused, match="другой программы"):
        Store.open(tmp_path / "x", url=url)
    with pytest.raises(UserError, match="другой программы"):
        use_server(Store.open(tmp_path / "local"), url)


def test_the_command_line_runs_on_a_server(pg_server, tmp_path, capsys):
    office = pg_server.new_database()
    args = ["--db", office, "init", "--mode", "municipality", "--name", "Отдел образования"]
    assert main(args) == 0
    assert "postgresql://" in capsys.readouterr().out
    assert main(["--db", office, "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["mode"] == "municipality" and info["database"] == office
    school = pg_server.new_database()
    assert main(["--db", school, "demo"]) == 0
    out = tmp_path / "plan.pdf"
    assert main(["--db", school, "report", "plan", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["--db", school, "backup"]) == 1  # the server's own backups (pg_dump) do that
    assert "pg_dump" in capsys.readouterr().err


def test_a_server_that_does_not_answer_is_said_in_russian(tmp_path, capsys):
    folder = tmp_path / "pc"
    save_address(folder, "postgresql://user@127.0.0.1:1/dnevnik")
    assert main(["--data-dir", str(folder), "info"]) == 1
    err = capsys.readouterr().err
    assert "Не удалось открыть базу данных (postgresql://user@127.0.0.1:1/dnevnik" in err
    assert str(config_file(folder)) in err


def test_a_folder_naming_a_server_is_not_restored_from_a_file(tmp_path, capsys):
    folder = tmp_path / "pc"
    save_address(folder, "postgresql://user@127.0.0.1:1/dnevnik")
    backup = tmp_path / "copy.zip"
    backup.write_bytes(b"PK")
    assert main(["--data-dir", str(folder), "restore", str(backup), "--yes"]) == 1
    assert "pg_dump" in capsys.readouterr().err
    assert not (folder / "dnevnik.db").exists()


def test_a_folder_naming_a_server_opens_it(pg_server, tmp_path):
    url = pg_server.new_database()
    folder = tmp_path / "pc"
    save_address(folder, url)
    assert Store.holds_data(folder) and configured_url(folder) == url
    store = Store.open(folder)
    try:
        assert store.engine.dialect.name == "postgresql" and store.data_dir == folder.resolve()
        init_school(store, "3410", "МКОУ Тест")
    finally:
        store.close()
    assert not (folder / "dnevnik.db").exists()


@pytest.mark.parametrize("body", ["{не json", '{"url": ""}', '{"url": 5}'])
def test_a_damaged_address_file_is_refused_with_what_to_do(tmp_path, capsys, body):
    folder = tmp_path / "pc"
    folder.mkdir()
    config_file(folder).write_text(body, encoding="utf-8")
    with pytest.raises(DatabaseRefused, match="Удалите его"):
        Store.open(folder)
    assert main(["--data-dir", str(folder), "info"]) == 1
    assert "database.json" in capsys.readouterr().err


@pytest.mark.parametrize(
    "entered, message",
    [
        ("", "не указан"),
        ("сервер/база", "не распознан"),
        ("mysql://u@h/db", "должен начинаться с postgresql://"),
        ("postgresql:///db", "не указан сервер"),
        ("postgresql://u@h", "не указано имя базы"),
        ("postgresql://u@127.0.0.1:1/db", "Не удалось подключиться"),
    ],
)
def test_a_bad_server_address_is_not_saved(store, entered, message):
    with pytest.raises(UserError, match=message):
        use_server(store, entered)
    assert not config_file(store.data_dir).exists()
    assert database_setting(store).next_server is None


def test_a_good_address_is_saved_for_the_next_start_and_can_be_undone(store, pg_server):
    url = pg_server.new_database().replace("dnevnik@", "dnevnik:секрет@")  # trust ignores it
    shown = use_server(store, f"  {url}  ")
    assert "секрет" not in shown and shown.startswith("postgresql://dnevnik:***@")
    setting = database_setting(store)
    assert setting.next_server == shown and not setting.on_server
    again = Store.open(store.data_dir)
    try:
        assert again.engine.dialect.name == "postgresql"
    finally:
        again.close()
    use_local_file(store)
    assert database_setting(store).next_server is None
    assert not config_file(store.data_dir).exists()


@pytest.mark.both_backends
def test_the_server_folds_text_as_python_does(store):
    with store.session() as s:
        assert s.scalar(select(fold(literal(WORDS)))) == fold_text(WORDS)


def test_folding_does_not_depend_on_the_server_locale(pg_server, tmp_path):
    store = Store.open(tmp_path / "c", url=pg_server.new_database(c_locale=True))
    try:
        with store.session() as s:
            assert s.scalar(select(text("lower('ЁЛКА')"))) == "ЁЛКА"  # what the server alone does
            assert s.scalar(select(fold(literal(WORDS)))) == fold_text(WORDS)
    finally:
        store.close()


@pytest.mark.both_backends
def test_diary_search_ignores_case_and_yo(store):
    school = init_school(store, "3410", "МКОУ Тест")
    teacher = add_staff(store, school.id, StaffData(full_name="Ёлкина Анна Петровна")).id
    data = TeacherEntryData(staff_id=teacher, entry_date=date(2021, 3, 2), methods="ПРИЁМ «Ёлочка»")
    entry = teacher_diary.create(store, school.id, data)
    for words in ("приём", "ПРИЕМ", "елочка", "елкина", "ёлкин приЕм"):
        assert teacher_diary.list_ids(store, school.id, DiaryFilter(text=words)) == [entry], words
    assert teacher_diary.list_ids(store, school.id, DiaryFilter(text="ёлка")) == []
