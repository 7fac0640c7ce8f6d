"""The records of data.json (spec/package-format.md), table by table, and the tools that read,
check and write them: one description shared by the snapshot and the feedback, so the writer,
the checker and the applier never disagree about a field.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Table as SqlTable
from sqlalchemy import delete, select, update
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
        }


def snapshot_counts(data: dict) -> dict[str, int]:
    """Records per array of a data.json, for the manifest's `counts`."""
    return {key: len(value) for key, value in data.items() if isinstance(value, list)}


# --- values in JSON ---------------------------------------------------------------

STAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR_RE = re.compile(r"^(\d{4})/(\d{4})$")


def stamp(moment: datetime) -> str:
    """A timestamp as the package writes it: UTC, whole seconds, with Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(text: str) -> datetime:
    return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)


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


@dataclass(frozen=True)
class Table:
    key: str
    model: type
    fields: tuple[Field, ...]
    links: tuple[Link, ...] = ()
    owned: bool = True  # rows carry school_id and deleted_at


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


def from_json(f: Field, record: dict) -> object:
    """The column value of a checked record's field (a missing optional field: its default)."""
    if f.name not in record:
        return list(f.default) if isinstance(f.default, list | tuple) else f.default
    value = record[f.name]
    if value is None:
        return None
    if f.kind == "date":
        return date.fromisoformat(value)
    if f.kind == "number":
        return float(value)
    if f.kind == "texts":
        return list(value)
    return value


def record_out(row, fields: Sequence[Field]) -> dict:
    """A model row as a package record: id, time stamps, then the table's fields."""
    out = {"id": row.id, "updated_at": stamp(row.updated_at), "created_at": stamp(row.created_at)}
    for f in fields:
        out[f.name] = to_json(f, getattr(row, f.name))
    return out


def row_in(record: dict, fields: Sequence[Field]) -> dict:
    """A checked package record as column values: id, time stamps, the table's fields."""
    updated = parse_stamp(record["updated_at"])
    created = record.get("created_at")
    row = {
        "id": record["id"],
        "updated_at": updated,
        "created_at": parse_stamp(created) if is_stamp(created) else updated,
    }
    for f in fields:
        row[f.name] = from_json(f, record)
    return row


# --- writing many rows at once --------------------------------------------------------


def chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_of(session: Session):
    name = session.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the program runs on SQLite and PostgreSQL only
        raise RuntimeError(f"database {name} is not supported")
    return insert


def upsert_rows(session: Session, model: type, rows: list[dict]) -> None:
    """INSERT … ON CONFLICT (id) DO UPDATE, executemany-style; every row has the same keys."""
    if not rows:
        return
    table: SqlTable = model.__table__
    stmt = _insert_of(session)(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={name: stmt.excluded[name] for name in rows[0] if name != "id"},
    )
    for part in chunks(rows):
        session.execute(stmt, list(part))


def insert_rows(session: Session, model: type, rows: list[dict]) -> None:
    if not rows:
        return
    stmt = _insert_of(session)(model.__table__)
    for part in chunks(rows):
        session.execute(stmt, list(part))


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
    """Those of `ids` that exist in the model's table."""
    ids = list(ids)
    found: set[str] = set()
    for part in chunks(ids):
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


def replace_links(session: Session, link: Link, wanted: dict[str, set[str]]) -> None:
    """Make the link table hold exactly `wanted` for each of its parents."""
    delete_ids(session, link.model, wanted, column=link.own)
    rows = [{link.own: parent, link.other: other} for parent, others in wanted.items() for other in others]
    insert_rows(session, link.model, rows)
