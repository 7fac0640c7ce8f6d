"""«Дневник директора»: management forms used, where, with what results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.core.dates import format_day
from app.diaries.base import DiaryService
from app.diaries.common import Column, Ref, RowBase, check_not_beyond_year
from app.diaries.practice import PracticeEntryMixin
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
            "entry_date": format_day(d.entry_date),
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

    text_fields = ("form_of_use", "where_used", "results", "director_comment")

    def build_rows(self, session: Session, records: list) -> list[DirectorRow]:
        events, activities, event_labels, activity_labels = self.practice_refs(session, records)
        rows = []
        for r in records:
            data = DirectorEntryData(
                entry_date=r.entry_date,
                event_ids=events.get(r.id, []),
                activity_ids=activities.get(r.id, []),
                **{key: getattr(r, key) for key in self.text_fields},
            )
            rows.append(
                DirectorRow(
                    id=r.id,
                    deleted_at=r.deleted_at,
                    data=data,
                    sources=self.pick(event_labels, data.event_ids),
                    activities=self.pick(activity_labels, data.activity_ids, ordered=True),
                )
            )
        return rows

    def check(
        self, session: Session, school_id: str, data: DirectorEntryData, entry=None, today: date | None = None
    ) -> dict[str, str]:
        return validate(data, today)


director_diary = DirectorDiary()
