"""«Путь от обучения к практике»: from an event to every use of its methods, and from a plan
activity to every event and diary entry serving it — the seed's question, both ways."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.records import live
from app.core.store import Store
from app.diaries.common import DiaryFilter, Ref
from app.diaries.director import DirectorRow, director_diary
from app.diaries.events import EventRow, school_diary
from app.diaries.teacher import TeacherRow, teacher_diary
from app.programme.plan import activity_label
from db.enums import ACTIVITY_STATUS_LABELS
from db.models import (
    DirectorDiaryActivity,
    DirectorDiaryEntry,
    DirectorDiaryEvent,
    Event,
    EventActivity,
    PlanActivity,
    TeacherDiaryActivity,
    TeacherDiaryEntry,
    TeacherDiaryEvent,
)


@dataclass
class EventPath:
    event: EventRow
    teacher_entries: list[TeacherRow] = field(default_factory=list)
    director_entries: list[DirectorRow] = field(default_factory=list)

    @property
    def activities(self) -> list[Ref]:
        return self.event.activities

    @property
    def used(self) -> bool:
        return bool(self.teacher_entries or self.director_entries)


@dataclass
class ActivityPath:
    activity: Ref
    status: str
    expected_result: str
    actual_result: str
    district: bool = False  # an item of the office's own programme, not a school's
    events: list[EventRow] = field(default_factory=list)
    teacher_entries: list[TeacherRow] = field(default_factory=list)
    director_entries: list[DirectorRow] = field(default_factory=list)


def _live_entry_ids(session, link, entry_model, column: str, value: str) -> list[str]:
    return list(
        session.scalars(
            select(entry_model.id)
            .join(link, link.entry_id == entry_model.id)
            .where(getattr(link, column) == value, entry_model.deleted_at.is_(None))
            .order_by(entry_model.entry_date)
        )
    )


def _ordered(service, store: Store, ids: list[str]) -> list:
    rows = service.fetch(store, ids)
    return [rows[i] for i in ids if i in rows]


def event_path(store: Store, event_id: str) -> EventPath:
    event = school_diary.get_row(store, event_id)
    with store.session() as s:
        teacher_ids = _live_entry_ids(s, TeacherDiaryEvent, TeacherDiaryEntry, "event_id", event_id)
        director_ids = _live_entry_ids(s, DirectorDiaryEvent, DirectorDiaryEntry, "event_id", event_id)
    return EventPath(
        event=event,
        teacher_entries=_ordered(teacher_diary, store, teacher_ids),
        director_entries=_ordered(director_diary, store, director_ids),
    )


def activity_path(store: Store, activity_id: str) -> ActivityPath:
    with store.session() as s:
        activity = live(s, PlanActivity, activity_id, "Это мероприятие плана удалено или не найдено.")
        event_ids = list(
            s.scalars(
                select(Event.id)
                .join(EventActivity, EventActivity.event_id == Event.id)
                .where(EventActivity.activity_id == activity_id, Event.deleted_at.is_(None))
                .order_by(Event.date_from)
            )
        )
        teacher_ids = _live_entry_ids(s, TeacherDiaryActivity, TeacherDiaryEntry, "activity_id", activity_id)
        director_ids = _live_entry_ids(
            s, DirectorDiaryActivity, DirectorDiaryEntry, "activity_id", activity_id
        )
        path = ActivityPath(
            activity=Ref(activity.id, activity_label(activity.number, activity.title)),
            status=ACTIVITY_STATUS_LABELS[activity.status],
            expected_result=activity.expected_result,
            actual_result=activity.actual_result,
            district=activity.school_id is None,
        )
    path.events = _ordered(school_diary, store, event_ids)
    path.teacher_entries = _ordered(teacher_diary, store, teacher_ids)
    path.director_entries = _ordered(director_diary, store, director_ids)
    return path


def events_without_use(store: Store, school_id: str) -> list[EventRow]:
    """Events whose methods no teacher or director diary entry records as used yet."""
    return [row for row in school_diary.rows(store, school_id, DiaryFilter()) if row.uses == 0]
