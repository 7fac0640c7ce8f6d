"""A school's database as the backup and hostile-input tests look at it: names, SQL dumps, damage."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.core import paths
from app.core.store import Store
from app.school.installation import own_school
from app.school.staff import StaffData, add_staff, list_staff


def staff_names(store: Store) -> list[str]:
    return sorted(m.full_name for m in list_staff(store, own_school(store).id))


def add_teacher(store: Store, name: str) -> None:
    add_staff(store, own_school(store).id, StaffData(full_name=name))


def sql_dump(where: Store | Path) -> str:
    """The whole SQLite database (a store's, or a file) as SQL text: equal dumps, equal data."""
    db_file = paths.db_file(where.data_dir) if isinstance(where, Store) else where
    connection = sqlite3.connect(db_file)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


def corrupt(db_file: Path) -> None:
    """Overwrite parts of many pages, as a failing disk or a cut write would."""
    size = db_file.stat().st_size
    with db_file.open("r+b") as handle:
        for page in range(3, size // 4096, 5):
            handle.seek(page * 4096 + 100)
            handle.write(b"\xff" * 500)


def integrity_ok_file(db_file: Path) -> bool:
    with sqlite3.connect(db_file) as connection:
        return connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
