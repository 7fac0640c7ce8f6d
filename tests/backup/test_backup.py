"""Backups and restore: the ZIP, thinning, the day's copy, checks before a restore, the damaged
database, and the `backup` / `restore` commands."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.backup.copies import (
    BACKUP_FORMAT,
    DB_MEMBER,
    MANIFEST_MEMBER,
    backup_before,
    copies_to_keep,
    daily_backup,
    list_backups,
    make_backup,
    parse_name,
    thin_backups,
)
from app.backup.restore import (
    check_backup,
    database_damaged,
    newest_good_backup,
    restore_backup,
    restore_in_folder,
)
from app.core import paths
from app.core.errors import UserError
from app.core.store import Store
from app.school.installation import init_municipality
from app.sync.keys import ensure_keys, keys_dir
from db.migrate import DatabaseRefused, current_revision, head_revision
from tests.helpers.database import add_teacher, corrupt, integrity_ok_file, sql_dump, staff_names

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def school(school_store):
    add_teacher(school_store, "Бондаренко Наталья Александровна")
    ensure_keys(school_store)
    return school_store


# --- making copies ---------------------------------------------------------------------------------


def test_backup_is_one_zip_with_the_database_the_keys_and_a_manifest(school):
    path = make_backup(school)
    assert path.parent == paths.backups_dir(school.data_dir)
    reason, created, _number = parse_name(path)
    assert reason == "manual" and abs(datetime.now(UTC) - created) < timedelta(minutes=1)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert {DB_MEMBER, MANIFEST_MEMBER, "keys/signing.key"} <= names
        manifest = json.loads(archive.read(MANIFEST_MEMBER))
        assert archive.read("keys/signing.key") == (keys_dir(school) / "signing.key").read_bytes()
        copy = school.data_dir / "copy.db"
        copy.write_bytes(archive.read(DB_MEMBER))
    assert manifest["format"] == BACKUP_FORMAT
    assert manifest["mode"] == "school" and manifest["name"] == "МКОУ Тест"
    assert manifest["schema_revision"] == head_revision()
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        names = [r[0] for r in connection.execute("SELECT full_name FROM staff")]
    assert names == ["Бондаренко Наталья Александровна"]
    [listed] = list_backups(school.data_dir)
    assert listed.path == path and listed.size == path.stat().st_size and listed.with_keys


def test_backup_of_a_live_database_holds_what_was_committed_only(school):
    """The backup API copies a consistent state while another connection is mid-transaction."""
    writer = sqlite3.connect(paths.db_file(school.data_dir))
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE staff SET full_name = 'не сохранено'")
    path = make_backup(school)
    writer.rollback()
    writer.close()
    check = check_backup(school.data_dir, path)
    assert check.mode == "school"
    with zipfile.ZipFile(path) as archive:
        (school.data_dir / "copy.db").write_bytes(archive.read(DB_MEMBER))
    with sqlite3.connect(school.data_dir / "copy.db") as connection:
        assert connection.execute("SELECT full_name FROM staff").fetchall() == [
            ("Бондаренко Наталья Александровна",)
        ]


def test_backup_to_a_chosen_file_is_not_thinned_or_listed(school, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    path = make_backup(school, "manual", stick / "копия.zip")
    assert path.is_file() and list_backups(school.data_dir) == []
    assert not list(stick.glob(".*"))  # no work files left behind


def test_backup_before_an_import_is_named_for_it(school):
    path = backup_before(school, "import")
    assert parse_name(path)[0] == "before-import"
    assert list_backups(school.data_dir)[0].label == "перед загрузкой пакетов"
    odd = backup_before(school, "Загрузка пакетов!")
    assert parse_name(odd)[0] == "before-change"


def test_daily_backup_once_a_day(school):
    first = daily_backup(school)
    assert first is not None and parse_name(first)[0] == "daily"
    assert daily_backup(school) is None
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert daily_backup(school, now=tomorrow) is not None


def test_no_daily_backup_of_a_database_not_set_up(store):
    assert daily_backup(store) is None
    assert list_backups(store.data_dir) == []


def test_failed_backup_says_why_in_russian(school, monkeypatch):
    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.backup.copies.sqlite_copy", full_disk)
    with pytest.raises(UserError, match="Не удалось сделать резервную копию"):
        backup_before(school, "import")
    assert list_backups(school.data_dir) == []
    assert not list(paths.backups_dir(school.data_dir).iterdir())


# --- thinning --------------------------------------------------------------------------------------


def _fake_copies(folder: Path, now: datetime, ages_hours: list[float]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for hours in ages_hours:
        when = now - timedelta(hours=hours)
        path = folder / f"dnevnik_daily_{when:%Y-%m-%d_%H%M%S}.zip"
        path.write_bytes(b"x")
        made.append(path)
    return made


def test_thinning_keeps_the_last_day_7_daily_4_weekly_12_monthly(data_dir):
    now = datetime(2024, 6, 30, 12, 0, tzinfo=UTC)
    folder = paths.backups_dir(data_dir)
    # Three copies a day for 500 days, plus files that are not backups.
    made = _fake_copies(folder, now, [h + d * 24 for d in range(500) for h in (0.5, 4, 9)])
    migration = folder / "dnevnik_before-migration_0001_2023-01-01_120000.db"
    migration.write_bytes(b"x")
    (folder / "notes.txt").write_text("не копия")
    keep = copies_to_keep(list_backups(data_dir), now)
    removed = thin_backups(data_dir, now)
    left = {b.path for b in list_backups(data_dir)}
    assert left == keep and not (left & set(removed))
    assert (folder / "notes.txt").exists()
    assert made[0] in left and made[1] in left and made[2] in left  # the last 24 hours
    days = {b.local_time.date() for b in list_backups(data_dir)}
    # 7 days + up to 4 weeks + 12 months; the oldest kept is about a year old.
    assert 12 <= len(left) <= 3 + 7 + 4 + 12
    assert min(days) >= (now - timedelta(days=400)).date()
    assert migration not in left  # migration copies are thinned like the rest
    assert thin_backups(data_dir, now) == []  # a second pass keeps the same set


def test_a_few_copies_are_all_kept(data_dir):
    now = datetime(2024, 6, 30, 12, 0, tzinfo=UTC)
    made = _fake_copies(paths.backups_dir(data_dir), now, [30, 54, 24 * 9, 24 * 40, 24 * 200])
    assert thin_backups(data_dir, now) == []
    assert {b.path for b in list_backups(data_dir)} == set(made)


def test_leftovers_of_an_interrupted_backup_are_cleared(school):
    folder = paths.backups_dir(school.data_dir)
    (folder / ".backup-abc").mkdir(parents=True)
    (folder / ".dnevnik_manual_2024-01-01_000000.zip.part").write_bytes(b"half")
    make_backup(school)
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


# --- restore ---------------------------------------------------------------------------------------


def test_restore_brings_back_the_copy_and_keeps_the_present_state(school):
    copy = make_backup(school)
    add_teacher(school, "Калинин Андрей Сергеевич")
    signing = keys_dir(school) / "signing.key"
    original_key = signing.read_bytes()
    signing.unlink()  # lost keys come back with the copy

    result = restore_backup(school, copy)

    assert staff_names(school) == ["Бондаренко Наталья Александровна"]  # the store works on
    assert signing.read_bytes() == original_key
    assert result.previous_state is not None and parse_name(result.previous_state)[0] == "before-restore"
    assert integrity_ok_file(paths.db_file(school.data_dir))
    # The state before the restore can itself be restored.
    restore_backup(school, result.previous_state)
    assert staff_names(school) == ["Бондаренко Наталья Александровна", "Калинин Андрей Сергеевич"]


def test_restore_of_an_older_schema_upgrades_it(school):
    old = FIXTURES / "schema_0001_demo.db"
    restore_backup(school, old)
    assert current_revision(school.engine) == head_revision()
    assert school.installation().name == "МКОУ Нагольненская СШ"
    assert integrity_ok_file(paths.db_file(school.data_dir))


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def _bad_copies(school: Store, folder: Path) -> dict[str, tuple[Path, str]]:
    folder.mkdir()
    good = make_backup(school, "manual", folder / "good.zip")
    with zipfile.ZipFile(good) as archive:
        db_bytes = archive.read(DB_MEMBER)
    damaged = folder / "damaged.db"
    damaged.write_bytes(db_bytes)
    corrupt(damaged)
    newer = folder / "newer.db"
    newer.write_bytes(db_bytes)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    office = folder / "office.db"
    office.write_bytes(db_bytes)
    with sqlite3.connect(office) as connection:
        connection.execute("UPDATE installation SET mode = 'municipality', school_id = NULL")
    empty = folder / "empty.db"
    empty.write_bytes(db_bytes)
    with sqlite3.connect(empty) as connection:
        connection.execute("DELETE FROM installation")
    foreign = folder / "foreign.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (text)")
    text = folder / "text.zip"
    text.write_text("не архив")
    truncated = folder / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return {
        "not a backup": (text, "это не резервная копия"),
        "truncated zip": (truncated, "не резервная копия"),
        "zip without a database": (_zip(folder / "nodb.zip", {"keys/signing.key": b"x"}), "нет файла базы"),
        "zip with junk as database": (_zip(folder / "junk.zip", {DB_MEMBER: b"junk" * 100}), "повреждён"),
        "damaged database": (damaged, "повреждена"),
        "damaged database in zip": (_zip(folder / "dz.zip", {DB_MEMBER: damaged.read_bytes()}), "повреждена"),
        "newer program": (newer, "более новой версией"),
        "other mode": (office, "в режиме «управление образования»"),
        "not set up": (empty, "ни школы, ни управления"),
        "another program's database": (foreign, "не «Дневника школы»"),
        "missing file": (folder / "nothing.zip", "нет"),
    }


def test_every_bad_copy_is_refused_in_russian_and_changes_nothing(school, tmp_path):
    db_file = paths.db_file(school.data_dir)
    cases = _bad_copies(school, tmp_path / "copies")
    before = sql_dump(db_file)
    key_before = (keys_dir(school) / "signing.key").read_bytes()
    for case, (path, reason) in cases.items():
        with pytest.raises(UserError) as refused:
            restore_backup(school, path)
        assert reason in refused.value.message, case
        assert sql_dump(db_file) == before, case
    assert (keys_dir(school) / "signing.key").read_bytes() == key_before
    assert list_backups(school.data_dir) == []  # nothing was even backed up
    assert staff_names(school) == ["Бондаренко Наталья Александровна"]


def test_restoring_the_live_file_itself_is_refused(school):
    with pytest.raises(UserError, match="рабочий файл базы"):
        restore_backup(school, paths.db_file(school.data_dir))


# --- a damaged database ----------------------------------------------------------------------------


def test_damaged_database_is_refused_then_restored_from_the_newest_good_copy(school):
    make_backup(school)
    newest_copy = make_backup(school)
    folder = school.data_dir
    school.close()
    # The newest copy is damaged too: the one before it is offered.
    with zipfile.ZipFile(newest_copy) as archive:
        db_bytes = archive.read(DB_MEMBER)
    bad = Path(str(newest_copy).replace("manual", "daily"))
    corrupt_bytes = bytearray(db_bytes)
    for page in range(3, len(db_bytes) // 4096, 5):  # as `corrupt` does to the live file
        corrupt_bytes[page * 4096 + 100 : page * 4096 + 600] = b"\xff" * 500
    _zip(bad, {DB_MEMBER: bytes(corrupt_bytes)})
    bad_time = parse_name(newest_copy)[1] + timedelta(seconds=5)
    bad = bad.rename(bad.with_name(f"dnevnik_daily_{bad_time:%Y-%m-%d_%H%M%S}.zip"))

    corrupt(paths.db_file(folder))
    assert database_damaged(folder)
    with pytest.raises(DatabaseRefused, match="повреждён"):
        Store.open(folder)
    good = newest_good_backup(folder)
    assert good is not None and good.path == newest_copy

    result = restore_in_folder(folder, good.path)
    assert result.set_aside is not None and (result.set_aside / "dnevnik.db").is_file()
    assert (result.set_aside / "keys" / "signing.key").is_file()
    reopened = Store.open(folder)
    assert staff_names(reopened) == ["Бондаренко Наталья Александровна"]
    reopened.close()


def test_a_file_that_is_not_a_database_at_all_is_refused_not_a_traceback(data_dir):
    data_dir.mkdir(parents=True)
    paths.db_file(data_dir).write_bytes(b"\x00" * 8192)
    assert database_damaged(data_dir)
    with pytest.raises(DatabaseRefused, match="повреждён"):
        Store.open(data_dir)


def test_office_database_backs_up_and_restores_too(data_dir):
    store = Store.open(data_dir)
    init_municipality(store, "Отдел образования")
    ensure_keys(store)
    copy = make_backup(store)
    with zipfile.ZipFile(copy) as archive:
        assert "keys/encryption.key" in archive.namelist()
    restore_backup(store, copy)
    assert store.installation().mode == "municipality"
    store.close()
    shutil.rmtree(paths.backups_dir(data_dir))
