"""«Каталог мероприятий»: the municipal office's calendar of trainings for its schools — title,
form, organiser, level, dates and key elements — kept at the office only. Every feedback package
carries the live catalogue to the school (app/sync/feedback.py), with the school's needs each event
is offered for (app/support/support_office.py links them); a removed event is kept with
`deleted_at` and leaves the schools' catalogues with the next package.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.dates import format_period
from app.core.errors import UserError, ValidationError
from app.core.records import live
from app.core.refs import Ref
from app.core.store import Store
from db.base import utcnow
from db.enums import EVENT_LEVEL_LABELS, EVENT_LEVELS
from db.models import CatalogEvent, Installation, School, SupportNeed, SupportNeedOffer

LEVELS = EVENT_LEVELS
LEVEL_LABELS = EVENT_LEVEL_LABELS
FORM_MAX = 200  # the column's length
TEXT_MAX = 4000
YEAR_MIN, YEAR_MAX = 2000, 2100
OFFICE_ONLY = (
    "Каталог мероприятий ведёт управление образования; в школе он приходит с обратной связью "
    "и только читается (Обмен → Получено из управления)."
)
GONE = "Этого мероприятия больше нет в каталоге — обновите список."


@dataclass
class CatalogueData:
    """One event as the form edits it."""

    title: str = ""
    form: str = ""
    organizer: str = ""
    level: str = "municipal"
    date_from: date | None = None
    date_to: date | None = None
    key_elements: str = ""


DATA_FIELDS = tuple(f.name for f in fields(CatalogueData))


@dataclass
class CatalogueRow(CatalogueData):
    """One line of the catalogue, with the schools' needs it is offered for."""

    id: str = ""
    offers: list[Ref] = field(default_factory=list)  # need id → «School: what it needs»

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    @property
    def dates(self) -> str:
        return format_period(self.date_from, self.date_to)

    def data(self) -> CatalogueData:
        return CatalogueData(**{name: getattr(self, name) for name in DATA_FIELDS})


def _require_office(session: Session) -> None:
    office = session.scalars(select(Installation)).first()
    if office is None or office.mode != "municipality":
        raise UserError(OFFICE_ONLY)


def _clean(data: CatalogueData) -> dict:
    values = {name: getattr(data, name) for name in DATA_FIELDS}
    for name in ("title", "form", "organizer"):
        values[name] = " ".join((values[name] or "").split())
    values["key_elements"] = (values["key_elements"] or "").strip()
    return values


def _year_problem(value: date | None) -> str | None:
    if value is not None and not YEAR_MIN <= value.year <= YEAR_MAX:
        return f"Год {value.year} — похоже на опечатку: проверьте дату."
    return None


def validate(data: CatalogueData) -> dict[str, str]:
    """Field → what is wrong, in Russian; empty when the event may be saved."""
    values = _clean(data)
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = "Впишите название мероприятия (например, «Семинар „Мотивация к учению“»)."
    elif len(values["title"]) > TEXT_MAX:
        errors["title"] = f"Название — не длиннее {TEXT_MAX} знаков; сократите его."
    if len(values["form"]) > FORM_MAX:
        errors["form"] = f"Форма проведения — не длиннее {FORM_MAX} знаков (например, «семинар», «КПК»)."
    if len(values["organizer"]) > TEXT_MAX:
        errors["organizer"] = f"Организатор — не длиннее {TEXT_MAX} знаков; сократите."
    if len(values["key_elements"]) > TEXT_MAX:
        errors["key_elements"] = f"Основные элементы — не длиннее {TEXT_MAX} знаков; сократите."
    if values["level"] not in LEVELS:
        errors["level"] = "Выберите уровень: школьный, муниципальный, региональный или федеральный."
    start, end = values["date_from"], values["date_to"]
    if problem := _year_problem(start):
        errors["date_from"] = problem
    if problem := _year_problem(end):
        errors["date_to"] = problem
    elif end is not None and start is None:
        errors["date_from"] = "Указана дата окончания — укажите и дату начала мероприятия."
    elif end is not None and start is not None and end < start:
        errors["date_to"] = "Дата окончания раньше даты начала — исправьте одну из них."
    return errors


def _offers(session: Session, event_ids: list[str]) -> dict[str, list[Ref]]:
    """{catalogue event id: the live needs of schools it is offered for, «School: need»}."""
    found: dict[str, list[Ref]] = {}
    if not event_ids:
        return found
    rows = session.execute(
        select(SupportNeedOffer.catalog_event_id, SupportNeed.id, School.name, SupportNeed.content)
        .join(SupportNeed, SupportNeed.id == SupportNeedOffer.need_id)
        .join(School, School.id == SupportNeed.school_id)
        .where(SupportNeedOffer.catalog_event_id.in_(event_ids), SupportNeed.deleted_at.is_(None))
        .order_by(School.name, SupportNeed.content)
    )
    for event_id, need_id, school, content in rows:
        found.setdefault(event_id, []).append(Ref(need_id, f"{school}: {content}"))
    return found


def _row(event: CatalogEvent, offers: list[Ref]) -> CatalogueRow:
    return CatalogueRow(**{name: getattr(event, name) for name in DATA_FIELDS}, id=event.id, offers=offers)


def list_events(store: Store) -> list[CatalogueRow]:
    """The live catalogue, soonest first (undated last), each with the needs it answers."""
    with store.session() as s:
        _require_office(s)
        events = s.scalars(
            select(CatalogEvent)
            .where(CatalogEvent.deleted_at.is_(None))
            .order_by(CatalogEvent.date_from.is_(None), CatalogEvent.date_from, CatalogEvent.title)
        ).all()
        offers = _offers(s, [e.id for e in events])
        return [_row(e, offers.get(e.id, [])) for e in events]


def _restamped(previous: datetime) -> datetime:
    """Now, but always a later whole second than `previous`: packages carry whole seconds, and the
    school takes an event anew only when its stamp there differs."""
    return max(utcnow(), previous.replace(microsecond=0) + timedelta(seconds=1))


def _saved(session: Session, event: CatalogEvent) -> CatalogueRow:
    session.flush()
    return _row(event, _offers(session, [event.id]).get(event.id, []))


def add_event(store: Store, data: CatalogueData) -> CatalogueRow:
    """A new event in the catalogue; it goes to every school with the next feedback package."""
    with store.session() as s:
        _require_office(s)
        if errors := validate(data):
            raise ValidationError(errors)
        event = CatalogEvent(**_clean(data))
        s.add(event)
        return _saved(s, event)


def update_event(store: Store, event_id: str, data: CatalogueData) -> CatalogueRow:
    """Change an event; the schools get the new text with the next feedback package."""
    with store.session() as s:
        _require_office(s)
        if errors := validate(data):
            raise ValidationError(errors)
        event = live(s, CatalogEvent, event_id, GONE)
        values = _clean(data)
        if any(getattr(event, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(event, name, value)
            event.updated_at = _restamped(event.updated_at)  # the package carries the event anew
        return _saved(s, event)


def remove_event(store: Store, event_id: str) -> None:
    """Take an event out of the catalogue; the schools drop it with the next feedback package."""
    with store.session() as s:
        _require_office(s)
        event = live(s, CatalogEvent, event_id, GONE)
        event.deleted_at = utcnow()
        event.updated_at = event.deleted_at


__all__ = [
    "LEVELS",
    "LEVEL_LABELS",
    "CatalogueData",
    "CatalogueRow",
    "add_event",
    "list_events",
    "remove_event",
    "update_event",
    "validate",
]
