"""One rule per value: the indicator's unit decides what its values may be, and the form (the
service behind it) and the Excel import refuse the same out-of-range values with the same words."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app.core.errors import ValidationError
from app.imports.xlsx_import import read_indicator_values
from app.imports.xlsx_template import write_indicators_template
from app.programme.indicators import IndicatorData, add_indicator, set_value, values_of
from app.school.installation import own_school

CASES = [
    ("%", "150", "в процентах — от 0 до 100, а не 150"),
    ("%", "-1", "в процентах — от 0 до 100, а не -1"),
    ("чел.", "2,5", "число человек — целое, 0 или больше, а не 2,5"),
    ("чел.", "-3", "число человек — целое, 0 или больше, а не -3"),
    ("ед.", "1,5", "число единиц — целое, 0 или больше, а не 1,5"),
    ("балл", "-0,5", "баллы — 0 или больше, а не -0,5"),
]


@pytest.mark.parametrize(("unit", "typed", "words"), CASES)
def test_form_and_excel_refuse_the_same_values_with_the_same_words(
    school_store, tmp_path, unit, typed, words
):
    school_id = own_school(school_store).id
    indicator = add_indicator(school_store, school_id, IndicatorData(name="Показатель", unit=unit))
    with pytest.raises(ValidationError) as refused:
        set_value(school_store, indicator.id, "2020/2021", None, typed)
    assert refused.value.errors == {"actual": f"Факт: {words}."}
    assert values_of(school_store, indicator.id) == []

    path = write_indicators_template(school_store, school_id, tmp_path / "показатели.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["Показатели"]
    sheet["F2"] = typed
    workbook.save(path)
    preview = read_indicator_values(school_store, school_id, path)
    assert [str(error) for error in preview.errors] == [f"Строка 2: Факт: {words}."]


@pytest.mark.parametrize(
    ("unit", "typed"), [("%", "0"), ("%", "100"), ("%", "83,3"), ("чел.", "12"), ("балл", "71,5")]
)
def test_values_within_the_rule_are_kept(school_store, unit, typed):
    school_id = own_school(school_store).id
    indicator = add_indicator(school_store, school_id, IndicatorData(name="Показатель", unit=unit))
    stored = set_value(school_store, indicator.id, "2020/2021", typed, typed)
    assert stored.actual == float(typed.replace(",", "."))


def test_a_unit_of_ones_own_takes_any_number(school_store):
    school_id = own_school(school_store).id
    indicator = add_indicator(school_store, school_id, IndicatorData(name="Доля", unit="руб."))
    assert set_value(school_store, indicator.id, "2020/2021", "-5", "1000000").actual == 1_000_000
