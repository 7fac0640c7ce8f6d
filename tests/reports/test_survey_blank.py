"""#17 item 4: the blank questionnaire of every template — statements, answer columns numbered as
the sheet entry types them, the round's title and date, no names — to print and hand out."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app.core.errors import UserError
from app.demo.school import build_demo
from app.reports.catalog import ReportOptions, writer
from app.surveys.survey_templates import list_templates
from app.surveys.surveys import latest_round
from tests.helpers.programme_reports import pdf_text


def test_a_rounds_blank_holds_its_statements_answers_title_and_date(tmp_path, store):
    school = build_demo(store)
    info = latest_round(store, school.id)
    summary = writer(store, "survey-blank", ReportOptions(round=info.title))("pdf", tmp_path / "b.pdf")
    text = pdf_text(tmp_path / "b.pdf")
    assert "Анкета «Есть ли изменения?»" in text
    assert f"Тур «{info.title}»" in text and info.held_on.strftime("%d.%m.%Y") in text
    assert "1 — Изменений нет" in text and "3 — Заметные изменения" in text
    assert "Учителя наблюдают и обсуждают преподавание друг с другом" in text
    assert "Доверие и сотрудничество" in text and "анонимная" in text
    assert "ответили" not in text  # a blank, not the round's results
    assert summary.startswith("«Бланк анкеты»") and not summary.endswith(".")


def test_a_templates_blank_without_a_round_leaves_the_round_to_write_in(tmp_path, store):
    build_demo(store)
    template = next(t for t in list_templates(store) if t.title == "Есть ли изменения?")
    writer(store, "survey-blank", ReportOptions(template="есть ли изменения?"))("xlsx", tmp_path / "b.xlsx")
    cells = [c.value for row in load_workbook(tmp_path / "b.xlsx").active.iter_rows() for c in row]
    text = " ".join(str(v) for v in cells if v)
    assert "Тур: ____" in text and "дата проведения: ___" in text
    assert all(item.text in text for section in template.sections for item in section.items)


def test_a_blank_without_rounds_or_template_is_refused_in_russian(tmp_path, school_store):
    with pytest.raises(UserError, match="Туров анкетирования в базе нет: укажите шаблон"):
        writer(school_store, "survey-blank")("pdf", tmp_path / "b.pdf")
    with pytest.raises(UserError, match="Шаблона анкеты «нет такой» нет. Есть шаблоны: «"):
        writer(school_store, "survey-blank", ReportOptions(template="нет такой"))("pdf", tmp_path / "b.pdf")
    assert not (tmp_path / "b.pdf").exists()
