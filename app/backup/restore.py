"""Restoring from a backup: check the copy, keep the present state, replace the database.

A copy (a backup ZIP, or a bare SQLite file such as a migration's copy) is unpacked into a work
folder and checked there — PRAGMA integrity_check, a schema revision this program knows — before
anything is touched; a copy of ANOTHER school or of the other mode (an office's copy at a school, or
the reverse) is restored only when the person confirmed that exact difference. Then the present
state is backed up (or, when the database is damaged, moved with its -wal/-shm and keys into
`<data dir>/damaged/<time>/`), and the copy is written over the database with SQLite's backup
API in one transaction: a crash half-way leaves the old database as it was. `progress`
(app/core/progress.py) hears each stage: checking the copy, saving the present state, writing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.backup.copies import (
    DB_MEMBER,
    KEYS_MEMBER_DIR,
    MANIFEST_MEMBER,
    SERVER_MESSAGE,
    STAMP_FORMAT,
    BackupInfo,
    list_backups,
    parse_name,
    read_details,
    server_database,
    work_folder,
    write_backup,
)
from app.core import paths
from app.core.dates import format_moment
from app.core.errors import UserError
from app.core.files import write_atomically
from app.core.progress import Progress, within
from app.core.store import Store
from db.enums import MODE_LABELS
from db.migrate import known_revisions, upgrade

SQLITE_MAGIC = b"SQLite format 3\x00"
KEY_MEMBER = re.compile(rf"^{KEYS_MEMBER_DIR}/([A-Za-z0-9][A-Za-z0-9._-]{{0,100}})$")
MAX_KEY_BYTES = 64 * 1024
DAMAGED_DIR = "damaged"
SIDE_FILES = ("-wal", "-shm", "-journal")
STAGE_CHECK = "Проверка копии"
STAGE_SAVE = "Сохранение текущего состояния"
STAGE_WRITE = "Запись копии в базу"
STAGE_UPGRADE = "Обновление базы до версии программы"
SAVE_SHARE = 0.8  # of a restore's progress: saving the present state (the rest cannot be measured)


@dataclass
class Candidate:
    """A copy unpacked into a work folder and checked."""

    source: Path
    db_file: Path
    keys: dict[str, bytes]
    schema_revision: str
    mode: str
    name: str
    created: datetime | None  # from the file name, when it is a backup's
    school: tuple[str, str] | None = None  # (code, name) of a school's copy

    @property
    def summary(self) -> str:
        """«копия от 12.03.2024 10:15: школа «МКОУ …»» for messages."""
        mode = MODE_LABELS.get(self.mode, self.mode)
        when = f" от {format_moment(self.created)}" if self.created else ""
        return f"копия{when}: {mode} «{self.name}»"


@dataclass
class RestoreResult:
    candidate_summary: str
    previous_state: Path | None  # the backup of the state before the restore
    set_aside: Path | None  # where a damaged database was moved


def _refuse(path: Path, why: str) -> UserError:
    return UserError(f"Файл «{path.name}» нельзя восстановить: {why} База данных не изменена.")


def _unpack(path: Path, work: Path) -> dict[str, bytes]:
    """The database into `work`, the keys into memory; refuses what is not a backup."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(16)
    except FileNotFoundError:
        raise UserError(f"Файла «{path}» нет. Проверьте путь.") from None
    except OSError as exc:
        raise _refuse(path, f"файл не читается ({exc.strerror}).") from None
    target = work / DB_MEMBER
    if magic == SQLITE_MAGIC:
        shutil.copyfile(path, target)  # a closed file the user picked, never the live database
        return {}
    if not zipfile.is_zipfile(path):
        raise _refuse(path, "это не резервная копия «Дневника школы» (ни архив ZIP, ни база SQLite).")
    keys: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = {info.filename: info for info in archive.infolist()}
            member = names.get(DB_MEMBER)
            if member is None:
                raise _refuse(path, f"в архиве нет файла базы {DB_MEMBER} — это не резервная копия.")
            free = shutil.disk_usage(work).free
            if member.file_size > free:
                raise _refuse(path, "на диске не хватает места, чтобы распаковать копию.")
            with archive.open(member) as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
            for name, info in names.items():
                match = KEY_MEMBER.match(name)
                if match and info.file_size <= MAX_KEY_BYTES:
                    keys[match[1]] = archive.read(info)
            manifest = names.get(MANIFEST_MEMBER)
            if manifest is not None and manifest.file_size <= MAX_KEY_BYTES:
                (work / MANIFEST_MEMBER).write_bytes(archive.read(manifest))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, ValueError):
        raise _refuse(path, "архив повреждён.") from None
    except OSError as exc:
        raise _refuse(path, f"архив не читается ({exc.strerror or exc}).") from None
    with target.open("rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise _refuse(path, "файл базы в архиве повреждён.")
    return keys


def _check(path: Path, db_file: Path, keys: dict[str, bytes]) -> Candidate:
    try:
        connection = sqlite3.connect(str(db_file))
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
        details = read_details(db_file)
    except sqlite3.Error:
        raise _refuse(path, "база в копии повреждена.") from None
    if rows != [("ok",)]:
        raise _refuse(path, "база в копии повреждена (проверка целостности не пройдена).")
    revision = details["schema_revision"]
    if revision is None:
        raise _refuse(path, "это база не «Дневника школы» (нет отметки версии схемы).")
    if revision not in known_revisions():
        raise _refuse(
            path,
            f"копия сделана более новой версией программы (ревизия схемы {revision}). "
            "Обновите программу «Дневник школы» и повторите.",
        )
    if details["mode"] is None:
        raise _refuse(path, "в копии нет ни школы, ни управления — восстанавливать нечего.")
    return Candidate(
        path,
        db_file,
        keys,
        revision,
        details["mode"],
        details["name"] or "",
        _created(path, db_file.parent),
        school_of(db_file),
    )


def school_of(db_file: Path) -> tuple[str, str] | None:
    """(code, name) of the school whose database this is; None for an office or an unreadable file."""
    try:
        connection = sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = connection.execute(
                "SELECT s.code, s.name FROM installation i JOIN schools s ON s.id = i.school_id "
                "WHERE i.mode = 'school'"
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return (str(row[0]), str(row[1])) if row else None


def other_school(data_dir: Path, candidate: Candidate) -> str | None:
    """What tells the copy from this database when it is ANOTHER school's; None when it is the same."""
    db_file = paths.db_file(data_dir)
    here = school_of(db_file) if db_file.is_file() and not database_damaged(data_dir) else None
    if here is None or candidate.school is None or here[0] == candidate.school[0]:
        return None
    (code, name), (own_code, own_name) = candidate.school, here
    return (
        f"это копия ДРУГОЙ школы: в копии — «{name}» (код {code}), а в этой базе — «{own_name}» "
        f"(код {own_code}). После восстановления программа будет вести данные и ключи школы с кодом {code}."
    )


def other_mode(data_dir: Path, candidate: Candidate, mode: str | None) -> str | None:
    """What tells the copy from this database when it was made in the other mode (`mode`: this
    installation's); None when the modes agree or this database has none to compare."""
    if mode is None or candidate.mode == mode:
        return None
    db_file = paths.db_file(data_dir)
    try:
        here = read_details(db_file)["name"] if db_file.is_file() else None
    except sqlite3.Error:
        here = None
    theirs, ours = MODE_LABELS.get(candidate.mode, candidate.mode), MODE_LABELS.get(mode, mode)
    return (
        f"копия сделана в режиме «{theirs}» («{candidate.name}»), а программа работает в режиме "
        f"«{ours}»{f' («{here}»)' if here else ''}. После восстановления программа будет работать "
        f"в режиме «{theirs}» с данными и ключами из копии."
    )


def _created(path: Path, work: Path) -> datetime | None:
    """When the copy was made: from its file name, else from its backup.json."""
    parsed = parse_name(path)
    if parsed is not None:
        return parsed[1]
    try:
        stamp = json.loads((work / MANIFEST_MEMBER).read_text(encoding="utf-8"))["created_at"]
        created = datetime.fromisoformat(stamp)
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return created if created.tzinfo is not None else created.replace(tzinfo=UTC)


@contextmanager
def checked_copy(data_dir: Path, path: Path) -> Iterator[Candidate]:
    """The copy unpacked into a work folder and checked; the folder goes when the block ends."""
    path = Path(path)
    if path.resolve() == paths.db_file(data_dir).resolve():
        raise UserError("Это и есть рабочий файл базы — выберите резервную копию.")
    with work_folder(data_dir, ".backup-restore-") as work:
        keys = _unpack(path, work)
        yield _check(path, work / DB_MEMBER, keys)


def check_backup(data_dir: Path, path: Path) -> Candidate:
    """Check a copy without restoring it (the work folder is removed again)."""
    with checked_copy(data_dir, path) as candidate:
        return candidate


# --- the present state ---------------------------------------------------------------------------


def database_damaged(data_dir: Path) -> bool:
    """True when the folder's database exists but fails PRAGMA quick_check or is not a database."""
    db_file = paths.db_file(data_dir)
    if not db_file.is_file() or db_file.stat().st_size == 0:
        return False
    try:
        connection = sqlite3.connect(str(db_file), timeout=10)
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.OperationalError:
        return False  # locked or unreadable: not a verdict on the file's contents
    except sqlite3.DatabaseError:
        return True
    return rows != [("ok",)]


def current_mode(data_dir: Path) -> str | None:
    """The mode of the folder's database, if it is readable and set up."""
    db_file = paths.db_file(data_dir)
    if not db_file.is_file() or database_damaged(data_dir):
        return None
    try:
        return read_details(db_file)["mode"]
    except sqlite3.Error:
        return None


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    """The newest copy in the backups folder that passes every check."""
    for backup in list_backups(data_dir):
        try:
            check_backup(data_dir, backup.path)
        except UserError:
            continue
        return backup
    return None


def _move_aside(data_dir: Path, folder: Path, with_keys: bool) -> Path:
    """The database with its -wal/-shm (and a copy of the keys) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    db_file = paths.db_file(data_dir)
    for suffix in ("", *SIDE_FILES):
        part = db_file.with_name(db_file.name + suffix)
        if part.exists():
            os.replace(part, folder / part.name)
    keys = data_dir / KEYS_MEMBER_DIR
    if with_keys and keys.is_dir():
        shutil.copytree(keys, folder / KEYS_MEMBER_DIR, dirs_exist_ok=True)
    return folder


def _write_database(source: Path, data_dir: Path) -> None:
    """The copy over the database with the backup API; over a file it cannot write into, afresh."""
    db_file = paths.db_file(data_dir)
    try:
        _backup_api(source, db_file)
        return
    except sqlite3.Error:
        if not db_file.exists():
            raise
    # E.g. another page size under WAL: the old file (already backed up) goes, the copy comes anew.
    with work_folder(data_dir, ".backup-replaced-") as aside:
        _move_aside(data_dir, aside, with_keys=False)
        try:
            _backup_api(source, db_file)
        except BaseException:
            for part in aside.iterdir():
                os.replace(part, data_dir / part.name)
            raise


def _backup_api(source: Path, target: Path) -> None:
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target), timeout=10)
        try:
            src.backup(dst)  # one step: all pages in one transaction of the destination
        finally:
            dst.close()  # the last connection: SQLite checkpoints and removes -wal and -shm itself
    finally:
        src.close()


def _write_keys(data_dir: Path, keys: dict[str, bytes]) -> None:
    folder = data_dir / KEYS_MEMBER_DIR
    for name, content in keys.items():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomically(folder / name, content, private=True)


def restore_in_folder(
    data_dir: Path,
    path: Path,
    expected_mode: str | None = None,
    progress: Progress | None = None,
    other_school_confirmed: bool = False,
    other_mode_confirmed: bool = False,
) -> RestoreResult:
    """Restore `<data dir>` from the copy `path`, no store open (the caller holds the folder's lock).

    `expected_mode`: this installation's mode; a copy of the other one needs `other_mode_confirmed`.
    The present database is backed up first («перед восстановлением»); a damaged one is moved
    to `<data dir>/damaged/<time>/` instead. Nothing changes if the copy fails a check.
    """
    data_dir = Path(data_dir)
    tell = progress or (lambda _stage, _done: None)
    tell(STAGE_CHECK, None)
    with checked_copy(data_dir, path) as candidate:
        if (difference := other_mode(data_dir, candidate, expected_mode)) and not other_mode_confirmed:
            raise _refuse(
                Path(path),
                f"{difference[0].upper()}{difference[1:]} Восстановить её можно, только подтвердив, что это "
                "копия другого режима (в командной строке — --other-mode).",
            )
        if (difference := other_school(data_dir, candidate)) and not other_school_confirmed:
            raise _refuse(
                Path(path),
                f"{difference[0].upper()}{difference[1:]} Восстановить её можно, только подтвердив, что это "
                "другая школа (в командной строке — --other-school).",
            )
        previous = set_aside = None
        db_file = paths.db_file(data_dir)
        if database_damaged(data_dir):
            stamp = datetime.now(UTC).strftime(STAMP_FORMAT)
            set_aside = _move_aside(data_dir, data_dir / DAMAGED_DIR / stamp, with_keys=True)
        elif db_file.is_file() and db_file.stat().st_size > 0:
            try:
                previous = write_backup(
                    data_dir, "before-restore", progress=within(progress, 0.0, SAVE_SHARE, STAGE_SAVE)
                )
            except (OSError, sqlite3.Error) as exc:
                raise UserError(
                    f"Не удалось сохранить текущее состояние перед восстановлением ({exc}); "
                    "база данных не изменена. Освободите место на диске и повторите."
                ) from exc
        tell(STAGE_WRITE, None)
        try:
            _write_database(candidate.db_file, data_dir)
        except (OSError, sqlite3.Error) as exc:
            raise UserError(
                f"Не удалось записать копию в базу данных ({exc}). Прежнее состояние сохранено: "
                f"{previous or set_aside}."
            ) from exc
        _write_keys(data_dir, candidate.keys)
        return RestoreResult(candidate.summary, previous, set_aside)


def restore_backup(
    store: Store,
    path: Path,
    progress: Progress | None = None,
    other_school_confirmed: bool = False,
    other_mode_confirmed: bool = False,
) -> RestoreResult:
    """Restore the open store's database from `path`; the store stays usable afterwards.

    The engine is disposed first (no connection is left on the old file), the restored database
    is brought to this program's schema, and the keys are settled as at start-up.
    """
    if server_database(store):
        raise UserError(SERVER_MESSAGE)
    installation = store.installation()
    expected = installation.mode if installation is not None else None
    store.engine.dispose()
    result = restore_in_folder(
        store.data_dir, Path(path), expected, progress, other_school_confirmed, other_mode_confirmed
    )
    store.engine.dispose()
    if progress is not None:
        progress(STAGE_UPGRADE, None)
    upgrade(store.engine, paths.backups_dir(store.data_dir))
    settle_keys(store)
    return result


def settle_keys(store: Store) -> None:
    """The key pairs as at start-up: the key files are the truth (app/sync/keys.py)."""
    from app.sync.keys import ensure_keys

    ensure_keys(store)
