"""`report district`: «Отчёт о реализации программ повышения качества образования» (seed 004) for
chosen schools and years — the header, Блок 1, 2 and 3 — with the district indicator table
(seed 000) and the questionnaires by school and section. A municipal office's report; a
school's database is refused.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.core.dates import format_day
from app.core.errors import UserError
from app.core.store import Store
from app.office.district import DistrictChoice, choose, district_header, exam_results_count, year_span
from app.office.district_activities import activities_block, leaving_block
from app.office.district_monitoring import indicator_block, indicator_years, registry_indicators, survey_block
from app.office.district_results import results_block
from app.office.registry import list_registry
from app.reports import Document, TableReport, write_report
from app.reports.catalog import ReportKind, ReportOptions, register
from app.reports.data_years import years_words
from app.reports.district_parts import (
    block1_part,
    block2_part,
    block3_part,
    indicators_part,
    survey_parts,
)

KIND = "district"
DISTRICT_TITLE = "Отчёт о реализации программ повышения качества образования"
INDICATORS_KIND = "district-indicators"
INDICATORS_TITLE = "Показатели школ района"
INDICATOR_YEARS_SHOWN = 3  # without --years: the last academic years with values


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
    left = left_in_period(store, choice)
    if left:
        # The count above is of the period; a school that left the list in it is still counted (#17).
        subtitle.append(
            f"Из школ с низкими образовательными результатами вышли из списка в этот период: {left} "
            "(обоснование — в Блоке 3)."
        )
    return Document(DISTRICT_TITLE, parts, subtitle, **common)


def left_in_period(store: Store, choice: DistrictChoice) -> str:
    """«3 (20.05.2021)»: the chosen schools that left the programme within the report's period."""
    chosen = set(choice.school_ids)
    days = [
        row.left_programme_on
        for row in list_registry(store)
        if row.id in chosen
        and row.left_programme_on is not None
        and choice.period_start <= row.left_programme_on <= choice.period_end
    ]
    if not days:
        return ""
    return f"{len(days)} ({', '.join(format_day(d) for d in sorted(set(days)))})"


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


def academic_years(years: tuple[int, ...]) -> tuple[str, str]:
    """The exam years 2020–2021 as the academic years «2019/2020» … «2020/2021»."""
    return f"{years[0] - 1}/{years[0]}", f"{years[-1] - 1}/{years[-1]}"


def district_indicators_report(
    store: Store, options: ReportOptions | None = None, printed_on: date | None = None
) -> TableReport:
    """«Показатели школ района» (seed 000 for every school of the registry) over the academic years
    ending in `options.years` (the last three with values if none); refused when no school has a
    value in them."""
    options = options or ReportOptions()
    choose(store)  # an office with schools in its registry, or the refusal saying what to do
    with_values = indicator_years(store)
    if not with_values:
        raise UserError(
            "Школы ещё не прислали значений показателей: они приходят с пакетами школ "
            "(«Обмен → Принять пакеты»). Печатать пока нечего."
        )
    if options.years:
        first, last = academic_years(year_span(min(options.years), max(options.years)))
    else:
        first, last = with_values[max(len(with_values) - INDICATOR_YEARS_SHOWN, 0)], with_values[-1]
    if last < with_values[0] or first > with_values[-1]:
        raise UserError(
            f"За {years_words(first, last)} {'учебный год' if first == last else 'учебные годы'} значений "
            f"показателей у школ нет: они есть за {years_words(with_values[0], with_values[-1])}. "
            "Выберите годы из этих."
        )
    found = registry_indicators(store, first, last)
    installation = store.installation()
    common = {
        "owner": installation.name if installation is not None else "",
        "printed_on": printed_on or date.today(),
    }
    report = indicators_part(found, common, INDICATORS_TITLE)
    report.subtitle.insert(
        0, f"Учебные годы: {found.years[0]} – {found.years[-1]}; школ в реестре: {len(found.schools)}."
    )
    return report


def _build_indicators(store: Store, fmt: str, out: Path, options: ReportOptions) -> str:
    report = district_indicators_report(store, options)
    write_report(report, fmt, out)
    return f"«{INDICATORS_TITLE}», показателей: {len(report.group_rows)}"


register(ReportKind(KIND, DISTRICT_TITLE, ("--schools", "--years"), _build, report_warnings))
register(ReportKind(INDICATORS_KIND, INDICATORS_TITLE, ("--years",), _build_indicators))

__all__ = [
    "DISTRICT_TITLE",
    "INDICATORS_KIND",
    "INDICATORS_TITLE",
    "KIND",
    "district_indicators_report",
    "district_document",
    "district_report",
    "report_warnings",
]
