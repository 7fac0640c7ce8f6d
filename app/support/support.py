"""«Карта поддержки» (seed 004): for each task of the school's programme, what help the school
needs at which level — the school itself, the municipal level, the regional level — with the
content of the help, from whom and by when; and which events of «Дневник школы» delivered it.

Whether the help was enough, and what it led to in practice, is in app.support.support_summary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.core.access import require_writable, writable
from app.core.dates import format_day
from app.core.errors import ValidationError
from app.core.records import live
from app.core.refs import Ref
from app.core.store import Store
from app.diaries.common import links_for, set_links
from app.diaries.events import EventData
from app.diaries.practice import check_same_school, event_label, event_refs
from app.programme.plan import activity_refs
from app.programme.programme import current_programme
from db.enums import SUPPORT_LEVEL_LABELS, SUPPORT_LEVELS, SUPPORT_STATUS_LABELS, SUPPORT_STATUSES
from db.models import (
    CatalogEvent,
    Event,
    PlanActivity,
    SupportNeed,
    SupportNeedActivity,
    SupportNeedEvent,
    SupportNeedOffer,
)

LEVELS = SUPPORT_LEVELS
LEVEL_LABELS = SUPPORT_LEVEL_LABELS
STATUSES = SUPPORT_STATUSES
STATUS_LABELS = SUPPORT_STATUS_LABELS
RECEIVED = "received"
OUTSIDE_LEVELS = ("municipal", "regional")  # help from outside: «От кого» must be said
YEAR_MIN, YEAR_MAX = 2000, 2100
NO_TASK_TITLE = "Без привязки к задаче программы"
GONE = "Эта потребность уже удалена или не найдена — обновите страницу."
NOT_FOUND = "Мероприятие не найдено — обновите страницу."


@dataclass
class NeedData:
    """One need as its form edits it."""

    task: str = ""
    level: str = "municipal"
    content: str = ""
    provider: str = ""
    due_text: str = ""
    due_date: date | None = None
    status: str = "needed"
    activity_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)


DATA_FIELDS = tuple(f.name for f in fields(NeedData))


@dataclass
class NeedRow(NeedData):
    """A need as the map shows it."""

    id: str = ""
    program_id: str | None = None
    activities: list[Ref] = field(default_factory=list)
    events: list[Ref] = field(default_factory=list)  # live events through which it came
    offers: list[Ref] = field(default_factory=list)  # the office's catalogue events answering it
    overdue: bool = False

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def due_label(self) -> str:
        """«I полугодие 2021 г. (30.06.2021)», or whichever half is given."""
        if self.due_text and self.due_date:
            return f"{self.due_text} ({format_day(self.due_date)})"
        return self.due_text or format_day(self.due_date)

    def data(self) -> NeedData:
        values = {name: getattr(self, name) for name in DATA_FIELDS}
        return NeedData(
            **{**values, "activity_ids": list(self.activity_ids), "event_ids": list(self.event_ids)}
        )


@dataclass
class TaskGroup:
    """A task of the programme and its needs, by level (every level present, maybe empty)."""

    task: str
    number: int | None  # in the passport, from 1; None: no task, or a task not in the passport
    needs: dict[str, list[NeedRow]]

    @property
    def title(self) -> str:
        if not self.task:
            return NO_TASK_TITLE
        if self.number is None:
            return f"{self.task} (этой задачи нет в паспорте текущей программы)"
        return f"Задача {self.number}. {self.task}"

    @property
    def short_title(self) -> str:
        return f"Задача {self.number}" if self.number is not None else self.title

    def all_needs(self) -> list[NeedRow]:
        return [need for level in LEVELS for need in self.needs[level]]


@dataclass
class SupportMap:
    programme_id: str | None
    programme_title: str
    tasks: list[str]  # the current programme's tasks, in passport order
    groups: list[TaskGroup]

    def needs(self) -> list[NeedRow]:
        return [need for group in self.groups for need in group.all_needs()]

    def find(self, need_id: str) -> NeedRow | None:
        return next((n for n in self.needs() if n.id == need_id), None)


def is_overdue(due_date: date | None, status: str, today: date | None = None) -> bool:
    """The need's date has passed and the help has not come."""
    if due_date is None or status == RECEIVED:
        return False
    return due_date < (today or date.today())


def validate_need(data: NeedData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.level not in LEVELS:
        errors["level"] = "Выберите уровень: «Школа сама», муниципальный или региональный."
    if not data.content.strip():
        errors["content"] = (
            "Опишите содержание помощи как можно конкретнее: что именно нужно и кому "
            "(например, «практический семинар по формирующему оцениванию для учителей математики»)."
        )
    if data.level in OUTSIDE_LEVELS and not data.provider.strip():
        errors["provider"] = "Укажите, от кого ждёте помощь (например, «Муниципальная методическая служба»)."
    if not data.due_text.strip() and data.due_date is None:
        errors["due_text"] = "Укажите срок: словами («I полугодие 2021 г.», «до 1 сентября») или датой."
    if data.due_date is not None and not YEAR_MIN <= data.due_date.year <= YEAR_MAX:
        errors["due_date"] = f"Срок — дата между {YEAR_MIN} и {YEAR_MAX} годом. Проверьте год."
    if data.status not in STATUSES:
        errors["status"] = "Выберите статус: нужна, согласована, получена или не получена."
    elif data.status == RECEIVED and not data.event_ids:
        errors["event_ids"] = (
            "Помощь отмечена как полученная: выберите мероприятие «Дневника школы», через которое "
            "она пришла, или добавьте его кнопкой «Добавить мероприятие…»."
        )
    return errors


def _clean(data: NeedData) -> dict:
    return {
        "task": " ".join(data.task.split()),
        "level": data.level,
        "content": data.content.strip(),
        "provider": data.provider.strip(),
        "due_text": " ".join(data.due_text.split()),
        "due_date": data.due_date,
        "status": data.status,
    }


def _write(session: Session, need: SupportNeed, data: NeedData) -> None:
    for key, value in _clean(data).items():
        setattr(need, key, value)
    session.flush()
    # Only help that came has the events it came through.
    event_ids = list(dict.fromkeys(data.event_ids)) if data.status == RECEIVED else []
    activity_ids = list(dict.fromkeys(data.activity_ids))
    check_same_school(session, need.school_id, ((Event, event_ids), (PlanActivity, activity_ids)))
    set_links(session, SupportNeedEvent, "need_id", need.id, "event_id", event_ids)
    set_links(session, SupportNeedActivity, "need_id", need.id, "activity_id", activity_ids)


def create_need(store: Store, school_id: str, data: NeedData) -> str:
    """A new need of the school's current programme; returns its id."""
    if errors := validate_need(data):
        raise ValidationError(errors)
    programme = current_programme(store, school_id)
    with store.session() as s:
        require_writable(s, school_id)
        need = SupportNeed(school_id=school_id, program_id=programme.id if programme else None)
        s.add(need)
        _write(s, need, data)
        return need.id


def update_need(store: Store, need_id: str, data: NeedData) -> None:
    if errors := validate_need(data):
        raise ValidationError(errors)
    with store.session() as s:
        _write(s, writable(s, SupportNeed, need_id, GONE), data)


def set_status(store: Store, need_id: str, status: str, event_ids: Iterable[str] | None = None) -> None:
    """Change only the status; «получена» needs the events it came through (`event_ids`)."""
    row = get_need(store, need_id)
    data = row.data()
    data.status = status
    if event_ids is not None:
        data.event_ids = list(event_ids)
    if errors := validate_need(data):
        # The other fields were valid when saved; only the status part can be wrong here.
        wrong = {k: v for k, v in errors.items() if k in ("status", "event_ids")} or errors
        raise ValidationError(wrong)
    with store.session() as s:
        _write(s, writable(s, SupportNeed, need_id, GONE), data)


def mark_received(store: Store, need_id: str, event_ids: Iterable[str]) -> None:
    set_status(store, need_id, RECEIVED, event_ids)


def delete_need(store: Store, need_id: str) -> None:
    with store.session() as s:
        writable(s, SupportNeed, need_id, GONE).deleted_at = datetime.now(UTC)


def offer_refs(session: Session, need_ids: list[str]) -> dict[str, list[Ref]]:
    """{need id: the live catalogue events offered for it}, earliest first."""
    found: dict[str, list[Ref]] = {}
    if not need_ids:
        return found
    rows = session.execute(
        select(SupportNeedOffer.need_id, CatalogEvent)
        .join(CatalogEvent, CatalogEvent.id == SupportNeedOffer.catalog_event_id)
        .where(SupportNeedOffer.need_id.in_(need_ids), CatalogEvent.deleted_at.is_(None))
        .order_by(CatalogEvent.date_from, CatalogEvent.title)
    )
    for need_id, event in rows:
        found.setdefault(need_id, []).append(Ref(event.id, catalog_label(event)))
    return found


def catalog_label(event: CatalogEvent) -> str:
    title = f"{event.title} ({event.form})" if event.form else event.title
    return event_label(title, event.date_from, event.date_to)


def build_rows(session: Session, needs: list[SupportNeed], today: date) -> list[NeedRow]:
    ids = [n.id for n in needs]
    activities = links_for(session, SupportNeedActivity, "need_id", "activity_id", ids)
    events = links_for(session, SupportNeedEvent, "need_id", "event_id", ids)
    activity_labels = activity_refs(session, {a for found in activities.values() for a in found})
    event_labels = event_refs(session, {e for found in events.values() for e in found})
    offers = offer_refs(session, ids)
    rows = []
    for need in needs:
        own_events = [e for e in events.get(need.id, []) if e in event_labels]
        own_activities = activities.get(need.id, [])
        rows.append(
            NeedRow(
                **{
                    name: getattr(need, name)
                    for name in DATA_FIELDS
                    if name not in ("activity_ids", "event_ids")
                },
                activity_ids=own_activities,
                event_ids=own_events,
                id=need.id,
                program_id=need.program_id,
                activities=sorted(
                    (activity_labels[a] for a in own_activities if a in activity_labels),
                    key=lambda r: r.label,
                ),
                events=[event_labels[e] for e in own_events],
                offers=offers.get(need.id, []),
                overdue=is_overdue(need.due_date, need.status, today),
            )
        )
    return rows


def get_need(store: Store, need_id: str, today: date | None = None) -> NeedRow:
    with store.session() as s:
        return build_rows(s, [live(s, SupportNeed, need_id, GONE)], today or date.today())[0]


def _sort_key(need: SupportNeed):
    return (need.due_date is None, need.due_date or date.min, need.created_at, need.id)


def list_needs(store: Store, school_id: str, today: date | None = None) -> list[NeedRow]:
    """The live needs of the school's current programme, and those tied to no programme."""
    programme = current_programme(store, school_id)
    with store.session() as s:
        query = select(SupportNeed).where(
            SupportNeed.school_id == school_id, SupportNeed.deleted_at.is_(None)
        )
        if programme is not None:
            query = query.where(or_(SupportNeed.program_id == programme.id, SupportNeed.program_id.is_(None)))
        needs = sorted(s.scalars(query), key=_sort_key)
        return build_rows(s, needs, today or date.today())


def support_map(store: Store, school_id: str, today: date | None = None) -> SupportMap:
    """The needs grouped by programme task (passport order, then tasks the passport no longer
    has, then needs tied to no task), each group with the three levels."""
    programme = current_programme(store, school_id)
    tasks = list(programme.tasks) if programme is not None else []
    needs = list_needs(store, school_id, today)
    order: list[str] = list(tasks)
    for need in needs:
        if need.task and need.task not in order:
            order.append(need.task)
    if any(not need.task for need in needs) or not order:
        order.append("")
    groups = []
    for task in order:
        number = tasks.index(task) + 1 if task in tasks else None
        by_level = {level: [n for n in needs if n.task == task and n.level == level] for level in LEVELS}
        groups.append(TaskGroup(task=task, number=number, needs=by_level))
    title = f"{programme.title} ({programme.years})" if programme is not None else ""
    return SupportMap(programme.id if programme else None, title, tasks, groups)


def event_data_from_offer(store: Store, catalog_event_id: str) -> EventData:
    """A new «Дневник школы» event filled in from the office's catalogue event it attended."""
    with store.session() as s:
        offer = live(s, CatalogEvent, catalog_event_id, "Этого мероприятия больше нет в каталоге управления.")
        return EventData(
            title=offer.title,
            form=offer.form,
            organizer=offer.organizer,
            level=offer.level,
            date_from=offer.date_from or date.today(),
            date_to=offer.date_to,
            key_elements=offer.key_elements,
        )


def note_offer_attended(store: Store, event_id: str, catalog_event_id: str) -> None:
    """Remember that a school's event is its attendance of the office's catalogue event."""
    with store.session() as s:
        event = writable(s, Event, event_id, NOT_FOUND, include_deleted=True)
        live(s, CatalogEvent, catalog_event_id, NOT_FOUND, include_deleted=True)
        event.catalog_event_id = catalog_event_id


def task_choices(store: Store, school_id: str) -> list[str]:
    """The tasks a need can be tied to: the current programme's, in passport order."""
    programme = current_programme(store, school_id)
    return list(programme.tasks) if programme is not None else []


__all__ = [
    "LEVELS",
    "LEVEL_LABELS",
    "NO_TASK_TITLE",
    "RECEIVED",
    "STATUSES",
    "STATUS_LABELS",
    "NeedData",
    "NeedRow",
    "SupportMap",
    "TaskGroup",
    "build_rows",
    "catalog_label",
    "create_need",
    "delete_need",
    "event_data_from_offer",
    "get_need",
    "is_overdue",
    "list_needs",
    "mark_received",
    "note_offer_attended",
    "offer_refs",
    "set_status",
    "support_map",
    "task_choices",
    "update_need",
    "validate_need",
]
