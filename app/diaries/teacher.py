"""«Дневник педагога»: how a teacher used what was taught, where, and what came of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from app.core.dates import format_day
from app.diaries.base import DiaryService
from app.diaries.common import Column, DiaryFilter, Ref, RowBase, check_not_beyond_year
from app.diaries.practice import PracticeEntryMixin
from db.functions import fold
from db.models import Staff, TeacherDiaryActivity, TeacherDiaryEntry, TeacherDiaryEvent

COLUMNS = [
    Column("entry_date", "Дата"),
    Column("staff", "Педагог Ф И О"),
    Column("methods", "Используемые методы (технологии, способы) работы"),
    Column("where_used", "Где использует (класс, курс и т.п.)"),
    Column("results", "Результаты использования"),
    Column("teacher_comment", "Комментарии педагога"),
    Column("comments", "Комментарии куратора (методист, руководитель)"),
    Column("sources", "Источник (мероприятия «Дневника школы»)", printed=False),
    Column("activities", "Элементы программы улучшения результатов", printed=False),
]


@dataclass
class TeacherEntryData:
    staff_id: str | None = None
    entry_date: date | None = None
    methods: str = ""
    where_used: str = ""
    results: str = ""
    teacher_comment: str = ""
    event_ids: list[str] = field(default_factory=list)
    activity_ids: list[str] = field(default_factory=list)


@dataclass
class TeacherRow(RowBase):
    data: TeacherEntryData = field(default_factory=TeacherEntryData)
    staff_name: str = ""
    staff_active: bool = True
    sources: list[Ref] = field(default_factory=list)
    activities: list[Ref] = field(default_factory=list)

    def cell(self, key: str) -> str:
        d = self.data
        values = {
            "entry_date": format_day(d.entry_date),
            "staff": self.staff_name,
            "methods": d.methods,
            "where_used": d.where_used,
            "results": d.results,
            "teacher_comment": d.teacher_comment,
            "comments": self.comments_text(),
            "sources": "\n".join(r.label for r in self.sources),
            "activities": "\n".join(r.label for r in self.activities),
        }
        return values[key]


class TeacherDiary(PracticeEntryMixin, DiaryService):
    model = TeacherDiaryEntry
    comment_target = "teacher_diary"
    title = "Дневник педагога"
    columns = COLUMNS
    event_link = TeacherDiaryEvent
    activity_link = TeacherDiaryActivity

    def date_column(self) -> ColumnElement:
        return TeacherDiaryEntry.entry_date

    def text_columns(self) -> list[ColumnElement]:
        e = TeacherDiaryEntry
        return [e.methods, e.where_used, e.results, e.teacher_comment]

    def extra_filters(self, flt: DiaryFilter) -> list:
        return [TeacherDiaryEntry.staff_id == flt.staff_id] if flt.staff_id else []

    def search_extras(self) -> list:
        def by_name(pattern: str):
            return exists().where(
                Staff.id == TeacherDiaryEntry.staff_id, fold(Staff.full_name).like(pattern, escape="\\")
            )

        return [*super().search_extras(), by_name]

    def sort_expression(self, key: str) -> ColumnElement:
        e = TeacherDiaryEntry
        if key == "staff":
            return select(Staff.full_name).where(Staff.id == e.staff_id).scalar_subquery()
        if key in ("sources", "activities", "comments"):
            link = {"sources": TeacherDiaryEvent, "activities": TeacherDiaryActivity}.get(key)
            if link is None:
                return e.entry_date
            return select(func.count()).select_from(link).where(link.entry_id == e.id).scalar_subquery()
        return getattr(e, key)

    text_fields = ("methods", "where_used", "results", "teacher_comment")

    def build_rows(self, session: Session, records: list) -> list[TeacherRow]:
        events, activities, event_labels, activity_labels = self.practice_refs(session, records)
        staff = {
            i: (name, active)
            for i, name, active in session.execute(
                select(Staff.id, Staff.full_name, Staff.active).where(
                    Staff.id.in_({r.staff_id for r in records})
                )
            )
        }
        rows = []
        for r in records:
            name, active = staff.get(r.staff_id, ("", False))
            data = TeacherEntryData(
                staff_id=r.staff_id,
                entry_date=r.entry_date,
                event_ids=events.get(r.id, []),
                activity_ids=activities.get(r.id, []),
                **{key: getattr(r, key) for key in self.text_fields},
            )
            rows.append(
                TeacherRow(
                    id=r.id,
                    deleted_at=r.deleted_at,
                    data=data,
                    staff_name=name,
                    staff_active=active,
                    sources=self.pick(event_labels, data.event_ids),
                    activities=self.pick(activity_labels, data.activity_ids, ordered=True),
                )
            )
        return rows

    def check(
        self, session: Session, school_id: str, data: TeacherEntryData, entry=None, today: date | None = None
    ) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not data.staff_id:
            errors["staff_id"] = "Выберите педагога из списка."
        else:
            person = session.get(Staff, data.staff_id)
            if person is None or person.school_id != school_id or person.deleted_at is not None:
                errors["staff_id"] = "Такого педагога нет в списке «Педагоги» — выберите другого."
            elif not person.active and (entry is None or entry.staff_id != data.staff_id):
                errors["staff_id"] = (
                    f"{person.full_name} отмечен(а) как выбывший(ая): новые записи для него (неё) "
                    "не создаются. Верните педагога на странице «Педагоги», если это ошибка."
                )
        if data.entry_date is None:
            errors["entry_date"] = "Укажите дату записи."
        elif problem := check_not_beyond_year(data.entry_date, today):
            errors["entry_date"] = problem
        if not data.methods.strip():
            errors["methods"] = "Опишите используемые методы (технологии, способы) работы."
        return errors

    def write_extra(self, entry: TeacherDiaryEntry, data: TeacherEntryData) -> None:
        entry.staff_id = data.staff_id


teacher_diary = TeacherDiary()
