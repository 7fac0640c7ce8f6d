"""`news --since ДАТА [--json]`: the office's news of every school on the command line."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from app.cli.main import main
from app.core.store import Store
from app.demo.school import build_demo
from tests.helpers.district_data import KRASNOYARSK, SCHOOLS
from tests.helpers.district_news import ENTRY_METHODS, SILENT_SCHOOL, build_week


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("cli-news")
    build_week(root).close()
    return str(root / "office")


def test_news_since_a_day_in_words_and_in_json(capsys, office):
    today = date.today()
    assert main(["--data-dir", office, "news", "--since", today.strftime("%d.%m.%Y")]) == 0
    out = capsys.readouterr().out
    # Today: the first packages came today too, so each school's first package is news.
    assert f"Новое с {today.strftime('%d.%m.%Y')}:" in out and "принят первый пакет школы" in out
    assert SILENT_SCHOOL in out and "молчит > 30 дн." in out

    week_ago = (today - timedelta(days=7)).isoformat()
    assert main(["--data-dir", office, "news", "--since", week_ago, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["since"].startswith(week_ago)
    by_name = {school["name"]: school for school in found["schools"]}
    kras = by_name[SCHOOLS[KRASNOYARSK]]
    assert kras["code"] == KRASNOYARSK
    sections = {line["section"] for line in kras["lines"]}
    assert {"packages", "comments"} <= sections
    comment = next(line for line in kras["lines"] if line["section"] == "comments")
    assert comment["record"]["kind"] == "teacher_diary" and comment["what"] == "не отправлен"
    assert ENTRY_METHODS not in json.dumps(found, ensure_ascii=False)  # a first package is one line


def test_news_refusals(capsys, office, tmp_path):
    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir", office, "news", "--since", "31.02.2024"])
    assert stopped.value.code == 2
    assert "такой даты нет" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir", office, "news"])
    assert stopped.value.code == 2

    school = Store.open(tmp_path / "school")
    build_demo(school)
    school.close()
    assert main(["--data-dir", str(tmp_path / "school"), "news", "--since", "01.10.2024"]) == 1
    assert "для базы управления образования" in capsys.readouterr().err
