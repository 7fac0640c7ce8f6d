"""The one door to the data: opens (and upgrades) the database, hands out short sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app import paths
from db.engine import make_engine, make_session_factory, sqlite_path, sqlite_url
from db.migrate import DatabaseRefused, integrity_ok, upgrade
from db.models import Installation


class Store:
    def __init__(self, engine: Engine, data_dir: Path):
        self.engine = engine
        self.data_dir = data_dir
        self._sessions = make_session_factory(engine)

    @classmethod
    def open(cls, data_dir: Path | None = None, url: str | None = None) -> Store:
        """Open the data folder's database (or `url`), creating or upgrading it."""
        folder = paths.data_dir(data_dir)
        if url is None:
            folder.mkdir(parents=True, exist_ok=True)
            db_file = paths.db_file(folder)
            existed = db_file.exists() and db_file.stat().st_size > 0
            engine = make_engine(sqlite_url(db_file))
            if existed and not integrity_ok(engine):
                engine.dispose()
                raise DatabaseRefused(
                    f"Файл базы данных {db_file} повреждён, программа не будет в него писать. "
                    "Восстановите базу из последней резервной копии (папка backups рядом с ней)."
                )
        else:
            engine = make_engine(url)
        try:
            upgrade(engine, paths.backups_dir(folder))
        except Exception:
            engine.dispose()
            raise
        return cls(engine, folder)

    @classmethod
    def holds_data(cls, data_dir: Path) -> bool:
        db_file = paths.db_file(data_dir)
        return db_file.exists() and db_file.stat().st_size > 0

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short unit of work: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    @property
    def location(self) -> str:
        """Where the data is, for messages: the database file or the server URL (no password)."""
        db_file = sqlite_path(self.engine)
        return str(db_file) if db_file else self.engine.url.render_as_string()

    def installation(self) -> Installation | None:
        with self.session() as s:
            return s.scalars(select(Installation)).first()

    def close(self) -> None:
        self.engine.dispose()


def open_store(data_dir: Path | None = None, url: str | None = None) -> Store:
    return Store.open(data_dir, url)


__all__ = ["DatabaseRefused", "Store", "open_store", "sqlite_url"]
