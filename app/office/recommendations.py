"""«Адресные рекомендации»: what the municipal office advises one school.

Written only at the office, on the curator's desk of the school; they go to the school with the
next feedback package (app.sync.feedback), which marks them sent. A recommendation changed after
it went out is «не отправлено» again; one deleted is removed at the school by the next package.
In a school's database they only arrive and are read («Получено из управления»).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from app.core.dates import format_day
from app.core.errors import ValidationError
from app.core.records import live
from app.core.store import Store
from app.diaries.comments import require_office, sent_status
from db.models import Recommendation, School

TITLE_MAX = 300
HINT_MAX = 2000
EARLIEST = date(2000, 1, 1)
DUE_LATEST = date(2099, 12, 31)
SCHOOL_REFUSAL = (
    "Адресные рекомендации пишет методист управления образования; в школе они приходят "
    "с обратной связью и только читаются («Обмен → Получено из управления»)."
)
GONE = "Эта рекомендация уже удалена — обновите список."


@dataclass
class RecommendationData:
    """A recommendation as the form edits it."""

    title: str = ""
    text: str = ""
    issued_on: date | None = None
    due_date: date | None = None  # by when (None: no deadline)
    activity_hint: str = ""  # what the office expects to see done


@dataclass(frozen=True)
class RecommendationRow:
    id: str
    school_id: str
    title: str
    text: str
    issued_on: date
    sent_at: datetime | None
    due_date: date | None = None
    activity_hint: str = ""

    @property
    def sent_text(self) -> str:
        """«отправлено 12.05.2021» or «не отправлено»."""
        return sent_status(self.sent_at, "отправлено", "не отправлено")

    def data(self) -> RecommendationData:
        return RecommendationData(self.title, self.text, self.issued_on, self.due_date, self.activity_hint)


def _row(r: Recommendation) -> RecommendationRow:
    return RecommendationRow(
        r.id, r.school_id, r.title, r.text, r.issued_on, r.sent_at, r.due_date, r.activity_hint
    )


def _clean(data: RecommendationData) -> RecommendationData:
    return RecommendationData(
        " ".join(data.title.replace("\x00", "").split()),
        data.text.replace("\x00", "").strip(),
        data.issued_on,
        data.due_date,
        data.activity_hint.replace("\x00", "").strip(),
    )


def _values(r: Recommendation | RecommendationData) -> tuple:
    return (r.title, r.text, r.issued_on, r.due_date, r.activity_hint)


def validate(data: RecommendationData, today: date | None = None) -> dict[str, str]:
    """Field name → what is wrong, in Russian; empty when the recommendation may be saved."""
    today = today or date.today()
    data = _clean(data)
    errors: dict[str, str] = {}
    if not data.title:
        errors["title"] = "Впишите тему рекомендации — коротко, о чём она (например, «Наставничество»)."
    elif len(data.title) > TITLE_MAX:
        errors["title"] = f"Тема — не длиннее {TITLE_MAX} знаков; подробности напишите в тексте."
    if not data.text:
        errors["text"] = "Впишите текст рекомендации: что школе сделать и к какому сроку."
    if data.issued_on is None:
        errors["issued_on"] = "Укажите дату рекомендации."
    elif data.issued_on > today:
        errors["issued_on"] = f"Дата рекомендации позже сегодняшней ({format_day(today)}); исправьте её."
    elif data.issued_on < EARLIEST:
        errors["issued_on"] = f"Дата рекомендации раньше {format_day(EARLIEST)}; проверьте год."
    if data.due_date is not None and data.issued_on is not None and data.due_date < data.issued_on:
        errors["due_date"] = (
            f"Срок раньше даты рекомендации ({format_day(data.issued_on)}): школе не успеть — исправьте срок."
        )
    elif data.due_date is not None and data.due_date > DUE_LATEST:
        errors["due_date"] = f"Срок позже {format_day(DUE_LATEST)}; проверьте год."
    if len(data.activity_hint) > HINT_MAX:
        errors["activity_hint"] = f"Ожидаемый результат — не длиннее {HINT_MAX} знаков."
    return errors


def list_recommendations(store: Store, school_id: str) -> list[RecommendationRow]:
    """The school's live recommendations, newest first."""
    with store.session() as s:
        rows = s.scalars(
            select(Recommendation)
            .where(Recommendation.school_id == school_id, Recommendation.deleted_at.is_(None))
            .order_by(Recommendation.issued_on.desc(), Recommendation.created_at.desc())
        )
        return [_row(r) for r in rows]


def add_recommendation(
    store: Store, school_id: str, data: RecommendationData, today: date | None = None
) -> RecommendationRow:
    with store.session() as s:
        require_office(s, SCHOOL_REFUSAL)
        live(s, School, school_id, "Этой школы нет в реестре управления — обновите реестр школ.")
        if errors := validate(data, today):
            raise ValidationError(errors)
        clean = _clean(data)
        record = Recommendation(
            school_id=school_id,
            title=clean.title,
            text=clean.text,
            issued_on=clean.issued_on,
            due_date=clean.due_date,
            activity_hint=clean.activity_hint,
        )
        s.add(record)
        s.flush()
        return _row(record)


def update_recommendation(
    store: Store, recommendation_id: str, data: RecommendationData, today: date | None = None
) -> RecommendationRow:
    """Saves the changes; a recommendation that went out and changed is «не отправлено» again."""
    with store.session() as s:
        require_office(s, SCHOOL_REFUSAL)
        record = live(s, Recommendation, recommendation_id, GONE)
        if errors := validate(data, today):
            raise ValidationError(errors)
        clean = _clean(data)
        if _values(record) != _values(clean):
            record.title, record.text, record.issued_on = clean.title, clean.text, clean.issued_on
            record.due_date, record.activity_hint = clean.due_date, clean.activity_hint
            record.sent_at = None
            s.flush()
        return _row(record)


def delete_recommendation(store: Store, recommendation_id: str, now: datetime | None = None) -> None:
    """Removed here; the next feedback package no longer carries it, so the school removes it too."""
    with store.session() as s:
        require_office(s, SCHOOL_REFUSAL)
        record = live(s, Recommendation, recommendation_id, GONE)
        record.deleted_at = now or datetime.now(UTC)
