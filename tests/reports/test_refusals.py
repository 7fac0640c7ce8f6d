"""#17 item 5: a year or period without data is refused in Russian — never printed as empty
columns — by the catalogue's door, so the window and the command line refuse alike."""

from __future__ import annotations

from datetime import date

import pytest

from app.cli.main import main
from app.core.errors import UserError
from app.core.store import Store
from app.demo.office import build_office_demo
from app.demo.school import build_demo
from app.reports.catalog import ReportOptions, writer
from app.surveys.survey_templates import list_templates
from app.surveys.surveys import RoundData, create_round

FAR = {"date_from": date(2030, 1, 1), "date_to": date(2030, 12, 31)}

SCHOOL_CASES = [
    (
        "results",
        {"academic_year": "2030/2031"},
        "За 2030/2031 учебный год результатов оценочных процедур нет: они внесены за 2019–2021 годы",
    ),
    (
        "results",
        {"academic_year": "2010/2011"},
        "За 2010/2011 учебный год результатов оценочных процедур нет",
    ),
    ("indicators", {"academic_year": "2030/2031"}, "За 2030/2031 учебный год значений показателей нет"),
    ("staff", {"academic_year": "2030/2031"}, "За 2030/2031 учебный год записей школы нет: последние"),
    ("implementation", FAR, "За период 01.01.2030 – 31.12.2030 мероприятий плана нет"),
    (
        "teacher-diary",
        FAR,
        "За период 01.01.2030 – 31.12.2030 записей в дневнике «Дневник педагога» нет (всего в нём записей: ",
    ),
    (
        "school-diary",
        {"date_from": date(2030, 1, 1)},
        "За период с 01.01.2030 записей в дневнике «Дневник школы» нет",
    ),
    (
        "director-diary",
        {"date_to": date(2010, 1, 1)},
        "За период по 01.01.2010 записей в дневнике «Дневник директора» нет",
    ),
]


@pytest.fixture(scope="module")
def school_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("school")
    store = Store.open(folder)
    build_demo(store)
    store.close()
    return folder


@pytest.mark.parametrize(
    ("kind", "options", "message"), SCHOOL_CASES, ids=[f"{k}-{i}" for i, (k, *_) in enumerate(SCHOOL_CASES)]
)
def test_a_school_report_of_a_year_or_period_without_data_is_refused(
    school_folder, tmp_path, kind, options, message
):
    store = Store.open(school_folder)
    try:
        with pytest.raises(UserError) as refused:
            writer(store, kind, ReportOptions(**options))("pdf", tmp_path / "r.pdf")
    finally:
        store.close()
    assert message in refused.value.message
    assert not (tmp_path / "r.pdf").exists()


def test_the_command_line_refuses_a_year_without_results_with_exit_1(school_folder, tmp_path, capsys):
    out = tmp_path / "r.pdf"
    args = ["--data-dir", str(school_folder), "report", "results", "--year", "2030/2031", "--out", str(out)]
    assert main(args) == 1
    assert "результатов оценочных процедур нет" in capsys.readouterr().err and not out.exists()


def test_a_round_without_answers_is_refused_and_points_to_the_blank(tmp_path, store):
    school = build_demo(store)
    template = list_templates(store)[0]
    create_round(store, school.id, RoundData(template.id, "Сентябрь 2021", date(2021, 9, 20)))
    with pytest.raises(UserError, match="В туре «Сентябрь 2021» ответов пока нет: .*«Бланк анкеты»"):
        writer(store, "survey", ReportOptions(round="Сентябрь 2021"))("pdf", tmp_path / "s.pdf")


def test_the_office_refuses_years_without_results_or_values(tmp_path, store):
    build_office_demo(store)
    with pytest.raises(UserError, match="ни у одной из выбранных школ нет результатов ВПР, ОГЭ, ЕГЭ и ГВЭ"):
        writer(store, "identification", ReportOptions(years=(2030,)))("pdf", tmp_path / "i.pdf")
    with pytest.raises(UserError) as refused:
        writer(store, "district-indicators", ReportOptions(years=(2030,)))("pdf", tmp_path / "d.pdf")
    # one year said once, not «2029/2030 – 2029/2030»
    assert refused.value.message.startswith("За 2029/2030 учебный год значений показателей у школ нет")
