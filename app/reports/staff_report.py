"""«Кадровый состав»: seed 001's analysis of the teaching staff, counted from «Педагоги»."""

from __future__ import annotations

from datetime import date

from app.core.dates import format_day
from app.core.errors import UserError
from app.reports import Cell, Document, Number, ReportColumn, TableReport, TextPart
from app.reports.data_years import last_data_year, year_end
from app.reports.report_owner import ReportOwner
from app.school.staff_analysis import (
    LONG_EXPERIENCE,
    OLD_AGE,
    YOUNG_AGE,
    Share,
    StaffAnalysis,
    analyse_staff,
    analysis_text,
)

STAFF_TITLE = "Кадровый состав"
SUMMARY_COLUMNS = [
    ReportColumn("Показатель", 4.0),
    ReportColumn("Человек", 1.0, centered=True),
    ReportColumn("Доля от числа учителей, %", 1.3, centered=True),
]
# Seed 001's «Качественный состав учителей русского языка и математики»: its four columns word
# for word, and the share over 55 that the seed's text gives by subject.
SUBJECT_COLUMNS = [
    ReportColumn("Учителя", 2.4),
    ReportColumn("Количество (чел.)", 1.0, centered=True),
    ReportColumn("Квалификационная категория", 1.4, centered=True),
    ReportColumn("Курсы повышения квалификации", 1.4, centered=True),
    ReportColumn(f"Старше {OLD_AGE} лет", 1.0, centered=True),
]


def reference_day(academic_year: str, today: date) -> date:
    """The day the staff is counted on: the end of the academic year (31 August), not later
    than today."""
    return min(year_end(academic_year), today)


def share_cells(share: Share) -> list[Cell]:
    percent = Number(share.percent, share.percent_text) if share.percent is not None else "-"
    return [Number(share.count, str(share.count)), percent]


def summary_rows(a: StaffAnalysis) -> list[list[Cell]]:
    rows = [
        ("Учителей всего", Share(a.teachers, a.teachers)),
        (f"в возрасте до {YOUNG_AGE} лет", a.under_35),
        ("имеют высшее образование", a.higher_education),
        ("имеют высшую или первую квалификационную категорию", a.top_category),
        (f"имеют стаж работы более {LONG_EXPERIENCE} лет", a.experience_over_20),
        (f"в возрасте старше {OLD_AGE} лет", a.over_55),
        (
            f"прошли курсы повышения квалификации за последние три года (участники мероприятий "
            f"«Дневника школы» с {format_day(a.courses_since)})",
            a.courses,
        ),
        ("имеют индивидуальный план профессионального развития (ИПРП)", a.iprp),
        ("включены в профессиональные обучающие сообщества (ПОС)", a.in_pos),
        ("охвачены тьюторским сопровождением", a.tutor),
        ("преподают предмет в соответствии с квалификацией по диплому", a.by_diploma),
    ]
    return [[label, *share_cells(share)] for label, share in rows]


def fraction(share: Share) -> str:
    """Seed 001's «21/65,6%»; «-» when there is nobody."""
    return f"{share.count}/{share.percent_text}%" if share.total else "-"


def subject_rows(a: StaffAnalysis) -> list[list[Cell]]:
    return [
        [
            row.label,
            Number(row.teachers, str(row.teachers)),
            fraction(row.top_category),
            f"{row.courses.percent_text}%" if row.teachers else "-",
            f"{row.over_55.percent_text}%" if row.teachers else "-",
        ]
        for row in a.by_subject
    ]


def staff_document(
    store, owner: ReportOwner, academic_year: str | None = None, printed_on: date | None = None
) -> Document:
    """The analysis in words, the counts and shares, and the table by subject."""
    assert owner.school_id is not None, "the staff is a school's"
    printed_on = printed_on or date.today()
    # Without a year: the data's own last academic year, not the three years before today (#17).
    last = last_data_year(store, owner.school_id, printed_on)
    if academic_year and academic_year > last:
        raise UserError(
            f"За {academic_year} учебный год записей школы нет: последние (мероприятия, дневники, "
            f"анкеты, результаты) — за {last} учебный год. Выберите год не позже него."
        )
    year = academic_year or last
    a = analyse_staff(store, owner.school_id, reference_day(year, printed_on))
    subtitle = [
        owner.name,
        f"По записям раздела «Педагоги» на {format_day(a.reference)}: работающие сотрудники; "
        "учитель — у кого указан предмет или в должности есть слово «учитель»; возраст — по году "
        "рождения, стаж — как указан в карточке.",
        f"Курсы повышения квалификации — участие в любом мероприятии «Дневника школы» (курсы, "
        f"семинары, практикумы и др.), закончившемся с {format_day(a.courses_since)} "
        f"по {format_day(a.reference)}.",
    ]
    common = {"owner": owner.name, "printed_on": printed_on}
    parts: list = [
        TextPart("Анализ кадрового состава", analysis_text(a)),
        TableReport("Состав учителей", SUMMARY_COLUMNS, summary_rows(a), **common),
        TableReport(
            "Качественный состав учителей русского языка и математики",
            SUBJECT_COLUMNS,
            subject_rows(a),
            subtitle=["Квалификационная категория — высшая или первая: человек/доля."],
            **common,
        ),
    ]
    return Document(STAFF_TITLE, parts, subtitle, **common)
