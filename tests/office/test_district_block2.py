"""The district report as the reviewer read it on the municipal demo: Блок 2 keeps the activities
still under way and reads like seed 004's table, the indicator table lists every school and says
over how many the mean is taken, and the XLSX sheet names stay readable."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.store import Store
from app.demo.office import build_office_demo
from app.office.district import choose
from app.office.district_activities import (
    EVIDENCE_CHARS,
    SHOWN_ENTRIES,
    activities_block,
    deadline_bounds,
    overlaps,
    short_line,
)
from app.office.district_monitoring import DistrictIndicator
from app.programme.plan import ActivityRow
from app.reports.catalog import ReportOptions
from app.reports.district import district_report
from app.reports.district_parts import BLOCK2_TITLE, INDICATORS_TITLE, mean_label
from app.reports.table_xlsx import sheet_title
from tests.helpers.district_data import build_office
from tests.helpers.report_files import write_kind

TODAY = date(2021, 9, 10)
YEARS = (2019, 2020, 2021)
ACADEMY = (
    "Обучение педагогов на платформе Академии Минпросвещения России на курсе «Школа современного учителя»"
)
# Seed 004, Блок 2: the rows of МКОУ Красноярская СШ, in the seed's order.
SEED_KRASNOYARSK = [
    ACADEMY,
    "Обучение на курсах повышения квалификации",
    "Участие педагогических работников в семинарах, конференциях, форумах различного уровня",
    "Участие в педагогических опросниках",
    "Адресная коррективная методика работы учителя и образовательных программ",
    "Недостаточно развитое профессиональное взаимодействие в педагогическом коллективе",
    "Консультации для родителей «Практические рекомендации",
    "Участие родителей в социальных проектах школы",
    "Выявление ведущих учебных мотивов, интересов обучающихся",
    "Обмен опытом среди учителей математики",
    "Участие в олимпиадах/конкурсах",
]


@pytest.fixture(scope="module")
def demo_office(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-office") / "office"
    store = Store.open(folder)
    try:
        build_office_demo(store)
    finally:
        store.close()
    return folder


@pytest.fixture
def demo(demo_office):
    store = Store.open(demo_office)
    yield store
    store.close()


def row(title: str, text: str = "", due: date | None = None, done: date | None = None, status="planned"):
    return ActivityRow(title=title, deadline_text=text, due_date=due, done_on=done, status=status)


# --- which measures Блок 2 takes ---------------------------------------------------------------


def test_deadline_text_gives_the_first_and_last_day_it_names():
    assert deadline_bounds("2020 г 03.06.2021г.- 30.11.2021г.") == (date(2020, 1, 1), date(2021, 11, 30))
    assert deadline_bounds("2020/21 уч. г.") == (date(2020, 1, 1), date(2021, 12, 31))
    assert deadline_bounds("11.05.2021-21.05.2021г.") == (date(2021, 5, 11), date(2021, 5, 21))
    assert deadline_bounds("31.02.2021") == (date(2021, 1, 1), date(2021, 12, 31))  # no such day
    assert deadline_bounds("в течение года") == (None, None)
    assert deadline_bounds("") == (None, None)


def test_a_measure_overlapping_the_period_at_all_belongs_to_it():
    period = date(2018, 9, 1), date(2021, 8, 31), TODAY
    # Begun in 2020, due after the period, still under way: in (the seed's first row).
    assert overlaps(row("Академия", "2020 г 03.06.2021г.- 30.11.2021г.", date(2021, 11, 30)), *period)
    # Done after the period but begun in it.
    assert overlaps(row("Курс", "2021 г.", done=date(2021, 11, 1), status="done"), *period)
    # Not done and overdue since 2017: still under way today.
    assert overlaps(row("Старое", due=date(2017, 5, 1), status="in_progress"), *period)
    assert overlaps(row("Без срока", "в течение года", status="in_progress"), *period)
    # Finished before the period, or begun after it: out.
    finished = row("2017", due=date(2017, 5, 10), done=date(2017, 5, 10), status="done")
    assert not overlaps(finished, *period)
    assert not overlaps(row("Позже", "2022-2023 гг.", status="planned"), *period)


def test_the_demo_block2_has_the_seed_rows_with_the_academy_course_first(demo):
    schools = activities_block(demo, choose(demo, None, YEARS), TODAY)
    krasnoyarsk, nagolnoe, semichnoe = schools
    for school in (krasnoyarsk, nagolnoe):
        first = school.lines[0]
        assert first.title == ACADEMY, school.name
        assert first.activity.due_date == date(2021, 11, 30)  # after the period's end
        assert "30.11.2021" in first.activity.deadline_text
    assert ACADEMY in [line.title for line in semichnoe.lines]
    titles = [line.title for line in krasnoyarsk.lines]
    for seed in SEED_KRASNOYARSK:
        assert any(t.startswith(seed) for t in titles), seed


# --- what a row of Блок 2 says ----------------------------------------------------------------------


def test_the_result_is_the_schools_text_with_a_few_short_labelled_diary_lines(demo):
    schools = activities_block(demo, choose(demo, None, YEARS), TODAY)
    academy = schools[0].lines[0]
    assert academy.result.splitlines()[0] == academy.activity.actual_result.strip()
    assert "в работе" not in academy.result  # a written result is not followed by the state
    for school in schools:
        for line in school.lines:
            if line.activity is None:
                continue
            result, *diary = line.result.split("\n")
            assert result == (line.activity.actual_result.strip() or result)
            assert len(diary) <= SHOWN_ENTRIES, line.title
            for text in diary:
                assert text.startswith(("Дневник школы, ", "Дневник педагога, ", "Дневник директора, ")), text
                assert len(text) <= EVIDENCE_CHARS + 1, text
                assert "ещё записей" not in text


def test_a_cut_line_keeps_its_quotes_closed():
    assert short_line("Коротко  и   ясно") == "Коротко и ясно"
    cut = short_line("КПК «Организация поддержки педагогических работников и управленческих кадров»", 40)
    assert cut == "КПК «Организация поддержки…»" and len(cut) <= 41


def test_block2_heading_is_the_seeds_words_without_an_explanation(demo):
    report = district_report(demo, ReportOptions(years=YEARS), TODAY)
    block2 = next(p for p in report.parts if p.title == BLOCK2_TITLE)
    assert block2.subtitle == ["Реализация мероприятий программ повышения качества образования"]


# --- the indicators and the sheet names ---------------------------------------------------------------


def test_every_school_has_a_row_and_the_mean_says_over_how_many(tmp_path_factory):
    root = tmp_path_factory.mktemp("district-indicators")
    build_office(root).close()
    store = Store.open(root / "office")
    try:
        parts = district_report(store, ReportOptions(years=YEARS), TODAY).parts
        part = next(p for p in parts if p.title == INDICATORS_TITLE)
    finally:
        store.close()
    labels = [r[0] for r in part.rows]
    failing = labels.index("Количество неуспевающих, чел.")  # only Семиченская keeps it
    assert labels[failing + 1 : failing + 5] == [
        "МКОУ Красноярская СШ",
        "МКОУ Нагольненская СШ",
        "МКОУ Семиченская СШ",
        "Среднее по району (школ: 1 из 3)",
    ]
    assert part.rows[failing + 1][1:] == ["-", "-"]
    assert "Среднее по району (школ: 2 из 3)" in labels  # Качество знаний: two schools each year


def test_the_mean_label_gives_a_range_when_the_years_differ():
    values = {"a": {"1": 1.0, "2": None}, "b": {"1": 2.0, "2": 3.0}}
    indicator = DistrictIndicator("К", "Качество", "%", values)
    assert mean_label(indicator, ["1", "2"], 2) == "Среднее по району (школ: 1–2 из 2)"
    assert mean_label(indicator, ["1"], 2) == "Среднее по району (школ: 2 из 2)"
    assert mean_label(DistrictIndicator("К", "Пусто", "%"), ["1"], 3) == "Среднее по району (школ: 0 из 3)"


def test_sheet_names_drop_what_excel_refuses_without_a_stray_space(demo, tmp_path):
    assert sheet_title("Анкета «Есть ли изменения?»") == "Анкета «Есть ли изменения»"
    assert sheet_title("Итоги: [2021] ЕГЭ/ГВЭ*") == "Итоги (2021) ЕГЭ-ГВЭ"
    assert sheet_title("???") == "Отчёт"
    out = write_kind(demo, "district", "xlsx", tmp_path / "район.xlsx", years=YEARS)
    assert "Анкета «Есть ли изменения»" in load_workbook(out).sheetnames
