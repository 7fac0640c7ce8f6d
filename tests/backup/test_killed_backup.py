"""A `backup --out` killed with SIGKILL half-way leaves a plain copy of the database in
`backups/.backup-*` and a temporary file beside the ZIP on the stick; the next start and the next
backup remove both, and the database is as it was.

The copy is slowed by a ballast of random bytes (they pack slowly); the process is killed once
its temporary ZIP on the stick has started growing: the packing is under way, whatever the load.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.backup.copies import OUT_NOTE, daily_backup, list_backups, remove_leftovers
from app.cli.main import main
from app.core import paths
from app.core.store import Store
from app.school.installation import init_school

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL: POSIX only"),
]

ROOT = Path(__file__).resolve().parents[2]
BALLAST_MB = 48  # random bytes deflate slowly: packing them takes seconds
SIGN_TIMEOUT = 120  # seconds for the copy to start packing on a loaded machine
ATTEMPTS = 3


def digest(data_dir: Path) -> str:
    return hashlib.sha256(paths.db_file(data_dir).read_bytes()).hexdigest()


def leftovers(data_dir: Path, stick: Path) -> list[str]:
    """What a copy left behind: hidden work files in backups/ and on the stick."""
    found = [p.name for p in paths.backups_dir(data_dir).glob(".*")]
    return found + [p.name for p in stick.glob(".*")]


@pytest.fixture
def school_folder(tmp_path) -> Path:
    data_dir = tmp_path / "school"
    store = Store.open(data_dir)
    init_school(store, "3410", "МКОУ Нагольненская СШ", "Котельниковский район")
    store.close()
    with sqlite3.connect(paths.db_file(data_dir)) as connection:
        connection.execute("CREATE TABLE ballast (b BLOB)")
        for _ in range(BALLAST_MB):
            connection.execute("INSERT INTO ballast VALUES (randomblob(1048576))")
    connection.close()
    return data_dir


def kill_while_packing(data_dir: Path, stick: Path) -> None:
    """`python -m app backup --out STICK` killed once its ZIP on the stick has begun to grow."""
    for _ in range(ATTEMPTS):
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "--data-dir", str(data_dir), "backup", "--out", str(stick)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + SIGN_TIMEOUT
        while process.poll() is None and time.monotonic() < deadline:
            if any(p.stat().st_size > 0 for p in stick.glob(".dnevnik_*.tmp")):
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.002)
        status = process.wait(timeout=SIGN_TIMEOUT)
        if status == -signal.SIGKILL:
            return
        for made in stick.glob("*.zip"):  # it finished before the sign was seen: again
            made.unlink()
    pytest.fail(f"the copy never was seen packing in {ATTEMPTS} attempts")


def test_a_killed_backup_leaves_nothing_after_the_next_start_or_backup(school_folder, tmp_path):
    stick, other = tmp_path / "stick", tmp_path / "other"
    stick.mkdir()
    other.mkdir()
    before = digest(school_folder)

    kill_while_packing(school_folder, stick)
    # What the kill left: the plain copy of the database in backups/ and the half-written ZIP.
    works = list(paths.backups_dir(school_folder).glob(".backup-*"))
    assert works and (works[0] / "dnevnik.db").exists()
    assert list(stick.glob(".dnevnik_manual_*.zip-*.tmp")) and not list(stick.glob("*.zip"))
    assert digest(school_folder) == before

    # The next backup (to another folder) removes both before it copies.
    assert main(["--data-dir", str(school_folder), "backup", "--out", str(other)]) == 0
    assert leftovers(school_folder, stick) == [] and len(list(other.glob("*.zip"))) == 1

    kill_while_packing(school_folder, stick)
    assert leftovers(school_folder, stick)
    # The next start: the window (and every command that writes) asks for the day's copy first.
    store = Store.open(school_folder)
    try:
        daily_backup(store)
    finally:
        store.close()
    assert leftovers(school_folder, stick) == []
    assert [b.reason for b in list_backups(school_folder)] == ["daily"]
    assert digest(school_folder) == before


def test_a_stick_that_is_out_keeps_only_the_note_until_it_is_back(tmp_path):
    data_dir, stick = tmp_path / "school", tmp_path / "stick"
    work = paths.backups_dir(data_dir) / ".backup-dead"
    work.mkdir(parents=True)
    (work / "dnevnik.db").write_bytes(b"SQLite format 3\x00 plain data")
    (work / OUT_NOTE).write_bytes(os.fsencode(stick / "копия.zip"))
    remove_leftovers(data_dir)  # the stick is not there
    assert sorted(p.name for p in work.iterdir()) == [OUT_NOTE]
    stick.mkdir()
    half = stick / ".копия.zip-abc123.tmp"
    half.write_bytes(b"PK half")
    (stick / "чужой файл.tmp").write_bytes(b"not ours")
    remove_leftovers(data_dir)
    assert not work.exists() and not half.exists()
    assert (stick / "чужой файл.tmp").exists()
