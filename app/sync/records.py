"""The records of data.json (spec/package-format.md), table by table, and the tools that read,
check and write them: one description shared by the snapshot and the feedback, so the writer,
the checker and the applier never disagree about a field.
"""

from __future__ import annotations

import gc
import re
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from operator import itemgetter

from sqlalchemy import Date, DateTime, TypeDecorator, delete, select, update
from sqlalchemy import Table as SqlTable
from sqlalchemy.orm import Session

CHUNK = 500  # ids per IN (…) and rows per executemany batch: far below every driver's limit
INT_LIMIT = 2_147_483_647  # an INTEGER column on PostgreSQL
TABLE_ROW = "school"  # the key under which the school card is counted


@dataclass
class Changes:
    """What applying a package adds, changes and removes, per array («events» → 3)."""

    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    school_id: str | None = None
    # The office's own records on school records this package removes («curator_comments» → 2):
    # moved to the same record brought back, or kept on the removed one.
    relinked: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def total(self) -> int:
        return sum(self.added.values()) + sum(self.changed.values()) + sum(self.removed.values())

    def note(self, kind: str, table: str, count: int) -> None:
        if count:
            counts = getattr(self, kind)
            counts[table] = counts.get(table, 0) + count

    def as_dict(self) -> dict:
        return {
            "school_id": self.school_id,
            "added": dict(self.added),
            "changed": dict(self.changed),
            "removed": dict(self.removed),
            "relinked": dict(self.relinked),
            "kept": dict(self.kept),
        }


def snapshot_counts(data: dict) -> dict[str, int]:
    """Records per array of a data.json, for the manifest's `counts`."""
    return {key: len(value) for key, value in data.items() if isinstance(value, list)}


# --- values in JSON ---------------------------------------------------------------

STAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z\Z")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
YEAR_RE = re.compile(r"^(\d{4})/(\d{4})\Z")
# The way every writer spells a UUID: taken at once; any other spelling goes to uuid.UUID.
CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def stamp(moment: datetime) -> str:
    """A timestamp as the package writes it: UTC, whole seconds, with Z."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.isoformat()[:19] + "Z"  # isoformat pads the year to four digits, as %Y does not


def parse_stamp(text: str) -> datetime:
    """A checked stamp as an aware UTC datetime."""
    return datetime.fromisoformat(text)  # STAMP_RE ends in Z, which Python 3.11 reads as UTC


def is_stamp(value: object) -> bool:
    if not isinstance(value, str) or not STAMP_RE.match(value):
        return False
    try:
        parse_stamp(value)
    except ValueError:
        return False
    return True


def is_date(value: object) -> bool:
    if not isinstance(value, str) or not DATE_RE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_uuid(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    if CANONICAL_UUID.fullmatch(value):
        return True
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def is_academic_year(value: object) -> bool:
    match = YEAR_RE.match(value) if isinstance(value, str) else None
    return bool(match) and int(match.group(2)) == int(match.group(1)) + 1


# --- the fields of a record ----------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One field of a record. `kind` is one of: text, title (non-blank text), int, number,
    bool, date, stamp, enum, ref (an id in array `target`), uuid (an id from outside the package),
    texts (list of strings), year (academic year), json (checked by the table's own rules)."""

    name: str
    kind: str
    null: bool = False
    values: tuple[str, ...] = ()
    target: str | None = None
    low: float | None = None
    high: float | None = None
    required: bool = True
    default: object = None


@dataclass(frozen=True)
class Link:
    """A list of ids in a record (`activity_ids`), kept in a link table."""

    key: str
    model: type
    own: str
    other: str
    target: str
    # The ids are the office's (`recommendation_ids`): not in the package, so checked as UUIDs here
    # and against the office's database when applied (app.sync.answers).
    outside: bool = False


@dataclass(frozen=True)
class Table:
    key: str
    model: type
    fields: tuple[Field, ...]
    links: tuple[Link, ...] = ()
    owned: bool = True  # rows carry school_id and deleted_at


@cache
def column_length(model: type, name: str) -> int | None:
    column = model.__table__.c.get(name)
    return getattr(column.type, "length", None) if column is not None else None


def to_json(f: Field, value: object) -> object:
    if f.kind == "date":
        return value.isoformat() if value is not None else None
    if f.kind == "texts":
        return list(value or [])
    if f.kind == "number" and value is not None:
        return float(value)
    return value


# How a field of each kind becomes a column value (kinds not named: as it is in the JSON).
FROM_JSON = {"date": date.fromisoformat, "number": float, "texts": list}


def record_out(row, fields: Sequence[Field]) -> dict:
    """A model row as a package record: id, time stamps, then the table's fields."""
    out = {"id": row.id, "updated_at": stamp(row.updated_at), "created_at": stamp(row.created_at)}
    for f in fields:
        out[f.name] = to_json(f, getattr(row, f.name))
    return out


def stored_stamp(value: datetime | str) -> str:
    """`stamp` of a datetime, or of a stamp as SQLite holds it («2026-05-20 09:30:00.000000», UTC)."""
    if type(value) is str:
        return f"{value[:10]}T{value[11:19]}Z"
    return stamp(value)


def without_nul(value):
    """NUL is no text a reader accepts (spec step 5): a stray one must not stop a whole package."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    if isinstance(value, dict):
        return {key: without_nul(item) for key, item in value.items()}
    return value


def records_out(rows: Sequence, fields: Sequence[Field]) -> list[dict]:
    """`record_out` of every row of one select (Core rows with the table's columns), NUL taken
    out of every text: the places of the columns looked up once, each stamp written once. Dates
    and stamps may come as SQLite holds them, as text (app/sync/snapshot.py selects them so)."""
    if not rows:
        return []
    place = {name: at for at, name in enumerate(rows[0]._fields)}
    id_at, updated_at, created_at = place["id"], place["updated_at"], place["created_at"]
    plain = {"text", "title", "enum", "ref", "uuid", "int", "bool", "year"}
    spec = [(f.name, place[f.name], None if f.kind in plain else f) for f in fields]
    out = []
    for row in rows:
        updated, created = row[updated_at], row[created_at]
        updated_text = stored_stamp(updated)
        record = {
            "id": row[id_at],
            "updated_at": updated_text,
            "created_at": updated_text if created == updated else stored_stamp(created),
        }
        for name, at, f in spec:
            value = row[at]
            if type(value) is str and f is not None and f.kind == "date":
                pass  # as SQLite holds a date: 2026-05-20
            elif f is not None:
                value = without_nul(to_json(f, value))
            elif type(value) is str and "\x00" in value:
                value = value.replace("\x00", "")
            record[name] = value
        out.append(record)
    return out


def row_in(record: dict, fields: Sequence[Field]) -> dict:
    """A checked package record as column values: id, time stamps, the table's fields."""
    return rows_in([record], fields)[0]


def rows_in(records: Iterable[dict], fields: Sequence[Field]) -> list[dict]:
    """`row_in` of every record: the fields' conversions looked up once, and each stamp read
    once (a school enters many records within a second, and most are never edited)."""
    spec = [(f.name, FROM_JSON.get(f.kind)) for f in fields]
    names = {f.name for f in fields}
    stamps: dict[str, datetime] = {}
    rows = []
    for record in records:
        updated_text, created_text = record["updated_at"], record.get("created_at")
        updated = stamps.get(updated_text)
        if updated is None:
            updated = stamps[updated_text] = parse_stamp(updated_text)
        if created_text == updated_text:  # never edited since it was made: one stamp to read
            created = updated
        elif isinstance(created_text, str) and created_text in stamps:
            created = stamps[created_text]
        elif is_stamp(created_text):
            created = stamps[created_text] = parse_stamp(created_text)
        else:  # another implementation may leave it out
            created = updated
        row = {"id": record["id"], "updated_at": updated, "created_at": created}
        if names <= record.keys():
            for name, convert in spec:
                value = record[name]
                row[name] = value if value is None or convert is None else convert(value)
        else:
            for f in fields:
                if f.name not in record:  # a missing optional field: its default
                    row[f.name] = list(f.default) if isinstance(f.default, list | tuple) else f.default
                    continue
                value, convert = record[f.name], FROM_JSON.get(f.kind)
                row[f.name] = value if value is None or convert is None else convert(value)
        rows.append(row)
    return rows


# --- writing many rows at once --------------------------------------------------------

_gc_lock = threading.Lock()
_gc_pauses = [0, False]  # pauses under way; whether collection was on before the first


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a package is read, checked and written (or built):
    its hundreds of thousands of small objects live to the end anyway, and every full collection
    walked all of them — up to a third of an import. Collection resumes when the last pause ends."""
    with _gc_lock:
        if _gc_pauses[0] == 0:
            _gc_pauses[1] = gc.isenabled()
            gc.disable()
        _gc_pauses[0] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses[0] -= 1
            if _gc_pauses[0] == 0 and _gc_pauses[1]:
                gc.enable()


def chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_of(session: Session):
    return _insert_for(session.get_bind().dialect.name)


def _insert_for(name: str):
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the program runs on SQLite and PostgreSQL only
        raise RuntimeError(f"database {name} is not supported")
    return insert


@dataclass(frozen=True)
class _Writer:
    """How rows with these keys go into this table: the statement, and on SQLite its SQL with
    the parameters in order, each with the column's bind processor (None: the value as it is)
    and, for dates and times, the kind of column whose conversions may be remembered."""

    stmt: object
    sql: str | None = None
    names: tuple[str, ...] = ()
    processors: tuple[tuple[int, object, type | None], ...] = ()  # (place, processor, kind)


@lru_cache(maxsize=256)
def _writer(dialect, table: SqlTable, keys: tuple[str, ...], upsert: bool) -> _Writer:
    """Built once per table and keys: making and compiling the statement cost more than a small
    school's rows."""
    stmt = _insert_for(dialect.name)(table)
    if upsert:
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.id], set_={name: stmt.excluded[name] for name in keys if name != "id"}
        )
    if dialect.name != "sqlite":
        return _Writer(stmt)
    compiled = stmt.compile(dialect=dialect, column_keys=list(keys))
    names = compiled.positiontup if compiled.positional else None
    if names is None or sorted(names) != sorted(keys):  # a column default SQLAlchemy would fill
        return _Writer(stmt)
    processors = []
    for place, name in enumerate(names):
        column_type = table.c[name].type
        process = column_type.dialect_impl(dialect).bind_processor(dialect)
        kind = column_type.impl_instance if isinstance(column_type, TypeDecorator) else column_type
        dated = type(column_type) if isinstance(kind, Date | DateTime) else None
        if process is not None:
            processors.append((place, process, dated))
    return _Writer(stmt, compiled.string, tuple(names), tuple(processors))


def _execute_rows(session: Session, table: SqlTable, rows: list[dict], upsert: bool) -> None:
    """Insert (or upsert) every row; all have the same keys.

    On SQLite the rows go straight to the driver's executemany, as SQLAlchemy would send them —
    the SQL it compiles, each column's own bind processor — without its per-row bookkeeping,
    which took a third of an import. Elsewhere (PostgreSQL) SQLAlchemy runs them: its
    insertmanyvalues puts many rows in one statement, far faster there than executemany.
    """
    writer = _writer(session.get_bind().dialect, table, tuple(rows[0]), upsert)
    if writer.sql is None:
        for part in chunks(rows):
            session.execute(writer.stmt, list(part))
        return
    # What the processors of dates and times gave, per kind of column: a record's created_at
    # is mostly its updated_at, and a school enters many records a day.
    memos: dict[type, dict] = {}
    convert = [
        (place, process, memos.setdefault(dated, {}) if dated else None)
        for place, process, dated in writer.processors
    ]
    values_of = itemgetter(*writer.names)  # every table has two columns or more
    connection = session.connection()
    for part in chunks(rows, CHUNK * 10):
        params = []
        for row in part:
            values = list(values_of(row))
            for place, process, seen in convert:
                value = values[place]
                if seen is None:
                    values[place] = process(value)
                elif value in seen:
                    values[place] = seen[value]
                else:
                    values[place] = seen[value] = process(value)
            params.append(tuple(values))
        connection.exec_driver_sql(writer.sql, params)


def upsert_rows(session: Session, model: type, rows: list[dict]) -> None:
    """INSERT … ON CONFLICT (id) DO UPDATE, executemany-style; every row has the same keys."""
    if rows:
        _execute_rows(session, model.__table__, rows, upsert=True)


def insert_rows(session: Session, model: type, rows: list[dict]) -> None:
    if rows:
        _execute_rows(session, model.__table__, rows, upsert=False)


def delete_ids(session: Session, model: type, ids: Iterable[str], column: str = "id") -> None:
    ids = list(ids)
    target = getattr(model.__table__.c, column)
    for part in chunks(ids):
        session.execute(delete(model.__table__).where(target.in_(part)))


def mark_removed(session: Session, model: type, ids: Iterable[str], now: datetime) -> None:
    """deleted_at = now, leaving updated_at as the sender stamped it."""
    table = model.__table__
    ids = list(ids)
    for part in chunks(ids):
        session.execute(
            update(table).where(table.c.id.in_(part)).values(deleted_at=now, updated_at=table.c.updated_at)
        )


def found_ids(session: Session, model: type, ids: Iterable[str]) -> set[str]:
    """Those of `ids` that exist in the model's table. SQLite is asked through its driver:
    SQLAlchemy's handling of a long IN list took three times as long as the lookups."""
    ids = list(ids)
    found: set[str] = set()
    dialect = session.get_bind().dialect
    table = dialect.identifier_preparer.format_table(model.__table__)
    for part in chunks(ids):
        if dialect.name == "sqlite":
            sql = f"SELECT id FROM {table} WHERE id IN ({', '.join('?' * len(part))})"
            found.update(row[0] for row in session.connection().exec_driver_sql(sql, tuple(part)))
        else:
            found.update(session.scalars(select(model.id).where(model.id.in_(part))))
    return found


def school_links(session: Session, link: Link, parent: type, school_id: str) -> dict[str, set[str]]:
    """{parent id: {other id, …}} for every parent row of the school, as the link table holds them."""
    own = getattr(link.model, link.own)
    other = getattr(link.model, link.other)
    query = select(own, other).join(parent, parent.id == own).where(parent.school_id == school_id)
    found: dict[str, set[str]] = {}
    for a, b in session.execute(query):
        found.setdefault(a, set()).add(b)
    return found


def replace_links(session: Session, link: Link, wanted: dict[str, set[str]], new: Iterable[str] = ()) -> None:
    """Make the link table hold exactly `wanted` for each of its parents. Parents in `new` were
    written just now, so nothing links to them yet: no delete is sent for them."""
    new = set(new)
    delete_ids(session, link.model, [parent for parent in wanted if parent not in new], column=link.own)
    rows = [{link.own: parent, link.other: other} for parent, others in wanted.items() for other in others]
    insert_rows(session, link.model, rows)
