"""`report survey`: the PDF holds every statement with page numbers, the XLSX re-opens with the
same numbers, the command line finds rounds by title, small rounds print totals only."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli.main import main
from app.core.store import Store
from app.demo.school import build_demo
from app.reports.survey import write_survey_report
from app.reports.survey_common import build_survey_report
from app.school.installation import own_school
from app.surveys.survey_results import round_results
from app.surveys.survey_sheets import add_sheet
from app.surveys.survey_templates import TemplateData, TemplateItem, TemplateSection, create_template
from app.surveys.surveys import RoundData, create_round, list_rounds

pytestmark = pytest.mark.both_backends

MARKUP = "<b>не жирный</b> & 5 < 6"


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def demo(tmp_path, on_backend) -> Store:
    store = Store.open(on_backend(tmp_path / "demo"))
    build_demo(store)
    yield store
    store.close()


def rounds_by_title(store: Store) -> dict:
    return {r.title: r for r in list_rounds(store, own_school(store).id)}


def test_pdf_holds_every_statement_page_numbers_and_the_comparison(demo, tmp_path):
    rounds = rounds_by_title(demo)
    report = build_survey_report(
        demo, rounds["Май 2021"].id, rounds["Май 2020"].id, printed_on=date(2021, 6, 1)
    )
    path = write_survey_report(report, "pdf", tmp_path / "анкета.pdf")
    pages = pdf_text(path)
    text = flat(" ".join(pages))
    statements = [i.text for s in report.results.template.sections for i in s.items]
    assert len(statements) == 20
    for statement in statements:
        assert text.count(flat(statement)) >= 2, statement  # in the results and in the comparison
    for number, page in enumerate(pages, 1):
        assert f"Стр. {number} из {len(pages)}" in page and "МКОУ Нагольненская СШ" in page
        assert "Напечатано 01.06.2021" in page
    assert "Анкета «Есть ли изменения?»: тур «Май 2021»" in text
    assert "Сравнение туров: «Май 2020» → «Май 2021»" in text
    assert "Доверие и сотрудничество" in text and "Индекс раздела: 1,43 из 2" in text


def test_xlsx_reopens_with_the_same_numbers(demo, tmp_path):
    rounds = rounds_by_title(demo)
    report = build_survey_report(demo, rounds["Май 2021"].id, rounds["Май 2020"].id)
    path = write_survey_report(report, "xlsx", tmp_path / "анкета.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Итоги", "Сравнение"]
    sheet = book["Итоги"]
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True) if row[1] and "." in str(row[1])}
    results = round_results(demo, rounds["Май 2021"].id)
    for section in results.sections:
        for item in section.items:
            row = rows[item.number]
            assert row[2] == item.text
            assert list(row[3:6]) == item.tally.counts
            assert list(row[6:9]) == pytest.approx(item.tally.shares)
            assert row[9] == item.tally.answered and row[10] == item.no_answer
            assert row[11] == pytest.approx(item.tally.mean)
    compare = {row[1]: row for row in book["Сравнение"].iter_rows(values_only=True) if row[1]}
    assert compare["1"][2] == "Весь раздел" and compare["1"][5] == pytest.approx(
        results.sections[0].tally.mean - round_results(demo, rounds["Май 2020"].id).sections[0].tally.mean
    )


def test_small_round_prints_totals_only_and_user_text_is_not_markup(school_store, tmp_path):
    school_id = own_school(school_store).id
    template = create_template(
        school_store,
        TemplateData(
            title=MARKUP,
            scale=["нет", "да"],
            sections=[TemplateSection("Раздел", [TemplateItem("", "Секретное утверждение")])],
        ),
    )
    info = create_round(school_store, school_id, RoundData(template.id, "Тур & <i>", date(2024, 5, 1)))
    add_sheet(school_store, info.id, {"1.1": 1})
    add_sheet(school_store, info.id, {"1.1": 0})
    path = write_survey_report(build_survey_report(school_store, info.id), "pdf", tmp_path / "small.pdf")
    text = flat(" ".join(pdf_text(path)))
    assert f"Анкета «{MARKUP}»: тур «Тур & <i>»" in text
    assert "меньше 3" in text and "Вся анкета" in text
    assert "Секретное утверждение" not in text
    xlsx = write_survey_report(build_survey_report(school_store, info.id), "xlsx", tmp_path / "small.xlsx")
    values = [v for row in load_workbook(xlsx)["Итоги"].iter_rows(values_only=True) for v in row if v]
    assert "Секретное утверждение" not in values


def test_command_line(demo, tmp_path, capsys):
    folder = str(demo.data_dir)
    demo.close()
    out = tmp_path / "latest.pdf"
    assert main(["--data-dir", folder, "report", "survey", "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["report"] == "survey" and "тур «Май 2021»" in result["summary"]
    assert out.read_bytes().startswith(b"%PDF")
    out = tmp_path / "сравнение.xlsx"
    code = main(
        [
            "--data-dir",
            folder,
            "report",
            "survey",
            "--round",
            "май 2020",
            "--compare",
            "Май 2021",
            "--out",
            str(out),
        ]
    )
    assert code == 0 and "сравнение с туром «Май 2021»" in capsys.readouterr().out
    assert load_workbook(out).sheetnames == ["Итоги", "Сравнение"]
    assert main(["--data-dir", folder, "report", "survey", "--round", "Ноябрь", "--out", str(out)]) == 1
    assert "Тура «Ноябрь» нет. Есть туры: «Май 2021», «Май 2020»" in capsys.readouterr().err


def test_command_line_without_rounds_or_school(tmp_path, capsys, on_backend):
    school = str(on_backend(tmp_path / "school"))
    main(["--data-dir", school, "init", "--mode", "school", "--code", "1", "--name", "МКОУ Тест"])
    assert main(["--data-dir", school, "report", "survey", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "нет ни одного тура" in capsys.readouterr().err
    office = str(on_backend(tmp_path / "office"))
    main(["--data-dir", office, "init", "--mode", "municipality", "--name", "Отдел образования"])
    assert main(["--data-dir", office, "report", "survey", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "базе школы" in capsys.readouterr().err
