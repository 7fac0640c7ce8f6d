"""The table of indicators by year (seed 000's shape: «Показатель · 2019/2020 · 2020/2021»): the
owner's indicators by criterion group, years across, each year's change against the one before."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.core.numbers import format_change, format_number
from app.core.store import Store
from app.programme.academic_years import current_academic_year, shift_year, years_between
from app.programme.indicator_formulas import Counted, counted_values
from app.programme.indicators import CRITERIA, IndicatorInfo, YearValue, list_indicators, trend
from db.models import IndicatorValue


@dataclass(frozen=True)
class YearCell:
    """One indicator in one year of the table, with the change against the year before."""

    target: float | None = None
    actual: float | None = None
    change: float | None = None  # actual minus the previous year's actual
    trend: str | None = None  # "better", "worse", "same", or None when there is nothing to compare
    # Where a value counted from records comes from («считается по разделу «Педагоги»: …;
    # учителей: 3 из 4»); "" for a typed one.
    source: str = ""

    @property
    def counted(self) -> bool:
        return bool(self.source)

    @property
    def gap(self) -> float | None:
        """How far the fact is from the plan (fact − plan), when both are known."""
        return self.actual - self.target if self.actual is not None and self.target is not None else None

    @property
    def gap_text(self) -> str:
        return format_change(self.gap)

    @property
    def target_text(self) -> str:
        return format_number(self.target)

    @property
    def actual_text(self) -> str:
        return format_number(self.actual)

    @property
    def change_text(self) -> str:
        return format_change(self.change)


@dataclass
class IndicatorRow:
    indicator: IndicatorInfo
    cells: dict[str, YearCell] = field(default_factory=dict)
    source: str = ""  # where its counted values come from ("" when every value is typed)

    def values(self) -> list[YearValue]:
        """The years with a plan or a fact, as the chart and latest_summary take them."""
        return [
            YearValue(year, cell.target, cell.actual)
            for year, cell in sorted(self.cells.items())
            if cell.target is not None or cell.actual is not None
        ]


@dataclass
class CriterionGroup:
    criterion: str
    rows: list[IndicatorRow] = field(default_factory=list)


@dataclass
class IndicatorTable:
    years: list[str]
    groups: list[CriterionGroup]


def table_years(years_with_values: list[str], today: date | None = None) -> list[str]:
    """Every year from the first with a value to the one after the last (where the next values go);
    with no values yet, last year and this one."""
    if not years_with_values:
        current = current_academic_year(today)
        return [shift_year(current, -1), current]
    return years_between(min(years_with_values), shift_year(max(years_with_values), 1))


def indicator_table(
    store: Store, school_id: str | None, years: list[str] | None = None, today: date | None = None
) -> IndicatorTable:
    """All the owner's indicators by criterion group, years across (seed 000's shape). A fact
    counted from records (app.programme.indicator_formulas) stands in place of a typed one and
    says where it comes from."""
    indicators = list_indicators(store, school_id)
    counted: dict[str, tuple[dict[str, Counted], str]] = {
        i.id: counted_values(store, school_id, i.formula, i.name, i.unit, today) for i in indicators
    }
    with store.session() as s:
        ids = [i.id for i in indicators]
        values = (
            s.scalars(select(IndicatorValue).where(IndicatorValue.indicator_id.in_(ids))).all() if ids else []
        )
        by_indicator: dict[str, dict[str, IndicatorValue]] = {}
        for v in values:
            by_indicator.setdefault(v.indicator_id, {})[v.academic_year] = v
        known_years = sorted(
            {v.academic_year for v in values} | {y for found, _source in counted.values() for y in found}
        )
    years = list(years) if years is not None else table_years(known_years, today)
    groups = {criterion: CriterionGroup(criterion) for criterion in CRITERIA}
    for indicator in indicators:
        found, source = counted[indicator.id]
        row = IndicatorRow(indicator, source=source)
        own = by_indicator.get(indicator.id, {})

        def fact(year: str, own=own, found=found) -> float | None:
            if year in found:
                return found[year].value
            value = own.get(year)
            return value.actual if value else None

        for year in years:
            value = own.get(year)
            actual, previous = fact(year), fact(shift_year(year, -1))
            change = actual - previous if actual is not None and previous is not None else None
            row.cells[year] = YearCell(
                target=value.target if value else None,
                actual=actual,
                change=change,
                trend=trend(change, indicator.higher_is_better),
                source=f"{source}; {found[year].basis}" if year in found else "",
            )
        groups.setdefault(indicator.criterion, CriterionGroup(indicator.criterion)).rows.append(row)
    return IndicatorTable(years=years, groups=list(groups.values()))
