"""Printouts of the diaries: PDF text as a reader gets it, XLSX values as Excel reads them, the CLI."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli.main import main
from app.core.errors import UserError
from app.core.store import Store
from app.demo.school import build_demo
from app.diaries import (
    DIARIES,
    DiaryFilter,
    DirectorEntryData,
    EventData,
    TeacherEntryData,
    director_diary,
    school_diary,
    teacher_diary,
)
from app.reports import ReportColumn, TableReport, write_report
from app.reports.diaries import KINDS, diary_report, reporting_school
from app.school.installation import own_school
from app.school.staff import StaffData, add_staff
from tests.helpers.report_files import write_kind

pytestmark = pytest.mark.both_backends

CYRILLIC = "Приём «Мозговой штурм» с разбором ошибок: ёлочка, щука, подъезд — 9 «Б» класс"
MARKUP = "<b>не жирный</b> & <i>не курсив</i>, 5 < 6 &amp; > 4\nвторая строка"
DAY = date(2024, 10, 15)


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def flat(text: str) -> str:
    """Text with every run of white space as one space: cells wrap lines where they like."""
    return " ".join(text.split())


def printed_headers(kind: str) -> list[str]:
    return [c.header for c in DIARIES[kind].columns if c.printed]


@pytest.fixture
def school_id(school_store) -> str:
    return own_school(school_store).id


@pytest.fixture
def teacher(school_store, school_id) -> str:
    return add_staff(school_store, school_id, StaffData(full_name="Бондаренко Наталья Александровна")).id


def add_teacher_entry(store, school_id, teacher, **fields) -> str:
    data = TeacherEntryData(staff_id=teacher, entry_date=DAY, methods="Групповая работа")
    for key, value in fields.items():
        setattr(data, key, value)
    return teacher_diary.create(store, school_id, data)


def fill_one_of_each(store, school_id, teacher) -> None:
    school_diary.create(
        store,
        school_id,
        EventData(title=CYRILLIC, organizer="ГАУ ДПО «ВГАПО»", level="regional", date_from=DAY),
    )
    add_teacher_entry(store, school_id, teacher, methods=CYRILLIC, results="Отметки выросли")
    director_diary.create(store, school_id, DirectorEntryData(entry_date=DAY, form_of_use=CYRILLIC))


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_holds_every_seed_header_and_the_entry_verbatim(school_store, school_id, teacher, kind, tmp_path):
    fill_one_of_each(school_store, school_id, teacher)
    out = write_kind(school_store, kind, "pdf", tmp_path / "diary.pdf", school_id=school_id)
    text = flat("\n".join(pdf_pages(out)))
    for header in printed_headers(kind):
        assert flat(header) in text, header
    assert CYRILLIC in text
    assert DIARIES[kind].title in text and "МКОУ Тест" in text


def test_seed_headers_are_printed_word_for_word():
    assert printed_headers("teacher-diary") == [
        "Дата",
        "Педагог Ф И О",
        "Используемые методы (технологии, способы) работы",
        "Где использует (класс, курс и т.п.)",
        "Результаты использования",
        "Комментарии педагога",
        "Комментарии куратора (методист, руководитель)",
    ]


def test_user_markup_prints_literally(school_store, school_id, teacher, tmp_path):
    add_teacher_entry(school_store, school_id, teacher, teacher_comment=MARKUP)
    out = write_kind(school_store, "teacher-diary", "pdf", tmp_path / "diary.pdf", school_id=school_id)
    text = "\n".join(pdf_pages(out))
    assert flat(MARKUP) in flat(text)
    assert "5 < 6 &amp; > 4\nвторая строка" in text  # the line break is kept, not run together


def test_300_rows_print_on_several_pages_with_the_header_on_each(school_store, school_id, teacher, tmp_path):
    for n in range(300):
        add_teacher_entry(
            school_store,
            school_id,
            teacher,
            entry_date=DAY - timedelta(days=n % 200),
            methods=f"Метод № {n}: работа в парах и группах",
            results="Ученики стали чаще отвечать на уроке. " * (n % 4),
        )
    out = write_kind(school_store, "teacher-diary", "pdf", tmp_path / "diary.pdf", school_id=school_id)
    pages = pdf_pages(out)
    total = len(pages)
    assert total > 2
    today = date.today().strftime("%d.%m.%Y")
    for number, page in enumerate(pages, start=1):
        text = flat(page)
        for header in printed_headers("teacher-diary"):
            assert flat(header) in text, (number, header)
        assert f"Стр. {number} из {total}" in text
        assert "МКОУ Тест" in text and f"Напечатано {today}" in text
    everything = flat("\n".join(pages))
    assert all(f"Метод № {n}:" in everything for n in range(300))


def test_an_entry_taller_than_a_page_is_split_not_lost(school_store, school_id, teacher, tmp_path):
    words = "длинный комментарий " * 500 + "КОНЕЦ"  # 10 000 characters
    lines = "строка\n" * 1400  # 9 800 characters, one line each
    one_word = "я" * 10_000
    add_teacher_entry(school_store, school_id, teacher, teacher_comment=words, results=lines)
    add_teacher_entry(school_store, school_id, teacher, where_used=one_word, methods="Второй метод")
    out = write_kind(school_store, "teacher-diary", "pdf", tmp_path / "diary.pdf", school_id=school_id)
    pages = pdf_pages(out)
    assert len(pages) > 3
    text = "\n".join(pages)
    assert text.count("длинный") == 500 and "КОНЕЦ" in text
    assert text.count("строка") == 1400
    assert "".join(text.split()).count("я") >= 10_000
    assert "Второй метод" in text


def test_an_empty_diary_prints_a_page_that_says_so(school_store, school_id, tmp_path):
    out = write_kind(school_store, "director-diary", "pdf", tmp_path / "diary.pdf", school_id=school_id)
    text = flat("\n".join(pdf_pages(out)))
    assert "Записей, подходящих под условия отбора, нет." in text and "Стр. 1 из 1" in text


def test_xlsx_reopens_with_the_same_values_and_dates_as_dates(school_store, school_id, teacher, tmp_path):
    tricky = ["=1+1", "+7 900 000-00-00", "-5 баллов", "@учитель", MARKUP]
    for n, comment in enumerate(tricky):
        add_teacher_entry(
            school_store, school_id, teacher, entry_date=DAY + timedelta(days=n), teacher_comment=comment
        )
    report = diary_report(school_store, school_id, "teacher-diary")
    out = write_report(report, "xlsx", tmp_path / "diary.xlsx")
    ws = load_workbook(out).active
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Дата")
    assert [ws.cell(header_row, c).value for c in range(1, 8)] == printed_headers("teacher-diary")
    assert ws.cell(header_row, 1).font.b
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width
    for offset, row in enumerate(report.rows, start=1):
        values = [ws.cell(header_row + offset, c).value for c in range(1, 8)]
        assert isinstance(values[0], datetime) and values[0].date() == DAY + timedelta(days=offset - 1)
        assert ws.cell(header_row + offset, 1).number_format == "DD.MM.YYYY"
        assert [v or "" for v in values[1:]] == row[1:]
    comments = [ws.cell(header_row + n, 6) for n in range(1, 6)]
    assert [c.value for c in comments] == tricky
    assert all(c.data_type == "s" for c in comments)
    with zipfile.ZipFile(out) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_writing_replaces_the_file_and_leaves_no_temporary(school_store, school_id, teacher, tmp_path):
    add_teacher_entry(school_store, school_id, teacher)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "diary.pdf"
    out.write_text("old")
    for fmt in ("pdf", "xlsx"):
        write_kind(school_store, "teacher-diary", fmt, out, school_id=school_id)
    assert out.read_bytes().startswith(b"PK")  # the XLSX, written last
    assert list(folder.iterdir()) == [out]


def test_filter_is_applied_and_said_in_words(school_store, school_id, teacher):
    for day in (date(2024, 9, 1), date(2024, 10, 1), date(2024, 11, 1)):
        add_teacher_entry(school_store, school_id, teacher, entry_date=day)
    flt = DiaryFilter(date_from=date(2024, 9, 15), date_to=date(2024, 10, 31), staff_id=teacher)
    report = diary_report(school_store, school_id, "teacher-diary", flt)
    assert [row[0] for row in report.rows] == [date(2024, 10, 1)]
    assert "Период: 15.09.2024 – 31.10.2024" in report.subtitle
    assert "Педагог: Бондаренко Наталья Александровна" in report.subtitle


def test_a_generic_table_prints_dates_and_text(tmp_path):
    report = TableReport(
        title="Проверка",
        columns=[ReportColumn("Когда", is_date=True), ReportColumn("Что", 3)],
        rows=[[date(2021, 5, 25), "Урок & <тест>"], [None, ""]],
        owner="Школа",
    )
    text = flat("\n".join(pdf_pages(write_report(report, "pdf", tmp_path / "t.pdf"))))
    assert "25.05.2021 Урок & <тест>" in text


@pytest.fixture
def demo_folder(tmp_path, on_backend) -> Path:
    folder = on_backend(tmp_path / "demo")
    store = Store.open(folder)
    try:
        build_demo(store)
    finally:
        store.close()
    return folder


@pytest.mark.parametrize("kind", KINDS)
def test_cli_report_on_the_demo(demo_folder, tmp_path, capsys, kind):
    out = tmp_path / f"{kind}.pdf"
    assert main(["--data-dir", str(demo_folder), "report", kind, "--format", "pdf", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    text = flat("\n".join(pdf_pages(out)))
    assert "МКОУ Нагольненская СШ" in text
    assert all(flat(h) in text for h in printed_headers(kind))


def test_cli_report_xlsx_with_a_period(demo_folder, tmp_path, capsys):
    out = tmp_path / "teacher.xlsx"
    args = ["--data-dir", str(demo_folder), "report", "teacher-diary", "--out", str(out)]
    assert main([*args, "--from", "01.09.2020", "--to", "2021-05-31"]) == 0
    ws = load_workbook(out).active
    assert "Период: 01.09.2020 – 31.05.2021" in [ws.cell(r, 1).value for r in range(1, 6)]


def test_cli_report_refuses_a_bad_date_with_exit_2(demo_folder, tmp_path, capsys):
    args = ["--data-dir", str(demo_folder), "report", "teacher-diary", "--out", str(tmp_path / "x.pdf")]
    for bad in ("31.02.2021", "вчера", "2021/09/01"):
        with pytest.raises(SystemExit) as exit_info:
            main([*args, "--from", bad])
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert "Ошибка в командной строке" in err and "дд.мм.гггг" in err
    assert not (tmp_path / "x.pdf").exists()


def test_cli_report_on_a_municipal_or_empty_database_exits_1(tmp_path, capsys, on_backend):
    office = on_backend(tmp_path / "office")
    assert main(["--data-dir", str(office), "init", "--mode", "municipality", "--name", "Отдел"]) == 0
    capsys.readouterr()
    out = str(tmp_path / "x.pdf")
    assert main(["--data-dir", str(office), "report", "school-diary", "--out", out]) == 1
    assert "управления образования" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path / "none"), "report", "school-diary", "--out", out]) == 1
    assert "нет базы" in capsys.readouterr().err
    assert not (tmp_path / "none" / "dnevnik.db").exists()


def test_reporting_school_says_why_not(store):
    with pytest.raises(UserError, match="База пуста"):
        reporting_school(store)
