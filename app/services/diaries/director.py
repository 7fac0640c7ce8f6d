"""«Дневник директора»: management forms used, where, with what results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.services.diaries.base import DiaryService
from app.services.diaries.common import Column, Ref, RowBase, check_not_beyond_year, format_date, links_for
from app.services.diaries.practice import PracticeEntryMixin, event_refs
from app.services.plan import activity_refs
from app.store import Store
from db.models import DirectorDiaryActivity, DirectorDiaryEntry, DirectorDiaryEvent

COLUMNS = [
    Column("entry_date", "Дата"),
    Column("form_of_use", "Форма использования (способ деятельности, коммуникации и т.п.)"),
    Column("where_used", "Где использует (вид деятельности, «участок» работы и т.п.)"),
    Column("results", "Результаты использования"),
    Column("director_comment", "Комментарии директора"),
    Column("comments", "Комментарии куратора (муниципальный/ региональный координатор)"),
    Column("sources", "Источник (мероприятия «Дневника школы»)", printed=False),
    Column("activities", "Элементы программы улучшения результатов", printed=False),
]


@dataclass
class DirectorEntryData:
    entry_date: date | None = None
    form_of_use: str = ""
    where_used: str = ""
    results: str = ""
    director_comment: str = ""
    event_ids: list[str] = field(default_factory=list)
    activity_ids: list[str] = field(default_factory=list)


@dataclass
class DirectorRow(RowBase):
    data: DirectorEntryData = field(default_factory=DirectorEntryData)
    sources: list[Ref] = field(default_factory=list)
    activities: list[Ref] = field(default_factory=list)

    def cell(self, key: str) -> str:
        d = self.data
        values = {
            "entry_date": format_date(d.entry_date),
            "form_of_use": d.form_of_use,
            "where_used": d.where_used,
            "results": d.results,
            "director_comment": d.director_comment,
            "comments": self.comments_text(),
            "sources": "\n".join(r.label for r in self.sources),
            "activities": "\n".join(r.label for r in self.activities),
        }
        return values[key]


def validate(data: DirectorEntryData, today: date | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.entry_date is None:
        errors["entry_date"] = "Укажите дату записи."
    elif problem := check_not_beyond_year(data.entry_date, today):
        errors["entry_date"] = problem
    if not data.form_of_use.strip():
        errors["form_of_use"] = "Опишите форму использования (способ деятельности, коммуникации)."
    return errors


class DirectorDiary(PracticeEntryMixin, DiaryService):
    model = DirectorDiaryEntry
    comment_target = "director_diary"
    title = "Дневник директора"
    columns = COLUMNS
    event_link = DirectorDiaryEvent
    activity_link = DirectorDiaryActivity

    def date_column(self) -> ColumnElement:
        return DirectorDiaryEntry.entry_date

    def text_columns(self) -> list[ColumnElement]:
        e = DirectorDiaryEntry
        return [e.form_of_use, e.where_used, e.results, e.director_comment]

    def sort_expression(self, key: str) -> ColumnElement:
        e = DirectorDiaryEntry
        link = {"sources": DirectorDiaryEvent, "activities": DirectorDiaryActivity}.get(key)
        if link is not None:
            return select(func.count()).select_from(link).where(link.entry_id == e.id).scalar_subquery()
        if key == "comments":
            return e.entry_date
        return getattr(e, key)

    def build_rows(self, session: Session, records: list) -> list[DirectorRow]:
        ids = [r.id for r in records]
        events = links_for(session, DirectorDiaryEvent, "entry_id", "event_id", ids)
        activities = links_for(session, DirectorDiaryActivity, "entry_id", "activity_id", ids)
        event_labels = event_refs(session, {e for found in events.values() for e in found})
        activity_labels = activity_refs(session, {a for found in activities.values() for a in found})
        rows = []
        for r in records:
            data = DirectorEntryData(
                entry_date=r.entry_date,
                form_of_use=r.form_of_use,
                where_used=r.where_used,
                results=r.results,
                director_comment=r.director_comment,
                event_ids=events.get(r.id, []),
                activity_ids=activities.get(r.id, []),
            )
            rows.append(
                DirectorRow(
                    id=r.id,
                    deleted_at=r.deleted_at,
                    data=data,
                    sources=[event_labels[e] for e in data.event_ids if e in event_labels],
                    activities=sorted(
                        (activity_labels[a] for a in data.activity_ids if a in activity_labels),
                        key=lambda ref: ref.label,
                    ),
                )
            )
        return rows

    def _write(self, session: Session, entry: DirectorDiaryEntry, data: DirectorEntryData) -> None:
        entry.entry_date = data.entry_date
        for key in ("form_of_use", "where_used", "results", "director_comment"):
            setattr(entry, key, getattr(data, key).strip())
        session.flush()
        self.write_links(session, entry, data.event_ids, data.activity_ids)

    def create(self, store: Store, school_id: str, data: DirectorEntryData, today: date | None = None) -> str:
        if errors := validate(data, today):
            raise ValidationError(errors)
        with store.session() as s:
            entry = DirectorDiaryEntry(school_id=school_id)
            s.add(entry)
            self._write(s, entry, data)
            return entry.id

    def update(self, store: Store, entry_id: str, data: DirectorEntryData, today: date | None = None) -> None:
        if errors := validate(data, today):
            raise ValidationError(errors)
        with store.session() as s:
            self._write(s, self._live(s, entry_id), data)


director_diary = DirectorDiary()
