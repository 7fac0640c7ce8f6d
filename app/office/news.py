"""«Новое во всех школах»: what happened in every school since a moment (by default the office
user's previous visit), grouped by school.

The records come from `since_import.since_moment` — the packages imported since the moment
against the last one before it, read as «Новое с прошлого импорта» reads one school. Besides
those: plan activities whose due date fell since the moment while they are not done, curator
comments the office has not yet sent, and schools silent longer than the registry allows.

Each part of the news is one function of `SECTIONS`; a new kind of news is one more entry there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.dates import format_day, local_day, local_day_start
from app.core.store import Store
from app.office.recommendation_answers import CLOSED
from app.office.registry import FINISHED, STALE_DAYS, RegistryRow, list_registry
from app.office.since_import import (
    NEW,
    REMOVED,
    SOURCES,
    ChangedRecord,
    SinceImport,
    since_moment,
)
from db.enums import RESPONSE_STATUS_LABELS
from db.models import CuratorComment, PlanActivity, Programme, Recommendation, RecommendationResponse

DIARIES = ("events", "teacher_diary", "director_diary")
NEWS_SOURCES = tuple(s for s in SOURCES if s.key in (*DIARIES, "plan_activities", "support_needs"))
SHORT = 90


@dataclass(frozen=True)
class NewsLine:
    school_id: str
    section: str  # a key of SECTION_TITLES
    what: str  # «новое», «выполнено», «просрочено», «молчит» …
    title: str
    # Stable while the thing it names stays as it is: the seen marks keep it (app.office.news_seen);
    # a record changed again gets a new key and comes back unseen.
    key: str
    # Where the line opens on the curator's desk: a package array («teacher_diary», «plan_activities»
    # …) and its record; None: the school's own first page.
    instrument: str | None = None
    record_id: str | None = None
    when: date | datetime | None = None


@dataclass
class SchoolNews:
    school_id: str
    code: str
    name: str
    lines: list[NewsLine] = field(default_factory=list)


@dataclass
class News:
    since: datetime
    today: date
    schools: list[SchoolNews]

    @property
    def lines(self) -> list[NewsLine]:
        return [line for school in self.schools for line in school.lines]


@dataclass
class NewsWindow:
    """What every section reads: the moment, today, the registry and the packages' changes."""

    since: datetime
    today: date
    registry: list[RegistryRow]
    changes: dict[str, SinceImport]

    @property
    def since_day(self) -> date:
        return local_day(self.since)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _stamp(value: date | datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def _record_line(school_id: str, section: str, what: str, record: ChangedRecord) -> NewsLine:
    # A removed record has nothing left to show: the line opens the school.
    gone = record.kind == REMOVED
    return NewsLine(
        school_id,
        section,
        what,
        record.title,
        f"{section}:{record.kind}:{record.record_id}:{_stamp(record.when)}",
        None if gone else record.instrument,
        None if gone else record.record_id,
        record.when,
    )


# --- the sections ---------------------------------------------------------------------------


def _first_packages(_session: Session, window: NewsWindow) -> Iterable[NewsLine]:
    """A school's first package is all new: one line for it, not every record it brought."""
    for school_id, found in window.changes.items():
        if found.first:
            text = f"принят первый пакет школы (№ {found.sequence or '—'}), записей: {len(found.records)}"
            key = f"first:{school_id}:{found.sequence}"
            yield NewsLine(school_id, "packages", "первый пакет", text, key, when=found.imported_at)


def _later(window: NewsWindow) -> Iterable[tuple[str, ChangedRecord]]:
    for school_id, found in window.changes.items():
        if not found.first:
            for record in found.records:
                yield school_id, record


def _diary_lines(_session: Session, window: NewsWindow) -> Iterable[NewsLine]:
    for school_id, record in _later(window):
        if record.instrument in DIARIES:
            what = f"{record.instrument_label}: {record.kind_label}"
            yield _record_line(school_id, "diaries", what, record)


def _plan_lines(session: Session, window: NewsWindow) -> Iterable[NewsLine]:
    """Activities done in the packages since, and those whose due date passed since, not done."""
    for school_id, record in _later(window):
        if record.instrument == "plan_activities" and record.kind != REMOVED and record.status == "done":
            yield _record_line(school_id, "plan", "выполнено", record)
    if window.since_day >= window.today:
        return
    current = select(Programme.id).where(Programme.is_current.is_(True), Programme.deleted_at.is_(None))
    overdue = session.scalars(
        select(PlanActivity)
        .where(
            PlanActivity.deleted_at.is_(None),
            PlanActivity.school_id.is_not(None),
            PlanActivity.program_id.in_(current.scalar_subquery()),
            PlanActivity.due_date >= window.since_day,
            PlanActivity.due_date < window.today,
            PlanActivity.status.not_in(FINISHED),
        )
        .order_by(PlanActivity.due_date, PlanActivity.number)
    )
    for activity in overdue:
        title = _short(
            f"{activity.number} {activity.title}".strip() + f" (срок {format_day(activity.due_date)})"
        )
        key = f"overdue:{activity.id}:{_stamp(activity.due_date)}"
        yield NewsLine(
            activity.school_id,
            "plan",
            "просрочено",
            title,
            key,
            "plan_activities",
            activity.id,
            activity.due_date,
        )


def _support_lines(_session: Session, window: NewsWindow) -> Iterable[NewsLine]:
    for school_id, record in _later(window):
        if record.instrument != "support_needs" or record.kind == REMOVED:
            continue
        if record.status == "received":
            yield _record_line(school_id, "support", "поддержка получена", record)
        elif record.kind == NEW:
            yield _record_line(school_id, "support", "нужна поддержка", record)


def _recommendation_answers(session: Session, window: NewsWindow) -> Iterable[NewsLine]:
    """The schools' answers to the office's recommendations that arrived since the moment, and the
    recommendations whose due date passed since then with no «выполнена» or «отклонена»."""
    answered = session.execute(
        select(Recommendation, RecommendationResponse)
        .join(RecommendationResponse, RecommendationResponse.recommendation_id == Recommendation.id)
        .where(RecommendationResponse.updated_at > window.since, Recommendation.deleted_at.is_(None))
        .order_by(RecommendationResponse.answered_on)
    )
    closed = {}
    for recommendation, response in answered:
        closed[recommendation.id] = response.status in CLOSED
        label = RESPONSE_STATUS_LABELS.get(response.status, response.status)
        yield NewsLine(
            recommendation.school_id,
            "recommendations",
            f"ответ: {label}",
            _short(recommendation.title),
            f"recommendations:{response.id}:{_stamp(response.updated_at)}",
            "recommendations",
            recommendation.id,
            response.answered_on,
        )
    late = session.execute(
        select(Recommendation, RecommendationResponse.status)
        .outerjoin(RecommendationResponse, RecommendationResponse.recommendation_id == Recommendation.id)
        .where(
            Recommendation.deleted_at.is_(None),
            Recommendation.due_date.is_not(None),
            Recommendation.due_date >= window.since_day,
            Recommendation.due_date < window.today,
        )
    )
    for recommendation, status in late:
        if status in CLOSED or closed.get(recommendation.id):
            continue
        yield NewsLine(
            recommendation.school_id,
            "recommendations",
            "просрочена",
            _short(recommendation.title),
            f"recommendations:late:{recommendation.id}:{recommendation.due_date.isoformat()}",
            "recommendations",
            recommendation.id,
            recommendation.due_date,
        )


COMMENT_TARGET_LABELS = {
    "events": "событию",
    "teacher_diary": "записи педагога",
    "director_diary": "записи директора",
}


def _comment_lines(session: Session, window: NewsWindow) -> Iterable[NewsLine]:
    """The office's comments not yet sent: whatever their date, they wait for «Обратная связь»."""
    comments = session.scalars(
        select(CuratorComment)
        .where(CuratorComment.sent_at.is_(None), CuratorComment.deleted_at.is_(None))
        .order_by(CuratorComment.created_at)
    )
    for comment in comments:
        where = COMMENT_TARGET_LABELS.get(comment.target, "записи")
        title = _short(f"к {where}: {comment.text}")
        key = f"comment:{comment.id}:{_stamp(comment.updated_at)}"
        yield NewsLine(
            comment.school_id,
            "comments",
            "не отправлен",
            title,
            key,
            comment.target,
            comment.target_id,
            comment.updated_at,
        )


def _silence_lines(_session: Session, window: NewsWindow) -> Iterable[NewsLine]:
    for row in window.registry:
        if row.left or not row.stale:
            continue
        if row.days_silent is None:
            title = "школа ещё не прислала ни одного пакета"
        else:
            title = f"нет пакетов {row.days_silent} дн. (последний — {format_day(row.last_package_on)})"
        key = f"silence:{row.id}:{_stamp(row.last_package_on)}"
        yield NewsLine(row.id, "silence", f"молчит > {STALE_DAYS} дн.", title, key, when=row.last_package_on)


Section = Callable[[Session, NewsWindow], Iterable[NewsLine]]
# The order lines are shown in within a school; one more kind of news is one more line here.
SECTIONS: tuple[tuple[str, str, Section], ...] = (
    ("packages", "Пакеты", _first_packages),
    ("diaries", "Дневники", _diary_lines),
    ("plan", "План мероприятий", _plan_lines),
    ("support", "Карта поддержки", _support_lines),
    ("recommendations", "Ответы на рекомендации", _recommendation_answers),
    ("comments", "Комментарии куратора, не отправленные школе", _comment_lines),
    ("silence", "Молчание", _silence_lines),
)
SECTION_TITLES = {key: title for key, title, _ in SECTIONS}


def day_start(day: date) -> datetime:
    """The first moment of `day` on this computer."""
    return local_day_start(day)


def news(store: Store, since: datetime, today: date | None = None) -> News:
    """Every school's news since the moment, the registry's order (by name); quiet schools left out."""
    today = today or date.today()
    registry = list_registry(store, today)
    window = NewsWindow(since, today, registry, since_moment(store, since, NEWS_SOURCES))
    by_school: dict[str, list[NewsLine]] = {}
    with store.session() as s:
        for _key, _title, section in SECTIONS:
            for line in section(s, window):
                by_school.setdefault(line.school_id, []).append(line)
    schools = [
        SchoolNews(row.id, row.code, row.name, by_school[row.id]) for row in registry if row.id in by_school
    ]
    return News(since, today, schools)
