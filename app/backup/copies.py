"""Backups: a consistent copy of the database (SQLite's backup API) with the installation's keys.

One backup is one ZIP file in `<data dir>/backups/`, named
`dnevnik_<reason>_<YYYY-MM-DD_HHMMSS>.zip` (the time in UTC, as db/migrate.py names its copies):
- `dnevnik.db` — the database copied with the backup API, switched to journal mode DELETE,
  so the file stands alone;
- `keys/<file>` — the private key files of `<data dir>/keys/`, if there are any;
- `backup.json` — when and why, program version, schema revision, mode and name.
db/migrate.py's copy before a migration is a bare `dnevnik_before-migration_<rev>_<stamp>.db`
(it restores it itself if the migration fails); it is listed, thinned and restorable alike.

Copies are made once a day at start-up, before every import (`backup_before`) and migration,
before a restore and on request; they are thinned to everything of the last 24 hours plus the
newest copy of each of the last 7 days, 4 weeks and 12 months that have copies.
A PostgreSQL database is the server's to back up: `make_backup` refuses it.

A copy of a large database takes a while: `progress` (app/core/progress.py) hears how far it got.
Copies of one process are made one at a time.

A copy is packed from a work folder `backups/.backup-*` holding a plain copy of the database;
a copy killed half-way (kill -9, a power cut) leaves it, and a temporary file beside the ZIP it
was writing (on a stick too). `remove_leftovers` removes both before every copy and at every
start (`daily_backup`): the work folder notes where its ZIP was going (OUT_NOTE).
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app import __version__
from app.core import paths
from app.core.dates import format_moment, local_day, local_moment
from app.core.errors import UserError, os_reason
from app.core.files import TEMPORARY_GLOB, atomic_file
from app.core.progress import Progress, part_of
from app.core.store import Store
from db.engine import is_sqlite

STAMP_FORMAT = "%Y-%m-%d_%H%M%S"
SUFFIX = ".zip"
DB_MEMBER = "dnevnik.db"
KEYS_MEMBER_DIR = "keys"
MANIFEST_MEMBER = "backup.json"
BACKUP_FORMAT = "dnevnik-shkoly-backup"
KEEP_ALL_HOURS = 24
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
NAME_PATTERN = re.compile(
    r"^dnevnik_(?P<reason>[a-z0-9-]+(?:_[0-9a-z]+)?)_(?P<stamp>\d{4}-\d{2}-\d{2}_\d{6})(?:-(?P<number>\d+))?"
    r"\.(?P<ext>zip|db)$"
)
REASON_LABELS = {
    "daily": "ежедневная",
    "manual": "созданная вручную",
    "before-import": "перед загрузкой пакетов",
    "before-restore": "перед восстановлением",
    "before-migration": "перед обновлением базы",
}
COPY_STEP_PAGES = 2048  # pages per step of the backup API when progress is reported (8 MB of 4 KB)
ZIP_CHUNK = 4 * 1024 * 1024
COPY_SHARE = 0.4  # of a copy's progress: the pages copied; the rest is packing them into the ZIP
STAGE_COPY = "Копирование базы"
STAGE_PACK = "Упаковка копии"
_one_at_a_time = threading.RLock()  # a copy's work folder is not a leftover to another copy's thinning
WORK_PREFIX = ".backup-"
OUT_NOTE = "out-path"  # in a work folder: the ZIP being written, whose temporary a kill leaves beside it
_in_use: set[Path] = set()  # work folders of this process's copies and restores, never leftovers
_in_use_lock = threading.Lock()
SERVER_MESSAGE = (
    "База данных хранится на сервере PostgreSQL: её резервные копии делает сервер "
    "(например, pg_dump по расписанию). Обратитесь к администратору сервера."
)


@dataclass(frozen=True)
class BackupInfo:
    """One copy in the backups folder."""

    path: Path
    created: datetime  # aware, UTC
    reason: str
    size: int
    number: int = 1  # the second copy within one second is `…-2.zip`
    modified: int = 0  # ns; orders copies of one second with different reasons

    @property
    def label(self) -> str:
        """What kind of copy it is, in Russian."""
        base = self.reason.split("_", 1)[0]
        if base in REASON_LABELS:
            return REASON_LABELS[base]
        return f"перед действием «{base.removeprefix('before-')}»"

    @property
    def with_keys(self) -> bool:
        """Whether the copy can carry the keys (a migration's bare .db cannot)."""
        return self.path.suffix == SUFFIX

    @property
    def local_time(self) -> datetime:
        return local_moment(self.created)


def server_database(store: Store) -> bool:
    """True when the data lives on a server (PostgreSQL), whose backups are the server's job."""
    return not is_sqlite(store.engine)


def format_size(size: int) -> str:
    """«512 байт», «1,2 МБ»: with a decimal comma."""
    if size < 1024:
        return f"{size} байт"
    for unit in ("КБ", "МБ", "ГБ"):
        size /= 1024
        if size < 1024 or unit == "ГБ":
            return f"{size:.1f} {unit}".replace(".", ",")
    return ""  # not reached


def describe(info: BackupInfo) -> str:
    """«12.03.2024 10:15, ежедневная»."""
    return f"{format_moment(info.local_time)}, {info.label}"


# --- the folder --------------------------------------------------------------------------------


def parse_name(path: Path) -> tuple[str, datetime, int] | None:
    """(reason, creation time, number within the second) from a backup's file name, or None."""
    match = NAME_PATTERN.match(path.name)
    if match is None:
        return None
    try:
        created = datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return match["reason"], created, int(match["number"] or 1)


def _newness(backup: BackupInfo) -> tuple:
    return backup.created, backup.number, backup.modified


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """The copies in `<data dir>/backups/`, newest first."""
    folder = paths.backups_dir(data_dir)
    found: list[BackupInfo] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        parsed = parse_name(path)
        if parsed is None or not path.is_file():
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        reason, created, number = parsed
        found.append(BackupInfo(path, created, reason, stat.st_size, number, stat.st_mtime_ns))
    found.sort(key=_newness, reverse=True)
    return found


def _week(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso.year, iso.week


def copies_to_keep(backups: list[BackupInfo], now: datetime | None = None) -> set[Path]:
    """All of the last 24 hours, and the newest of each of the last 7 days, 4 weeks, 12 months."""
    now = now or datetime.now(UTC)
    newest_first = sorted(backups, key=_newness, reverse=True)
    keep = {b.path for b in newest_first if now - b.created < timedelta(hours=KEEP_ALL_HOURS)}
    rules = (
        (lambda day: day, KEEP_DAILY),
        (_week, KEEP_WEEKLY),
        (lambda day: (day.year, day.month), KEEP_MONTHLY),
    )
    for period_of, count in rules:
        periods: set = set()
        for backup in newest_first:
            period = period_of(backup.local_time.date())
            if period in periods:
                continue
            if len(periods) == count:
                break
            periods.add(period)
            keep.add(backup.path)
    return keep


def thin_backups(data_dir: Path, now: datetime | None = None) -> list[Path]:
    """Remove the copies the keeping rules do not keep, and leftovers of interrupted copies."""
    backups = list_backups(data_dir)
    keep = copies_to_keep(backups, now)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            try:
                backup.path.unlink()
                removed.append(backup.path)
            except OSError:
                continue  # a copy that cannot be removed now is removed next time
    remove_leftovers(data_dir)
    return removed


@contextmanager
def work_folder(data_dir: Path, prefix: str = WORK_PREFIX) -> Iterator[Path]:
    """A private folder in backups/ for a copy's or a restore's files, removed when the block ends
    (and, if the process is killed meanwhile, by the next `remove_leftovers`)."""
    folder = paths.backups_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=folder))
    with _in_use_lock:
        _in_use.add(work)
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with _in_use_lock:
            _in_use.discard(work)


def remove_leftovers(data_dir: Path) -> None:
    """What copies killed half-way left (this process holds the folder's lock): their work folders
    in backups/ with the plain copy of the database, the temporary files beside the ZIPs they were
    writing (in backups/ or on a stick). Whatever cannot be removed now is removed next time."""
    folder = paths.backups_dir(data_dir)
    try:
        works = [p for p in folder.glob(f"{WORK_PREFIX}*") if p.is_dir()]
        temporaries = [p for pattern in (TEMPORARY_GLOB, ".*.part") for p in folder.glob(pattern)]
    except OSError:
        return
    with _in_use_lock:
        works = [p for p in works if p not in _in_use]
    for work in works:
        _remove_work(work)
    for leftover in temporaries:  # .part: what earlier versions left
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            continue


def _remove_work(work: Path) -> None:
    """A dead copy's work folder; the temporary beside its ZIP first. When that ZIP's folder is
    not there now (the stick is out), only the note of it stays, for the next start."""
    try:
        target = Path(os.fsdecode((work / OUT_NOTE).read_bytes()))
    except (OSError, ValueError):
        target = None
    if target is not None:
        try:
            for temporary in target.parent.glob(f".{glob.escape(target.name)}-*.tmp"):
                temporary.unlink(missing_ok=True)
            reachable = target.parent.is_dir()
        except OSError:
            reachable = False
        if not reachable:
            for part in work.iterdir():
                if part.is_dir():
                    shutil.rmtree(part, ignore_errors=True)
                elif part.name != OUT_NOTE:
                    part.unlink(missing_ok=True)
            return
    shutil.rmtree(work, ignore_errors=True)


def backup_name(reason: str, when: datetime) -> str:
    return f"dnevnik_{reason}_{when.astimezone(UTC).strftime(STAMP_FORMAT)}{SUFFIX}"


def _free_path(folder: Path, reason: str, when: datetime) -> Path:
    path = folder / backup_name(reason, when)
    number = 2
    while path.exists():
        path = folder / backup_name(reason, when).replace(SUFFIX, f"-{number}{SUFFIX}")
        number += 1
    return path


# --- making a copy -----------------------------------------------------------------------------


def sqlite_copy(source: Path, target: Path, progress: Callable[[float], None] | None = None) -> None:
    """A consistent copy of a (possibly live) database with the backup API, standing alone.

    With `progress(fraction)` the pages go in steps, each reported; SQLite starts the copy over
    if another connection writes to the database between two steps, so it stays consistent.
    """
    src = sqlite3.connect(str(source), timeout=10)
    try:
        dst = sqlite3.connect(str(target))
        try:
            if progress is None:
                src.backup(dst)
            else:
                step = lambda _status, left, total: progress(1 - left / max(total, 1))  # noqa: E731
                src.backup(dst, pages=COPY_STEP_PAGES, progress=step)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def read_details(db_file: Path) -> dict:
    """Schema revision, mode and name of a database file, read with sqlite3 (None where absent)."""
    details: dict = {"schema_revision": None, "mode": None, "name": None}
    connection = sqlite3.connect(str(db_file))
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            details["schema_revision"] = row[0] if row else None
        if "installation" in tables:
            row = connection.execute("SELECT mode, name FROM installation").fetchone()
            if row:
                details["mode"], details["name"] = row
    finally:
        connection.close()
    return details


def key_files(data_dir: Path) -> list[Path]:
    """The key files a backup carries: regular files of `<data dir>/keys/` (not temporary ones)."""
    folder = data_dir / KEYS_MEMBER_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _pack(archive: zipfile.ZipFile, copy: Path, report: Callable[[float], None] | None) -> None:
    """The copied database into the archive as DB_MEMBER, in chunks, each reported."""
    info = zipfile.ZipInfo.from_file(copy, DB_MEMBER)  # its size: ZIP64 when it needs it
    info.compress_type = zipfile.ZIP_DEFLATED
    size, done = max(info.file_size, 1), 0
    with copy.open("rb") as src, archive.open(info, "w") as out:
        while chunk := src.read(ZIP_CHUNK):
            out.write(chunk)
            done += len(chunk)
            if report is not None:
                report(done / size)


def write_backup(
    data_dir: Path,
    reason: str,
    target: Path | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Path:
    """Copy `<data dir>`'s database and keys into one ZIP; `target` defaults to the backups folder.

    The file appears under its name only when complete (written aside, then renamed).
    Raises OSError or sqlite3.Error; `make_backup` turns them into a message.
    """
    now = now or datetime.now(UTC)
    db_file = paths.db_file(data_dir)
    if not db_file.is_file():
        raise UserError(f"В папке {data_dir} нет базы «Дневника школы» — копировать нечего.")
    folder = paths.backups_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with _one_at_a_time:
        remove_leftovers(data_dir)
        target = target or _free_path(folder, reason, now)
        target.parent.mkdir(parents=True, exist_ok=True)
        with work_folder(data_dir) as work:
            (work / OUT_NOTE).write_bytes(os.fsencode(target))
            copy = work / DB_MEMBER
            sqlite_copy(db_file, copy, part_of(progress, STAGE_COPY, 0.0, COPY_SHARE))
            keys = key_files(data_dir)
            manifest = {
                "format": BACKUP_FORMAT,
                "version": 1,
                "created_at": now.astimezone(UTC).isoformat(timespec="seconds"),
                "reason": reason,
                "program_version": __version__,
                **read_details(copy),
                "keys": [p.name for p in keys],
            }
            with (
                atomic_file(target) as handle,
                zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            ):
                _pack(archive, copy, part_of(progress, STAGE_PACK, COPY_SHARE, 1 - COPY_SHARE))
                for key in keys:
                    archive.write(key, f"{KEYS_MEMBER_DIR}/{key.name}")
                archive.writestr(MANIFEST_MEMBER, json.dumps(manifest, ensure_ascii=False, indent=2))
    return target


def _failed(what: str, exc: Exception) -> UserError:
    reason = os_reason(exc)
    return UserError(
        f"Не удалось сделать резервную копию {what}: {reason}. Проверьте, что на диске есть "
        "свободное место и папка доступна для записи, и повторите."
    )


def make_backup(
    store: Store, reason: str = "manual", out: Path | None = None, progress: Progress | None = None
) -> Path:
    """Back up now; `out` is a file elsewhere (e.g. a USB stick), else the backups folder (thinned)."""
    if server_database(store):
        raise UserError(SERVER_MESSAGE)
    with _one_at_a_time:
        try:
            path = write_backup(store.data_dir, reason, out, progress=progress)
        except (OSError, sqlite3.Error) as exc:
            where = f"в {out.parent}" if out is not None else f"в папке {paths.backups_dir(store.data_dir)}"
            raise _failed(where, exc) from exc
        if out is None:
            thin_backups(store.data_dir)
    return path


def backup_before(store: Store, reason: str) -> Path | None:
    """A copy before a change that may need undoing — `reason` a short Latin word: "import" …

    Returns the copy's path, or None for a server database (the server's job). Raises UserError
    with a Russian message when the copy cannot be made: the change should not go ahead then.
    """
    if server_database(store):
        return None
    slug = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "change"
    return make_backup(store, f"before-{slug}")


def daily_backup(store: Store, now: datetime | None = None, progress: Progress | None = None) -> Path | None:
    """Today's copy, unless one was made today already (or there is nothing yet worth copying)."""
    if server_database(store):
        return None
    with _one_at_a_time:
        remove_leftovers(store.data_dir)  # at every start: what a copy killed last time left
    if store.installation() is None:
        return None
    today = local_day(now or datetime.now(UTC))
    if any(b.local_time.date() == today for b in list_backups(store.data_dir)):
        return None
    return make_backup(store, "daily", progress=progress)
