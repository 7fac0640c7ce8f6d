"""At the office: the schools' «Карта поддержки» needs added up — «what the district's schools need
from us» — by topic and by due month, with the schools behind each, so the methodologist can
plan catalogue events; and the link from a need to the catalogue event that answers it.

A need is free text, so its topic is found by the words it uses (TOPICS, first match wins);
the needs behind every figure are listed, so a misplaced one is seen at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.core.errors import UserError
from app.core.records import live
from app.core.refs import Ref
from app.core.store import Store
from app.core.text import fold
from app.support.support import LEVELS, RECEIVED, STATUS_LABELS, catalog_label, is_overdue, offer_refs
from db.base import utcnow
from db.models import CatalogEvent, School, SupportNeed, SupportNeedOffer

OTHER_TOPIC = "Другое"
# (topic, word stems in folded form). Order matters: a need goes to the first topic it matches.
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Учебная мотивация обучающихся", ("мотивац",)),
    ("Психолого-педагогическая помощь", ("психолог", "выгоран", "конфликт", "буллинг", "поведен")),
    ("Обучающиеся с ОВЗ и трудностями в обучении", ("овз", "адаптирован", "инклюзи", "трудност")),
    (
        "Подготовка к ГИА, предметные компетенции учителей",
        ("огэ", "егэ", "гиа", "впр", "предметн", "математик", "русск", "оценивани"),
    ),
    ("Работа с родителями", ("родител", "семь", "семей")),
    ("Мониторинг и управление программой", ("мониторинг", "дневник", "анкет", "управлен", "руководител")),
    ("Повышение квалификации и наставничество", ("курс", "квалификац", "кпк", "наставни", "ипрп", "молод")),
)
MONTHS = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split()
NO_MONTH = "срок без даты"
OPEN_STATUSES = ("needed", "agreed", "not_received")


def topic_of(content: str, task: str = "") -> str:
    """The topic a need's content speaks of; its programme task decides when the content is silent."""
    for text in (content, task):
        folded = fold(text, spaces=False)
        for topic, stems in TOPICS:
            if any(stem in folded for stem in stems):
                return topic
    return OTHER_TOPIC


def month_label(month: date | None) -> str:
    return f"{MONTHS[month.month - 1]} {month.year}" if month is not None else NO_MONTH


@dataclass
class DistrictNeed:
    id: str
    school_id: str
    school: str
    task: str
    content: str
    provider: str
    due_text: str
    due_date: date | None
    status: str
    overdue: bool
    offers: list[Ref] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        label = STATUS_LABELS.get(self.status, self.status)
        return f"{label}, срок прошёл" if self.overdue else label


@dataclass
class MonthGroup:
    month: date | None  # the first day of the due month; None: no date given
    needs: list[DistrictNeed]

    @property
    def label(self) -> str:
        return month_label(self.month)

    @property
    def schools(self) -> list[str]:
        return sorted({n.school for n in self.needs})


@dataclass
class TopicGroup:
    topic: str
    months: list[MonthGroup]

    def needs(self) -> list[DistrictNeed]:
        return [n for m in self.months for n in m.needs]

    @property
    def schools(self) -> list[str]:
        return sorted({n.school for n in self.needs()})

    @property
    def waiting(self) -> int:
        """Not received yet (needed, agreed, or reported as not received)."""
        return sum(1 for n in self.needs() if n.status != RECEIVED)

    @property
    def offered(self) -> int:
        return sum(1 for n in self.needs() if n.offers)


@dataclass
class DistrictNeeds:
    level: str
    topics: list[TopicGroup]

    def needs(self) -> list[DistrictNeed]:
        return [n for t in self.topics for n in t.needs()]

    @property
    def schools(self) -> list[str]:
        return sorted({n.school for n in self.needs()})

    def topic(self, title: str) -> TopicGroup | None:
        return next((t for t in self.topics if t.topic == title), None)


def district_needs(
    store: Store, level: str = "municipal", include_received: bool = False, today: date | None = None
) -> DistrictNeeds:
    """The live needs of every school at `level`, by topic (most awaited first) and due month."""
    if level not in LEVELS:
        raise UserError("Уровень — школа, муниципальный или региональный.")
    today = today or date.today()
    statuses = (*OPEN_STATUSES, RECEIVED) if include_received else OPEN_STATUSES
    with store.session() as s:
        rows = list(
            s.execute(
                select(SupportNeed, School.name)
                .join(School, School.id == SupportNeed.school_id)
                .where(
                    SupportNeed.level == level,
                    SupportNeed.deleted_at.is_(None),
                    SupportNeed.status.in_(statuses),
                )
                .order_by(SupportNeed.due_date, School.name, SupportNeed.created_at)
            )
        )
        offers = offer_refs(s, [need.id for need, _ in rows])
        needs = [
            DistrictNeed(
                id=need.id,
                school_id=need.school_id,
                school=school,
                task=need.task,
                content=need.content,
                provider=need.provider,
                due_text=need.due_text,
                due_date=need.due_date,
                status=need.status,
                overdue=is_overdue(need.due_date, need.status, today),
                offers=offers.get(need.id, []),
            )
            for need, school in rows
        ]
    by_topic: dict[str, dict[date | None, list[DistrictNeed]]] = {}
    for need in needs:
        month = need.due_date.replace(day=1) if need.due_date else None
        topic = topic_of(need.content, need.task)
        by_topic.setdefault(topic, {}).setdefault(month, []).append(need)
    topics = [
        TopicGroup(
            topic,
            [MonthGroup(m, found[m]) for m in sorted(found, key=lambda m: (m is None, m or date.min))],
        )
        for topic, found in by_topic.items()
    ]
    topics.sort(key=lambda t: (-t.waiting, -len(t.schools), t.topic == OTHER_TOPIC, t.topic))
    return DistrictNeeds(level, topics)


def catalog_choices(store: Store) -> list[Ref]:
    """The office's live catalogue events, soonest first (undated last)."""
    with store.session() as s:
        events = s.scalars(
            select(CatalogEvent)
            .where(CatalogEvent.deleted_at.is_(None))
            .order_by(CatalogEvent.date_from.is_(None), CatalogEvent.date_from, CatalogEvent.title)
        )
        return [Ref(e.id, catalog_label(e)) for e in events]


def link_offer(store: Store, need_ids: Iterable[str], catalog_event_id: str) -> int:
    """Offer the catalogue event to the schools with these needs; returns how many links are new."""
    need_ids = list(dict.fromkeys(need_ids))
    if not need_ids:
        raise UserError("Выберите потребности школ, на которые отвечает мероприятие.")
    with store.session() as s:
        event = live(
            s, CatalogEvent, catalog_event_id, "Этого мероприятия больше нет в каталоге — выберите другое."
        )
        found = set(
            s.scalars(
                select(SupportNeed.id).where(SupportNeed.id.in_(need_ids), SupportNeed.deleted_at.is_(None))
            )
        )
        if found != set(need_ids):
            raise UserError("Среди выбранных есть потребности, которых больше нет, — обновите список.")
        existing = set(
            s.scalars(
                select(SupportNeedOffer.need_id).where(
                    SupportNeedOffer.catalog_event_id == catalog_event_id,
                    SupportNeedOffer.need_id.in_(need_ids),
                )
            )
        )
        new = [n for n in need_ids if n not in existing]
        for need_id in new:
            s.add(SupportNeedOffer(need_id=need_id, catalog_event_id=catalog_event_id))
        if new:
            event.updated_at = utcnow()  # the feedback package carries the event anew, with its links
        return len(new)


def unlink_offer(store: Store, need_id: str, catalog_event_id: str) -> None:
    with store.session() as s:
        link = s.get(SupportNeedOffer, {"need_id": need_id, "catalog_event_id": catalog_event_id})
        if link is None:
            return
        s.delete(link)
        event = s.get(CatalogEvent, catalog_event_id)
        if event is not None:
            event.updated_at = utcnow()


def offered_need_ids(store: Store, catalog_event_id: str) -> list[str]:
    """The needs a catalogue event answers: what the feedback package lists with the event."""
    with store.session() as s:
        return sorted(
            s.scalars(
                select(SupportNeedOffer.need_id).where(SupportNeedOffer.catalog_event_id == catalog_event_id)
            )
        )


__all__ = [
    "OTHER_TOPIC",
    "TOPICS",
    "DistrictNeed",
    "DistrictNeeds",
    "MonthGroup",
    "TopicGroup",
    "catalog_choices",
    "district_needs",
    "link_offer",
    "month_label",
    "offered_need_ids",
    "topic_of",
    "unlink_offer",
]
