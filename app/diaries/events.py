"""«Дневник школы»: training events attended, what they taught, what in the programme they serve."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.core.access import require_writable, writable
from app.core.dates import format_period
from app.core.errors import ValidationError
from app.core.store import Store
from app.diaries.base import DiaryService
from app.diaries.common import Column, DiaryFilter, Ref, RowBase, check_not_beyond_year, links_for, set_links
from app.diaries.practice import check_same_school
from app.programme.plan import activity_refs
from db.enums import EVENT_LEVEL_LABELS, EVENT_LEVELS
from db.models import (
    DirectorDiaryEntry,
    DirectorDiaryEvent,
    Event,
    EventActivity,
    EventParticipant,
    PlanActivity,
    Staff,
    TeacherDiaryEntry,
    TeacherDiaryEvent,
)

COLUMNS = [
    Column("title", "Мероприятие"),
    Column("organizer", "Организатор"),
    Column("dates", "Даты"),
    Column("participants", "Участники курса"),
    Column("key_elements", "Основные элементы курса"),
    Column("activities", "Соответствующие им элементы школьной программы улучшения результатов"),
    Column("uses", "Применение в практике", printed=False),
    Column("comments", "Комментарии куратора", printed=False),
]


@dataclass
class EventData:
    """What the form edits."""

    title: str = ""
    form: str = ""
    organizer: str = ""
    level: str = "municipal"
    date_from: date | None = None
    date_to: date | None = None
    participant_ids: list[str] = field(default_factory=list)
    participants_note: str = ""
    key_elements: str = ""
    activity_ids: list[str] = field(default_factory=list)
    program_elements_note: str = ""


@dataclass
class EventRow(RowBase):
    data: EventData = field(default_factory=EventData)
    participants: list[Ref] = field(default_factory=list)
    activities: list[Ref] = field(default_factory=list)
    uses: int = 0  # live teacher and director diary entries naming this event as source

    def cell(self, key: str) -> str:
        d = self.data
        if key == "title":
            return f"{d.title}\n({d.form})" if d.form else d.title
        if key == "organizer":
            level = EVENT_LEVEL_LABELS.get(d.level, d.level)
            return f"{d.organizer}\n({level} уровень)" if d.organizer else f"{level} уровень"
        if key == "dates":
            return format_period(d.date_from, d.date_to)
        if key == "participants":
            names = ", ".join(p.label for p in self.participants)
            return "\n".join(x for x in (names, d.participants_note) if x)
        if key == "key_elements":
            return d.key_elements
        if key == "activities":
            refs = "\n".join(a.label for a in self.activities)
            return "\n".join(x for x in (refs, d.program_elements_note) if x)
        if key == "uses":
            return f"записей: {self.uses}" if self.uses else "нет записей о применении"
        if key == "comments":
            return self.comments_text()
        raise KeyError(key)


def validate(data: EventData, today: date | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "Впишите название мероприятия (например, «Практический семинар …»)."
    if data.level not in EVENT_LEVELS:
        errors["level"] = (
            "Выберите уровень организатора: школьный, муниципальный, региональный или федеральный."
        )
    if data.date_from is None:
        errors["date_from"] = "Укажите дату начала мероприятия."
    elif problem := check_not_beyond_year(data.date_from, today):
        errors["date_from"] = problem
    if data.date_to is not None and data.date_from is not None and data.date_to < data.date_from:
        errors["date_to"] = "Дата окончания раньше даты начала — исправьте одну из них."
    elif problem := check_not_beyond_year(data.date_to, today):
        errors["date_to"] = problem
    return errors


class SchoolDiary(DiaryService):
    model = Event
    comment_target = "events"
    title = "Дневник школы"
    columns = COLUMNS

    def date_column(self) -> ColumnElement:
        return Event.date_from

    def text_columns(self) -> list[ColumnElement]:
        return [
            Event.title,
            Event.form,
            Event.organizer,
            Event.participants_note,
            Event.key_elements,
            Event.program_elements_note,
        ]

    def date_filters(self, flt: DiaryFilter) -> list:
        # An event counts if any of its days falls in the range.
        found = []
        if flt.date_from is not None:
            found.append(func.coalesce(Event.date_to, Event.date_from) >= flt.date_from)
        if flt.date_to is not None:
            found.append(Event.date_from <= flt.date_to)
        return found

    def extra_filters(self, flt: DiaryFilter) -> list:
        return [Event.level == flt.level] if flt.level else []

    def sort_expression(self, key: str) -> ColumnElement:
        participants = select(func.count()).where(EventParticipant.event_id == Event.id).scalar_subquery()
        simple = {
            "title": Event.title,
            "organizer": Event.organizer,
            "dates": Event.date_from,
            "key_elements": Event.key_elements,
            "activities": Event.program_elements_note,
            "participants": participants,
            "uses": _uses_count(),
            "comments": Event.date_from,
        }
        return simple[key]

    def build_rows(self, session: Session, records: list) -> list[EventRow]:
        ids = [r.id for r in records]
        people = links_for(session, EventParticipant, "event_id", "staff_id", ids)
        activities = links_for(session, EventActivity, "event_id", "activity_id", ids)
        names = _staff_names(session, {p for found in people.values() for p in found})
        labels = activity_refs(session, {a for found in activities.values() for a in found})
        uses = _uses(session, ids)
        rows = []
        for r in records:
            data = EventData(
                title=r.title,
                form=r.form,
                organizer=r.organizer,
                level=r.level,
                date_from=r.date_from,
                date_to=r.date_to,
                participant_ids=people.get(r.id, []),
                participants_note=r.participants_note,
                key_elements=r.key_elements,
                activity_ids=activities.get(r.id, []),
                program_elements_note=r.program_elements_note,
            )
            rows.append(
                EventRow(
                    id=r.id,
                    deleted_at=r.deleted_at,
                    data=data,
                    participants=sorted(
                        (names[p] for p in data.participant_ids if p in names), key=lambda ref: ref.label
                    ),
                    activities=sorted(
                        (labels[a] for a in data.activity_ids if a in labels), key=lambda ref: ref.label
                    ),
                    uses=uses.get(r.id, 0),
                )
            )
        return rows

    def create(self, store: Store, school_id: str, data: EventData, today: date | None = None) -> str:
        if errors := validate(data, today):
            raise ValidationError(errors)
        with store.session() as s:
            require_writable(s, school_id)
            event = Event(school_id=school_id)
            s.add(event)
            self._write(s, event, data)
            return event.id

    def update(self, store: Store, event_id: str, data: EventData, today: date | None = None) -> None:
        if errors := validate(data, today):
            raise ValidationError(errors)
        with store.session() as s:
            self._write(s, writable(s, self.model, event_id, self.gone_message), data)

    def _write(self, session: Session, event: Event, data: EventData) -> None:
        for key in ("form", "organizer", "participants_note", "key_elements", "program_elements_note"):
            setattr(event, key, getattr(data, key).strip())
        event.title = data.title.strip()
        event.level, event.date_from, event.date_to = data.level, data.date_from, data.date_to
        session.flush()
        check_same_school(
            session, event.school_id, ((Staff, data.participant_ids), (PlanActivity, data.activity_ids))
        )
        set_links(session, EventParticipant, "event_id", event.id, "staff_id", data.participant_ids)
        set_links(session, EventActivity, "event_id", event.id, "activity_id", data.activity_ids)


def _staff_names(session: Session, ids: set[str]) -> dict[str, Ref]:
    if not ids:
        return {}
    rows = session.execute(select(Staff.id, Staff.full_name).where(Staff.id.in_(ids)))
    return {i: Ref(i, name) for i, name in rows}


def _live_uses(link, entry_model):
    return (
        select(link.event_id, func.count())
        .join(entry_model, entry_model.id == link.entry_id)
        .where(entry_model.deleted_at.is_(None))
        .group_by(link.event_id)
    )


def _uses(session: Session, ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for link, entry_model in (
        (TeacherDiaryEvent, TeacherDiaryEntry),
        (DirectorDiaryEvent, DirectorDiaryEntry),
    ):
        for event_id, n in session.execute(_live_uses(link, entry_model).where(link.event_id.in_(ids))):
            found[event_id] = found.get(event_id, 0) + n
    return found


def _uses_count() -> ColumnElement:
    def one(link, entry_model):
        return (
            select(func.count())
            .select_from(link)
            .join(entry_model, entry_model.id == link.entry_id)
            .where(link.event_id == Event.id, entry_model.deleted_at.is_(None))
            .scalar_subquery()
        )

    return one(TeacherDiaryEvent, TeacherDiaryEntry) + one(DirectorDiaryEvent, DirectorDiaryEntry)


school_diary = SchoolDiary()
