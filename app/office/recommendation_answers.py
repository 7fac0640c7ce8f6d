"""Recommendations that come back (spec «Recommendations answered»).

At the school a recommendation of the office is answered: accepted, in progress, done or declined,
with a note and a date, and with the plan activities, events and diary entries that answer it
(the school's `RecommendationResponse` and the four `*_recommendations` link tables; they travel
in the snapshot). At the office the same tables, filled by the school's packages, tell each
recommendation's fate: its status, the answer and its evidence — per school and for the district.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.core.access import may_change
from app.core.dates import format_day
from app.core.errors import UserError, ValidationError
from app.core.records import live
from app.core.refs import Ref
from app.core.store import Store
from db.enums import RESPONSE_STATUS_LABELS, RESPONSE_STATUSES
from db.models import (
    DirectorDiaryEntry,
    DirectorDiaryRecommendation,
    Event,
    EventRecommendation,
    PlanActivity,
    PlanActivityRecommendation,
    Recommendation,
    RecommendationResponse,
    School,
    Staff,
    TeacherDiaryEntry,
    TeacherDiaryRecommendation,
)

NOTE_MAX = 4000
EARLIEST = date(2000, 1, 1)
NO_ANSWER = "нет ответа"
CLOSED = ("done", "declined")  # a recommendation answered so is no longer open, nor overdue
# What `--status` and the page's filter may ask for, besides the four statuses themselves.
FILTERS = ("open", "overdue", "unanswered", *RESPONSE_STATUSES)
FILTER_LABELS = {
    "open": "открытые (не выполнены и не отклонены)",
    "overdue": "просроченные",
    "unanswered": "без ответа школы",
    **{key: label for key, label in RESPONSE_STATUS_LABELS.items()},
}
ANSWER_AT_OFFICE = (
    "На рекомендацию отвечает школа: ответ и связанные записи приходят в управление с её пакетом. "
    "Здесь их можно только читать."
)
GONE = "Этой рекомендации уже нет — обновите список."


@dataclass(frozen=True)
class Source:
    """A table of the school whose records may answer a recommendation."""

    table: str  # the package's array name
    link: type
    own: str
    model: type
    label: str


SOURCES = (
    Source("plan_activities", PlanActivityRecommendation, "activity_id", PlanActivity, "План"),
    Source("events", EventRecommendation, "event_id", Event, "Дневник школы"),
    Source("teacher_diary", TeacherDiaryRecommendation, "entry_id", TeacherDiaryEntry, "Дневник педагога"),
    Source(
        "director_diary", DirectorDiaryRecommendation, "entry_id", DirectorDiaryEntry, "Дневник директора"
    ),
)
SOURCES_BY_TABLE = {s.table: s for s in SOURCES}


@dataclass(frozen=True)
class Evidence:
    """A school record named as answering a recommendation."""

    table: str
    id: str
    label: str

    @property
    def key(self) -> str:
        return f"{self.table}:{self.id}"


@dataclass(frozen=True)
class RecommendationState:
    """A recommendation with what the school answered (None: no answer yet)."""

    id: str
    school_id: str
    title: str
    text: str
    issued_on: date
    due_date: date | None
    activity_hint: str
    status: str | None = None
    note: str = ""
    answered_on: date | None = None
    evidence: tuple[Evidence, ...] = ()
    sent_at: datetime | None = None
    removed: bool = False  # the office withdrew it (at the school: a later feedback no longer carries it)

    @property
    def status_label(self) -> str:
        return RESPONSE_STATUS_LABELS.get(self.status, NO_ANSWER) if self.status else NO_ANSWER

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED

    def overdue(self, today: date | None = None) -> bool:
        """The due date passed and the school has not said «выполнена» (or «отклонена»)."""
        today = today or date.today()
        return self.is_open and self.due_date is not None and self.due_date < today

    def matches(self, wanted: Iterable[str], today: date | None = None) -> bool:
        """True when the recommendation is any of `wanted` (FILTERS); nothing wanted: every one."""
        wanted = set(wanted)
        if not wanted:
            return True
        facts = {self.status or "unanswered"}
        if self.is_open:
            facts.add("open")
        if self.overdue(today):
            facts.add("overdue")
        return bool(facts & wanted)

    @property
    def due_text(self) -> str:
        return format_day(self.due_date) if self.due_date else "без срока"

    @property
    def evidence_text(self) -> str:
        return "; ".join(e.label for e in self.evidence)


@dataclass
class AnswerData:
    """The school's answer as the form edits it; `evidence` holds Evidence keys («events:<id>»)."""

    status: str | None = None
    note: str = ""
    answered_on: date | None = None
    evidence: list[str] = field(default_factory=list)


# --- reading -----------------------------------------------------------------------------


def _clip(text: str, size: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _labels(session: Session, source: Source, ids: list[str]) -> dict[str, str]:
    """Live records of `source` among `ids`, with the label a person reads."""
    if not ids:
        return {}
    model = source.model
    query = select(model).where(model.id.in_(ids), model.deleted_at.is_(None))
    labels = {}
    if model is TeacherDiaryEntry:
        rows = session.execute(
            select(model, Staff.full_name)
            .join(Staff, Staff.id == model.staff_id)
            .where(model.id.in_(ids), model.deleted_at.is_(None))
        )
        for entry, person in rows:
            labels[entry.id] = (
                f"{source.label}, {format_day(entry.entry_date)}, {person}: {_clip(entry.methods)}"
            )
        return labels
    for row in session.scalars(query):
        if model is PlanActivity:
            labels[row.id] = f"{source.label}: {row.number} {_clip(row.title)}".replace(":  ", ": ")
        elif model is Event:
            labels[row.id] = f"{source.label}, {format_day(row.date_from)}: {_clip(row.title)}"
        else:
            labels[row.id] = f"{source.label}, {format_day(row.entry_date)}: {_clip(row.form_of_use)}"
    return labels


def _evidence(session: Session, recommendation_ids: list[str]) -> dict[str, list[Evidence]]:
    """recommendation id → the live school records linked to it, in SOURCES order."""
    found: dict[str, list[Evidence]] = {}
    if not recommendation_ids:
        return found
    for source in SOURCES:
        own = getattr(source.link, source.own)
        pairs = list(
            session.execute(
                select(source.link.recommendation_id, own).where(
                    source.link.recommendation_id.in_(recommendation_ids)
                )
            )
        )
        labels = _labels(session, source, sorted({p[1] for p in pairs}))
        for rid, record_id in sorted(pairs, key=lambda p: labels.get(p[1], "")):
            if record_id in labels:
                found.setdefault(rid, []).append(Evidence(source.table, record_id, labels[record_id]))
    return found


def _answers(session: Session, recommendation_ids: list[str]) -> dict[str, RecommendationResponse]:
    """recommendation id → the school's latest live answer to it."""
    if not recommendation_ids:
        return {}
    rows = session.scalars(
        select(RecommendationResponse)
        .where(
            RecommendationResponse.recommendation_id.in_(recommendation_ids),
            RecommendationResponse.deleted_at.is_(None),
        )
        .order_by(RecommendationResponse.answered_on, RecommendationResponse.updated_at)
    )
    return {r.recommendation_id: r for r in rows}  # the last one wins


def _states(session: Session, recommendations: list[Recommendation]) -> list[RecommendationState]:
    ids = [r.id for r in recommendations]
    answers, evidence = _answers(session, ids), _evidence(session, ids)
    states = []
    for r in recommendations:
        answer = answers.get(r.id)
        states.append(
            RecommendationState(
                r.id,
                r.school_id,
                r.title,
                r.text,
                r.issued_on,
                r.due_date,
                r.activity_hint,
                answer.status if answer else None,
                answer.note if answer else "",
                answer.answered_on if answer else None,
                tuple(evidence.get(r.id, ())),
                r.sent_at,
                r.deleted_at is not None,
            )
        )
    return states


def recommendation_states(store: Store, school_id: str | None) -> list[RecommendationState]:
    """The school's live recommendations with their answers, newest first (either side)."""
    with store.session() as s:
        rows = list(
            s.scalars(
                select(Recommendation)
                .where(Recommendation.school_id == school_id, Recommendation.deleted_at.is_(None))
                .order_by(Recommendation.issued_on.desc(), Recommendation.created_at.desc())
            )
        )
        return _states(s, rows)


@dataclass(frozen=True)
class DistrictRow:
    school_code: str
    school_name: str
    state: RecommendationState


def district_states(
    store: Store,
    school_code: str | None = None,
    wanted: Iterable[str] = (),
    today: date | None = None,
) -> list[DistrictRow]:
    """Every school's live recommendations (at the office), by school code then newest first;
    only the school `school_code` when given, only those matching `wanted` (FILTERS) when given."""
    wanted = list(wanted)
    if unknown := [w for w in wanted if w not in FILTERS]:
        raise UserError(f"Неизвестный отбор «{unknown[0]}»; можно: {', '.join(FILTERS)}.")
    with store.session() as s:
        query = (
            select(Recommendation, School.code, School.name)
            .join(School, School.id == Recommendation.school_id)
            .where(Recommendation.deleted_at.is_(None))
            .order_by(School.code, Recommendation.issued_on.desc(), Recommendation.created_at.desc())
        )
        if school_code is not None:
            if s.scalars(select(School.id).where(School.code == school_code)).first() is None:
                raise UserError(f"Школы с кодом {school_code} нет в реестре управления — проверьте код.")
            query = query.where(School.code == school_code)
        found = list(s.execute(query))
        states = _states(s, [row[0] for row in found])
        rows = [DistrictRow(code, name, state) for (_r, code, name), state in zip(found, states, strict=True)]
    return [row for row in rows if row.state.matches(wanted, today)]


def answer_choices(store: Store, school_id: str) -> list[Ref]:
    """The school's live plan activities, events and diary entries, as the answer form offers them
    (ids are Evidence keys)."""
    choices = []
    with store.session() as s:
        for source in SOURCES:
            ids = list(
                s.scalars(
                    select(source.model.id).where(
                        source.model.school_id == school_id, source.model.deleted_at.is_(None)
                    )
                )
            )
            labels = _labels(s, source, ids)
            choices += [
                Ref(f"{source.table}:{i}", label) for i, label in sorted(labels.items(), key=lambda p: p[1])
            ]
    return choices


# --- answering, at the school ----------------------------------------------------------------


def validate_answer(
    data: AnswerData, issued_on: date | None = None, today: date | None = None
) -> dict[str, str]:
    """Field name → what is wrong, in Russian; empty when the answer may be saved."""
    today = today or date.today()
    errors: dict[str, str] = {}
    note = data.note.replace("\x00", "").strip()
    if data.status not in RESPONSE_STATUSES:
        errors["status"] = (
            "Выберите, что со школой и рекомендацией: принята, в работе, выполнена или отклонена."
        )
    elif data.status == "declined" and not note:
        errors["note"] = "Напишите, почему школа отклоняет рекомендацию — управление прочитает это."
    if len(note) > NOTE_MAX:
        errors["note"] = f"Комментарий — не длиннее {NOTE_MAX} знаков."
    if data.answered_on is None:
        errors["answered_on"] = "Укажите дату ответа."
    elif data.answered_on > today:
        errors["answered_on"] = f"Дата ответа позже сегодняшней ({format_day(today)}); исправьте её."
    elif data.answered_on < (issued_on or EARLIEST):
        errors["answered_on"] = (
            f"Дата ответа раньше даты рекомендации ({format_day(issued_on)}); проверьте её."
            if issued_on
            else f"Дата ответа раньше {format_day(EARLIEST)}; проверьте год."
        )
    return errors


def _wanted_links(session: Session, school_id: str, keys: Iterable[str]) -> dict[str, set[str]]:
    """table → record ids the form asked to link; refused when one is not a live record of the school."""
    wanted: dict[str, set[str]] = {s.table: set() for s in SOURCES}
    for key in keys:
        table, _, record_id = key.partition(":")
        source = SOURCES_BY_TABLE.get(table)
        record = session.get(source.model, record_id) if source is not None else None
        if record is None or record.deleted_at is not None or record.school_id != school_id:
            raise UserError(
                "Одна из отмеченных записей удалена или не относится к этой школе — откройте форму заново.",
                field="evidence",
            )
        wanted[table].add(record_id)
    return wanted


def save_answer(
    store: Store, recommendation_id: str, data: AnswerData, today: date | None = None
) -> RecommendationState:
    """The school's answer (one per recommendation, changed in place) and exactly the records the
    form checked as answering it; both go to the office with the next snapshot."""
    with store.session() as s:
        recommendation = live(s, Recommendation, recommendation_id, GONE)
        if not may_change(s, recommendation.school_id):
            raise UserError(ANSWER_AT_OFFICE)
        if errors := validate_answer(data, recommendation.issued_on, today):
            raise ValidationError(errors)
        school_id = recommendation.school_id
        wanted = _wanted_links(s, school_id, data.evidence)
        answer = s.scalars(
            select(RecommendationResponse).where(
                RecommendationResponse.recommendation_id == recommendation_id,
                RecommendationResponse.school_id == school_id,
                RecommendationResponse.deleted_at.is_(None),
            )
        ).first()
        if answer is None:
            answer = RecommendationResponse(school_id=school_id, recommendation_id=recommendation_id)
            s.add(answer)
        note = data.note.replace("\x00", "").strip()
        if (answer.status, answer.note, answer.answered_on) != (data.status, note, data.answered_on):
            answer.status, answer.note, answer.answered_on = data.status, note, data.answered_on
        for source in SOURCES:
            own = getattr(source.link, source.own)
            school_records = select(source.model.id).where(source.model.school_id == school_id)
            s.execute(
                delete(source.link).where(
                    source.link.recommendation_id == recommendation_id, own.in_(school_records)
                )
            )
            for record_id in sorted(wanted[source.table]):
                s.add(source.link(**{source.own: record_id, "recommendation_id": recommendation_id}))
        s.flush()
        return _states(s, [recommendation])[0]


__all__ = [
    "FILTERS",
    "RESPONSE_STATUS_LABELS",
    "AnswerData",
    "DistrictRow",
    "Evidence",
    "RecommendationState",
    "answer_choices",
    "district_states",
    "recommendation_states",
    "save_answer",
    "validate_answer",
]
