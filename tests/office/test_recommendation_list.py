"""The district's list of recommendations (open, overdue, done; evidence): `report recommendations`
as PDF and XLSX through the catalogue, and `recommendations [--school] [--status] [--json]`."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.cli.main import main
from app.office.recommendation_answers import AnswerData, save_answer
from app.office.recommendations import RecommendationData, add_recommendation
from app.sync.exchange import import_packages, write_feedback
from db.models import TeacherDiaryEntry
from tests.helpers.desk import DEMO_CODE, demo_pair
from tests.helpers.report_files import write_kind

TODAY = date.today()


@pytest.fixture
def district(tmp_path):
    """The demo office with the demo school: one recommendation done with a diary entry, one overdue."""
    pair = demo_pair(tmp_path)
    done = add_recommendation(
        pair.office,
        pair.office_school_id,
        RecommendationData(
            "Наставничество", "Закрепить наставников.", date(2021, 5, 18), date(2021, 9, 1), "Приказ"
        ),
    )
    late = add_recommendation(
        pair.office,
        pair.office_school_id,
        RecommendationData(
            "Взаимопосещение уроков", "Раз в четверть.", date(2021, 5, 18), TODAY - timedelta(days=1)
        ),
    )
    path = write_feedback(pair.office, DEMO_CODE, pair.outbox)
    assert [r.status for r in import_packages(pair.school, [path], accept_new_key=True)] == ["imported"]
    with pair.school.session() as s:
        entry = s.scalars(select(TeacherDiaryEntry.id).order_by(TeacherDiaryEntry.entry_date)).first()
    save_answer(
        pair.school, done.id, AnswerData("done", "Приказ №12", date(2021, 6, 1), [f"teacher_diary:{entry}"])
    )
    pair.send()
    yield pair, done.id, late.id
    pair.close()


def _cli(capsys, pair, *argv) -> tuple[int, str]:
    code = main(["--data-dir", str(pair.office.data_dir), *argv])
    return code, capsys.readouterr().out


def test_the_command_lists_filters_and_prints_json(district, capsys):
    pair, done_id, late_id = district
    code, out = _cli(capsys, pair, "recommendations", "--json")
    assert code == 0
    listed = {r["id"]: r for r in json.loads(out)}
    assert set(listed) >= {done_id, late_id}
    done = listed[done_id]
    assert (done["school_code"], done["status"], done["due_date"], done["activity_hint"]) == (
        DEMO_CODE,
        "done",
        "2021-09-01",
        "Приказ",
    )
    assert done["evidence"][0]["table"] == "teacher_diary" and not done["overdue"]
    assert listed[late_id]["status"] is None and listed[late_id]["overdue"]

    code, out = _cli(capsys, pair, "recommendations", "--school", DEMO_CODE, "--status", "overdue", "--json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == [late_id]
    code, out = _cli(capsys, pair, "recommendations", "--status", "done,declined")
    assert code == 0 and "Наставничество" in out and "Взаимопосещение" not in out
    assert "подтверждение: Дневник педагога" in out and "выполнено: 1" in out

    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir", str(pair.office.data_dir), "recommendations", "--status", "late"])
    assert stopped.value.code == 2 and "неизвестный отбор «late»" in capsys.readouterr().err
    code, out = _cli(capsys, pair, "recommendations", "--school", "9999", "--json")
    assert code == 1 and "Школы с кодом 9999 нет" in json.loads(out)["reason"]


def test_a_school_database_is_refused(district, capsys):
    pair, _done, _late = district
    code = main(["--data-dir", str(pair.school.data_dir), "recommendations"])
    assert code == 1 and "управление образования" in capsys.readouterr().err


def test_the_list_prints_as_pdf_and_xlsx(district, tmp_path, capsys):
    pair, _done, _late = district
    pdf = write_kind(pair.office, "recommendations", "pdf", tmp_path / "list.pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "Адресные рекомендации школам: исполнение" in text
    assert "просрочено: 1" in text and "выполнено: 1" in text
    assert "Дневник педагога" in text and "— просрочено" in text
    xlsx = write_kind(pair.office, "recommendations", "xlsx", tmp_path / "list.xlsx", schools=(DEMO_CODE,))
    cells = [
        str(c.value)
        for ws in load_workbook(xlsx).worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value
    ]
    assert any("Нагольненская" in c for c in cells) and any(
        c.startswith("выполнена 01.06.2021") for c in cells
    )

    code = main(
        [
            "--data-dir",
            str(pair.office.data_dir),
            "report",
            "recommendations",
            "--out",
            str(tmp_path / "c.pdf"),
        ]
    )
    assert code == 0 and (tmp_path / "c.pdf").stat().st_size > 0
    assert "Адресные рекомендации школам" in capsys.readouterr().out
