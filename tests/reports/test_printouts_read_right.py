"""#17 «every printout reads right», checked in the files themselves (pypdf / openpyxl): the
footer whole, the author, row heights Calc can show, the user's file permissions, the seeds'
words, one orientation, a summary without «чел..»."""

from __future__ import annotations

import os
import stat
import sys

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.demo.school import build_demo
from app.reports import CREATOR, ReportColumn, TableReport, write_report
from app.reports.catalog import ReportOptions, writer
from app.reports.table_xlsx import LINE_HEIGHT
from tests.helpers.programme_reports import pdf_pages, pdf_text

LONG_OWNER = (
    "Отдел образования администрации Котельниковского муниципального района Волгоградской области "
    "(муниципальное казённое учреждение)"
)


def _report(text: str = "коротко") -> TableReport:
    return TableReport(
        "Показатели программы района",
        [ReportColumn("Показатель", 1.0), ReportColumn("Значение", 1.0)],
        [["Доля обучающихся", text]],
        owner=LONG_OWNER,
    )


def test_a_long_footer_wraps_and_is_never_cut(tmp_path):
    write_report(_report(), "pdf", tmp_path / "r.pdf")
    last = pdf_pages(tmp_path / "r.pdf")[-1]
    assert "Волгоградской области (муниципальное казённое учреждение)" in last
    assert "…" not in last


def test_xlsx_names_the_program_and_stores_heights_for_wrapped_rows(tmp_path):
    long_text = "Повышение качества образования через работу в группах. " * 12 + "\nИтог: выполнено."
    write_report(_report(long_text), "xlsx", tmp_path / "r.xlsx")
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.properties.creator == CREATOR and book.properties.lastModifiedBy == CREATOR
    sheet = book.active
    row = next(c.row for line in sheet.iter_rows() for c in line if c.value == long_text)
    # Column B is about 60 characters wide: the text takes a dozen lines, Calc needs them stored.
    width = sheet.column_dimensions["B"].width
    assert sheet.row_dimensions[row].height >= LINE_HEIGHT * (len(long_text) / width)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_a_printout_gets_the_users_usual_permissions(tmp_path, fmt):
    mask = os.umask(0o022)
    os.umask(mask)
    path = write_report(_report(), fmt, tmp_path / f"r.{fmt}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


def test_the_plan_says_srok_ispolneniya_as_seed_002(tmp_path, store):
    build_demo(store)
    writer(store, "plan")("pdf", tmp_path / "plan.pdf")
    assert "Срок исполнения" in pdf_text(tmp_path / "plan.pdf")


def test_survey_is_landscape_and_its_summary_ends_without_a_stop(tmp_path, store):
    school = build_demo(store)
    summary = writer(store, "survey", ReportOptions(school_id=school.id))("pdf", tmp_path / "s.pdf")
    assert not summary.endswith(".")  # the command line adds «. Файл записан»
    for page in PdfReader(str(tmp_path / "s.pdf")).pages:
        assert page.mediabox.width > page.mediabox.height


def test_the_office_indicators_print_targets_beside_actual_values_with_the_gap(tmp_path, store):
    from app.demo.office import build_office_demo

    build_office_demo(store)
    writer(store, "indicators")("pdf", tmp_path / "i.pdf")
    text = pdf_text(tmp_path / "i.pdf")
    assert "цель 83,3" in text  # seed 003's target


def test_a_year_without_indicator_values_is_refused_not_printed_empty(tmp_path, store):
    from app.core.errors import UserError

    build_demo(store)
    with pytest.raises(UserError, match="За 2030/2031 учебный год значений показателей нет"):
        writer(store, "indicators", ReportOptions(academic_year="2030/2031"))("pdf", tmp_path / "i.pdf")
    assert not (tmp_path / "i.pdf").exists()


def test_district_indicators_name_units_and_leave_out_empty_indicators(tmp_path, store):
    """«Показатели школ района»: counts («чел.») never under «Показатель (%)»; an indicator no
    school has a value of is not printed as a block of «-»; years without values are refused."""
    from app.core.errors import UserError
    from app.demo.office import build_office_demo
    from app.reports.district import district_indicators_report

    build_office_demo(store)
    report = district_indicators_report(store)
    heading = report.columns[0].header
    labels = [report.rows[r][0] for r in sorted(report.group_rows)]
    assert "(%)" not in heading or all(not label.endswith("чел.") for label in labels)
    for row in sorted(report.group_rows):
        block = report.rows[row + 1 : row + 1 + 3]
        assert any(cell not in ("-", "") for line in block for cell in line[1:])
    writer(store, "district-indicators")("pdf", tmp_path / "d.pdf")
    assert "Показатели школ района" in pdf_text(tmp_path / "d.pdf")
    with pytest.raises(UserError, match="значений показателей у школ нет"):
        writer(store, "district-indicators", ReportOptions(years=(2031, 2032)))("pdf", tmp_path / "e.pdf")


def _dates_after(text: str, year: int, printed: str) -> list[str]:
    import re

    return [d for d in re.findall(r"\d\d\.\d\d\.(\d{4})", text.replace(printed, "")) if int(d) > year]


@pytest.mark.parametrize("kind", ["plan", "implementation", "support"])
def test_the_demo_printouts_hold_no_date_after_the_programmes_end(tmp_path, store, kind):
    """The demo keeps the seeds' years (#17): the office's 2021–2022 plan is never «до 31.05.2027»,
    the needs never due in 2026, and an ended programme's unfinished activities are not done."""
    from datetime import date

    from app.core.dates import format_day
    from app.demo.office import build_office_demo

    build_office_demo(store)
    writer(store, kind)("pdf", tmp_path / f"{kind}.pdf")
    text = pdf_text(tmp_path / f"{kind}.pdf")
    assert _dates_after(text, 2022, format_day(date.today())) == []
    if kind == "implementation":
        assert "просрочено — 0" not in text and "Срок программы (2021–2022 гг.) истёк" in text
        assert "не выполнено в срок программы — 0" not in text


def test_the_staff_analysis_without_a_year_counts_over_the_datas_last_academic_year(tmp_path, store):
    """The demo's records end in 2021/2022: КПК are counted over the three years up to
    31.08.2022, not the three before today (which held none: «охват 0%»)."""
    build_demo(store)
    writer(store, "staff")("pdf", tmp_path / "staff.pdf")
    text = pdf_text(tmp_path / "staff.pdf")
    assert "с 01.09.2019 по 31.08.2022" in text and "охват 0%" not in text


def test_the_school_diary_prints_notes_apart_and_forms_without_doubled_brackets(tmp_path, store):
    """«Дневник школы» (#17): the participants' note is not run on after the names as if another
    participant; no note repeating the linked activities; the form without «(… (дистанционно))»."""
    build_demo(store)
    writer(store, "school-diary")("pdf", tmp_path / "d.pdf")
    text = pdf_text(tmp_path / "d.pdf")
    assert "(дистанционно))" not in text and "Форма: Курс повышения квалификации (дистанционно)" in text
    assert "Примечание: Получили удостоверение 5 педагогов" in text
    assert "Обучение педагогов на курсе «Школа современного учителя»" not in text  # said by 1.1 already
    assert "1.1 Обучение педагогов на платформе Академии Минпросвещения России" in text


def test_the_plan_never_starts_with_one_row_at_the_foot_of_the_passport_page(store, tmp_path):
    """A table starts where a few of its rows fit; the school's plan under its long passport goes on
    to the next page instead of leaving «1.1» alone at the foot of the first."""
    build_demo(store)
    out = tmp_path / "plan.pdf"
    writer(store, "plan", ReportOptions())("pdf", out)
    first = " ".join((PdfReader(str(out)).pages[0].extract_text() or "").split())
    assert "Паспорт программы" in first
    started = "1.1 Обучение" in first
    assert not started or "1.3 " in first, first[-400:]
