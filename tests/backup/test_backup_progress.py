"""Backups of a large database tell how far they got: the pages copied with SQLite's backup API
step by step, then packed into the ZIP; a restore tells its stages. A copy stays consistent when
the database is written between two steps, and copies made at once do not disturb each other."""

from __future__ import annotations

import sqlite3
import threading
import zipfile

import pytest

from app.backup import copies as backup
from app.backup.copies import STAGE_COPY, STAGE_PACK, list_backups, make_backup, sqlite_copy
from app.backup.restore import STAGE_CHECK, STAGE_SAVE, STAGE_UPGRADE, STAGE_WRITE, restore_backup
from app.core import paths
from tests.helpers.database import add_teacher, integrity_ok_file, staff_names


@pytest.fixture
def school(school_store, monkeypatch):
    """A school whose copies go in small steps: 16 pages, 64 KB chunks, on a few hundred pages."""
    monkeypatch.setattr(backup, "COPY_STEP_PAGES", 16)
    monkeypatch.setattr(backup, "ZIP_CHUNK", 64 * 1024)
    for number in range(300):
        add_teacher(school_store, f"Учитель {number:03d} " + "Ж" * 500)
    return school_store


def test_a_copy_reports_copying_then_packing_up_to_the_whole(school):
    heard: list[tuple[str, float | None]] = []
    path = make_backup(school, "manual", progress=lambda stage, done: heard.append((stage, done)))
    stages = [stage for stage, _ in heard]
    assert stages.count(STAGE_COPY) > 3 and stages.count(STAGE_PACK) > 3
    assert stages.index(STAGE_PACK) > max(i for i, s in enumerate(stages) if s == STAGE_COPY)
    fractions = [done for _, done in heard]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    assert max(d for s, d in heard if s == STAGE_COPY) == pytest.approx(backup.COPY_SHARE)
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        database = archive.read(backup.DB_MEMBER)
    copy = path.with_name("copy.db")
    copy.write_bytes(database)
    assert integrity_ok_file(copy)
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT count(*) FROM staff").fetchone() == (300,)


def test_a_write_between_two_steps_is_in_the_copy(school, tmp_path):
    """SQLite starts a stepped copy over when another connection writes: never half of each."""
    source = paths.db_file(school.data_dir)
    target = tmp_path / "copy.db"
    steps: list[float] = []

    def step(done: float) -> None:
        steps.append(done)
        if len(steps) == 2:
            add_teacher(school, "Записан посреди копии")

    sqlite_copy(source, target, step)
    assert steps[2] < steps[1]  # started over
    assert integrity_ok_file(target)
    with sqlite3.connect(target) as connection:
        names = {row[0] for row in connection.execute("SELECT full_name FROM staff")}
    assert "Записан посреди копии" in names and len(names) == 301


def test_a_restore_reports_its_stages_and_saves_the_present_state_first(school):
    copy = make_backup(school)
    add_teacher(school, "Калинин Андрей Сергеевич")
    heard: list[tuple[str, float | None]] = []
    result = restore_backup(school, copy, lambda stage, done: heard.append((stage, done)))
    stages = list(dict.fromkeys(stage for stage, _ in heard))
    assert stages == [
        STAGE_CHECK,
        f"{STAGE_SAVE}: копирование базы",
        f"{STAGE_SAVE}: упаковка копии",
        STAGE_WRITE,
        STAGE_UPGRADE,
    ]
    saving = [done for stage, done in heard if stage.startswith(STAGE_SAVE)]
    assert saving == sorted(saving) and saving[-1] == pytest.approx(0.8)
    assert "Калинин Андрей Сергеевич" not in staff_names(school)
    assert result.previous_state is not None and result.previous_state.is_file()


def test_copies_made_at_once_are_made_one_at_a_time_and_all_whole(school):
    """A copy's work folder is not a leftover for another copy's thinning to remove."""
    errors: list[BaseException] = []
    made = []

    def copy() -> None:
        try:
            made.append(make_backup(school, "manual", progress=lambda *_: None))
        except BaseException as exc:  # noqa: BLE001 — collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=copy) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and len(made) == 4 == len(set(made))
    assert {b.path for b in list_backups(school.data_dir)} == set(made)
    for path in made:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
    assert not list(paths.backups_dir(school.data_dir).glob(".backup-*"))
