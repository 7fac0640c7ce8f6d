"""Several office PCs on one PostgreSQL database: four importers, each a process with its own
Store, take overlapping sets of school packages at the same moment; at the end every school is
there once, holds exactly its newest package, and the package log names each package once."""

from __future__ import annotations

import multiprocessing
import random
import shutil
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

import app.sync.receiving as receiving
import app.sync.sending as sending
from app.core.db_address import save_address
from app.core.store import Store
from app.sync import retry
from app.sync.container import read_package
from app.sync.exchange import import_packages, write_feedback
from app.sync.keys import KEYS_DIR, encryption_private_key
from app.sync.snapshot import build_snapshot
from db.models import PackageLogEntry, School, TeacherDiaryEntry
from tests.bench_sync import make_region
from tests.helpers.sync_data import dump

IMPORTERS = 4
SCHOOLS = 10
VERSIONS = 2  # every school sends packages 1 and 2; package 1 after package 2 is «устаревший»
STALE = "устаревший пакет"


def _importer(folder: str, files: list[str], start, out) -> None:
    """One office PC: its own process, data folder and engine; waits for the others, then imports."""
    import app.sync.receiving as receiving
    from app.sync.exchange import import_packages

    retries = []
    original = receiving.pause
    receiving.pause = lambda attempt: (retries.append(attempt), original(attempt))
    store = Store.open(Path(folder))
    try:
        start.wait(timeout=60)
        results = import_packages(store, [Path(f) for f in files])
        out.put((folder, [r.as_json() for r in results], len(retries)))
    finally:
        store.close()


def _by_id(records: list[dict]) -> dict[str, dict]:
    """Records by id, their links (`…_ids`) as sets: the order of a link list carries nothing."""
    return {r["id"]: {k: set(v) if k.endswith("_ids") else v for k, v in r.items()} for r in records}


def _share(files: list[Path], rng: random.Random) -> list[list[str]]:
    """Each file to two, three or all four importers, each importer's list in its own order."""
    lists: list[list[str]] = [[] for _ in range(IMPORTERS)]
    for path in files:
        for who in rng.sample(range(IMPORTERS), rng.randint(2, IMPORTERS)):
            lists[who].append(str(path))
    for own in lists:
        rng.shuffle(own)
    return lists


def test_four_importers_at_once_leave_one_consistent_office(tmp_path, pg_server):
    url = pg_server.new_database()
    office_dir = tmp_path / "office"
    save_address(office_dir, url)
    office_dir, packages, _ = make_region(tmp_path, SCHOOLS, VERSIONS, office=office_dir)
    files = sorted(packages.iterdir())
    office = Store.open(office_dir)
    try:
        key = encryption_private_key(office)
    finally:
        office.close()
    newest = {p: read_package(p, key) for p in files}
    folders = []
    for n in range(IMPORTERS):  # each PC: its own data folder, the same server, the office's keys
        folder = tmp_path / f"pc{n}"
        save_address(folder, url)
        shutil.copytree(office_dir / KEYS_DIR, folder / KEYS_DIR)
        folders.append(folder)

    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(IMPORTERS), context.Queue()
    lists = _share(files, random.Random(20240915))
    workers = [
        context.Process(target=_importer, args=(str(folder), own, start, out))
        for folder, own in zip(folders, lists, strict=True)
    ]
    for worker in workers:
        worker.start()
    reports = [out.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    out.close()
    del start, out  # their semaphores go now, not at an exit that skips the collector

    results = [r for _, batch, _ in reports for r in batch]
    retries = sum(n for *_, n in reports)
    print(f"{len(results)} files taken by {IMPORTERS} importers, {retries} transactions run again")
    assert len(results) == sum(len(own) for own in lists)
    odd = [r for r in results if r["status"] == "refused" and STALE not in r["reason"]]
    assert not odd, odd  # only «package 1 after package 2» is refused; never a lost race
    imported = Counter(r["package_id"] for r in results if r["status"] == "imported")
    assert max(imported.values()) == 1  # no package applied twice

    office = Store.open(folders[0])
    try:
        with office.session() as s:
            log = Counter(
                s.scalars(
                    select(PackageLogEntry.package_id).where(
                        PackageLogEntry.direction == "in", PackageLogEntry.result == "imported"
                    )
                )
            )
            assert log == imported  # the log holds every package applied, once
            schools = {c: i for i, c in s.execute(select(School.id, School.code))}
            diary_rows = s.scalar(select(func.count()).select_from(TeacherDiaryEntry))
        assert len(schools) == SCHOOLS
        live_total = 0
        for path, package in newest.items():
            if package.manifest["sequence"] != VERSIONS:
                continue
            assert package.manifest["package_id"] in log  # every school's newest package is in
            code = package.manifest["sender"]["code"]
            at_office = build_snapshot(office, schools[code])
            for key, records in package.data.items():
                if isinstance(records, list):
                    expected = {r["id"]: r["updated_at"] for r in records}
                    held = {r["id"]: r["updated_at"] for r in at_office[key]}
                    assert held == expected, (path.name, key)
            live_total += len(package.data["teacher_diary"])
            assert _by_id(at_office["teacher_diary"]) == _by_id(package.data["teacher_diary"])
        # Diary rows: the live ones, plus at most one removed entry per school (package 1's first).
        assert live_total <= diary_rows <= live_total + SCHOOLS
    finally:
        office.close()


class _Orig(Exception):
    """What psycopg2 raises, as far as the retry looks at it."""

    def __init__(self, pgcode: str):
        super().__init__(f"SQLSTATE {pgcode}")
        self.pgcode = pgcode


@pytest.fixture
def lone_office(tmp_path, on_backend):
    """An office on the test's backend, one school package for it, and the apply made to fail
    `fail[0]` times with `fail[1]` (SQLSTATE) after it has written."""
    office_dir, packages, _ = make_region(tmp_path, 1, office=on_backend(tmp_path / "office"))
    store = Store.open(office_dir)
    yield store, next(packages.iterdir())
    store.close()


def _failing_apply(monkeypatch, times: int, pgcode: str) -> list[int]:
    calls: list[int] = []
    apply = receiving._apply_snapshot

    def flaky(session, package, sender, dry_run):
        changes = apply(session, package, sender, dry_run)
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("UPDATE …", {}, _Orig(pgcode))
        return changes

    monkeypatch.setattr(receiving, "_apply_snapshot", flaky)
    monkeypatch.setattr(receiving, "pause", lambda attempt: None)
    return calls


@pytest.mark.both_backends
@pytest.mark.parametrize("pgcode", ["40001", "40P01", "23505"])
def test_a_file_that_lost_a_race_is_run_again(lone_office, monkeypatch, pgcode):
    office, path = lone_office
    calls = _failing_apply(monkeypatch, 1, pgcode)
    result = import_packages(office, [path])[0]
    assert result.status == "imported", result.reason
    assert len(calls) == 2
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(PackageLogEntry)) == 1
        assert s.scalar(select(func.count()).select_from(School)) == 1


@pytest.mark.both_backends
@pytest.mark.parametrize(
    "pgcode, attempts, reason",
    [("40001", retry.ATTEMPTS, "повторите импорт"), ("23505", retry.UNIQUE_ATTEMPTS, "не удалось применить")],
)
def test_a_file_that_keeps_losing_is_refused_and_changes_nothing(
    lone_office, monkeypatch, pgcode, attempts, reason
):
    office, path = lone_office
    calls = _failing_apply(monkeypatch, 1000, pgcode)
    before = dump(office)
    result = import_packages(office, [path])[0]
    assert result.status == "refused" and reason in result.reason
    assert len(calls) == attempts
    assert dump(office) == before


@pytest.mark.both_backends
def test_a_feedback_that_lost_its_number_is_written_again(lone_office, monkeypatch, tmp_path):
    office, path = lone_office
    taken = import_packages(office, [path])[0]
    assert taken.status == "imported", taken.reason
    calls: list[int] = []
    number = sending.next_sequence

    def contested(session, kind, school_id):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("SELECT …", {}, _Orig("40001"))
        return number(session, kind, school_id)

    monkeypatch.setattr(sending, "next_sequence", contested)
    monkeypatch.setattr(sending, "pause", lambda attempt: None)
    out = tmp_path / "feedback"
    out.mkdir()
    written = write_feedback(office, "10000", out)
    assert len(calls) == 2 and list(out.iterdir()) == [written]
    with office.session() as s:
        assert s.scalars(
            select(PackageLogEntry.sequence).where(PackageLogEntry.direction == "out")
        ).all() == [1]


def test_four_pcs_writing_feedback_at_once_take_four_numbers(tmp_path, pg_server):
    url = pg_server.new_database()
    office_dir = tmp_path / "office"
    save_address(office_dir, url)
    office_dir, packages, _ = make_region(tmp_path, 1, office=office_dir)
    stores = []
    for n in range(IMPORTERS):
        folder = tmp_path / f"pc{n}"
        save_address(folder, url)
        shutil.copytree(office_dir / KEYS_DIR, folder / KEYS_DIR)
        stores.append(Store.open(folder))
    try:
        assert import_packages(stores[0], [next(packages.iterdir())])[0].status == "imported"
        start = threading.Barrier(IMPORTERS)

        def write(store: Store, out: Path) -> Path:
            out.mkdir()
            start.wait(timeout=60)
            return write_feedback(store, "10000", out)

        with ThreadPoolExecutor(IMPORTERS) as pool:
            files = list(pool.map(write, stores, [tmp_path / f"out{n}" for n in range(IMPORTERS)]))
        numbers = sorted(int(f.stem.rsplit("_", 2)[1]) for f in files)
        assert numbers == [1, 2, 3, 4]
        with stores[0].session() as s:
            logged = s.scalars(select(PackageLogEntry.sequence).where(PackageLogEntry.direction == "out"))
            assert sorted(logged) == [1, 2, 3, 4]
    finally:
        for store in stores:
            store.close()
