"""«Динамика образовательных результатов» (seed 004 Блок 1 for one school, and seed 001's table
by class where there is one) and «Показатели» (seed 000: indicators by academic year)."""

from __future__ import annotations

from datetime import date

from app.core.errors import UserError
from app.core.numbers import NotANumber, format_change, parse_number
from app.programme.academic_years import years_between
from app.programme.assessment_tables import (
    CLASS_TABLE_HEADERS,
    NO_VALUE,
    class_table,
    dynamics_table,
)
from app.programme.assessments import ASSESSMENTS, list_results
from app.programme.indicator_table import IndicatorTable, YearCell, indicator_table
from app.reports import Cell, Document, Number, ReportColumn, TableReport
from app.reports.data_years import years_words
from app.reports.report_owner import ReportOwner

RESULTS_TITLE = "Динамика образовательных результатов"
INDICATORS_TITLE = "Показатели"
NO_RESULTS = (
    "Результатов оценочных процедур пока нет: внесите их на странице «Результаты оценочных процедур»."
)
NO_INDICATORS = "Показателей пока нет: добавьте их на странице «Показатели»."


def number_cell(text: str) -> Cell:
    """A printed figure as a Number (a real number in XLSX); «-», «3/50» and blanks stay text."""
    if not text or text == NO_VALUE or "/" in text:
        return text
    try:
        value = parse_number(text)
    except NotANumber:
        return text
    return Number(value, text) if value is not None else text


def last_calendar_year(academic_year: str | None) -> int | None:
    """ВПР, ОГЭ, ЕГЭ of «2020/2021» are written in 2021."""
    return int(academic_year[5:]) if academic_year else None


def results_document(
    store, owner: ReportOwner, academic_year: str | None = None, printed_on: date | None = None
) -> Document:
    """A table per assessment with results: years across, «Рус. яз» and «Матем.» under each."""
    assert owner.school_id is not None, "results are a school's"
    printed_on = printed_on or date.today()
    school = [owner.school_id]
    until = last_calendar_year(academic_year)
    with_results = dynamics_table(store, ASSESSMENTS[0], school).years
    if academic_year and with_results and not min(with_results) <= until <= max(with_results):
        raise UserError(
            f"За {academic_year} учебный год результатов оценочных процедур нет: они внесены за "
            f"{_span(with_results)}. Выберите учебный год, который заканчивается в одном из этих лет, "
            "или внесите результаты на странице «Результаты оценочных процедур»."
        )
    if academic_year and not with_results:
        raise UserError(
            f"Результатов оценочных процедур нет ни за {academic_year} учебный год, ни за другие: "
            "внесите их на странице «Результаты оценочных процедур»."
        )
    years = [y for y in with_results if until is None or y <= until]
    subtitle = [
        owner.name,
        "Средняя оценка по предмету школы (ВПР, ОГЭ, ГВЭ; ЕГЭ по математике базового уровня) "
        "и средний балл (ЕГЭ); «-» — результата нет.",
    ]
    if until is not None:
        subtitle.append(f"Годы: по {until} (учебный год {academic_year}).")
    parts: list = []
    missing = []
    for assessment in ASSESSMENTS:
        table = dynamics_table(store, assessment, school, years) if years else None
        if table is None or all(cell == NO_VALUE for _, cells in table.rows for cell in cells):
            missing.append(assessment)
            continue
        columns = [ReportColumn("Наименование ОО", 2.4)]
        columns += [ReportColumn(label, 1.0, centered=True) for _ in table.years for label in table.subjects]
        rows = [[name, *(number_cell(c) for c in cells)] for name, cells in table.rows]
        parts.append(
            TableReport(
                table.title,
                columns,
                rows,
                owner=owner.name,
                printed_on=printed_on,
                header_rows=table.header_rows(),
            )
        )
    if parts and missing:
        subtitle.append("Нет результатов: " + ", ".join(missing) + ".")
    parts += class_parts(store, owner, until, printed_on)
    return Document(
        RESULTS_TITLE, parts, subtitle, owner=owner.name, printed_on=printed_on, empty_note=NO_RESULTS
    )


def _span(years: list[int]) -> str:
    """«2021 год» or «2019–2021 годы»."""
    first, last = min(years), max(years)
    return f"{first} год" if first == last else f"{first}–{last} годы"


def class_parts(store, owner: ReportOwner, until: int | None, printed_on: date) -> list[TableReport]:
    """Seed 001's ВПР table by class and subject for the last year that has one, if any."""
    assert owner.school_id is not None
    years = [
        r.year
        for r in list_results(store, owner.school_id, assessment="ВПР")
        if r.grade is not None and (until is None or r.year <= until)
    ]
    if not years:
        return []
    year = max(years)
    rows = [
        [cells[0], cells[1], *(number_cell(c) for c in cells[2:])]
        for cells in class_table(store, owner.school_id, year)
    ]
    columns = [
        ReportColumn(CLASS_TABLE_HEADERS[0], 0.6, centered=True),
        ReportColumn(CLASS_TABLE_HEADERS[1], 1.6),
    ]
    columns += [ReportColumn(h, 1.1, centered=True) for h in CLASS_TABLE_HEADERS[2:]]
    return [
        TableReport(f"ВПР {year} года по классам", columns, rows, owner=owner.name, printed_on=printed_on)
    ]


def report_years(table: IndicatorTable, academic_year: str | None) -> list[str]:
    """Years with any value, first to last (or to `academic_year`); this year when there are none."""
    with_values = [
        year
        for year in table.years
        if any(
            row.cells[year].actual is not None or row.cells[year].target is not None
            for group in table.groups
            for row in group.rows
        )
    ]
    if academic_year and with_values and not min(with_values) <= academic_year <= max(with_values):
        raise UserError(
            f"За {academic_year} учебный год значений показателей нет: они внесены за "
            f"{years_words(min(with_values), max(with_values))}. Выберите год из этих или внесите "
            "значения на странице «Показатели»."
        )
    last = academic_year or (max(with_values) if with_values else None)
    if last is None:
        return table.years[-1:]
    first = min([*with_values, last]) if with_values else last
    return years_between(first, last)


def year_cell(cell: YearCell) -> Cell:
    """The year's value; where a target is set, «факт», «цель» and the gap between them."""
    actual = Number(cell.actual, cell.actual_text) if cell.actual is not None else NO_VALUE
    if cell.target is None:
        return actual
    lines = [f"факт {cell.actual_text or NO_VALUE}", f"цель {cell.target_text}"]
    if cell.actual is not None:
        lines.append(f"разрыв {format_change(cell.actual - cell.target)}")
    return "\n".join(lines)


def indicator_heading(units: list[str]) -> tuple[str, bool]:
    """The first column's heading and whether it is seed 000's «Показатель (%)»: only when every
    indicator is in per cent; otherwise each indicator names its unit (a count never under «(%)»)."""
    in_percent = all(unit.strip() == "%" for unit in units)
    return ("Показатель (%)" if in_percent else "Показатель, единица измерения"), in_percent


def indicator_label(name: str, unit: str, in_percent: bool) -> str:
    unit = unit.strip()
    return name if in_percent or not unit else f"{name}, {unit}"


def indicators_report(
    store, owner: ReportOwner, academic_year: str | None = None, printed_on: date | None = None
) -> TableReport:
    """Seed 000's table: «Показатель (%) · 2019/2020 · 2020/2021 …», grouped by criterion."""
    printed_on = printed_on or date.today()
    years = report_years(indicator_table(store, owner.school_id, today=printed_on), academic_year)
    table = indicator_table(store, owner.school_id, years=years, today=printed_on)
    heading, in_percent = indicator_heading([r.indicator.unit for g in table.groups for r in g.rows])
    columns = [ReportColumn(heading, 4.5)]
    columns += [ReportColumn(year, 1.0, centered=True) for year in years]
    rows: list[list[Cell]] = []
    groups = set()
    for group in table.groups:
        if not group.rows:
            continue
        groups.add(len(rows))
        rows.append([group.criterion, *[""] * len(years)])
        for row in group.rows:
            name = indicator_label(row.indicator.name, row.indicator.unit, in_percent)
            rows.append([name, *(year_cell(row.cells[y]) for y in years)])
    subtitle = [
        owner.name,
        "Фактические значения по учебным годам; где задано целевое значение — факт, цель и разрыв "
        "(факт минус цель); «-» — значение не внесено.",
    ]
    if academic_year:
        subtitle.append(f"По {academic_year} учебный год.")
    return TableReport(
        INDICATORS_TITLE,
        columns,
        rows,
        subtitle=subtitle,
        owner=owner.name,
        printed_on=printed_on,
        empty_note=NO_INDICATORS,
        group_rows=frozenset(groups),
    )
