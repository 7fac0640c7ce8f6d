"""`report district-staff`: seed 001's «Анализ кадрового потенциала» for the district — the
analysis in words, the counts and shares of all the schools' teachers, the table of teachers of
Russian and mathematics, every subject, and each school's row; who sent no staff list is named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.core.dates import format_day
from app.core.store import Store
from app.office.district_staff import DistrictStaff, district_staff
from app.reports import Cell, Document, Number, ReportColumn, TableReport, TextPart, write_report
from app.reports.catalog import ReportKind, ReportOptions, register
from app.reports.staff_report import SUBJECT_COLUMNS, SUMMARY_COLUMNS, subject_rows, summary_rows
from app.school.staff_analysis import LONG_EXPERIENCE, OLD_AGE, YOUNG_AGE, Share, StaffAnalysis, analysis_text

KIND = "district-staff"
DISTRICT_STAFF_TITLE = "Кадровый состав школ района"
# The figures of a school's row, in the order of seed 001's paragraph.
SCHOOL_FIGURES = (
    ("under_35", f"До {YOUNG_AGE} лет"),
    ("over_55", f"Старше {OLD_AGE} лет"),
    ("higher_education", "Высшее образование"),
    ("top_category", "Высшая или первая категория"),
    ("experience_over_20", f"Стаж более {LONG_EXPERIENCE} лет"),
    ("courses", "КПК за три года"),
)


def share_text(share: Share) -> str:
    """«5 (41,7%)»; «-» when there is nobody to count."""
    return f"{share.count} ({share.percent_text}%)" if share.total else "-"


def school_cells(name: str, a: StaffAnalysis) -> list[Cell]:
    return [
        name,
        Number(a.teachers, str(a.teachers)),
        *(share_text(getattr(a, key)) for key, _ in SCHOOL_FIGURES),
    ]


def school_columns() -> list[ReportColumn]:
    columns = [ReportColumn("Школа (код)", 2.6), ReportColumn("Учителей", 0.8, centered=True)]
    return columns + [ReportColumn(label, 1.0, centered=True) for _key, label in SCHOOL_FIGURES]


def district_staff_document(found: DistrictStaff, owner: str, printed_on: date | None = None) -> Document:
    printed_on = printed_on or date.today()
    common = {"owner": owner, "printed_on": printed_on}
    a = found.total
    subtitle = [
        f"Школ: {len(found.schools) + len(found.silent)}, прислали список педагогов: {len(found.schools)}.",
        f"По спискам «Педагоги» школ на {format_day(a.reference)} (учебный год {found.academic_year}): "
        "работающие сотрудники; учитель — у кого указан предмет или в должности есть слово «учитель».",
        f"Курсы повышения квалификации — участие в мероприятиях «Дневника школы» с "
        f"{format_day(a.courses_since)} по {format_day(a.reference)}.",
    ]
    schools = [school_cells(f"{s.school.name} ({s.school.code})", s.analysis) for s in found.schools]
    if found.schools:
        schools.append(school_cells("Итого по району", a))
    parts: list = [
        TextPart("Анализ кадрового потенциала района", analysis_text(a) + found.gaps()),
        TableReport("Состав учителей района", SUMMARY_COLUMNS, summary_rows(a), **common),
        TableReport(
            "Качественный состав учителей русского языка и математики",
            SUBJECT_COLUMNS,
            subject_rows(a),
            subtitle=["Квалификационная категория — высшая или первая: человек/доля."],
            **common,
        ),
        TableReport(
            "Учителя по предметам",
            SUBJECT_COLUMNS,
            subject_rows_of(a),
            subtitle=["Учитель нескольких предметов учтён в строке каждого."],
            empty_note="Ни у одного учителя не указан предмет.",
            **common,
        ),
        TableReport(
            "По школам",
            school_columns(),
            schools,
            empty_note="Ни одна школа не прислала списка педагогов.",
            **common,
        ),
    ]
    return Document(DISTRICT_STAFF_TITLE, parts, subtitle, **common)


def subject_rows_of(a: StaffAnalysis) -> list[list[Cell]]:
    """The seed's table's rows for every subject taught."""
    every = StaffAnalysis(**{**a.__dict__, "by_subject": a.by_every_subject})
    return subject_rows(every)


def _build(store: Store, fmt: str, out: Path, options: ReportOptions) -> str:
    found = district_staff(store, options.schools, options.academic_year)
    installation = store.installation()
    write_report(district_staff_document(found, installation.name if installation else ""), fmt, out)
    return (
        f"«{DISTRICT_STAFF_TITLE}», школ: {len(found.schools) + len(found.silent)}, "
        f"учителей: {found.total.teachers}"
    )


register(ReportKind(KIND, DISTRICT_STAFF_TITLE, ("--schools", "--year"), _build))
