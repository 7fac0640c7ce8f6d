"""The parts of the district report as TableReports: Блок 1, 2, 3 of seed 004, the indicator
table of seed 000 and the questionnaires by school and section (app.reports.district joins them).
"""

from __future__ import annotations

from app.core.numbers import format_number
from app.office.district_activities import LeftSchool, SchoolActivities
from app.office.district_monitoring import DistrictIndicator, DistrictIndicators, SchoolSurvey
from app.office.district_results import EXAMS, SpannedTable
from app.programme.assessment_tables import NO_VALUE
from app.reports import Cell, Number, ReportColumn, TableReport
from app.reports.plan_report import deadline_cell
from app.reports.results_report import indicator_heading, indicator_label, number_cell
from app.surveys.survey_results import (
    Change,
    Tally,
    mean_change_text,
    mean_text,
    points_change_text,
)
from app.surveys.surveys import MIN_RESPONDENTS

BLOCK1_TITLES = {
    "ВПР": "Блок 1. Результаты ВПР",
    "ОГЭ": "Блок 1. Результаты ОГЭ",
    EXAMS: "Блок 1. Результаты ЕГЭ и ГВЭ",
}
BLOCK2_TITLE = "Блок 2. Мероприятия программ"
BLOCK2_HEADING = "Реализация мероприятий программ повышения качества образования"  # seed 004
BLOCK3_TITLE = "Блок 3. Исключение из списка"
INDICATORS_TITLE = "Показатели по школам района"
SURVEYS_TITLE = "Анкетирование педагогов"
MEAN_LABEL = "Среднее по району"
BLOCK2_COLUMNS = [
    ReportColumn("Название мероприятия / форма проведения", 3.0),
    ReportColumn("Сроки проведения", 1.3),
    ReportColumn("Результат", 4.4),
]
BLOCK3_COLUMNS = [
    ReportColumn("№ п/п", 0.45, centered=True),
    ReportColumn("Наименование ОО", 1.8),
    ReportColumn("Дата выхода из программы", is_date=True),
    ReportColumn("Обоснование для исключения из списка", 6.0),
]


def block1_part(table: SpannedTable, common: dict) -> TableReport:
    """One table of Блок 1 in the seed's shape: names, then «Рус. яз» / «Матем.» under each year."""
    labels = table.header_rows[-1][1:]
    columns = [ReportColumn("Наименование ОО", 2.6)]
    columns += [ReportColumn(label, 1.25 if "/" in label else 1.0, centered=True) for label in labels]
    rows: list[list[Cell]] = [[name, *(number_cell(c) for c in cells)] for name, cells in table.rows]
    return TableReport(
        BLOCK1_TITLES[table.key],
        columns,
        rows,
        subtitle=[table.title],
        header_rows=table.header_rows,
        **common,
    )


def block2_part(schools: list[SchoolActivities], common: dict) -> TableReport:
    """Блок 2: a heading row «Наименование ОО N: …» per school, then its measures."""
    rows: list[list[Cell]] = []
    groups = set()
    for school in schools:
        groups.add(len(rows))
        rows.append([f"Наименование ОО {school.number}: {school.name}", "", ""])
        if school.note:
            rows.append([school.note, "", ""])
        for line in school.lines:
            when: Cell = deadline_cell(line.activity) if line.activity is not None else line.period
            rows.append([line.title, when, line.result])
        if not school.lines and not school.note:
            rows.append(["За выбранные годы мероприятий нет.", "", ""])
    return TableReport(
        BLOCK2_TITLE,
        BLOCK2_COLUMNS,
        rows,
        subtitle=[BLOCK2_HEADING],
        group_rows=frozenset(groups),
        **common,
    )


def block3_part(left: list[LeftSchool], common: dict) -> TableReport:
    return TableReport(
        BLOCK3_TITLE,
        BLOCK3_COLUMNS,
        [[f"{s.number}.", s.name, s.left_on, s.grounds] for s in left],
        subtitle=[
            "Обоснование исключения ОО из списка школ, показывающих стабильно низкие "
            "образовательные результаты (по данным «Реестра школ»)."
        ],
        empty_note="Ни одна из выбранных школ не выходила из программы: в реестре нет даты выхода.",
        **common,
    )


def _value(value: float | None) -> Cell:
    return Number(value, format_number(value)) if value is not None else NO_VALUE


def mean_label(indicator: DistrictIndicator, years: list[str], schools: int) -> str:
    """«Среднее по району (школ: 2 из 3)»; «(школ: 1–2 из 3)» when the years differ."""
    counts = [n for n in (indicator.schools_with_value(year) for year in years) if n] or [0]
    low, high = min(counts), max(counts)
    counted = str(low) if low == high else f"{low}–{high}"
    return f"{MEAN_LABEL} (школ: {counted} из {schools})"


def _has_values(indicator: DistrictIndicator, years: list[str]) -> bool:
    return any(indicator.schools_with_value(year) for year in years)


def indicators_part(found: DistrictIndicators, common: dict, title: str = INDICATORS_TITLE) -> TableReport:
    """Seed 000's table for the district: a heading per indicator, every chosen school («-» where
    it has no value), the mean and over how many schools it is taken. An indicator no school has a
    value of in these years is left out (said under the title): pages of «-» tell nothing. Seed
    000's «Показатель (%)» heads the column only when every indicator is in per cent; otherwise
    each indicator names its unit and the heading says so (a count never stands under «(%)»)."""
    shown = [i for i in found.indicators if _has_values(i, found.years)]
    heading, in_percent = indicator_heading([i.unit for i in shown])
    columns = [ReportColumn(f"{heading} / Наименование ОО", 4.5)]
    columns += [ReportColumn(year, 1.0, centered=True) for year in found.years]
    rows: list[list[Cell]] = []
    groups = set()
    blanks = [""] * len(found.years)
    for indicator in shown:
        groups.add(len(rows))
        rows.append([indicator_label(indicator.name, indicator.unit, in_percent), *blanks])
        for school in found.schools:
            values = indicator.values.get(school.id, {})
            rows.append(
                [
                    school.name,
                    *(
                        _value(values[year])
                        if values.get(year) is not None
                        else found.cell(indicator, school.id, year)
                        for year in found.years
                    ),
                ]
            )
        label = mean_label(indicator, found.years, len(found.schools))
        rows.append([label, *(_value(indicator.mean(year)) for year in found.years)])
    subtitle = [
        "Фактические значения показателей по учебным годам; «Среднее по району» — среднее "
        "арифметическое по школам, у которых значение за этот год внесено (в скобках — по скольким "
        "школам из выбранных); «-» — значения этого показателя нет; «не прислала» — школа не прислала "
        "ни одного показателя за этот год."
    ]
    left_out = len(found.indicators) - len(shown)
    if left_out and shown:
        subtitle.append(f"Показатели без единого значения за эти годы не печатаются: {left_out}.")
    return TableReport(
        title,
        columns,
        rows,
        subtitle=subtitle,
        empty_note="Значений показателей у выбранных школ за эти годы нет.",
        group_rows=frozenset(groups),
        **common,
    )


def _change_cell(text: str, value: float | None) -> Cell:
    """«+0,25», «−10 п. п.» as printed; in XLSX the number itself."""
    return Number(value, text) if value is not None else text


def _tally_cells(before: Tally | None, after: Tally) -> list[Cell]:
    mean = Change(before.mean if before else None, after.mean)
    top = Change(before.top_share if before else None, after.top_share)

    def index(tally: Tally | None) -> Cell:
        m = tally.mean if tally else None
        return Number(m, mean_text(m)) if m is not None else "—"

    def share(tally: Tally | None) -> Cell:
        s = tally.top_share if tally else None
        return Number(round(s * 100), format_number(s * 100, max_decimals=0)) if s is not None else "—"

    return [
        index(before),
        index(after),
        _change_cell(mean_change_text(mean), None if mean.delta is None else round(mean.delta, 2)),
        share(before),
        share(after),
        _change_cell(points_change_text(top), None if top.delta is None else round(top.delta * 100)),
    ]


def survey_part(title: str, surveys: list[SchoolSurvey], common: dict) -> TableReport:
    """One questionnaire across the schools: per school its sections, first round against last."""
    scale = surveys[0].last.scale
    top = scale[-1]
    columns = [
        ReportColumn("Раздел анкеты", 3.4),
        ReportColumn("Индекс: первый тур", 1.0, centered=True),
        ReportColumn("Индекс: последний тур", 1.0, centered=True),
        ReportColumn("Изменение индекса", 1.0, centered=True),
        ReportColumn(f"«{top}», %: первый тур", 1.1, centered=True),
        ReportColumn(f"«{top}», %: последний тур", 1.1, centered=True),
        ReportColumn("Изменение, п.\u00a0п.", 1.0, centered=True),
    ]
    rows: list[list[Cell]] = []
    groups = set()
    for survey in surveys:
        groups.add(len(rows))
        last = survey.last
        rounds = f"«{last.round.title}» ({last.respondents} чел.)"
        if survey.first is not None:
            rounds = f"«{survey.first.round.title}» ({survey.first.respondents} чел.) → {rounds}"
        else:
            rounds += "; другого тура за выбранные годы нет"
        rows.append([f"{survey.number}. {survey.school}: {rounds}", *[""] * 6])
        if survey.comparison is not None and survey.comparison.sections:
            for section in survey.comparison.sections:
                if section.after is not None:
                    rows.append(
                        [f"{section.number}. {section.title}", *_tally_cells(section.before, section.after)]
                    )
        else:
            for section in last.sections:
                rows.append([f"{section.number}. {section.title}", *_tally_cells(None, section.tally)])
        before = survey.first.overall if survey.first is not None else None
        rows.append(["Вся анкета", *_tally_cells(before, last.overall)])
        if survey.note:
            rows.append([survey.note, *[""] * 6])
    return TableReport(
        title,
        columns,
        rows,
        subtitle=[
            f"Индекс — средний ответ от 0 («{scale[0]}») до {len(scale) - 1} («{top}»); доля — "
            f"ответов «{top}». Итоги по разделам показываются, только если в туре ответили не меньше "
            f"{MIN_RESPONDENTS} человек: иначе ответ одного человека можно узнать."
        ],
        group_rows=frozenset(groups),
        **common,
    )


def survey_parts(surveys: list[SchoolSurvey], common: dict) -> list[TableReport]:
    """A table per questionnaire (usually one: «Есть ли изменения?»), or a note that there are none."""
    by_code: dict[str, list[SchoolSurvey]] = {}
    for survey in surveys:
        by_code.setdefault(survey.template_code, []).append(survey)
    if not by_code:
        return [
            TableReport(
                SURVEYS_TITLE,
                [ReportColumn("Раздел анкеты")],
                [],
                empty_note="Туров анкетирования педагогов за выбранные годы в данных школ нет.",
                **common,
            )
        ]
    return [survey_part(f"Анкета «{group[0].template_title}»", group, common) for group in by_code.values()]


__all__ = [
    "BLOCK2_TITLE",
    "BLOCK3_TITLE",
    "INDICATORS_TITLE",
    "MEAN_LABEL",
    "mean_label",
    "SURVEYS_TITLE",
    "block1_part",
    "block2_part",
    "block3_part",
    "indicators_part",
    "survey_parts",
]
