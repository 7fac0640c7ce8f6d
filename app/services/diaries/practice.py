"""What teacher and director diary entries share: their «источник» events and plan activities."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.services.diaries.common import Ref, format_period, set_links
from app.store import Store
from db.models import Event, PlanActivity


def event_label(title: str, date_from, date_to) -> str:
    period = format_period(date_from, date_to)
    return f"{title} ({period})" if period else title


def event_refs(session: Session, ids: Iterable[str]) -> dict[str, Ref]:
    ids = list(ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Event.id, Event.title, Event.date_from, Event.date_to).where(
            Event.id.in_(ids), Event.deleted_at.is_(None)
        )
    )
    return {i: Ref(i, event_label(title, start, end)) for i, title, start, end in rows}


def event_choices(store: Store, school_id: str) -> list[Ref]:
    """The school's live events of «Дневник школы», newest first: what «Источник» can name."""
    with store.session() as s:
        rows = s.execute(
            select(Event.id, Event.title, Event.date_from, Event.date_to)
            .where(Event.school_id == school_id, Event.deleted_at.is_(None))
            .order_by(Event.date_from.desc(), Event.title)
        )
        return [Ref(i, event_label(title, start, end)) for i, title, start, end in rows]


def check_same_school(session: Session, school_id: str, pairs) -> None:
    """Every picked id of each (model, ids) pair exists and is this school's (or the office's)."""
    for model, ids in pairs:
        if not ids:
            continue
        found = set(
            session.scalars(
                select(model.id).where(
                    model.id.in_(list(ids)), or_(model.school_id == school_id, model.school_id.is_(None))
                )
            )
        )
        if found != set(ids):
            raise UserError("Среди выбранных есть записи, которых больше нет, — откройте форму заново.")


class PracticeEntryMixin:
    """For diaries whose entries name source events and plan activities."""

    event_link: type
    activity_link: type

    def write_links(self, session: Session, entry, event_ids, activity_ids) -> None:
        check_same_school(session, entry.school_id, ((Event, event_ids), (PlanActivity, activity_ids)))
        set_links(session, self.event_link, "entry_id", entry.id, "event_id", event_ids)
        set_links(session, self.activity_link, "entry_id", entry.id, "activity_id", activity_ids)
