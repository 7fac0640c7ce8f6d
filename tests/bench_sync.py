"""Benchmarks of the exchange (called from tests/bench.py; same JSON lines).

- export of a school with 10 000 records: seconds and package size;
- import of that package at an office, in records per second, beside plain sqlite3.executemany
  writing the same records in the same run (baseline and ratio);
- a region: REGION_SCHOOLS (200; 1 000 took over 4 minutes here) generated school packages of
  realistic size imported into one office database, in a child process: total seconds and peak
  memory (ru_maxrss);
- the same region on PostgreSQL (PG_REGION_SCHOOLS schools, a server started for the bench):
  records per second, the SQLite figure as baseline; without PostgreSQL a line says it skipped.

`python -m tests.bench_sync OFFICE_DIR PACKAGES_DIR` is the child: it imports the folder and
prints {"seconds", "peak_mb", "imported", "records"}.
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

from tests.bench import ROOT, emit, fill_plan, fill_teacher_diary

EXPORT_RECORDS = 10_000
PLAN_ACTIVITIES, PLAN_SECTIONS, TEACHERS = 500, 10, 25
# The issue asks for 1 000 schools; here that import alone took 251 s (75 MiB peak), past the
# ~3 minutes a `make bench` step may take, so the bench imports 200 and says so in its name.
REGION_SCHOOLS = 200
# On PostgreSQL (a server the bench starts on this machine) fewer schools keep `make bench` short;
# records per second is the figure, and the name says the scale.
PG_REGION_SCHOOLS = 100
REGION_DIARY_ENTRIES = 250  # a school after two or three years: ~390 records, ~60 KiB packed
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _records(data: dict) -> int:
    return sum(len(v) for v in data.values() if isinstance(v, list)) + 1  # + the school card


def _open_office(folder: Path):
    from app.core.store import Store
    from app.school.installation import init_municipality
    from app.sync.keys import ensure_keys

    store = Store.open(folder)
    init_municipality(store, "Отдел образования (бенчмарк)")
    ensure_keys(store)
    return store


def _cell(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def executemany_records_per_second(data: dict, db_file: Path) -> float:
    """The floor: the same records, one table per array, written by plain sqlite3.executemany."""
    start = time.perf_counter()
    connection = sqlite3.connect(db_file)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        arrays = [("school", [data["school"]])] + [(k, v) for k, v in data.items() if isinstance(v, list)]
        with connection:
            for key, records in arrays:
                if not records:
                    continue
                columns = sorted({c for r in records for c in r})
                connection.execute(
                    f'CREATE TABLE "{key}" ({", ".join(f"{c} TEXT" for c in columns)}, PRIMARY KEY (id))'
                )
                rows = [tuple(_cell(r.get(c)) for c in columns) for r in records]
                marks = ", ".join("?" for _ in columns)
                connection.executemany(f'INSERT INTO "{key}" VALUES ({marks})', rows)
    finally:
        connection.close()
    return _records(data) / (time.perf_counter() - start)


def bench_export_and_import(tmp: Path) -> None:
    from app.core.store import Store
    from app.school.installation import init_school
    from app.sync.container import read_package
    from app.sync.exchange import export_snapshot, import_packages

    school = Store.open(tmp / "sync-school")
    try:
        card = init_school(school, "5000", "МКОУ Большая школа", "Котельниковский район")
        fill_plan(school, card.id, PLAN_ACTIVITIES, PLAN_SECTIONS)
        entries = EXPORT_RECORDS - TEACHERS - 1 - PLAN_SECTIONS - PLAN_ACTIVITIES
        fill_teacher_diary(school, card.id, entries)
        start = time.perf_counter()
        package = export_snapshot(school, tmp)
        emit(f"sync_export_{EXPORT_RECORDS}_records", time.perf_counter() - start, "s")
        emit(f"sync_export_{EXPORT_RECORDS}_records_package_size", package.path.stat().st_size / 1024, "KiB")
    finally:
        school.close()

    data = read_package(package.path).data
    baseline = executemany_records_per_second(data, tmp / "sync-executemany.db")
    office = _open_office(tmp / "sync-office")
    try:
        start = time.perf_counter()
        result = import_packages(office, [package.path])[0]
        seconds = time.perf_counter() - start
        assert result.status == "imported", result.reason
    finally:
        office.close()
    emit(f"sync_import_{EXPORT_RECORDS}_records_throughput", _records(data) / seconds, "records/s", baseline)


def _region_template(tmp: Path) -> tuple[dict, dict, str, re.Pattern]:
    """The demo school's package grown to REGION_DIARY_ENTRIES diary entries: manifest, data, the
    data as text, and a pattern of the ids a copy of the school must give anew."""
    from app.core.store import Store
    from app.demo.school import build_demo
    from app.sync.container import read_package
    from app.sync.exchange import export_snapshot

    school = Store.open(tmp / "region-demo")
    try:
        build_demo(school)
        template = read_package(export_snapshot(school, tmp).path)
    finally:
        school.close()
    data = template.data
    diary = data["teacher_diary"]
    for n in range(REGION_DIARY_ENTRIES - len(diary)):
        entry = copy.deepcopy(diary[n % len(diary)])
        entry["id"] = str(uuid.uuid4())
        diary.append(entry)
    shared = {t["id"] for t in data["survey_templates"]}  # built-in questionnaires: one id everywhere
    text = json.dumps(data, ensure_ascii=False)
    own_ids = sorted(set(UUID_RE.findall(text)) - shared)
    manifest = {k: v for k, v in template.manifest.items() if k not in ("data", "encryption")}
    return manifest, data, text, re.compile("|".join(map(re.escape, own_ids)))


def next_version(data: dict, version: int) -> dict:
    """The school's data `version` packages later: a diary entry gone, one rewritten, one new."""
    from app.sync.container import utc_stamp

    data = copy.deepcopy(data)
    diary = data["teacher_diary"]
    del diary[0]
    diary[0].update(methods=f"{diary[0]['methods']} (версия {version})", updated_at=utc_stamp())
    added = copy.deepcopy(diary[-1])
    added.update(id=str(uuid.uuid4()), methods=f"Новая запись версии {version}", updated_at=utc_stamp())
    diary.append(added)
    return data


def make_region(
    tmp: Path, schools: int, versions: int = 1, office: Path | None = None
) -> tuple[Path, Path, int]:
    """An office and `schools` packages sealed to it: the demo school, grown and given new ids each
    time; `versions` numbered packages per school (`next_version`). `office`: a data folder made
    ready beforehand (its database.json may name a server), else region-office under `tmp`."""
    from nacl.signing import SigningKey

    from app.sync.container import utc_stamp, write_package
    from app.sync.keys import encode_key

    manifest, data, text, pattern = _region_template(tmp)
    office = office or tmp / "region-office"
    store = _open_office(office)
    office_key = store.installation().encryption_public_key
    store.close()
    packages = tmp / "region-packages"
    packages.mkdir()
    for n in range(schools):
        fresh: dict[str, str] = {}
        school_data = json.loads(
            pattern.sub(lambda m, ids=fresh: ids.setdefault(m[0], str(uuid.uuid4())), text)
        )
        code = str(10_000 + n)
        school_data["school"].update(code=code, name=f"МКОУ Школа № {n + 1}")
        key = SigningKey.generate()
        sender = {
            "role": "school",
            "id": school_data["school"]["id"],
            "code": code,
            "name": school_data["school"]["name"],
            "signing_key": encode_key(bytes(key.verify_key)),
        }
        for version in range(1, versions + 1):
            if version > 1:
                school_data = next_version(school_data, version)
            header = {
                **manifest,
                "package_id": str(uuid.uuid4()),
                "sequence": version,
                "created_at": utc_stamp(),
                "sender": sender,
                "counts": {k: len(v) for k, v in school_data.items() if isinstance(v, list)},
            }
            write_package(packages / f"{code}_{version}.dnevnik", header, school_data, key, office_key)
    return office, packages, _records(data)


def _import_in_child(office: Path, packages: Path, schools: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench_sync", str(office), str(packages)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["imported"] == schools, figures
    return figures


def bench_region(tmp: Path, schools: int = REGION_SCHOOLS) -> float:
    """The region on SQLite; returns its records per second."""
    office, packages, records = make_region(tmp, schools)
    figures = _import_in_child(office, packages, schools)
    throughput = schools * records / figures["seconds"]
    emit(f"sync_region_{schools}_schools_import", figures["seconds"], "s")
    emit(f"sync_region_{schools}_schools_peak_memory", figures["peak_mb"], "MiB")
    emit(f"sync_region_{schools}_schools_throughput", throughput, "records/s")
    return throughput


def bench_region_postgresql(tmp: Path, schools: int = PG_REGION_SCHOOLS, sqlite: float | None = None) -> None:
    """The same region import into an office database on a PostgreSQL server this bench starts
    (tests/helpers/pg_server.py); the SQLite figure, if given, is the baseline. No server binaries: a note."""
    from app.core.db_address import save_address
    from tests.helpers.pg_server import PgUnavailable, start_server

    try:
        server = start_server()
    except PgUnavailable as exc:
        print(json.dumps({"bench": "sync_region_postgresql", "skipped": str(exc)}, ensure_ascii=False))
        return
    try:
        root = tmp / "region-postgresql"
        root.mkdir()
        office = root / "region-office"
        save_address(office, server.new_database())  # the office's data folder names the server
        office, packages, records = make_region(root, schools, office=office)
        figures = _import_in_child(office, packages, schools)
    finally:
        server.stop()
    emit(f"sync_region_postgresql_{schools}_schools_import", figures["seconds"], "s")
    emit(
        f"sync_region_postgresql_{schools}_schools_throughput",
        schools * records / figures["seconds"],
        "records/s",
        sqlite,
    )


def bench_exchange(tmp: Path) -> None:
    bench_export_and_import(tmp)
    sqlite = bench_region(tmp)
    bench_region_postgresql(tmp, sqlite=sqlite)


def _child(office_dir: str, packages_dir: str) -> None:
    from app.core.store import Store
    from app.sync.exchange import import_packages

    store = Store.open(Path(office_dir))
    try:
        start = time.perf_counter()
        results = import_packages(store, [Path(packages_dir)])
        seconds = time.perf_counter() - start
    finally:
        store.close()
    import resource  # POSIX only, like the rest of `make bench`

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    imported = sum(r.status == "imported" for r in results)
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kib / 1024, "imported": imported}))


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
