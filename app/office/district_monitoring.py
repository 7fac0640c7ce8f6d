"""The district's monitoring beside the report's blocks: the indicator table of seed 000
(indicator × academic year, each school and the district mean) and the teacher questionnaires
by school and section, the first round of the period against the last.

Indicators are matched across schools by criterion, name (letter case and spaces aside) and
unit. A questionnaire round of fewer than MIN_RESPONDENTS respondents shows only its totals over
the whole questionnaire, as everywhere (app.surveys.survey_results).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.core.numbers import format_number
from app.core.store import Store
from app.core.text import fold
from app.office.district import DistrictChoice, SchoolRef, registry_schools
from app.office.district_results import NOT_SENT
from app.programme.academic_years import years_between
from app.programme.assessment_tables import NO_VALUE
from app.programme.indicator_table import indicator_table
from app.programme.indicators import CRITERIA
from app.surveys.survey_results import Comparison, RoundResults, compare_results, results_of
from app.surveys.survey_templates import Template, get_template
from app.surveys.surveys import MIN_RESPONDENTS, RoundInfo, list_rounds, round_totals
from db.models import Indicator, IndicatorValue


@dataclass
class DistrictIndicator:
    """One indicator across the district: each school's actual value by year, and their mean."""

    criterion: str
    name: str
    unit: str
    values: dict[str, dict[str, float | None]] = field(default_factory=dict)  # school id → year → actual

    @property
    def label(self) -> str:
        """Seed 000 says «Показатель (%)»; an indicator in other units names its unit."""
        return self.name if self.unit == "%" else f"{self.name}, {self.unit}"

    def mean(self, year: str) -> float | None:
        """The district mean: the average over the schools that have a value that year."""
        known = [v[year] for v in self.values.values() if v.get(year) is not None]
        return sum(known) / len(known) if known else None  # type: ignore[arg-type]

    def schools_with_value(self, year: str) -> int:
        return sum(1 for v in self.values.values() if v.get(year) is not None)

    def matches(self, criterion: str, name: str, unit: str) -> bool:
        """Whether a school's indicator is this one, as indicator_block matches them."""
        return _key(criterion, name, unit) == _key(self.criterion, self.name, self.unit)


@dataclass
class DistrictIndicators:
    years: list[str]
    schools: list[SchoolRef]  # in the report's order
    indicators: list[DistrictIndicator]
    sent: dict[str, set[str]] = field(default_factory=dict)  # school id → years with any value

    def cell(self, indicator: DistrictIndicator, school_id: str, year: str) -> str:
        """A school's value as the table shows it: «-» where it has none of this indicator that
        year, «не прислала» where it has no value of any indicator that year."""
        value = indicator.values.get(school_id, {}).get(year)
        if value is not None:
            return format_number(value)
        return NO_VALUE if year in self.sent.get(school_id, set()) else NOT_SENT


def _key(criterion: str, name: str, unit: str) -> tuple[str, str, str]:
    return criterion, fold(name), unit.strip()


def indicator_block(store: Store, choice: DistrictChoice) -> DistrictIndicators:
    """Every indicator any chosen school keeps; years from the first to the last with a value
    within the chosen academic years (all of them when there is none)."""
    wanted = choice.academic_years
    found: dict[tuple[str, str, str], DistrictIndicator] = {}
    for school in choice.schools:
        table = indicator_table(store, school.id, years=wanted)
        for group in table.groups:
            for row in group.rows:
                info = row.indicator
                key = _key(info.criterion, info.name, info.unit)
                indicator = found.setdefault(
                    key, DistrictIndicator(info.criterion, info.name, info.unit.strip())
                )
                indicator.values[school.id] = {year: row.cells[year].actual for year in wanted}
    with_values = [year for year in wanted if any(i.schools_with_value(year) for i in found.values())]
    years = (
        wanted[wanted.index(with_values[0]) : wanted.index(with_values[-1]) + 1] if with_values else wanted
    )
    order = {criterion: n for n, criterion in enumerate(CRITERIA)}
    indicators = sorted(found.values(), key=lambda i: order.get(i.criterion, len(CRITERIA)))
    sent = {
        school.id: {y for i in indicators for y, v in i.values.get(school.id, {}).items() if v is not None}
        for school in choice.schools
    }
    return DistrictIndicators(years, list(choice.schools), indicators, sent)


def indicator_years(store: Store) -> list[str]:
    """The academic years from the first to the last in which any school of the registry has an
    actual value of an indicator ([] when none has)."""
    with store.session() as s:
        first, last = s.execute(
            select(func.min(IndicatorValue.academic_year), func.max(IndicatorValue.academic_year))
            .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
            .where(
                Indicator.school_id.is_not(None),
                Indicator.deleted_at.is_(None),
                IndicatorValue.actual.is_not(None),
            )
        ).one()
    if first is None:
        return []
    return years_between(first, last)


def registry_indicators(store: Store, first: str, last: str) -> DistrictIndicators:
    """Seed 000's table for every school of the registry over the academic years `first` to `last`
    («2019/2020», «2020/2021»), as indicator_block builds it for the district report."""
    years = tuple(range(int(first[:4]) + 1, int(last[:4]) + 2))
    return indicator_block(store, DistrictChoice(tuple(registry_schools(store)), years))


@dataclass
class SchoolSurvey:
    """One questionnaire at one school: the last round of the period, and the first if another."""

    number: int
    school: str
    template_title: str
    template_code: str
    last: RoundResults
    first: RoundResults | None = None
    comparison: Comparison | None = None

    @property
    def note(self) -> str:
        """Which rounds are below the threshold, so their sections are not shown ("" if none).

        A school sends such a round without its counts, so the office has no totals of it either.
        """
        small = [r for r in (self.first, self.last) if r is not None and not r.breakdown]
        if not small:
            return ""
        names = " и ".join(f"«{r.round.title}» ({r.respondents} чел.)" for r in small)
        return (
            f"В туре {names} ответили меньше {MIN_RESPONDENTS} человек: итоги тура по разделам "
            "не показываются, чтобы ответ одного человека нельзя было узнать."
        )


def survey_block(store: Store, choice: DistrictChoice) -> list[SchoolSurvey]:
    """Per chosen school and questionnaire: the rounds held in the period, first against last."""
    found: list[SchoolSurvey] = []
    templates: dict[str, Template] = {}
    start, end = choice.period_start, choice.period_end
    for number, school in enumerate(choice.schools, start=1):
        by_template: dict[str, list] = {}
        for info in sorted(list_rounds(store, school.id), key=lambda r: (r.held_on, r.title)):
            if start <= info.held_on <= end:
                by_template.setdefault(info.template_code, []).append(info)
        for code, rounds in by_template.items():
            last = _results(store, rounds[-1], templates)
            survey = SchoolSurvey(number, school.name, rounds[-1].template_title, code, last)
            if len(rounds) > 1:
                survey.first = _results(store, rounds[0], templates)
                survey.comparison = compare_results(survey.first, last)
            found.append(survey)
    return found


def _results(store: Store, info: RoundInfo, templates: dict[str, Template]) -> RoundResults:
    """round_results() for a round already listed; each questionnaire is read once."""
    if info.template_id not in templates:
        templates[info.template_id] = get_template(store, info.template_id)
    return results_of(info, templates[info.template_id], round_totals(store, info.id))
