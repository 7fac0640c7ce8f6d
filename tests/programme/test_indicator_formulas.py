"""Indicators counted from records (issue 19, items 3 and 5) on tests/helpers/district_data's
district, each figure counted by hand; at the school, at the office from the school's package, and
the district programme's own indicators (its formula over every school, or the schools' values
added up or averaged) — on SQLite and PostgreSQL alike.

What each school adds to the district's records before it sends its package:
- Красноярская keeps Петрова (no ИПРП, no ПОС; at the seminar of 18.03.2021) and an indicator
  «Доля педагогов, включённых в ПОСы» counted from «Педагоги»: 0 of 1 teacher;
- Нагольненская adds Иванова (математика, ИПРП, ПОС), Сидоров (русский язык, ПОС) and a
  caretaker (no teacher); its ПОС share is 2 of 2; ВПР 2021: математика 5 класс 10 participants
  20 % «не справились», русский язык 6 класс 30 participants 10 % → (200 + 300) / 40 = 12,5;
  «количество  неуспевающих» (its own spelling) 3 in 2020/2021;
- Семиченская holds «Есть ли изменения?» in May 2021: 2 sheets all «Заметные», 2 all «Изменений
  нет» → 40 of 80 answers (20 statements) = 50 %.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.errors import ValidationError
from app.core.store import Store
from app.imports.xlsx_import import read_indicator_values
from app.imports.xlsx_template import write_indicators_template
from app.office.registry import list_registry
from app.programme.assessments import ResultData, add_result
from app.programme.indicator_table import indicator_table
from app.programme.indicators import (
    CRITERIA,
    IndicatorData,
    add_indicator,
    list_indicators,
    set_value,
    values_of,
)
from app.school.installation import own_school
from app.school.staff import StaffData, add_staff
from app.surveys.survey_sheets import add_sheet
from app.surveys.survey_templates import list_templates
from app.surveys.surveys import RoundData, create_round, set_round_closed
from tests.helpers.district_data import KRASNOYARSK, NAGOLNOE, SEMICHNOE, build_office, make_school

pytestmark = pytest.mark.both_backends

TODAY = date(2021, 5, 31)  # the academic year under way: 2020/2021
YEAR, BEFORE = "2020/2021", "2019/2020"
POS = "Доля педагогов, включённых в ПОСы"
STAFF = CRITERIA[2]


def school_records(store: Store, school_id: str, code: str) -> None:
    if code in (KRASNOYARSK, NAGOLNOE):
        add_indicator(store, school_id, IndicatorData(name=POS, criterion=STAFF, formula="staff_pos"))
    if code == NAGOLNOE:
        for data in (
            StaffData(full_name="Иванова", subjects=["математика"], in_pos=True, has_iprp=True),
            StaffData(full_name="Сидоров", subjects=["русский язык"], in_pos=True),
            StaffData(full_name="Завхоз", position="заведующий хозяйством"),
        ):
            add_staff(store, school_id, data)
        for subject, grade, participants, failed in (("математика", 5, 10, 20), ("русский язык", 6, 30, 10)):
            for metric, value in (("participants", participants), ("failed_pct", failed)):
                add_result(store, school_id, ResultData(2021, "ВПР", subject, grade, None, metric, value))
        add_indicator(
            store,
            school_id,
            IndicatorData(
                name="Доля участников ВПР, не справившихся с работой",
                higher_is_better=False,
                formula="vpr_failed",
            ),
        )
        failing = add_indicator(
            store,
            school_id,
            IndicatorData(name="количество  неуспевающих", unit="чел.", higher_is_better=False),
        )
        set_value(store, failing.id, YEAR, None, 3)
    if code == SEMICHNOE:
        template = next(t for t in list_templates(store) if t.code == "est-li-izmeneniya")
        info = create_round(store, school_id, RoundData(template.id, "Май 2021", date(2021, 5, 20), "sheets"))
        for answer in (2, 2, 0, 0):
            add_sheet(store, info.id, {item: answer for item in template.item_ids()})
        set_round_closed(store, info.id, True)
        add_indicator(
            store,
            school_id,
            IndicatorData(name="Заметные изменения", criterion=CRITERIA[4], formula="survey_noticeable"),
        )


@pytest.fixture(scope="module")
def office_root(tmp_path_factory, on_backend) -> Path:
    root = tmp_path_factory.mktemp("indicator-formulas")
    build_office(root, on_backend, school_records).close()
    return root


@pytest.fixture
def office(office_root):
    store = Store.open(office_root / "office")
    yield store
    store.close()


def facts(store: Store, school_id: str | None) -> dict[str, dict[str, tuple[float | None, bool]]]:
    """{indicator name: {year: (fact, counted?)}} of the owner's table as on TODAY."""
    table = indicator_table(store, school_id, today=TODAY)
    return {
        row.indicator.name: {
            year: (round(cell.actual, 2) if cell.actual is not None else None, cell.counted)
            for year, cell in row.cells.items()
            if cell.actual is not None
        }
        for group in table.groups
        for row in group.rows
    }


def school_ids(store: Store) -> dict[str, str]:
    return {row.code: row.id for row in list_registry(store)}


def test_the_school_counts_its_indicators_from_its_records(tmp_path):
    school = make_school(tmp_path / "school", NAGOLNOE, school_records)
    try:
        found = facts(school, own_school(school).id)
    finally:
        school.close()
    assert found[POS] == {YEAR: (100.0, True)}  # Иванова and Сидоров: 2 of 2; the caretaker is no teacher
    assert found["Доля участников ВПР, не справившихся с работой"] == {YEAR: (12.5, True)}
    assert found["количество неуспевающих"] == {YEAR: (3.0, False)}  # typed


def test_the_office_counts_a_schools_indicators_from_its_package(office):
    ids = school_ids(office)
    assert facts(office, ids[KRASNOYARSK])[POS] == {YEAR: (0.0, True)}  # Петрова: 0 of 1
    nagolnoe = facts(office, ids[NAGOLNOE])
    assert nagolnoe[POS] == {YEAR: (100.0, True)}
    assert nagolnoe["Доля участников ВПР, не справившихся с работой"] == {YEAR: (12.5, True)}
    assert facts(office, ids[SEMICHNOE])["Заметные изменения"] == {YEAR: (50.0, True)}
    table = indicator_table(office, ids[NAGOLNOE], today=TODAY)
    row = next(r for g in table.groups for r in g.rows if r.indicator.formula == "staff_pos")
    assert row.source.startswith("считается по разделу «Педагоги»")
    assert row.cells[YEAR].source.endswith("учителей: 2 из 2")


@pytest.fixture
def district(office):
    """The office's own programme indicators (owner None), with plans for 2020/2021; made once in
    the module's database."""
    made = {i.name: i for i in list_indicators(office, None)}
    if made:
        return made
    for name, unit, formula, higher, criterion in (
        (POS, "%", None, True, STAFF),
        ("Доля педагогов, имеющих ИПРП", "%", "staff_iprp", True, STAFF),
        ("Количество неуспевающих", "чел.", None, False, CRITERIA[1]),
        ("Качество знаний", "%", None, True, CRITERIA[1]),
        ("Заметные изменения", "%", "survey_noticeable", True, CRITERIA[4]),
        ("Доля участников ВПР, не справившихся с работой", "%", "vpr_failed", False, CRITERIA[1]),
        ("Охват дополнительным образованием", "%", None, True, CRITERIA[1]),
    ):
        info = add_indicator(office, None, IndicatorData(name, criterion, unit, higher, formula))
        made[name] = info
    set_value(office, made[POS].id, YEAR, 80, None)
    set_value(office, made["Количество неуспевающих"].id, YEAR, 4, None)
    set_value(office, made["Охват дополнительным образованием"].id, YEAR, 60, 63.4)
    return made


def test_the_district_programme_takes_its_values_from_the_schools(office, district):
    found = facts(office, None)
    # ПОС: Красноярская 0 of 1, Нагольненская 2 of 2 → weighted (0·1 + 100·2) / 3, not (0 + 100) / 2
    assert found[POS] == {YEAR: (66.67, True)}
    assert found["Доля педагогов, имеющих ИПРП"] == {YEAR: (33.33, True)}  # Иванова: 1 of 3 teachers
    assert found["Количество неуспевающих"] == {YEAR: (5.0, True)}  # Семиченская 2 + Нагольненская 3
    # «Качество знаний» is typed at the schools, with no weights: a plain mean
    assert found["Качество знаний"] == {BEFORE: (35.0, True), YEAR: (55.0, True)}
    # «Есть ли изменения?»: Красноярская 0 of 80 answers in May 2020 and 80 of 80 in May 2021,
    # Нагольненская 0 of 60 (its 2 sheets of May 2021 are too few to count), Семиченская 40 of 80
    assert found["Заметные изменения"] == {BEFORE: (0.0, True), YEAR: (75.0, True)}
    assert found["Доля участников ВПР, не справившихся с работой"] == {YEAR: (12.5, True)}
    assert found["Охват дополнительным образованием"] == {YEAR: (63.4, False)}  # no school keeps it: typed


def test_target_achieved_and_gap(office, district):
    table = indicator_table(office, None, today=TODAY)
    cells = {r.indicator.name: r.cells[YEAR] for g in table.groups for r in g.rows}
    assert (cells[POS].target, round(cells[POS].actual, 2), cells[POS].gap_text) == (80, 66.67, "−13,33")
    failing = cells["Количество неуспевающих"]
    assert (failing.target, failing.actual, failing.gap_text) == (4, 5, "+1")
    assert "сводится из значений школ района" in cells[POS].source
    assert "по 2 школам из 3" in cells[POS].source


def test_a_counted_fact_is_not_typed_over(office, district):
    quality = district["Качество знаний"]
    with pytest.raises(ValidationError) as caught:
        set_value(office, quality.id, BEFORE, 40, 99)
    assert "сводится из значений школ района" in caught.value.errors["actual"]
    assert "сейчас 35" in caught.value.errors["actual"]
    set_value(office, quality.id, BEFORE, 40, 35)  # the plan, with the counted fact as shown
    assert [(v.academic_year, v.target, v.actual) for v in values_of(office, quality.id)] == [
        (BEFORE, 40, None)
    ]


def test_the_excel_import_refuses_to_overwrite_a_counted_fact(office, district, tmp_path):
    path = write_indicators_template(office, None, tmp_path / "показатели.xlsx")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    rows = [r for r in sheet.iter_rows(min_row=2) if r[1].value == "Качество знаний" and r[3].value == BEFORE]
    assert rows and rows[0][5].value == 35  # the template carries the counted fact
    unchanged = read_indicator_values(office, None, path)
    assert not unchanged.errors  # written back as it was: nothing to refuse
    rows[0][5].value = 41
    book.save(path)
    preview = read_indicator_values(office, None, path)
    (error,) = preview.errors
    assert "«Качество знаний»: Факт за 2019/2020 не вписывается" in str(error)
    assert "сводится из значений школ района" in str(error)
    assert not preview.can_import
