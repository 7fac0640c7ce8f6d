"""«Что дошло до практики»: the chain event → methods → practice → results across the district
(seed 004: the three diaries exist to answer it), for each event of the office's catalogue and
each school's support need:
- which schools took part: their «Дневник школы» events that answer the catalogue event
  (`Event.catalog_event_id`), or through which the need's help came (`support_need_events`);
- the teachers who took part, and how many teacher and director diary entries name those events
  as their source (`teacher_diary_events`, `director_diary_events`);
- which plan activities it served: the activities of those events and of those entries;
- the assessment results (the schools' averages in русский язык and математика) and the
  indicators of those schools before and after: «before» is the last value of a year before the
  event's academic year, «after» the last value from that academic year on.
It shows what is recorded; it is not proof that the event caused the change (REMINDER says so).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select

from app.core.numbers import format_change, format_number
from app.core.store import Store
from app.core.text import fold
from app.office.district import SchoolRef, choose
from app.office.district_vpr import require_office
from app.programme.plan import activity_refs
from app.programme.subjects import normalize_subject
from db.enums import SUPPORT_LEVEL_LABELS
from db.models import (
    CatalogEvent,
    DirectorDiaryActivity,
    DirectorDiaryEntry,
    DirectorDiaryEvent,
    Event,
    EventActivity,
    EventParticipant,
    ExamResult,
    Indicator,
    IndicatorValue,
    PlanActivity,
    SupportNeed,
    SupportNeedActivity,
    SupportNeedEvent,
    SupportNeedOffer,
    TeacherDiaryActivity,
    TeacherDiaryEntry,
    TeacherDiaryEvent,
)

CATALOGUE, NEED = "catalogue", "need"
KIND_LABELS = {CATALOGUE: "Мероприятие каталога", NEED: "Потребность школы"}
REMINDER = (
    "Здесь показано то, что записано в базах школ: участие, записи дневников, результаты до и после. "
    "Это не доказательство того, что изменения вызваны мероприятием: на результаты влияет многое."
)
STAGES = (
    "не дошло до школ",
    "участие без записей о применении",
    "применяется: есть записи дневников",
)
DYNAMICS_SUBJECTS = ("русский язык", "математика")
DYNAMICS_ASSESSMENTS = ("ВПР", "ОГЭ", "ЕГЭ")


@dataclass(frozen=True)
class Change:
    """One figure of a school before and after."""

    label: str  # «ВПР, математика», «Качество знаний, %»
    before: tuple[str, float]  # (year, value)
    after: tuple[str, float]
    higher_is_better: bool = True

    @property
    def delta(self) -> float:
        return self.after[1] - self.before[1]

    @property
    def better(self) -> bool | None:
        if abs(self.delta) < 1e-9:
            return None
        return (self.delta > 0) == self.higher_is_better

    @property
    def text(self) -> str:
        (y0, v0), (y1, v1) = self.before, self.after
        change = format_change(self.delta)
        return f"{self.label}: {format_number(v0)} ({y0}) → {format_number(v1)} ({y1}), {change}"


@dataclass
class SchoolDynamics:
    school: SchoolRef
    changes: list[Change]
    missing: bool = False  # nothing to compare: no figure both before and after


@dataclass
class Reach:
    """How far one catalogue event or support need reached."""

    kind: str
    id: str
    title: str
    when: date | None
    offered_to: list[SchoolRef]  # catalogue: the schools whose needs it was offered for
    schools: list[SchoolRef]  # took part
    participants: int = 0  # teachers on the schools' events
    teacher_entries: int = 0
    director_entries: int = 0
    activities: list[str] = field(default_factory=list)
    dynamics: list[SchoolDynamics] = field(default_factory=list)

    @property
    def entries(self) -> int:
        return self.teacher_entries + self.director_entries

    @property
    def stage(self) -> int:
        if self.entries:
            return 2
        return 1 if self.schools else 0

    @property
    def stage_text(self) -> str:
        return STAGES[self.stage]

    @property
    def rose(self) -> int:
        return sum(1 for d in self.dynamics for c in d.changes if c.better is True)

    @property
    def fell(self) -> int:
        return sum(1 for d in self.dynamics for c in d.changes if c.better is False)

    @property
    def reach_key(self) -> tuple:
        """How far it reached, for sorting: the stage, then the diary entries, schools, teachers."""
        return (self.stage, self.entries, len(self.schools), self.participants, self.rose - self.fell)

    @property
    def results_text(self) -> str:
        if not self.schools:
            return "-"
        compared = sum(len(d.changes) for d in self.dynamics)
        if not compared:
            return "нет данных до и после"
        return f"лучше: {self.rose}, хуже: {self.fell} (из {compared})"


@dataclass
class Effectiveness:
    items: list[Reach]  # by reach, furthest first
    schools: int

    reminder: str = REMINDER


def _academic_end(day: date) -> int:
    """The calendar year the academic year of `day` ends in (exams of that summer)."""
    return day.year + 1 if day.month >= 9 else day.year


def _split(values: dict, cut_before, cut_after) -> tuple | None:
    """(before, after): the last value before `cut_before` (inclusive) and after `cut_after`."""
    before = [k for k in values if k <= cut_before]
    after = [k for k in values if k >= cut_after]
    if not before or not after:
        return None
    return (max(before), values[max(before)]), (max(after), values[max(after)])


class _Data:
    """Everything the chains need, read in a few queries (a region of 1 000 schools)."""

    def __init__(self, store: Store, refs: dict[str, SchoolRef]):
        ids = list(refs)
        with store.session() as s:
            self.catalogue = s.execute(
                select(CatalogEvent.id, CatalogEvent.title, CatalogEvent.date_from)
                .where(CatalogEvent.deleted_at.is_(None))
                .order_by(CatalogEvent.date_from, CatalogEvent.title)
            ).all()
            self.needs = s.execute(
                select(SupportNeed.id, SupportNeed.school_id, SupportNeed.content, SupportNeed.level)
                .where(SupportNeed.deleted_at.is_(None), SupportNeed.school_id.in_(ids))
                .order_by(SupportNeed.content)
            ).all()
            need_ids = [n.id for n in self.needs]
            self.need_events = _pairs(s, SupportNeedEvent.need_id, SupportNeedEvent.event_id, need_ids)
            self.need_activities = _pairs(
                s, SupportNeedActivity.need_id, SupportNeedActivity.activity_id, need_ids
            )
            self.offers = _pairs(s, SupportNeedOffer.need_id, SupportNeedOffer.catalog_event_id, need_ids)
            linked = {e for events in self.need_events.values() for e in events}
            events = s.execute(
                select(Event.id, Event.school_id, Event.catalog_event_id, Event.date_from).where(
                    Event.deleted_at.is_(None),
                    Event.school_id.in_(ids),
                    or_(Event.catalog_event_id.is_not(None), Event.id.in_(list(linked))),
                )
            ).all()
            self.events = {e.id: e for e in events}
            event_ids = list(self.events)
            self.participants = dict(
                s.execute(
                    select(EventParticipant.event_id, func.count(EventParticipant.staff_id))
                    .where(EventParticipant.event_id.in_(event_ids))
                    .group_by(EventParticipant.event_id)
                ).all()
            )
            self.event_activities = _pairs(s, EventActivity.event_id, EventActivity.activity_id, event_ids)
            self.teacher = _entries(s, TeacherDiaryEvent, TeacherDiaryEntry, TeacherDiaryActivity, event_ids)
            self.director = _entries(
                s, DirectorDiaryEvent, DirectorDiaryEntry, DirectorDiaryActivity, event_ids
            )
            wanted = {a for links in self.event_activities.values() for a in links}
            wanted |= {a for links in self.need_activities.values() for a in links}
            wanted |= {a for _e, links in self.teacher.values() for a in links}
            wanted |= {a for _e, links in self.director.values() for a in links}
            live = set(
                s.scalars(
                    select(PlanActivity.id).where(
                        PlanActivity.id.in_(list(wanted)), PlanActivity.deleted_at.is_(None)
                    )
                )
            )
            self.activity_labels = {k: r.label for k, r in activity_refs(s, live).items()}
            involved = {e.school_id for e in events}
            self.exams = _exam_series(s, involved)
            self.indicators = _indicator_series(s, involved)


def _pairs(session, key_column, value_column, keys: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    if keys:
        for key, value in session.execute(select(key_column, value_column).where(key_column.in_(keys))):
            found[key].append(value)
    return found


def _entries(
    session, link, entry, activity_link, event_ids: list[str]
) -> dict[str, tuple[list[str], list[str]]]:
    """{event id: (live entry ids naming it, their activity ids)}."""
    found: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    if not event_ids:
        return found
    rows = session.execute(
        select(link.event_id, link.entry_id)
        .join(entry, entry.id == link.entry_id)
        .where(link.event_id.in_(event_ids), entry.deleted_at.is_(None))
    ).all()
    activities = _pairs(
        session, activity_link.entry_id, activity_link.activity_id, [r.entry_id for r in rows]
    )
    for event_id, entry_id in rows:
        found[event_id][0].append(entry_id)
        found[event_id][1].extend(activities.get(entry_id, []))
    return found


def _exam_series(session, school_ids: set[str]) -> dict[str, dict[str, dict[int, float]]]:
    """{school: {«ВПР, математика»: {year: school average}}} in русский язык and математика."""
    series: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    if not school_ids:
        return series
    rows = session.execute(
        select(
            ExamResult.school_id,
            ExamResult.year,
            ExamResult.assessment,
            ExamResult.subject,
            ExamResult.level,
            ExamResult.metric,
            ExamResult.value,
        ).where(
            ExamResult.school_id.in_(list(school_ids)),
            ExamResult.deleted_at.is_(None),
            ExamResult.grade.is_(None),
            ExamResult.assessment.in_(DYNAMICS_ASSESSMENTS),
            ExamResult.metric.in_(("mean_mark", "mean_score")),
        )
    )
    for school_id, year, assessment, subject, level, _metric, value in rows:
        name = normalize_subject(subject) or fold(subject)
        if name in DYNAMICS_SUBJECTS:
            label = f"{assessment}, {name}" + (f" ({level})" if level else "")
            series[school_id][label][year] = value
    return series


def _indicator_series(session, school_ids: set[str]) -> dict[str, dict[tuple[str, bool], dict[str, float]]]:
    """{school: {(«Качество знаний, %», higher is better): {academic year: actual}}}."""
    series: dict[str, dict[tuple[str, bool], dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    if not school_ids:
        return series
    rows = session.execute(
        select(
            Indicator.school_id,
            Indicator.name,
            Indicator.unit,
            Indicator.higher_is_better,
            IndicatorValue.academic_year,
            IndicatorValue.actual,
        )
        .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
        .where(
            Indicator.school_id.in_(list(school_ids)),
            Indicator.deleted_at.is_(None),
            IndicatorValue.actual.is_not(None),
        )
    )
    for school_id, name, unit, higher, year, actual in rows:
        label = f"{name}, {unit}" if unit.strip() else name
        series[school_id][(label, higher)][year] = actual
    return series


def _dynamics(data: _Data, school: SchoolRef, when: date | None) -> SchoolDynamics:
    if when is None:
        return SchoolDynamics(school, [], missing=True)
    end = _academic_end(when)
    changes = []
    for label, years in sorted(data.exams.get(school.id, {}).items()):
        split = _split(years, end - 1, end)
        if split:
            (y0, v0), (y1, v1) = split
            changes.append(Change(label, (str(y0), v0), (str(y1), v1)))
    for (label, higher), years in sorted(data.indicators.get(school.id, {}).items()):
        split = _split(years, f"{end - 2}/{end - 1}", f"{end - 1}/{end}")
        if split:
            changes.append(Change(label, split[0], split[1], higher))
    return SchoolDynamics(school, changes, missing=not changes)


def _reach(
    data: _Data, refs, kind, item_id, title, when, offered_to, event_ids, extra_activities=()
) -> Reach:
    events = [data.events[e] for e in event_ids if e in data.events]
    schools = list(dict.fromkeys(e.school_id for e in events))
    when = when or min((e.date_from for e in events), default=None)
    activities = list(extra_activities)
    teacher = director = 0
    for event in events:
        activities += data.event_activities.get(event.id, [])
        entries, linked = data.teacher.get(event.id, ([], []))
        teacher += len(entries)
        activities += linked
        entries, linked = data.director.get(event.id, ([], []))
        director += len(entries)
        activities += linked
    labels = sorted({data.activity_labels[a] for a in activities if a in data.activity_labels})
    reach = Reach(
        kind,
        item_id,
        title,
        when,
        offered_to,
        [refs[s] for s in schools],
        participants=sum(data.participants.get(e.id, 0) for e in events),
        teacher_entries=teacher,
        director_entries=director,
        activities=labels,
    )
    reach.dynamics = [_dynamics(data, refs[s], when) for s in schools]
    return reach


def effectiveness(store: Store) -> Effectiveness:
    """Every catalogue event and every support need of the registry's schools, furthest first."""
    require_office(store, "«Что дошло до практики»")
    choice = choose(store)
    refs = {s.id: s for s in choice.schools}
    data = _Data(store, refs)
    by_catalogue: dict[str, list[str]] = defaultdict(list)
    for event in data.events.values():
        if event.catalog_event_id:
            by_catalogue[event.catalog_event_id].append(event.id)
    offered: dict[str, list[str]] = defaultdict(list)
    need_school = {n.id: n.school_id for n in data.needs}
    for need_id, catalogue_ids in data.offers.items():
        for catalogue_id in catalogue_ids:
            offered[catalogue_id].append(need_school[need_id])
    items = [
        _reach(
            data,
            refs,
            CATALOGUE,
            c.id,
            c.title,
            c.date_from,
            [refs[s] for s in dict.fromkeys(offered.get(c.id, []))],
            by_catalogue.get(c.id, []),
        )
        for c in data.catalogue
    ]
    for need in data.needs:
        title = f"{need.content} ({SUPPORT_LEVEL_LABELS.get(need.level, need.level).lower()})"
        items.append(
            _reach(
                data,
                refs,
                NEED,
                need.id,
                title,
                None,
                [refs[need.school_id]],
                data.need_events.get(need.id, []),
                data.need_activities.get(need.id, []),
            )
        )
    items.sort(key=lambda r: r.reach_key, reverse=True)
    return Effectiveness(items, len(refs))
