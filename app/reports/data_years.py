"""The data's own years: a report without a year or period is about the last academic year the
school's records reach, not about a window ending today (a demo of 2021 read in a later year, a
school that stopped entering data). Today only where the school has no dated record at all."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.core.dates import format_day
from app.core.store import Store
from app.programme.academic_years import current_academic_year
from db.models import DirectorDiaryEntry, Event, ExamResult, SurveyRound, TeacherDiaryEntry


def last_record_day(store: Store, school_id: str | None) -> date | None:
    """The latest day a live record of the school (its events, diaries, questionnaire rounds,
    exam results) is dated; None without any."""
    columns = (
        (Event, func.max(func.coalesce(Event.date_to, Event.date_from))),
        (TeacherDiaryEntry, func.max(TeacherDiaryEntry.entry_date)),
        (DirectorDiaryEntry, func.max(DirectorDiaryEntry.entry_date)),
        (SurveyRound, func.max(SurveyRound.held_on)),
    )
    days: list[date] = []
    with store.session() as s:
        for model, latest in columns:
            query = select(latest).where(model.deleted_at.is_(None))
            if school_id is not None:
                query = query.where(model.school_id == school_id)
            day = s.scalar(query)
            if day is not None:
                days.append(day)
        exams = select(func.max(ExamResult.year)).where(ExamResult.deleted_at.is_(None))
        if school_id is not None:
            exams = exams.where(ExamResult.school_id == school_id)
        exam_year = s.scalar(exams)
    if exam_year is not None:
        days.append(date(exam_year, 6, 30))  # the exams close the academic year ending that summer
    return max(days) if days else None


def last_data_year(store: Store, school_id: str | None, today: date | None = None) -> str:
    """The academic year («2020/2021») of the school's latest dated record; the current one
    (as of `today`) when there is none."""
    day = last_record_day(store, school_id)
    return current_academic_year(day if day is not None else today)


def year_end(academic_year: str) -> date:
    """31 August closing the academic year."""
    return date(int(academic_year[5:]), 8, 31)


def years_words(first: str, last: str) -> str:
    """«2020/2021», or «2019/2020–2020/2021» for a span of academic years."""
    return first if first == last else f"{first}–{last}"


def period_words(date_from: date | None, date_to: date | None) -> str:
    """«01.09.2020 – 31.05.2021», «с 01.09.2020», «по 31.05.2021»."""
    if date_from and date_to:
        return f"{format_day(date_from)} – {format_day(date_to)}"
    if date_from:
        return f"с {format_day(date_from)}"
    return f"по {format_day(date_to)}" if date_to else ""
