"""The one engine factory: SQLite with WAL and foreign keys, or any SQLAlchemy URL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from db.functions import fold_text

DB_FILE_NAME = "dnevnik.db"
BUSY_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_S = 10


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve().as_posix()}"


CACHE_KIB = 64 * 1024  # allocated only as pages are read, up to this


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
    # An office's database outgrows the default 2 MiB page cache: random UUID keys then dirty a
    # new index page per row, and each school's import gets slower as the district fills.
    cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Engine for `url`; SQLite connections get the pragmas every time they open."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        return engine
    parsed = server_url(url)
    # A server that does not answer is reported after a while instead of hanging the window.
    connect_args = {"connect_timeout": CONNECT_TIMEOUT_S} if parsed.drivername.endswith("psycopg2") else {}
    return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)


def server_url(url: str) -> URL:
    """`url` with its driver: a bare postgresql:// goes through psycopg2, the driver the program
    ships (SQLAlchemy 2.1 would otherwise pick psycopg 3)."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg2")
    return parsed


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit, so services can hand them to the UI detached.
    return sessionmaker(engine, expire_on_commit=False)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_path(engine: Engine) -> Path | None:
    if not is_sqlite(engine) or not engine.url.database or engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)
