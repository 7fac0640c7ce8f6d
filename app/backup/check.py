"""«Проверка базы»: what PRAGMA integrity_check does not see, named record by record.

A text value that is not UTF-8 (bytes written past the program, a failing disk) passes SQLite's own
check; the program reads it with «�» for the bad bytes (app/core/store.py), and this check says
where it is so that a person can type it again or restore a backup. The file's structure and its
links between records are checked too. A server database (PostgreSQL) keeps only valid UTF-8 and
checks its own structure: there only the links are checked.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from app.core.info import table_label
from app.core.store import Store
from db.base import Base
from db.engine import sqlite_path

BAD_TEXT = (
    "«{table}», запись {record}, поле {column} («{snippet}»): текст с испорченными байтами "
    "(не UTF-8) — он показан со знаком «�» на месте испорченного. Откройте запись и впишите текст "
    "заново или восстановите базу из резервной копии."
)
DAMAGED = (
    "Файл базы данных повреждён ({said}). Восстановите базу из резервной копии: «Сервис → Резервные "
    "копии → Восстановить» или команда restore."
)
BROKEN_LINK = "«{table}»: запись {record} ссылается на запись, которой нет ({parent})."
MOST = 50  # problems named one by one; the rest counted


@dataclass
class CheckReport:
    """What the check found; no problems: the database is sound."""

    database: str
    problems: list[str] = field(default_factory=list)
    more: int = 0  # problems beyond MOST, only counted

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: str) -> None:
        if len(self.problems) < MOST:
            self.problems.append(problem)
        else:
            self.more += 1

    def text(self) -> str:
        if self.ok:
            return f"Проверка базы: ошибок не найдено ({self.database})."
        lines = [f"Проверка базы ({self.database}): найдено ошибок — {len(self.problems) + self.more}."]
        lines += [f"— {p}" for p in self.problems]
        if self.more:
            lines.append(f"…и ещё {self.more}.")
        return "\n".join(lines)


def check_database(store: Store) -> CheckReport:
    """Structure, links and stored text of the store's database; nothing is changed."""
    report = CheckReport(store.location)
    db_file = sqlite_path(store.engine)
    if db_file is None:
        return report  # a server keeps valid UTF-8 and its own structure
    connection = sqlite3.connect(db_file.resolve().as_uri() + "?mode=ro", uri=True)
    connection.text_factory = bytes  # the stored bytes as they are, to be judged here
    try:
        said = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if said != [b"ok"]:
            report.add(DAMAGED.format(said="; ".join(_shown(s) for s in said[:3])))
            return report
        _check_links(connection, report)
        _check_text(connection, report)
    finally:
        connection.close()
    return report


def _shown(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _check_links(connection: sqlite3.Connection, report: CheckReport) -> None:
    for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check"):
        name = _shown(table)
        report.add(BROKEN_LINK.format(table=table_label(name), record=rowid, parent=_shown(parent)))


def _check_text(connection: sqlite3.Connection, report: CheckReport) -> None:
    for table in Base.metadata.sorted_tables:
        key = "id" if "id" in table.c else "rowid"
        for column in table.c:
            query = (
                f'SELECT {key}, "{column.name}" FROM "{table.name}" WHERE typeof("{column.name}") = \'text\''
            )
            for record, value in connection.execute(query):
                try:
                    value.decode("utf-8")
                except UnicodeDecodeError:
                    report.add(
                        BAD_TEXT.format(
                            table=table_label(table.name),
                            record=_shown(record),
                            column=column.name,
                            snippet=" ".join(_shown(value).split())[:40],
                        )
                    )
