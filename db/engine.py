"""The one engine factory: SQLite with WAL and foreign keys, or any SQLAlchemy URL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from db.functions import fold_text

DB_FILE_NAME = "dnevnik.db"
BUSY_TIMEOUT_MS = 10_000


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve().as_posix()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # The driver's own implicit transactions skip DDL; SQLAlchemy's BEGIN (below)
    # makes every transaction, migrations included, all-or-nothing.
    dbapi_connection.isolation_level = None
    dbapi_connection.create_function("dn_fold", 1, fold_text, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Engine for `url`; SQLite connections get the pragmas every time they open."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        return engine
    return create_engine(url, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit, so services can hand them to the UI detached.
    return sessionmaker(engine, expire_on_commit=False)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_path(engine: Engine) -> Path | None:
    if not is_sqlite(engine) or not engine.url.database or engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)
