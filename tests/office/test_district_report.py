"""The district report (seed 004): Блок 1 figures and «-», Блок 2 from plans and diaries, Блок 3
from the registry, the indicator table's district mean, the 3-respondent rule of questionnaires,
PDF text and XLSX cells, and the command line. The schools reach the office as packages."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli.main import main
from app.core.errors import UserError, ValidationError
from app.core.store import Store
from app.demo.school import build_demo
from app.office.district import (
    MAX_YEARS,
    choose,
    district_header,
    parse_codes,
    parse_years,
    save_district_header,
)
from app.office.district_activities import activities_block, leaving_block
from app.office.district_monitoring import indicator_block, survey_block
from app.office.district_results import EXAMS, block1, results_block
from app.reports.catalog import ReportOptions, report_kinds
from app.reports.district import DISTRICT_TITLE, district_report
from app.school.installation import init_municipality
from db.models import School
from tests.helpers.district_data import (
    DIRECTOR_RESULT,
    DONE_RESULT,
    FORUM,
    KRASNOYARSK,
    LEFT_GROUNDS,
    LEFT_ON,
    NAGOLNOE,
    SCHOOLS,
    SEMICHNOE,
    TEACHER_RESULT,
    TODAY,
    build_office,
)
from tests.helpers.report_files import write_kind

pytestmark = pytest.mark.both_backends

YEARS = (2019, 2020, 2021)
NAMES = [f"{n}. {name}" for n, name in enumerate(SCHOOLS.values(), start=1)]


@pytest.fixture(scope="module")
def office_root(tmp_path_factory, on_backend) -> Path:
    root = tmp_path_factory.mktemp("district")
    build_office(root, on_backend).close()
    return root


@pytest.fixture
def office(office_root):
    store = Store.open(office_root / "office")
    yield store
    store.close()


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages)


def table(tables, key):
    return next(t for t in tables if t.key == key)


# --- Блок 1 -------------------------------------------------------------------------------------


def test_block1_has_the_seed_figures_with_dashes_where_nothing_was_sent(office):
    tables = results_block(office, choose(office, None, YEARS))
    vpr, oge, exams = table(tables, "ВПР"), table(tables, "ОГЭ"), table(tables, EXAMS)
    assert vpr.title == "Динамика результатов ВПР в ШНОР"
    assert [name for name, _ in vpr.rows] == NAMES
    assert vpr.rows[0][1] == ["3,58", "3,56", "3,33", "3,4", "3,61", "3,66"]
    assert vpr.rows[1][1] == ["3,16", "3,57", "3,55", "3,53", "4,0", "3,54"]
    assert vpr.rows[2][1] == ["3,4", "3,5", "3,6", "3,43", "3,61", "3,56"]
    assert vpr.header_rows[1] == ["", "2019 год", "", "2020 год", "", "2021 год", ""]
    assert vpr.header_rows[2][1:3] == ["Рус. яз", "Матем."]
    # No ОГЭ in 2020: «-» for every school, as in the seed.
    assert [cells[2:4] for _, cells in oge.rows] == [["-", "-"]] * 3
    assert oge.rows[1][1] == ["3,4", "4,2", "-", "-", "3,38", "3,75"]
    # ЕГЭ and ГВЭ in one table; ГВЭ only under 2021, where two schools have it.
    assert exams.header_rows[2] == ["", "ЕГЭ", "", "ЕГЭ", "", "ЕГЭ", "", "ГВЭ", ""]
    assert exams.rows[0][1] == ["51", "3,2/50", "73", "-", "-", "-", "-", "-"]
    assert exams.rows[1][1] == ["49", "3/50", "-", "-", "67", "45", "3", "3"]
    assert exams.rows[2][1] == ["38", "3", "46,3", "24,7", "-", "-", "3,5", "3,5"]


def test_block1_follows_the_chosen_schools_and_years(office):
    tables = results_block(office, choose(office, [SEMICHNOE], (2020, 2021)))
    vpr, exams = table(tables, "ВПР"), table(tables, EXAMS)
    assert vpr.rows == [("МКОУ Семиченская СШ", ["3,6", "3,43", "3,61", "3,56"])]
    assert exams.header_rows[1] == ["", "2020 год", "", "2021 год", "", "", ""]
    assert exams.rows[0][1] == ["46,3", "24,7", "-", "-", "3,5", "3,5"]
    only_ege = table(results_block(office, choose(office, [KRASNOYARSK], YEARS)), EXAMS)
    assert len(only_ege.header_rows) == 3 and "ГВЭ" not in only_ege.title


def test_years_default_to_the_last_three_with_results(office):
    assert choose(office).years == YEARS
    assert [s.code for s in choose(office).schools] == list(SCHOOLS)
    tables = block1(office)  # the plain entry: every school, the last three years
    assert tables["ОГЭ"].row_of(SCHOOLS[SEMICHNOE]) == ["3,83", "4,0", "-", "-", "3,33", "3,33"]
    assert tables[EXAMS].row_of(NAMES[1])[-2:] == ["3", "3"]
    with pytest.raises(KeyError):
        tables["ВПР"].row_of("МКОУ Другая СШ")


# --- choices and the header ---------------------------------------------------------------------


def test_years_and_codes_are_read_or_refused_in_russian():
    assert parse_years("2019-2021") == YEARS
    assert parse_years(" 2021 ") == (2021,)
    assert parse_years("2019–2021") == YEARS
    for bad, words in (
        ("2019-20x", "не распознаны"),
        ("2021-2019", "позже последнего"),
        ("1990-1991", "от 2000"),
        (f"2010-{2010 + MAX_YEARS}", "не больше"),
    ):
        with pytest.raises(UserError, match=words):
            parse_years(bad)
    assert parse_codes("3401, 3402;3401") == ("3401", "3402")
    with pytest.raises(UserError, match="коды школ"):
        parse_codes(" , ")


def test_unknown_code_school_mode_and_an_empty_registry_are_refused(office, tmp_path):
    with pytest.raises(UserError, match="нет школы с кодом «9999».*3401 — МКОУ Красноярская СШ, 3402"):
        choose(office, ["3401", "9999"])
    with pytest.raises(UserError, match="ни одной школы"):
        choose(office, [])
    school = Store.open(tmp_path / "school")
    build_demo(school)
    with pytest.raises(UserError, match="базе управления образования"):
        choose(school)
    school.close()
    empty = Store.open(tmp_path / "empty-office")
    init_municipality(empty, "Отдел образования")
    with pytest.raises(UserError, match="В реестре пока нет ни одной школы"):
        choose(empty)
    empty.close()


def test_header_is_typed_by_the_office_and_counts_shnor_over_the_period(store):
    init_municipality(store, "Отдел образования")
    with store.session() as s:
        s.add_all(
            [
                School(code="1", name="МКОУ А", municipality="Котельниковский район", is_shnor=True),
                School(code="2", name="МКОУ Б", municipality="Котельниковский район", is_shnsu=True),
                School(
                    code="3",
                    name="МКОУ В",
                    is_shnor=True,
                    left_programme_on=date(2017, 8, 31),
                    left_grounds="Вышла давно",
                ),
            ]
        )
    header = district_header(store)
    assert (header.district, header.schools_total, header.shnor) == ("Котельниковский район", None, 2)
    assert header.lines[1] == "Общее количество ОО в муниципальном районе: не указано"
    assert district_header(store, choose(store, None, YEARS)).shnor == 1  # В left before 2018/2019
    with pytest.raises(ValidationError) as refused:
        save_district_header(store, "КОТЕЛЬНИКОВСКИЙ", "двадцать")
    assert "целое число" in refused.value.errors["schools_total"]
    assert district_header(store).district_typed == ""  # nothing saved
    saved = save_district_header(store, "  КОТЕЛЬНИКОВСКИЙ ", "20")
    assert saved.lines == [
        "Наименование муниципального района: КОТЕЛЬНИКОВСКИЙ",
        "Общее количество ОО в муниципальном районе: 20",
        "Количество школ с низкими образовательными результатами в муниципальном районе: 2",
    ]
    cleared = save_district_header(store, "", "")
    assert (cleared.district, cleared.schools_total) == ("Котельниковский район", None)


# --- Блок 2 and Блок 3 ----------------------------------------------------------------------------


def test_block2_takes_the_plan_in_the_period_and_what_the_diaries_say(office):
    schools = activities_block(office, choose(office, None, YEARS), TODAY)
    assert [(s.number, s.name) for s in schools] == list(enumerate(SCHOOLS.values(), start=1))
    krasnoyarsk, nagolnoe, semichnoe = schools
    titles = [line.title for line in krasnoyarsk.lines]
    assert titles == [
        "Обучение педагогов на курсе «Школа современного учителя»",
        "Консультации для родителей",  # no date at all: kept
        f"{FORUM} / форум",  # an event of «Дневник школы» serving no measure
    ]  # not the cancelled one, not 2017's, not the 2016 seminar
    done = krasnoyarsk.lines[0]
    assert done.activity.deadline_text == "2020-2021 гг."
    assert done.result.splitlines() == [
        DONE_RESULT,
        "Дневник школы, 18.03.2021: Практический семинар «Учитель-фасилитатор»",
        f"Дневник педагога, 02.04.2021 (Петрова Анна Сергеевна): {TEACHER_RESULT}",
        f"Дневник директора, 10.04.2021: {DIRECTOR_RESULT}",
    ]
    assert krasnoyarsk.lines[1].result == "Результат не внесён (в работе)."
    forum = krasnoyarsk.lines[2]
    assert forum.period == "12.11.2020"
    assert "Участники: Петрова Анна Сергеевна" in forum.result
    assert "Наставничество молодых педагогов" in forum.result
    assert [line.result for line in nagolnoe.lines] == [DONE_RESULT]
    assert semichnoe.lines == [] and "Текущей программы" in semichnoe.note
    # A period before everything: only what has no date stays.
    early = activities_block(office, choose(office, [KRASNOYARSK], (2016,)), TODAY)[0]
    assert [line.title for line in early.lines] == ["Консультации для родителей", "Семинар 2016 года"]


def test_block3_gives_the_registry_grounds_of_the_schools_that_left(office):
    left = leaving_block(office, choose(office, None, YEARS))
    assert [(s.number, s.name, s.left_on, s.grounds) for s in left] == [
        (1, SCHOOLS[KRASNOYARSK], LEFT_ON, LEFT_GROUNDS)
    ]
    assert leaving_block(office, choose(office, [NAGOLNOE, SEMICHNOE], YEARS)) == []


# --- monitoring -----------------------------------------------------------------------------------


def test_indicator_table_has_each_school_and_the_district_mean(office):
    found = indicator_block(office, choose(office, None, YEARS))
    assert found.years == ["2019/2020", "2020/2021"]  # 2018/2019 has no value anywhere
    quality, failing = found.indicators
    assert quality.label == "Качество знаний"
    by_name = {s.name: quality.values.get(s.id) for s in found.schools}
    assert by_name[SCHOOLS[KRASNOYARSK]] == {"2018/2019": None, "2019/2020": 40, "2020/2021": 50}
    assert quality.mean("2019/2020") == 35  # (40 + 30) / 2: Семиченская has no value
    assert quality.mean("2020/2021") == 55  # (50 + 60) / 2
    assert failing.label == "Количество неуспевающих, чел."
    assert [s.name for s in found.schools if s.id in failing.values] == [SCHOOLS[SEMICHNOE]]
    assert failing.mean("2020/2021") == 2 and failing.mean("2019/2020") is None


def test_questionnaires_compare_rounds_and_hide_sections_below_three_respondents(office):
    surveys = survey_block(office, choose(office, None, YEARS))
    assert [(s.school, s.template_title) for s in surveys] == [
        (SCHOOLS[KRASNOYARSK], "Есть ли изменения?"),
        (SCHOOLS[NAGOLNOE], "Есть ли изменения?"),
    ]
    krasnoyarsk, nagolnoe = surveys
    sections = krasnoyarsk.comparison.sections
    assert len(sections) == 4 and krasnoyarsk.note == ""
    assert [(s.mean.before, s.mean.after) for s in sections] == [(1.0, 2.0)] * 4
    assert nagolnoe.first.respondents == 3 and nagolnoe.last.respondents == 2
    assert nagolnoe.last.sections == [] and nagolnoe.comparison.sections == []
    assert "«Май 2021» (2 чел.) ответили меньше 3 человек" in nagolnoe.note
    part = next(
        p for p in district_report(office, ReportOptions(years=YEARS)).parts if p.title.startswith("Анкета")
    )
    labels = [row[0] for row in part.rows]
    start = labels.index(next(x for x in labels if x.startswith("2. МКОУ Нагольненская")))
    assert labels[start + 1 :] == ["Вся анкета", nagolnoe.note]  # no section of a round of 2
    assert part.rows[start + 1][1].text == "0,00" and part.rows[start + 1][2] == "—"
    # Only the second round in the period: it stands alone, its sections withheld.
    alone = survey_block(office, choose(office, [NAGOLNOE], (2021,)))[0]
    assert alone.first is None and alone.last.sections == [] and "меньше 3" in alone.note


# --- the files -----------------------------------------------------------------------------------


def test_pdf_reads_as_the_seeds_report(office, tmp_path):
    save_district_header(office, "КОТЕЛЬНИКОВСКИЙ", "20")
    try:
        out = write_kind(office, "district", "pdf", tmp_path / "район.pdf", years=YEARS)
    finally:
        save_district_header(office, "", "")
    text = pdf_text(out)
    for expected in (
        DISTRICT_TITLE,
        "Наименование муниципального района: КОТЕЛЬНИКОВСКИЙ",
        "Общее количество ОО в муниципальном районе: 20",
        "Количество школ с низкими образовательными результатами в муниципальном районе: 3",
        "Динамика результатов ОГЭ в ШНОР",
        "1. МКОУ Красноярская СШ 3,58 3,56 3,33 3,4 3,61 3,66",
        "2. МКОУ Нагольненская СШ 3,4 4,2 - - 3,38 3,75",
        "Наименование ОО 1: МКОУ Красноярская СШ",
        "Название мероприятия / форма проведения",
        "Блок 3. Исключение из списка",
        "Налажено взаимодействие со школой – наставником",
        "Среднее по району (школ: 2 из 3) 35 55",
        "Анкета «Есть ли изменения?»",
        "Стр. 1 из",
    ):
        assert expected in text, expected


def test_xlsx_has_a_sheet_per_part_numbers_dates_and_no_formula(office, tmp_path):
    out = write_kind(office, "district", "xlsx", tmp_path / "район.xlsx", years=YEARS)
    workbook = load_workbook(out)
    assert workbook.sheetnames[:6] == [
        "Блок 1. Результаты ВПР",
        "Блок 1. Результаты ОГЭ",
        "Блок 1. Результаты ЕГЭ и ГВЭ",
        "Блок 2. Мероприятия программ",
        "Блок 3. Исключение из списка",
        "Показатели по школам района",
    ]
    cells = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if cell.value is not None:
                    cells.setdefault(sheet.title, []).append(cell.value)
    vpr = workbook["Блок 1. Результаты ВПР"]
    row = next(r for r in vpr.iter_rows(values_only=True) if r[0] == NAMES[0])
    assert row[1:] == (3.58, 3.56, 3.33, 3.4, 3.61, 3.66)
    oge = workbook["Блок 1. Результаты ОГЭ"]
    assert next(r for r in oge.iter_rows(values_only=True) if r[0] == NAMES[2])[3:5] == ("-", "-")
    left = next(
        r for r in workbook["Блок 3. Исключение из списка"].iter_rows(values_only=True) if r[0] == "1."
    )
    assert left[1:] == (SCHOOLS[KRASNOYARSK], datetime(2021, 8, 31), LEFT_GROUNDS)
    indicators = list(workbook["Показатели по школам района"].iter_rows(values_only=True))
    assert ("Среднее по району (школ: 2 из 3)", 35, 55) in indicators
    assert any(len(sheet.merged_cells.ranges) for sheet in workbook.worksheets)
    with zipfile.ZipFile(out) as archive:
        assert not any(
            b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")
        )


# --- the command line ----------------------------------------------------------------------------


def test_report_kind_is_registered():
    kind = report_kinds()["district"]
    assert kind.title == DISTRICT_TITLE


def test_command_line_prints_the_chosen_schools_and_years(office_root, tmp_path, capsys):
    out = tmp_path / "район.pdf"
    code = main(
        [
            "--data-dir",
            str(office_root / "office"),
            "report",
            "district",
            "--out",
            str(out),
            "--schools",
            f"{KRASNOYARSK},{NAGOLNOE}",
            "--years",
            "2020-2021",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert "школ: 2, 2020–2021 годы" in capsys.readouterr().out
    text = pdf_text(out)
    assert "МКОУ Нагольненская СШ" in text and "МКОУ Семиченская СШ" not in text
    assert "2019 год" not in text and "2021 год" in text


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--years", "2019-20x"], "--years: годы «2019-20x» не распознаны"),
        (["--years", "2021-2019"], "поменяйте их местами"),
        (["--years", "2010-2020"], "не больше 6 лет"),
        (["--schools", ","], "--schools: после --schools нужны коды школ"),
    ],
)
def test_bad_usage_exits_2_in_russian(office_root, tmp_path, capsys, extra, words):
    args = ["--data-dir", str(office_root / "office"), "report", "district", "--out", str(tmp_path / "x.pdf")]
    with pytest.raises(SystemExit) as stopped:
        main([*args, *extra])
    assert stopped.value.code == 2
    assert words in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_school_and_school_mode_exit_1(office_root, tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    args = ["report", "district", "--out", str(out)]
    assert main(["--data-dir", str(office_root / "office"), *args, "--schools", "9999"]) == 1
    assert "В реестре нет школы с кодом «9999»" in capsys.readouterr().err
    school = tmp_path / "school"
    assert main(["--data-dir", str(school), "demo"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(school), *args]) == 1
    assert "печатается в базе управления образования" in capsys.readouterr().err
    assert not out.exists()
