"""What teacher and director diary entries share: their «источник» events and plan activities."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.core.access import require_writable, writable
from app.core.dates import format_period
from app.core.errors import UserError, ValidationError
from app.core.store import Store
from app.diaries.common import Ref, links_for, set_links
from app.programme.plan import activity_refs
from db.models import Event, EventActivity, PlanActivity


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


def event_activity_ids(store: Store, event_ids: Iterable[str]) -> list[str]:
    """The live plan activities the given events of «Дневник школы» are linked to: what an entry
    that names these events as its source most likely carries out too."""
    ids = list(event_ids)
    if not ids:
        return []
    with store.session() as s:
        rows = s.scalars(
            select(EventActivity.activity_id)
            .join(PlanActivity, PlanActivity.id == EventActivity.activity_id)
            .where(EventActivity.event_id.in_(ids), PlanActivity.deleted_at.is_(None))
        )
        return list(dict.fromkeys(rows))


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
    """For diaries whose entries name source events and plan activities: the shared half of
    building rows and of saving. A diary gives its model, link tables, text fields and check()."""

    event_link: type
    activity_link: type
    text_fields: tuple[str, ...]

    def check(self, session: Session, school_id: str, data, entry, today: date | None) -> dict[str, str]:
        raise NotImplementedError

    def write_extra(self, entry, data) -> None:
        """Fields beyond the date and the text fields (the teacher of a teacher's entry)."""

    def practice_refs(self, session: Session, records: list):
        """For each record: (its source event ids, plan activity ids), and the labels of all of them."""
        ids = [r.id for r in records]
        events = links_for(session, self.event_link, "entry_id", "event_id", ids)
        activities = links_for(session, self.activity_link, "entry_id", "activity_id", ids)
        event_labels = event_refs(session, {e for found in events.values() for e in found})
        activity_labels = activity_refs(session, {a for found in activities.values() for a in found})
        return events, activities, event_labels, activity_labels

    @staticmethod
    def pick(labels: dict[str, Ref], ids: list[str], ordered: bool = False) -> list[Ref]:
        refs = [labels[i] for i in ids if i in labels]
        return sorted(refs, key=lambda ref: ref.label) if ordered else refs

    def write_links(self, session: Session, entry, event_ids, activity_ids) -> None:
        check_same_school(session, entry.school_id, ((Event, event_ids), (PlanActivity, activity_ids)))
        set_links(session, self.event_link, "entry_id", entry.id, "event_id", event_ids)
        set_links(session, self.activity_link, "entry_id", entry.id, "activity_id", activity_ids)

    def _write(self, session: Session, entry, data) -> None:
        entry.entry_date = data.entry_date
        self.write_extra(entry, data)
        for key in self.text_fields:
            setattr(entry, key, getattr(data, key).strip())
        session.flush()
        self.write_links(session, entry, data.event_ids, data.activity_ids)

    def create(self, store: Store, school_id: str, data, today: date | None = None) -> str:
        with store.session() as s:
            require_writable(s, school_id)
            if errors := self.check(s, school_id, data, None, today):
                raise ValidationError(errors)
            entry = self.model(school_id=school_id)
            s.add(entry)
            self._write(s, entry, data)
            return entry.id

    def update(self, store: Store, entry_id: str, data, today: date | None = None) -> None:
        with store.session() as s:
            entry = writable(s, self.model, entry_id, self.gone_message)
            if errors := self.check(s, entry.school_id, data, entry, today):
                raise ValidationError(errors)
            self._write(s, entry, data)
