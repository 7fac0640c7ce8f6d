"""The director's reports: plan, implementation, results, indicators, staff — PDF text as a reader
gets it, XLSX values as Excel reads them, the command line. The staff analysis and the staff
report's own figures are in test_programme_reports_staff.py."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli.main import main
from app.core.store import Store
from app.demo.school import build_demo
from app.programme.plan import ActivityData
from app.programme.plan_edit import add_activity, add_section
from app.programme.programme import PassportData, create_programme
from app.reports import FORMATS, write_report
from app.reports.catalog import ReportOptions
from app.reports.programme import KINDS, programme_report
from app.school.installation import init_municipality, own_school
from tests.bench import fill_plan
from tests.helpers.programme_reports import pdf_pages, pdf_text, write

pytestmark = pytest.mark.both_backends

MARKUP = "<b>не жирный</b> & <i>не курсив</i>, 5 < 6 &amp; > 4"
TODAY = date(2024, 10, 15)


@pytest.fixture
def demo_store(store) -> Store:
    build_demo(store)
    return store


@pytest.fixture
def demo_folder(tmp_path, on_backend) -> Path:
    folder = on_backend(tmp_path / "demo")
    store = Store.open(folder)
    try:
        build_demo(store)
    finally:
        store.close()
    return folder


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_report_renders_on_the_demo(demo_store, tmp_path, kind, fmt):
    out = write(demo_store, kind, fmt, tmp_path / f"{kind}.{fmt}")
    if fmt == "pdf":
        text = pdf_text(out)
        assert "МКОУ Нагольненская СШ" in text and "Стр. 1 из" in text
    else:
        workbook = load_workbook(out)
        assert workbook.worksheets and workbook.active.cell(1, 1).value


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_report_renders_for_an_empty_school(school_store, tmp_path, kind, fmt):
    out = write(school_store, kind, fmt, tmp_path / f"{kind}.{fmt}")
    assert out.stat().st_size > 0
    if fmt == "pdf":
        text = pdf_text(out)
        assert "МКОУ Тест" in text and "Стр. 1 из 1" in text
        expected = {
            "plan": "Текущей программы нет",
            "implementation": "Текущей программы нет",
            "results": "Результатов оценочных процедур пока нет",
            "indicators": "Показателей пока нет",
            "staff": "нет ни одного работающего учителя",
        }[kind]
        assert expected in text


@pytest.mark.parametrize("kind", KINDS)
def test_every_report_renders_for_a_programme_without_a_plan(school_store, tmp_path, kind):
    school_id = own_school(school_store).id
    create_programme(
        school_store, school_id, PassportData(title="Пустая программа", year_from=2021, year_to=2023)
    )
    for fmt in FORMATS:
        write(school_store, kind, fmt, tmp_path / f"{kind}.{fmt}")
    if kind == "plan":
        text = pdf_text(tmp_path / "plan.pdf")
        assert "Пустая программа" in text and "В плане пока нет ни одного мероприятия." in text


def test_dynamics_pdf_has_the_seed_numbers(demo_store, tmp_path):
    text = pdf_text(write(demo_store, "results", "pdf", tmp_path / "results.pdf"))
    assert "Динамика результатов ВПР" in text
    assert "МКОУ Нагольненская СШ 3,16 3,57 3,55 3,53 4,0 3,54" in text
    # ОГЭ 2020 was not held: «-» in both subjects, as seed 004 prints it.
    assert "МКОУ Нагольненская СШ 3,4 4,2 - - 3,38 3,75" in text
    assert "2019 год 2020 год 2021 год" in text and "Рус. яз Матем." in text
    assert "49 3/50" in text  # ЕГЭ 2019: русский язык, математика базовая/профильная


def test_dynamics_up_to_a_year(demo_store, tmp_path):
    text = pdf_text(write(demo_store, "results", "pdf", tmp_path / "r.pdf", academic_year="2019/2020"))
    assert "3,16 3,57 3,55 3,53" in text
    assert "2021 год" not in text and "3,54" not in text


def test_dynamics_xlsx_holds_the_same_numbers(demo_store, tmp_path):
    workbook = load_workbook(write(demo_store, "results", "xlsx", tmp_path / "results.xlsx"))
    ws = workbook["Динамика результатов ВПР"]
    row = max(r for r in range(1, 20) if ws.cell(r, 1).value == "МКОУ Нагольненская СШ")
    assert [ws.cell(row, c).value for c in range(2, 8)] == [3.16, 3.57, 3.55, 3.53, 4.0, 3.54]
    assert ws.cell(row, 6).number_format == "0.0"  # printed «4,0»
    assert ws.cell(row, 2).number_format == "0.00"
    assert [ws.cell(row - 2, c).value for c in (2, 4, 6)] == ["2019 год", "2020 год", "2021 год"]
    assert "B" + str(row - 2) + ":C" + str(row - 2) in {str(r) for r in ws.merged_cells.ranges}
    assert ws.freeze_panes == f"A{row}"
    oge = workbook["Динамика результатов ОГЭ"]
    assert [oge.cell(row, c).value for c in range(2, 8)] == [3.4, 4.2, "-", "-", 3.38, 3.75]


def test_plan_pdf_prints_passport_then_plan_by_sections(demo_store, tmp_path):
    text = pdf_text(write(demo_store, "plan", "pdf", tmp_path / "plan.pdf"))
    labels = ("Паспорт программы", "Цель программы", "Задачи программы", "Сроки и этапы реализации программы")
    for label in labels:
        assert label in text
    # Seeds 002–003's rows, filled in the demo, in the seeds' order.
    assert text.index("Основания для разработки программы") < text.index("Основные разработчики")
    assert text.index("Руководитель программы") < text.index("Основные участники программы")
    assert "Гребенникова Т.В." in text and "2 этап (2021 г.)" in text
    assert "1. Повысить профессиональные компетенции" in text and "2020–2022 гг." in text
    assert "№ Мероприятие Срок исполнения Ответственные Ожидаемый результат Форма контроля" in text
    assert text.index("1. Кадровое обеспечение") < text.index("1.1 Обучение педагогов")
    assert text.index("1.4 Участие") < text.index("2. Методическая работа")


def test_a_long_plan_has_the_header_and_page_numbers_on_every_page(school_store, tmp_path):
    fill_plan(school_store, own_school(school_store).id, 150)
    pages = pdf_pages(write(school_store, "plan", "pdf", tmp_path / "plan.pdf"))
    assert len(pages) > 5
    for number, page in enumerate(pages, start=1):
        assert f"Стр. {number} из {len(pages)}" in page and "МКОУ Тест" in page
        if number > 1:
            header = "Мероприятие Срок исполнения Ответственные Ожидаемый результат Форма контроля"
            assert header in page, number
    assert all(f"(№ {n})" in " ".join(pages) for n in range(150))


def test_user_text_prints_literally(school_store, tmp_path):
    school_id = own_school(school_store).id
    programme = create_programme(
        school_store,
        school_id,
        PassportData(title=MARKUP, year_from=2021, year_to=2023, tasks=[MARKUP], goal="=1+1"),
    )
    section = add_section(school_store, programme.id, "Раздел <i>1</i>")
    add_activity(
        school_store,
        section,
        ActivityData(
            title='=HYPERLINK("http://x")',
            responsible=MARKUP,
            status="done",
            actual_result=MARKUP,
            done_on=date(2022, 3, 1),
        ),
    )
    text = pdf_text(write(school_store, "plan", "pdf", tmp_path / "plan.pdf"))
    assert MARKUP in text and "1. Раздел <i>1</i>" in text and '=HYPERLINK("http://x")' in text
    text = pdf_text(write(school_store, "implementation", "pdf", tmp_path / "impl.pdf"))
    assert MARKUP in text
    out = write(school_store, "plan", "xlsx", tmp_path / "plan.xlsx")
    workbook = load_workbook(out)
    plan = workbook["План мероприятий"]
    cells = [c for row in plan.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert cells and cells[0].data_type == "s"
    with zipfile.ZipFile(out) as archive:
        assert not any("<f>" in archive.read(n).decode() for n in archive.namelist() if "worksheets" in n)


def test_plan_xlsx_has_a_sheet_per_part_and_dates_as_dates(demo_store, tmp_path):
    workbook = load_workbook(write(demo_store, "plan", "xlsx", tmp_path / "plan.xlsx"))
    assert workbook.sheetnames == ["Паспорт программы", "План мероприятий"]
    passport = workbook["Паспорт программы"]
    approved = next(r for r in range(1, 30) if passport.cell(r, 1).value == "Дата утверждения")
    assert isinstance(passport.cell(approved, 2).value, datetime)
    plan = workbook["План мероприятий"]
    header = next(r for r in range(1, 12) if plan.cell(r, 1).value == "№")
    assert plan.cell(header, 2).font.b and plan.freeze_panes == f"A{header + 1}"
    assert plan.cell(header + 1, 1).value == "1. Кадровое обеспечение"
    assert f"A{header + 1}:F{header + 1}" in {str(r) for r in plan.merged_cells.ranges}


def test_implementation_for_a_period_says_what_it_includes(demo_store, tmp_path):
    report = programme_report(
        demo_store, "implementation", ReportOptions(date_from=date(2021, 3, 1), date_to=date(2021, 3, 31))
    )
    assert [row[0] for row in report.rows] == ["2.2", "4.3"]  # done 18.03.2021 and 19.03.2021
    assert report.columns[1].header == "Название мероприятия / форма проведения"
    assert [c.header for c in report.columns[2:5]] == ["Сроки проведения", "Результат", "Статус"]
    words = " ".join(report.subtitle)
    assert "01.03.2021 – 31.03.2021" in words and "выполненные в этот период" in words
    assert report.rows[0][5] == date(2021, 3, 18) and report.rows[0][4] == "выполнено"
    everything = programme_report(demo_store, "implementation")
    assert len(everything.rows) == 28 and "все мероприятия плана" in " ".join(everything.subtitle)


def test_indicators_table_by_year_grouped_by_criterion(demo_store, tmp_path):
    report = programme_report(demo_store, "indicators")
    # The demo keeps counts («чел.») too: seed 000's «Показатель (%)» would put them under «(%)» (#17).
    assert [c.header for c in report.columns] == ["Показатель, единица измерения", "2019/2020", "2020/2021"]
    first_group = min(report.group_rows)
    assert report.rows[first_group][0] == "Нормативное обеспечение реализации программы"
    quality = next(row for row in report.rows if row[0] == "Качество знаний, %")
    # The demo sets targets: each year prints the actual value, the target and the gap (#17).
    assert quality[1:] == ["факт 33,5\nцель 35\nразрыв −1,5", "факт 37,2\nцель 38\nразрыв −0,8"]
    text = pdf_text(write(demo_store, "indicators", "pdf", tmp_path / "i.pdf"))
    assert "Качество знаний, % факт 33,5 цель 35 разрыв −1,5 факт 37,2 цель 38 разрыв −0,8" in text
    ws = load_workbook(write(demo_store, "indicators", "xlsx", tmp_path / "i.xlsx")).active
    row = next(r for r in range(1, 40) if ws.cell(r, 1).value == "Качество знаний, %")
    assert ws.cell(row, 2).value == "факт 33,5\nцель 35\nразрыв −1,5"
    only_first = programme_report(demo_store, "indicators", ReportOptions(academic_year="2019/2020"))
    assert [c.header for c in only_first.columns] == ["Показатель, единица измерения", "2019/2020"]


def test_cli_plan_pdf_on_the_demo(demo_folder, tmp_path, capsys):
    out = tmp_path / "plan.pdf"
    assert main(["--data-dir", str(demo_folder), "report", "plan", "--format", "pdf", "--out", str(out)]) == 0
    assert "мероприятий: 28" in capsys.readouterr().out
    text = pdf_text(out)
    assert "Программа и план мероприятий" in text and "1. Кадровое обеспечение" in text


def test_cli_lists_the_kinds(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for kind in KINDS:
        assert kind in out


@pytest.fixture
def office_folder(tmp_path, on_backend) -> Path:
    folder = on_backend(tmp_path / "office")
    store = Store.open(folder)
    try:
        init_municipality(store, "Отдел образования Котельниковского района")
        programme = create_programme(
            store,
            None,
            PassportData(title="Муниципальная программа поддержки ШНОР", year_from=2021, year_to=2022),
        )
        section = add_section(store, programme.id, "Методическое сопровождение")
        add_activity(store, section, ActivityData(title="Семинар для заместителей директоров"))
    finally:
        store.close()
    return folder


@pytest.mark.parametrize("kind", ["results", "staff"])
def test_cli_school_only_reports_refuse_in_municipal_mode(office_folder, tmp_path, capsys, kind):
    out = tmp_path / "x.pdf"
    assert main(["--data-dir", str(office_folder), "report", kind, "--format", "pdf", "--out", str(out)]) == 1
    assert "печатается в базе школы" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("kind", ["plan", "implementation", "indicators"])
def test_municipal_mode_prints_the_district_programme(office_folder, tmp_path, capsys, kind):
    out = tmp_path / f"{kind}.pdf"
    assert main(["--data-dir", str(office_folder), "report", kind, "--out", str(out)]) == 0
    text = pdf_text(out)
    assert "Отдел образования Котельниковского района" in text
    if kind != "indicators":
        assert "Семинар для заместителей директоров" in text


def test_a_document_without_parts_writes_its_note(tmp_path):
    from app.reports import Document

    document = Document("Пусто", [], ["Школа"], owner="Школа", empty_note="Ничего нет.")
    assert "Ничего нет." in pdf_text(write_report(document, "pdf", tmp_path / "d.pdf"))
    ws = load_workbook(write_report(document, "xlsx", tmp_path / "d.xlsx")).active
    assert "Ничего нет." in [ws.cell(r, 1).value for r in range(1, 8)]


def test_each_table_of_a_document_repeats_its_own_header(tmp_path):
    from app.reports import Document, ReportColumn, TableReport

    def part(name: str, first: str, second: str) -> TableReport:
        rows = [[f"{name} {n}", "строка таблицы\nвторая строка"] for n in range(70)]
        return TableReport(name, [ReportColumn(first), ReportColumn(second)], rows)

    document = Document("Два списка", [part("Первая", "Альфа", "Бета"), part("Вторая", "Гамма", "Дельта")])
    pages = pdf_pages(write_report(document, "pdf", tmp_path / "d.pdf"))
    assert len(pages) > 4
    for number, page in enumerate(pages, start=1):
        first = [n for n in range(70) if f"Первая {n} " in page]
        second = [n for n in range(70) if f"Вторая {n} " in page]
        assert ("Альфа Бета" in page) == bool(first), number
        assert ("Гамма Дельта" in page) == bool(second), number
        assert page.count("Альфа Бета") <= 1 and page.count("Гамма Дельта") <= 1, number


def test_results_add_seed_001_table_by_class(school_store, tmp_path):
    from app.programme.assessments import ResultData, add_result

    school_id = own_school(school_store).id
    figures = {
        "mean_mark": "3,6",
        "students": 20,
        "participants": 18,
        "confirmed_pct": "70,5",
        "lowered_pct": 29.5,
    }
    for metric, value in figures.items():
        grade = None if metric == "mean_mark" else 5
        data = ResultData(
            year=2021, assessment="ВПР", subject="математика", grade=grade, metric=metric, value=value
        )
        add_result(school_store, school_id, data)
    text = pdf_text(write(school_store, "results", "pdf", tmp_path / "r.pdf"))
    assert "Динамика результатов ВПР" in text and "МКОУ Тест - 3,6" in text
    assert "ВПР 2021 года по классам" in text
    assert "5 математика 20 18 90 70,5 29,5" in text
    workbook = load_workbook(write(school_store, "results", "xlsx", tmp_path / "r.xlsx"))
    ws = workbook["ВПР 2021 года по классам"]
    row = max(r for r in range(1, 20) if ws.cell(r, 2).value == "математика")
    assert [ws.cell(row, c).value for c in range(3, 8)] == [20, 18, 90, 70.5, 29.5]
