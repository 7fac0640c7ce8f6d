"""The one door to the data: opens (and upgrades) the database, hands out short sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event, select
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from app.core import paths
from app.core.db_address import config_file, configured_url
from app.core.db_address import shown as shown_url
from app.core.errors import UserError, database_message, database_reason
from db.engine import make_engine, make_session_factory, sqlite_path, sqlite_url
from db.migrate import DatabaseRefused, integrity_ok, refuse_other_schema, upgrade
from db.models import Installation

# Whatever the database itself raises (a damaged file, a server that does not answer), for the
# window to catch without knowing SQLAlchemy.
DatabaseFailure = SQLAlchemyError


class DatabaseUnwritable(UserError):
    """The database refused a unit of work for a reason a user can mend (a read-only file, a full
    disk, a failing disk): said in Russian where every refusal is shown (`attempt`, the command line)."""


class Store:
    def __init__(self, engine: Engine, data_dir: Path):
        self.engine = engine
        self.data_dir = data_dir
        self._sessions = make_session_factory(engine)

    @classmethod
    def open(cls, data_dir: Path | None = None, url: str | None = None, upgrade_schema: bool = True) -> Store:
        """Open the data folder's database (or `url`), creating or upgrading it; with
        `upgrade_schema` False (a reader beside the window that holds the folder) a database
        not at this program's schema is refused untouched."""
        folder = paths.data_dir(data_dir)
        if url is None:
            url = configured_url(folder)  # «Настройки → База данных» may name a server
        if url is None:
            folder.mkdir(parents=True, exist_ok=True)
            db_file = paths.db_file(folder)
            existed = db_file.exists() and db_file.stat().st_size > 0
            engine = make_engine(sqlite_url(db_file))
            event.listen(engine, "connect", _lenient_text)
            if existed and not _passes_quick_check(engine):
                engine.dispose()
                raise DatabaseRefused(
                    f"Файл базы данных {db_file} повреждён, программа не будет в него писать. "
                    "Восстановите базу из резервной копии: при запуске окна программа предложит "
                    "последнюю исправную, в командной строке — команда restore (копии лежат в папке "
                    f"{paths.backups_dir(folder)})."
                )
        else:
            engine = _server_engine(url)
        try:
            if upgrade_schema:
                upgrade(engine, paths.backups_dir(folder))
            else:
                refuse_other_schema(engine)
        except Exception:
            engine.dispose()
            raise
        return cls(engine, folder)

    @classmethod
    def holds_data(cls, data_dir: Path) -> bool:
        """The folder has a database: its own file, or a server it names."""
        if config_file(data_dir).is_file():
            return True
        db_file = paths.db_file(data_dir)
        return db_file.exists() and db_file.stat().st_size > 0

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short unit of work: committed on success, rolled back on any error.

        A read-only file, a full or failing disk is refused as DatabaseUnwritable, in Russian."""
        try:
            with self._sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            if database_reason(exc) is None:
                raise
            raise DatabaseUnwritable(database_message(exc)) from exc

    @property
    def location(self) -> str:
        """Where the data is, for messages: the database file or the server URL (no password)."""
        db_file = sqlite_path(self.engine)
        return str(db_file) if db_file else shown_url(self.engine.url.render_as_string(hide_password=False))

    def installation(self) -> Installation | None:
        with self.session() as s:
            return s.scalars(select(Installation)).first()

    def close(self) -> None:
        self.engine.dispose()


def _decoded(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _lenient_text(dbapi_connection, _record) -> None:
    """Stored text that is not UTF-8 (bytes written past the program, a failing disk) passes
    PRAGMA integrity_check; it is read with «�» for the bad bytes instead of failing every page and
    report that reads it. `check` (app/backup/check.py) names where it is."""
    if hasattr(dbapi_connection, "text_factory"):
        dbapi_connection.text_factory = _decoded


def _server_engine(url: str) -> Engine:
    """The engine for --db; an address SQLAlchemy cannot read, or lacks the driver for, is refused."""
    try:
        engine = make_engine(url)
    except (ArgumentError, ImportError) as exc:
        why = (
            "адрес не распознан"
            if isinstance(exc, ArgumentError)
            else "в программе нет драйвера для такой базы"
        )
        raise DatabaseRefused(
            f"Адрес базы данных «{shown_url(url)}» не подходит: {why}. Укажите адрес вида "
            "postgresql://пользователь@сервер/база (поддерживаются SQLite и PostgreSQL)."
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _lenient_text)
    return engine


def _passes_quick_check(engine: Engine) -> bool:
    """PRAGMA quick_check; a file SQLite cannot read as a database at all fails it too."""
    try:
        return integrity_ok(engine)
    except OperationalError:
        raise  # locked or unreadable: not a verdict on the file's contents
    except DatabaseError:
        return False


def open_store(data_dir: Path | None = None, url: str | None = None) -> Store:
    return Store.open(data_dir, url)


__all__ = ["DatabaseRefused", "DatabaseUnwritable", "Store", "open_store", "shown_url", "sqlite_url"]
