"""The school_snapshot's data.json: the school's whole current state (spec/package-format.md).

What is in «Корзина» does not go, so the office marks it removed. Questionnaires go as each
closed round's totals only (app.surveys.surveys): answer sheets never leave the school.
Checking a received snapshot lives in snapshot_check, applying it at the office in snapshot_apply.
"""

from __future__ import annotations

from sqlalchemy import Date, DateTime, String, select, type_coerce
from sqlalchemy.orm import Session

from app.core.records import live
from app.core.store import Store
from app.surveys.surveys import package_survey_records
from app.sync.records import Table, records_out, school_links, stamp, without_nul
from app.sync.snapshot_apply import apply_snapshot
from app.sync.snapshot_check import validate_snapshot
from app.sync.snapshot_tables import ARRAYS, BUILT_HERE, SCHOOL_FIELDS, STATUS_FLAGS
from db.base import UTCDateTime
from db.models import Indicator, IndicatorValue, School


def school_record(school: School) -> dict:
    record = {"id": school.id, "updated_at": stamp(school.updated_at), "created_at": stamp(school.created_at)}
    for f in SCHOOL_FIELDS:
        record[f.name] = getattr(school, f.name)
    record["statuses"] = [label for label, flag in STATUS_FLAGS.items() if getattr(school, flag)]
    return record


def _live_rows(session: Session, table: Table, school_id: str) -> list:
    columns = table.model.__table__.c
    if session.get_bind().dialect.name == "sqlite":
        # Dates and stamps as SQLite holds them (text): records_out writes them out without
        # making a date or datetime of each first.
        selected = [
            type_coerce(c, String).label(c.name) if isinstance(c.type, _DATED) else c for c in columns
        ]
    else:
        selected = list(columns)
    if table.model is IndicatorValue:
        query = (
            select(*selected)
            .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
            .where(Indicator.school_id == school_id)
            .order_by(IndicatorValue.indicator_id, IndicatorValue.academic_year)
        )
    else:
        query = (
            select(*selected)
            .where(columns.school_id == school_id, columns.deleted_at.is_(None))
            .order_by(columns.created_at, columns.id)
        )
    return session.execute(query).all()


_DATED = (Date, DateTime, UTCDateTime)


def _refs_resolve(record: dict, table: Table, kept: dict[str, set[str]]) -> bool:
    """Point a record only at records that go with it. A nullable reference to a record in
    «Корзина» becomes null; a record whose parent is in «Корзина» stays home with it."""
    for f in table.fields:
        if f.kind != "ref" or record[f.name] is None or record[f.name] in kept[f.target]:
            continue
        if not f.null:
            return False
        record[f.name] = None
    return True


def build_snapshot(store: Store, school_id: str) -> dict:
    """The whole data.json of a school_snapshot for the school `school_id`."""
    with store.session() as s:
        school = live(
            s, School, school_id, "Школа не найдена в базе — пакет для управления собрать не из чего."
        )
        data: dict = {"school": school_record(school)}
        kept: dict[str, set[str]] = {}
        for table in BUILT_HERE:
            records = records_out(_live_rows(s, table, school_id), table.fields)
            if any(f.kind == "ref" for f in table.fields):
                records = [r for r in records if _refs_resolve(r, table, kept)]
            data[table.key] = records
            kept[table.key] = {r["id"] for r in records}
        # Links last: some point forward (a need's event_ids into events).
        for table in BUILT_HERE:
            for link in table.links:
                held = school_links(s, link, table.model, school_id)
                for record in data[table.key]:
                    others = held.get(record["id"], set())
                    if not link.outside:  # the office's recommendations are all the office's
                        others &= kept[link.target]
                    record[link.key] = sorted(others)
        # The arrays built here lost their NULs in records_out; the rest are small.
        data.update(without_nul(package_survey_records(s, school_id)))
        data["school"] = without_nul(data["school"])
    return {key: data[key] for key in ("school", *ARRAYS)}


__all__ = ["apply_snapshot", "build_snapshot", "school_record", "validate_snapshot"]
