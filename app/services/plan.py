"""The plan of measures, as far as other instruments need it: activities to pick and link."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.services.refs import Ref
from app.store import Store
from db.models import PlanActivity, PlanSection, Programme


def activity_label(number: str, title: str) -> str:
    return f"{number} {title}".strip()


def activity_refs(session: Session, ids: Iterable[str]) -> dict[str, Ref]:
    ids = list(ids)
    if not ids:
        return {}
    rows = session.execute(
        select(PlanActivity.id, PlanActivity.number, PlanActivity.title).where(PlanActivity.id.in_(ids))
    )
    return {i: Ref(i, activity_label(number, title)) for i, number, title in rows}


def activity_choices(store: Store, school_id: str) -> list[Ref]:
    """The current programme's plan activities, in plan order, for multi-select lists."""
    with store.session() as s:
        rows = s.execute(
            select(PlanActivity.id, PlanActivity.number, PlanActivity.title)
            .join(Programme, Programme.id == PlanActivity.program_id)
            .join(PlanSection, PlanSection.id == PlanActivity.section_id)
            .where(
                Programme.school_id == school_id,
                Programme.is_current.is_(True),
                Programme.deleted_at.is_(None),
                PlanActivity.deleted_at.is_(None),
            )
            .order_by(PlanSection.position, PlanActivity.position)
        )
        return [Ref(i, activity_label(number, title)) for i, number, title in rows]
