"""Блок 2 and Блок 3 of the district report (seed 004).

Блок 2, per school: «Название мероприятия / форма проведения · Сроки проведения · Результат».
The measures of the school's current plan come first: every one not cancelled that overlaps the
period at all — begun before its end and not finished before its start (one still under way
lasts until today), or with no date at all; the dates are its «Сроки» text, due date and day of
completion. Their result is as the school wrote it, with a few short, labelled lines from the
diaries that serve it; then the events of «Дневник школы» in the period that serve no measure of
the plan (courses and seminars the school's people attended), with who took part and what they
learnt. Блок 3: the grounds the registry holds for each chosen school that left the programme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from app.core.dates import format_day, format_period
from app.core.store import Store
from app.diaries import school_diary
from app.office.district import YEAR_MAX, YEAR_MIN, DistrictChoice
from app.programme.plan import ActivityRow
from db.models import (
    DirectorDiaryActivity,
    DirectorDiaryEntry,
    Event,
    EventActivity,
    PlanActivity,
    PlanSection,
    Programme,
    School,
    Staff,
    TeacherDiaryActivity,
    TeacherDiaryEntry,
)

SHOWN_ENTRIES = 3  # diary lines under one measure, the earliest first
EVIDENCE_CHARS = 140  # a diary line longer than this is cut at a word, «…»
_DAY_RE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_SHORT_PAIR_RE = re.compile(r"(?<!\d)(\d{4})\s*[/–—-]\s*(\d{2})(?!\d)")  # «2020/21»
_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
NO_PROGRAMME = "Текущей программы в данных школы нет; мероприятия плана не показаны."


@dataclass
class ActivityLine:
    """One row of Блок 2: a measure of the plan (`activity`) or an event of «Дневник школы»."""

    title: str
    result: str
    activity: ActivityRow | None = None  # its «Сроки» are the plan's (text, due date)
    period: str = ""  # an event's dates


@dataclass
class SchoolActivities:
    number: int
    name: str
    lines: list[ActivityLine] = field(default_factory=list)
    note: str = ""  # why the plan's measures are missing, if they are


@dataclass
class LeftSchool:
    number: int
    name: str
    left_on: date
    grounds: str


def deadline_bounds(text: str) -> tuple[date | None, date | None]:
    """The first and last day «Сроки» names: «2020 г 03.06.2021г.- 30.11.2021г.» → 01.01.2020 and
    30.11.2021; a year alone counts whole; (None, None) when the text names no year."""
    days: list[date] = []

    def day(match: re.Match) -> str:
        try:
            days.append(date(int(match[3]), int(match[2]), int(match[1])))
        except ValueError:
            return match[0]  # no such day: its year still counts below
        return " "

    rest = _DAY_RE.sub(day, text or "")
    rest = _SHORT_PAIR_RE.sub(lambda m: f"{m[1]} {m[1][:2]}{m[2]}", rest)
    for match in _YEAR_RE.finditer(rest):
        year = int(match[1])
        if YEAR_MIN <= year <= YEAR_MAX:
            days += [date(year, 1, 1), date(year, 12, 31)]
    return (min(days), max(days)) if days else (None, None)


def overlaps(activity: ActivityRow, start: date, end: date, today: date) -> bool:
    """Whether a measure belongs to the period [start, end]: begun before its end and not finished
    before its start. One not done yet is still under way today; one with no date at all counts."""
    first, last = deadline_bounds(activity.deadline_text)
    days = [d for d in (activity.due_date, activity.done_on) if d is not None]
    if first is None and not days:
        return True
    began = first or min(days)
    finished = max(days + ([last] if last is not None else []))
    if activity.status != "done":
        finished = max(finished, today)
    return began <= end and finished >= start


def _status_words(activity: ActivityRow) -> str:
    words = activity.status_label
    return f"{words}, просрочено" if activity.overdue else words


def short_line(text: str, limit: int = EVIDENCE_CHARS) -> str:
    """One line of at most `limit` characters, cut at a word with «…» (an open «» closed)."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:—-«") + "…"
    return cut + "»" * max(0, cut.count("«") - cut.count("»"))


def _labelled(label: str, text: str) -> str:
    text = text.strip()
    return short_line(f"{label}: {text}" if text else label)


@dataclass(frozen=True)
class Evidence:
    """A diary record serving a measure: when, and the line shown under its result."""

    day: date
    line: str


def _activity_result(activity: ActivityRow, evidence: list[Evidence]) -> str:
    """The result as the school wrote it (where it wrote none, the measure's state), then up to
    SHOWN_ENTRIES short diary lines, each naming its diary and day."""
    result = activity.actual_result.strip() or f"Результат не внесён ({_status_words(activity)})."
    shown = [e.line for e in sorted(evidence, key=lambda e: e.day)[:SHOWN_ENTRIES]]
    return "\n".join([result, *shown]) if shown else result


def _current_programmes(session: Session, school_ids: list[str]) -> dict[str, str]:
    """Each school's current programme (the latest by its first year, as current_programme)."""
    rows = session.execute(
        select(Programme.school_id, Programme.id)
        .where(
            Programme.school_id.in_(school_ids),
            Programme.is_current.is_(True),
            Programme.deleted_at.is_(None),
        )
        .order_by(Programme.year_from)
    )
    return {school_id: programme_id for school_id, programme_id in rows}


def _plan_rows(session: Session, programme_ids: list[str], today: date) -> dict[str, list[ActivityRow]]:
    """The live measures of these programmes in plan order (as plan_of), by school."""
    found: dict[str, list[ActivityRow]] = {}
    rows = session.scalars(
        select(PlanActivity)
        .join(PlanSection, PlanSection.id == PlanActivity.section_id)
        .where(
            PlanActivity.program_id.in_(programme_ids),
            PlanActivity.deleted_at.is_(None),
            PlanSection.deleted_at.is_(None),
        )
        .order_by(
            PlanSection.position,
            PlanSection.created_at,
            PlanSection.id,
            PlanActivity.position,
            PlanActivity.created_at,
            PlanActivity.id,
        )
    )
    for row in rows:
        found.setdefault(row.school_id, []).append(ActivityRow.of(row, today))
    return found


def _evidence(session: Session, school_ids: list[str], start: date, end: date) -> dict[str, list[Evidence]]:
    """Per plan measure, a line for each event and diary entry of the period that serves it:
    «Дневник школы, 18.03.2021: Семинар …», «Дневник педагога, 02.04.2021 (Петрова А. С.): …»."""
    lines: dict[str, list[Evidence]] = {}
    events = session.execute(
        select(EventActivity.activity_id, Event.title, Event.date_from, Event.date_to)
        .join(Event, Event.id == EventActivity.event_id)
        .where(Event.school_id.in_(school_ids), Event.deleted_at.is_(None), *_event_in(start, end))
        .order_by(Event.date_from, Event.id)
    )
    for activity_id, title, date_from, date_to in events:
        line = _labelled(f"Дневник школы, {format_period(date_from, date_to)}", title)
        lines.setdefault(activity_id, []).append(Evidence(date_from, line))
    t = TeacherDiaryEntry
    teachers = session.execute(
        select(TeacherDiaryActivity.activity_id, Staff.full_name, t.entry_date, t.results, t.methods)
        .join(t, t.id == TeacherDiaryActivity.entry_id)
        .join(Staff, Staff.id == t.staff_id)
        .where(t.school_id.in_(school_ids), t.deleted_at.is_(None), t.entry_date.between(start, end))
        .order_by(t.entry_date, t.id)
    )
    for activity_id, name, day, results, methods in teachers:
        what = results.strip() or methods.strip()
        line = _labelled(f"Дневник педагога, {format_day(day)} ({name})", what)
        lines.setdefault(activity_id, []).append(Evidence(day, line))
    d = DirectorDiaryEntry
    directors = session.execute(
        select(DirectorDiaryActivity.activity_id, d.entry_date, d.results, d.form_of_use)
        .join(d, d.id == DirectorDiaryActivity.entry_id)
        .where(d.school_id.in_(school_ids), d.deleted_at.is_(None), d.entry_date.between(start, end))
        .order_by(d.entry_date, d.id)
    )
    for activity_id, day, results, form in directors:
        what = results.strip() or form.strip()
        line = _labelled(f"Дневник директора, {format_day(day)}", what)
        lines.setdefault(activity_id, []).append(Evidence(day, line))
    return lines


def _event_in(start: date, end: date) -> list:
    """An event counts if any of its days falls in the period (as «Дневник школы» filters)."""
    return [func.coalesce(Event.date_to, Event.date_from) >= start, Event.date_from <= end]


def _unplanned_events(store: Store, school_ids: list[str], start: date, end: date) -> dict[str, list]:
    """The period's events of «Дневник школы» that serve no measure, as the diary's rows, by school."""
    with store.session() as s:
        ids = list(
            s.scalars(
                select(Event.id)
                .where(
                    Event.school_id.in_(school_ids),
                    Event.deleted_at.is_(None),
                    *_event_in(start, end),
                    ~exists().where(EventActivity.event_id == Event.id),
                )
                .order_by(Event.date_from, Event.id)
            )
        )
        owners = (
            dict(s.execute(select(Event.id, Event.school_id).where(Event.id.in_(ids))).all()) if ids else {}
        )
    rows = school_diary.fetch(store, ids)
    found: dict[str, list] = {}
    for event_id in ids:
        if event_id in rows:
            found.setdefault(owners[event_id], []).append(rows[event_id])
    return found


def _event_line(event) -> ActivityLine:
    d = event.data
    title = f"{d.title} / {d.form}" if d.form.strip() else d.title
    people = ", ".join(p.label for p in event.participants)
    who = "; ".join(x for x in (people, d.participants_note.strip()) if x)
    result = [f"Участники: {who}"] if who else []
    if d.key_elements.strip():
        result.append(f"Основные элементы: {d.key_elements.strip()}")
    result.append(
        f"Применение в практике: записей дневников — {event.uses}"
        if event.uses
        else "Применение в практике в дневниках пока не записано"
    )
    return ActivityLine(title, "\n".join(result), period=format_period(d.date_from, d.date_to))


def activities_block(
    store: Store, choice: DistrictChoice, today: date | None = None
) -> list[SchoolActivities]:
    """Блок 2 for every chosen school, numbered as in the seed («Наименование ОО 1: …»).

    A few queries for all the schools together: the district report of 50 schools stays quick.
    """
    today = today or date.today()
    start, end = choice.period_start, choice.period_end
    ids = choice.school_ids
    with store.session() as s:
        programmes = _current_programmes(s, ids)
        plans = _plan_rows(s, list(programmes.values()), today)
        evidence = _evidence(s, ids, start, end)
    events = _unplanned_events(store, ids, start, end)
    found = []
    for number, school in enumerate(choice.schools, start=1):
        block = SchoolActivities(number, school.name)
        if school.id not in programmes:
            block.note = NO_PROGRAMME
        for activity in plans.get(school.id, []):
            if activity.status == "cancelled" or not overlaps(activity, start, end, today):
                continue
            result = _activity_result(activity, evidence.get(activity.id, []))
            block.lines.append(ActivityLine(activity.title, result, activity=activity))
        block.lines += [_event_line(e) for e in events.get(school.id, [])]
        found.append(block)
    return found


def leaving_block(store: Store, choice: DistrictChoice) -> list[LeftSchool]:
    """Блок 3: the chosen schools that left the programme, with the registry's grounds."""
    with store.session() as s:
        rows = s.execute(
            select(School.id, School.name, School.left_programme_on, School.left_grounds).where(
                School.id.in_(choice.school_ids), School.left_programme_on.is_not(None)
            )
        ).all()
    by_id = {row.id: row for row in rows}
    ordered = [by_id[i] for i in choice.school_ids if i in by_id]
    return [
        LeftSchool(n, row.name, row.left_programme_on, row.left_grounds.strip())
        for n, row in enumerate(ordered, start=1)
    ]
