"""What is in the database: mode, whose it is, and how many records each table holds."""

from __future__ import annotations

from sqlalchemy import func, select

import db.models  # noqa: F401  (registers every table)
from app.store import Store
from db.base import Base
from db.migrate import current_revision
from db.models import Installation, School


def table_counts(store: Store) -> dict[str, int]:
    counts = {}
    with store.session() as s:
        for table in Base.metadata.sorted_tables:
            counts[table.name] = s.execute(select(func.count()).select_from(table)).scalar_one()
    return dict(sorted(counts.items()))


def describe(store: Store) -> dict:
    """A summary for `info`: ready for JSON."""
    with store.session() as s:
        inst = s.scalars(select(Installation)).first()
        school = s.get(School, inst.school_id) if inst and inst.school_id else None
        result: dict = {
            "initialized": inst is not None,
            "mode": inst.mode if inst else None,
            "name": inst.name if inst else None,
            "installation_id": inst.id if inst else None,
            "school": (
                {
                    "id": school.id,
                    "code": school.code,
                    "name": school.name,
                    "municipality": school.municipality,
                    "statuses": school.statuses,
                }
                if school
                else None
            ),
        }
    result["database"] = store.location
    result["schema_revision"] = current_revision(store.engine)
    result["counts"] = table_counts(store)
    return result
