"""The plan of measures: sections and activities of a programme, as the plan page and other
instruments read them (changes are in app.programme.plan_edit).

Numbers are stored («1», «1.1» …) and always follow the positions; plan_edit recomputes them
in one place after every change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from app.core.refs import Ref
from app.core.store import Store
from app.core.text import fold
from db.enums import ACTIVITY_STATUS_LABELS, ACTIVITY_STATUSES
from db.models import (
    DirectorDiaryActivity,
    DirectorDiaryEntry,
    Event,
    EventActivity,
    PlanActivity,
    PlanSection,
    Programme,
    TeacherDiaryActivity,
    TeacherDiaryEntry,
)

OVERDUE = "overdue"  # a filter value besides the statuses: due date passed, not done
CLOSED_STATUSES = ("done", "cancelled")

__all__ = [
    "ACTIVITY_STATUSES",
    "ACTIVITY_STATUS_LABELS",
    "OVERDUE",
    "ActivityData",
    "ActivityRow",
    "PlanFilter",
    "SectionRow",
    "activity_choices",
    "activity_label",
    "activity_refs",
    "diary_link_exists",
    "filter_plan",
    "is_overdue",
    "link_counts",
    "live_activities",
    "live_sections",
    "plan_of",
    "plan_progress",
    "progress_text",
]


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


def activity_choices(store: Store, school_id: str | None) -> list[Ref]:
    """The current programme's plan activities, in plan order, for multi-select lists."""
    owner = Programme.school_id.is_(None) if school_id is None else Programme.school_id == school_id
    with store.session() as s:
        rows = s.execute(
            select(PlanActivity.id, PlanActivity.number, PlanActivity.title)
            .join(Programme, Programme.id == PlanActivity.program_id)
            .join(PlanSection, PlanSection.id == PlanActivity.section_id)
            .where(
                owner,
                Programme.is_current.is_(True),
                Programme.deleted_at.is_(None),
                PlanSection.deleted_at.is_(None),
                PlanActivity.deleted_at.is_(None),
            )
            .order_by(PlanSection.position, PlanActivity.position)
        )
        return [Ref(i, activity_label(number, title)) for i, number, title in rows]


def is_overdue(due_date: date | None, status: str, today: date | None = None) -> bool:
    """The due date has passed and the activity is neither done nor cancelled."""
    if due_date is None or status in CLOSED_STATUSES:
        return False
    return due_date < (today or date.today())


def progress_text(done: int, total: int) -> str:
    return f"Выполнено {done} из {total}"


@dataclass
class ActivityData:
    """One activity as its form edits it."""

    title: str = ""
    deadline_text: str = ""
    due_date: date | None = None
    responsible: str = ""
    expected_result: str = ""
    control_form: str = ""
    status: str = "planned"
    actual_result: str = ""
    done_on: date | None = None


DATA_FIELDS = tuple(f.name for f in fields(ActivityData))


@dataclass
class ActivityRow(ActivityData):
    """An activity as the plan shows it, with how much in the diaries serves it."""

    id: str = ""
    section_id: str = ""
    program_id: str = ""
    number: str = ""
    position: int = 0
    overdue: bool = False
    events: int = 0  # linked events of «Дневник школы»
    entries: int = 0  # linked entries of the teacher and director diaries

    @classmethod
    def of(cls, row: PlanActivity, today: date, events: int = 0, entries: int = 0) -> ActivityRow:
        values = {name: getattr(row, name) for name in DATA_FIELDS}
        return cls(
            **values,
            id=row.id,
            section_id=row.section_id,
            program_id=row.program_id,
            number=row.number,
            position=row.position,
            overdue=is_overdue(row.due_date, row.status, today),
            events=events,
            entries=entries,
        )

    @property
    def status_label(self) -> str:
        return ACTIVITY_STATUS_LABELS.get(self.status, self.status)

    @property
    def label(self) -> str:
        return activity_label(self.number, self.title)

    @property
    def linked(self) -> int:
        return self.events + self.entries

    def data(self) -> ActivityData:
        return ActivityData(**{name: getattr(self, name) for name in DATA_FIELDS})


@dataclass
class SectionRow:
    id: str
    number: str
    title: str
    position: int
    activities: list[ActivityRow] = field(default_factory=list)
    done: int = 0  # of the whole section, whatever the filter shows
    total: int = 0  # cancelled activities are not counted

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def progress(self) -> str:
        return progress_text(self.done, self.total)


@dataclass(frozen=True)
class PlanFilter:
    """What the user narrowed the plan to; `status` is a status value or OVERDUE."""

    status: str | None = None
    section_id: str | None = None
    responsible: str = ""

    @property
    def narrows_activities(self) -> bool:
        return self.status is not None or bool(self.responsible.strip())

    def accepts(self, row: ActivityRow) -> bool:
        if self.status == OVERDUE and not row.overdue:
            return False
        if self.status not in (None, OVERDUE) and row.status != self.status:
            return False
        wanted = fold(self.responsible.strip(), spaces=False)
        return not wanted or wanted in fold(row.responsible, spaces=False)


def diary_link_exists(activity_id) -> ColumnElement[bool]:
    """True where a live event or diary entry links to the activity (an id or a column)."""
    return or_(
        exists().where(
            EventActivity.activity_id == activity_id,
            Event.id == EventActivity.event_id,
            Event.deleted_at.is_(None),
        ),
        exists().where(
            TeacherDiaryActivity.activity_id == activity_id,
            TeacherDiaryEntry.id == TeacherDiaryActivity.entry_id,
            TeacherDiaryEntry.deleted_at.is_(None),
        ),
        exists().where(
            DirectorDiaryActivity.activity_id == activity_id,
            DirectorDiaryEntry.id == DirectorDiaryActivity.entry_id,
            DirectorDiaryEntry.deleted_at.is_(None),
        ),
    )


def link_counts(session: Session, programme_id: str) -> tuple[dict[str, int], dict[str, int]]:
    """Per activity of the programme: live linked events, live linked diary entries."""

    def count(link, entry, key) -> dict[str, int]:
        rows = session.execute(
            select(link.activity_id, func.count())
            .join(entry, entry.id == key)
            .join(PlanActivity, PlanActivity.id == link.activity_id)
            .where(PlanActivity.program_id == programme_id, entry.deleted_at.is_(None))
            .group_by(link.activity_id)
        )
        return {activity_id: n for activity_id, n in rows}

    events = count(EventActivity, Event, EventActivity.event_id)
    entries = count(TeacherDiaryActivity, TeacherDiaryEntry, TeacherDiaryActivity.entry_id)
    for activity_id, n in count(
        DirectorDiaryActivity, DirectorDiaryEntry, DirectorDiaryActivity.entry_id
    ).items():
        entries[activity_id] = entries.get(activity_id, 0) + n
    return events, entries


def live_sections(session: Session, programme_id: str) -> list[PlanSection]:
    return list(
        session.scalars(
            select(PlanSection)
            .where(PlanSection.program_id == programme_id, PlanSection.deleted_at.is_(None))
            .order_by(PlanSection.position, PlanSection.created_at, PlanSection.id)
        )
    )


def live_activities(session: Session, section_id: str) -> list[PlanActivity]:
    return list(
        session.scalars(
            select(PlanActivity)
            .where(PlanActivity.section_id == section_id, PlanActivity.deleted_at.is_(None))
            .order_by(PlanActivity.position, PlanActivity.created_at, PlanActivity.id)
        )
    )


def plan_of(
    store: Store, programme_id: str, plan_filter: PlanFilter | None = None, today: date | None = None
) -> list[SectionRow]:
    """The plan by sections, in order, narrowed by `plan_filter` (see filter_plan)."""
    today = today or date.today()
    with store.session() as s:
        events, entries = link_counts(s, programme_id)
        activities: dict[str, list[ActivityRow]] = {}
        for row in s.scalars(
            select(PlanActivity)
            .where(PlanActivity.program_id == programme_id, PlanActivity.deleted_at.is_(None))
            .order_by(PlanActivity.position, PlanActivity.created_at, PlanActivity.id)
        ):
            activity = ActivityRow.of(row, today, events.get(row.id, 0), entries.get(row.id, 0))
            activities.setdefault(row.section_id, []).append(activity)
        sections = []
        for section in live_sections(s, programme_id):
            rows = activities.get(section.id, [])
            sections.append(
                SectionRow(
                    id=section.id,
                    number=section.number,
                    title=section.title,
                    position=section.position,
                    activities=rows,
                    done=sum(1 for r in rows if r.status == "done"),
                    total=sum(1 for r in rows if r.status != "cancelled"),
                )
            )
    return filter_plan(sections, plan_filter) if plan_filter is not None else sections


def filter_plan(sections: Iterable[SectionRow], plan_filter: PlanFilter) -> list[SectionRow]:
    """The sections and activities the filter lets through. A filter on status or responsible
    drops the sections it empties; each section keeps the progress of all its activities."""
    result = []
    for section in sections:
        if plan_filter.section_id is not None and section.id != plan_filter.section_id:
            continue
        shown = [r for r in section.activities if plan_filter.accepts(r)]
        if plan_filter.narrows_activities and not shown:
            continue
        result.append(replace(section, activities=shown))
    return result


def plan_progress(sections: Iterable[SectionRow]) -> tuple[int, int]:
    """Done of total over the sections given (cancelled activities not counted)."""
    sections = list(sections)
    return sum(s.done for s in sections), sum(s.total for s in sections)
