"""What the exchange pages read: the office's feedback as the school holds it, and, at the office,
which schools feedback can go to. Read-only; the exchange itself is app/sync/exchange.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from app.core.dates import format_day
from app.core.store import Store
from db.enums import EVENT_LEVEL_LABELS
from db.models import (
    CatalogEvent,
    CuratorComment,
    DirectorDiaryEntry,
    Event,
    PackageLogEntry,
    Recommendation,
    School,
    TeacherDiaryEntry,
)

SNAPSHOT = "school_snapshot"
FEEDBACK = "municipal_feedback"

# Russian names of the package's arrays, for previews and summaries.
INSTRUMENT_LABELS = {
    "school": "Карточка школы",
    "staff": "Педагоги",
    "programs": "Программы",
    "plan_sections": "Разделы плана",
    "plan_activities": "Мероприятия плана",
    "support_needs": "Карта поддержки",
    "events": "Дневник школы (события)",
    "teacher_diary": "Дневник педагога",
    "director_diary": "Дневник директора",
    "indicators": "Показатели",
    "indicator_values": "Значения показателей",
    "exam_results": "Результаты оценочных процедур",
    "survey_templates": "Шаблоны анкет",
    "survey_rounds": "Анкетирования (итоги)",
    "recommendation_responses": "Ответы на рекомендации",
    "curator_comments": "Комментарии куратора",
    "recommendations": "Рекомендации",
    "catalog_events": "Каталог мероприятий",
    "event_catalog": "Каталог мероприятий управления",  # the array's name in the office's package
    "support_need_offers": "Предложения по Карте поддержки",
    "receipts": "Подтверждения получения",
}
TARGET_LABELS = {
    "teacher_diary": "Дневник педагога",
    "director_diary": "Дневник директора",
    "events": "Дневник школы",
}


def instrument_label(key: str) -> str:
    return INSTRUMENT_LABELS.get(key, key)


@dataclass(frozen=True)
class RecommendationView:
    issued_on: date
    title: str
    text: str


@dataclass(frozen=True)
class CommentView:
    written_at: datetime
    where: str  # «Дневник школы: Семинар …»
    text: str
    author: str


@dataclass(frozen=True)
class CatalogView:
    title: str
    form: str
    organizer: str
    level: str
    date_from: date | None
    date_to: date | None
    id: str = ""
    key_elements: str = ""


@dataclass(frozen=True)
class SchoolFeedbackRow:
    """At the office: a school feedback can be written for."""

    code: str
    name: str
    key_known: bool
    last_written: datetime | None
    unsent: int  # comments and recommendations not yet sent


def recommendations(store: Store, school_id: str | None) -> list[RecommendationView]:
    with store.session() as s:
        rows = s.scalars(
            select(Recommendation)
            .where(Recommendation.school_id == school_id, Recommendation.deleted_at.is_(None))
            .order_by(Recommendation.issued_on.desc(), Recommendation.title)
        )
        return [RecommendationView(r.issued_on, r.title, r.text) for r in rows]


def _target_title(session, target: str, target_id: str) -> str:
    if target == "events":
        event = session.get(Event, target_id)
        return event.title if event is not None else ""
    model = TeacherDiaryEntry if target == "teacher_diary" else DirectorDiaryEntry
    entry = session.get(model, target_id)
    day = getattr(entry, "entry_date", None) or getattr(entry, "date", None)
    return f"запись от {format_day(day)}" if isinstance(day, date) else ""


def latest_comments(store: Store, school_id: str | None, limit: int = 50) -> list[CommentView]:
    with store.session() as s:
        rows = list(
            s.scalars(
                select(CuratorComment)
                .where(CuratorComment.school_id == school_id, CuratorComment.deleted_at.is_(None))
                .order_by(CuratorComment.updated_at.desc())
                .limit(limit)
            )
        )
        result = []
        for c in rows:
            where = TARGET_LABELS.get(c.target, c.target)
            title = _target_title(s, c.target, c.target_id)
            result.append(
                CommentView(c.updated_at, f"{where}: {title}" if title else where, c.text, c.author)
            )
        return result


def catalogue(store: Store) -> list[CatalogView]:
    with store.session() as s:
        rows = s.scalars(
            select(CatalogEvent)
            .where(CatalogEvent.deleted_at.is_(None))
            .order_by(CatalogEvent.date_from.is_(None), CatalogEvent.date_from, CatalogEvent.title)
        )
        return [
            CatalogView(
                e.title,
                e.form,
                e.organizer,
                EVENT_LEVEL_LABELS.get(e.level, e.level),
                e.date_from,
                e.date_to,
                e.id,
                e.key_elements,
            )
            for e in rows
        ]


def last_feedback_received(store: Store) -> datetime | None:
    with store.session() as s:
        return s.scalar(
            select(func.max(PackageLogEntry.created_at)).where(
                PackageLogEntry.direction == "in", PackageLogEntry.kind == FEEDBACK
            )
        )


def feedback_schools(store: Store) -> list[SchoolFeedbackRow]:
    """The office's registry, with when feedback last went to each school and what waits to go."""
    with store.session() as s:
        written = dict(
            s.execute(
                select(PackageLogEntry.school_id, func.max(PackageLogEntry.created_at))
                .where(PackageLogEntry.direction == "out", PackageLogEntry.kind == FEEDBACK)
                .group_by(PackageLogEntry.school_id)
            ).all()
        )
        unsent: dict[str, int] = {}
        for model in (CuratorComment, Recommendation):
            for school_id, count in s.execute(
                select(model.school_id, func.count())
                .where(model.sent_at.is_(None), model.deleted_at.is_(None))
                .group_by(model.school_id)
            ):
                unsent[school_id] = unsent.get(school_id, 0) + count
        return [
            SchoolFeedbackRow(
                school.code,
                school.name,
                bool(school.signing_key),
                written.get(school.id),
                unsent.get(school.id, 0),
            )
            for school in s.scalars(select(School).order_by(School.code))
        ]
