"""Indicators: criteria of seed 004, values by academic year, the table with the change coloured."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.errors import UserError, ValidationError
from app.core.numbers import format_change, format_number, parse_number
from app.programme.academic_years import current_academic_year, normalize_academic_year
from app.programme.indicator_table import indicator_table, table_years
from app.programme.indicators import (
    CRITERIA,
    IndicatorData,
    add_indicator,
    delete_indicator,
    list_indicators,
    set_value,
    update_indicator,
    values_of,
)
from app.school.installation import own_school


@pytest.fixture
def school_id(school_store) -> str:
    return own_school(school_store).id


def test_criteria_are_seed_004s():
    assert CRITERIA == (
        "Нормативное обеспечение реализации программы",
        "Качество образования",
        "Профессиональные компетенции педагогических и руководящих кадров",
        "Работа с внешним сообществом",
        "Школьная культура, ценности",
    )


def test_numbers_take_a_decimal_comma():
    assert parse_number("3,55") == 3.55
    assert parse_number(" 1 250 ") == 1250
    assert parse_number("45 %") == 45
    assert parse_number(7) == 7.0
    assert parse_number("") is None
    for bad in ("abc", "3,5,5", "1.2,3", True):
        with pytest.raises(ValueError):
            parse_number(bad)
    assert format_number(3.55) == "3,55"
    assert format_number(4.0) == "4"
    assert format_number(4.0, min_decimals=1) == "4,0"
    assert format_number(37.2 - 33.5) == "3,7"
    assert format_change(37.2 - 33.5) == "+3,7"
    assert format_change(-2.0) == "−2"
    assert format_change(0.0) == "0"


def test_academic_year_is_two_neighbouring_years():
    assert normalize_academic_year("2020/2021") == "2020/2021"
    assert normalize_academic_year("2020-2021") == "2020/2021"
    assert normalize_academic_year("2020/21") == "2020/2021"
    for bad in ("2020/2022", "2020", "20/21", "", "2021/2020"):
        with pytest.raises(UserError):
            normalize_academic_year(bad)
    assert current_academic_year(date(2021, 5, 20)) == "2020/2021"
    assert current_academic_year(date(2021, 9, 1)) == "2021/2022"
    assert table_years([], date(2021, 5, 20)) == ["2019/2020", "2020/2021"]
    assert table_years(["2019/2020", "2021/2022"]) == ["2019/2020", "2020/2021", "2021/2022", "2022/2023"]


def test_indicator_crud_and_validation(school_store, school_id):
    with pytest.raises(ValidationError) as caught:
        add_indicator(school_store, school_id, IndicatorData(name="  ", criterion="Другое", unit=""))
    assert set(caught.value.errors) == {"name", "criterion", "unit"}

    quality = add_indicator(
        school_store, school_id, IndicatorData(name="Качество  знаний", criterion=CRITERIA[1])
    )
    norms = add_indicator(
        school_store, school_id, IndicatorData(name="Локальные акты", criterion=CRITERIA[0])
    )
    assert quality.name == "Качество знаний"
    # Listed by criterion in seed 004's order, not by when they were added.
    assert [i.id for i in list_indicators(school_store, school_id)] == [norms.id, quality.id]

    failing = update_indicator(
        school_store,
        quality.id,
        IndicatorData(
            name="Количество неуспевающих", criterion=CRITERIA[1], unit="чел.", higher_is_better=False
        ),
    )
    assert (failing.unit, failing.higher_is_better) == ("чел.", False)

    delete_indicator(school_store, norms.id)
    assert [i.id for i in list_indicators(school_store, school_id)] == [quality.id]
    with pytest.raises(UserError):
        set_value(school_store, norms.id, "2020/2021", "1", "1")


def test_office_keeps_its_own_indicators(school_store, school_id):
    own = add_indicator(school_store, None, IndicatorData(name="Доля школ в сетевом взаимодействии"))
    add_indicator(school_store, school_id, IndicatorData(name="Качество знаний"))
    assert [i.id for i in list_indicators(school_store, None)] == [own.id]
    assert own.school_id is None


def test_values_by_year_and_change_coloured_by_direction(school_store, school_id):
    quality = add_indicator(school_store, school_id, IndicatorData(name="Качество знаний"))
    failing = add_indicator(
        school_store,
        school_id,
        IndicatorData(name="Количество неуспевающих", unit="чел.", higher_is_better=False),
    )
    set_value(school_store, quality.id, "2019/2020", "35", "33,5")
    set_value(school_store, quality.id, "2020-2021", 38, "37,2")
    set_value(school_store, failing.id, "2019/2020", 2, 4)
    set_value(school_store, failing.id, "2020/2021", 1, 6)

    with pytest.raises(ValidationError) as caught:
        set_value(school_store, quality.id, "2020/2022", "много", "1")
    assert set(caught.value.errors) == {"academic_year", "target"}

    assert [(v.academic_year, v.target, v.actual) for v in values_of(school_store, quality.id)] == [
        ("2019/2020", 35.0, 33.5),
        ("2020/2021", 38.0, 37.2),
    ]
    table = indicator_table(school_store, school_id)
    assert table.years == ["2019/2020", "2020/2021", "2021/2022"]
    group = next(g for g in table.groups if g.criterion == "Качество образования")
    rows = {r.indicator.name: r for r in group.rows}
    cell = rows["Качество знаний"].cells["2020/2021"]
    assert (cell.target_text, cell.actual_text, cell.change_text, cell.trend) == (
        "38",
        "37,2",
        "+3,7",
        "better",
    )
    assert rows["Качество знаний"].cells["2019/2020"].trend is None  # nothing before it
    worse = rows["Количество неуспевающих"].cells["2020/2021"]
    assert (worse.change_text, worse.trend) == ("+2", "worse")  # more failing pupils is worse

    # Both emptied: the year's value goes.
    assert set_value(school_store, quality.id, "2020/2021", "", None) is None
    assert [v.academic_year for v in values_of(school_store, quality.id)] == ["2019/2020"]
    assert [g.criterion for g in indicator_table(school_store, school_id).groups] == list(CRITERIA)
