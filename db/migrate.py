"""Schema upgrades at start-up: back up, migrate with foreign keys off, check, or refuse.

A database made by a newer program is refused untouched; a brand-new one is
created at head by running every migration, so migrations and models cannot drift.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from db.engine import is_sqlite, sqlite_path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseRefused(Exception):
    """The database cannot be opened by this program; the message is for the user."""


if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.MULTILINE)


def _config() -> Config:
    from alembic.config import Config  # Alembic only when an upgrade is due: start-up stays quick

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _revisions() -> dict[str, str | None]:
    return _revisions_in(MIGRATIONS_DIR)


@cache
def _revisions_in(folder: Path) -> dict[str, str | None]:
    """{revision: the one it revises}, read from the migration files' own lines without importing
    Alembic (the test suite checks this reads what Alembic reads)."""
    found: dict[str, str | None] = {}
    for path in sorted((folder / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is not None:
            found[revision.group(1)] = down.group(1) if down is not None else None
    return found


def head_revision() -> str:
    revisions = _revisions()
    revised = set(revisions.values())
    heads = [r for r in revisions if r not in revised]
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have one head, found {heads}")
    return heads[0]


def known_revisions() -> set[str]:
    return set(_revisions())


def current_revision(engine: Engine) -> str | None:
    """The schema revision stamped in the database: one query, as Alembic reads it."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live SQLite database consistently with SQLite's backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def _restore_sqlite(backup: Path, target: Path) -> None:
    backup_sqlite(backup, target)


def refuse_other_schema(engine: Engine) -> None:
    """A reader beside the window upgrades nothing: a database not at this program's head (the
    window of another version holds it) is refused untouched."""
    if current_revision(engine) != head_revision():
        raise DatabaseRefused(
            "Базу сейчас держит открытое окно другой версии «Дневника школы»: её схема не та, что "
            "у этой программы, а менять её, пока окно открыто, нельзя. Закройте окно и повторите."
        )


def upgrade(engine: Engine, backup_dir: Path | None = None) -> Path | None:
    """Bring the database to head. Returns the backup made before upgrading, if any."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise DatabaseRefused(
            f"База данных создана более новой версией программы (ревизия схемы {current}). "
            "Обновите программу «Дневник школы», чтобы открыть эту базу; "
            "в базе ничего не изменено."
        )
    if current is None:
        existing = set(inspect(engine).get_table_names())
        if existing:
            raise DatabaseRefused(
                "Этот файл — база данных другой программы (в нём есть таблицы, "
                "но нет отметки версии «Дневника школы»). Укажите другую папку данных."
            )

    backup = None
    db_file = sqlite_path(engine)
    if current is not None and db_file is not None and backup_dir is not None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d_%H%M%S")
        backup = backup_sqlite(db_file, backup_dir / f"dnevnik_before-migration_{current}_{stamp}.db")

    try:
        _run_upgrade(engine)
    except Exception:
        if backup is not None:
            engine.dispose()
            _restore_sqlite(backup, db_file)
        raise
    return backup


def _driver_pragma(conn, pragma: str) -> None:
    # Straight to the driver, so no BEGIN precedes it (SQLite ignores this pragma in a transaction).
    conn.connection.dbapi_connection.execute(pragma)


def _run_upgrade(engine: Engine) -> None:
    from alembic import command

    cfg = _config()
    with engine.connect() as conn:
        sqlite = is_sqlite(engine)
        if sqlite:
            # A batch rebuild of a parent table would cascade-delete children
            # with foreign keys on; the pragma only works outside a transaction.
            _driver_pragma(conn, "PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if sqlite:
                    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise DatabaseRefused(
                            "Обновление базы данных нарушило связи между записями "
                            f"({len(problems)} шт.); обновление отменено, база восстановлена "
                            "из резервной копии. Сообщите разработчикам."
                        )
        finally:
            if sqlite:
                _driver_pragma(conn, "PRAGMA foreign_keys = ON")


def integrity_ok(engine: Engine, quick: bool = True) -> bool:
    if not is_sqlite(engine):
        return True
    pragma = "quick_check" if quick else "integrity_check"
    with engine.connect() as conn:
        rows = conn.execute(text(f"PRAGMA {pragma}")).fetchall()
    return len(rows) == 1 and rows[0][0] == "ok"
