"""`report district`: «Отчёт о реализации программ повышения качества образования» (seed 004) for
chosen schools and years — the header, Блок 1, 2 and 3 — with the district indicator table
(seed 000) and the questionnaires by school and section. A municipal office's report; a
school's database is refused.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.core.store import Store
from app.office.district import DistrictChoice, choose, district_header, exam_results_count
from app.office.district_activities import activities_block, leaving_block
from app.office.district_monitoring import indicator_block, survey_block
from app.office.district_results import results_block
from app.reports import Document, write_report
from app.reports.catalog import ReportKind, ReportOptions, register
from app.reports.district_parts import (
    block1_part,
    block2_part,
    block3_part,
    indicators_part,
    survey_parts,
)

KIND = "district"
DISTRICT_TITLE = "Отчёт о реализации программ повышения качества образования"


def district_document(store: Store, choice: DistrictChoice, printed_on: date | None = None) -> Document:
    """The whole report for `choice` (see app.office.district.choose) as plain data."""
    printed_on = printed_on or date.today()
    installation = store.installation()
    owner = installation.name if installation is not None else ""
    header = district_header(store, choice)
    common = {"owner": owner, "printed_on": printed_on}
    parts = [block1_part(table, common) for table in results_block(store, choice)]
    parts.append(block2_part(activities_block(store, choice, printed_on), common))
    parts.append(block3_part(leaving_block(store, choice), common))
    parts.append(indicators_part(indicator_block(store, choice), common))
    parts += survey_parts(survey_block(store, choice), common)
    subtitle = [*header.lines, f"Школ в отчёте: {len(choice.schools)}; {choice.years_text}."]
    return Document(DISTRICT_TITLE, parts, subtitle, **common)


def district_report(
    store: Store, options: ReportOptions | None = None, printed_on: date | None = None
) -> Document:
    """The report for the schools and years of `options` (all schools, last three years if none)."""
    options = options or ReportOptions()
    return district_document(store, choose(store, options.schools, options.years, printed_on), printed_on)


def _build(store: Store, fmt: str, out: Path, options: ReportOptions) -> str:
    choice = choose(store, options.schools, options.years)
    write_report(district_document(store, choice), fmt, out)
    return f"«{DISTRICT_TITLE}», школ: {len(choice.schools)}, {choice.years_text}"


def report_warnings(store: Store, options: ReportOptions) -> list[str]:
    """What the command line adds to a report written all the same: years without any results."""
    choice = choose(store, options.schools, options.years)
    if exam_results_count(store, choice):
        return []
    return [
        f"ни у одной школы отчёта нет результатов ВПР, ОГЭ, ЕГЭ и ГВЭ за {choice.years_text}: "
        "в таблицах Блока 1 везде «-». Проверьте годы (--years) или примите пакеты школ."
    ]


register(ReportKind(KIND, DISTRICT_TITLE, ("--schools", "--years"), _build, report_warnings))

__all__ = [
    "DISTRICT_TITLE",
    "KIND",
    "district_document",
    "district_report",
    "report_warnings",
]
