"""Assessment results: range checks per metric, grade and level rules, seed 004 and seed 001 tables."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationError
from app.demo.school import build_demo
from app.programme.assessment_tables import class_table, dynamics_table
from app.programme.assessments import (
    ResultData,
    add_result,
    delete_result,
    list_results,
    normalize_subject,
    result_years,
    update_result,
    validate_result,
)
from app.school.installation import own_school


@pytest.fixture
def school_id(school_store) -> str:
    return own_school(school_store).id


def errors_of(**kwargs) -> dict[str, str]:
    data = ResultData(**({"year": 2021, "subject": "русский язык", "value": "3,5"} | kwargs))
    return validate_result(data)[1]


def test_range_checks_per_metric():
    assert errors_of() == {}
    assert errors_of(value="3,55") == {}
    assert errors_of(value="1,9")["value"] == "Средняя оценка — от 2 до 5 (например, 3,55)."
    assert errors_of(value="5,1")["value"].startswith("Средняя оценка — от 2 до 5")
    assert errors_of(value="хорошо")["value"] == "Значение: «хорошо» — не число."
    assert errors_of(value=None)["value"] == "Впишите значение."
    assert errors_of(metric="confirmed_pct", value="100,5")["value"] == "Подтвердили/улучшили — от 0 до 100."
    assert errors_of(metric="failed_pct", value="0") == {}
    assert errors_of(metric="students", value="12,5")["value"] == "Обучающихся — целое число, 0 или больше."
    assert errors_of(metric="participants", value="-1")["value"].startswith("Участников — целое число")
    assert (
        errors_of(assessment="ЕГЭ", metric="mean_score", value="101")["value"]
        == "Средний балл — от 0 до 100."
    )
    assert errors_of(assessment="ЕГЭ", metric="mean_score", value="67") == {}


def test_grade_only_for_vpr_and_level_only_for_ege_maths():
    assert errors_of(grade=5) == {}
    assert errors_of(grade=12)["grade"] == "Класс — от 1 до 11."
    assert errors_of(assessment="ОГЭ", grade=9)["grade"] == "Класс указывают только для ВПР."
    assert errors_of(level="базовая")["level"] == "Уровень указывают только для ЕГЭ по математике."
    ege_maths = {"assessment": "ЕГЭ", "subject": "математика"}
    assert "level" in errors_of(**ege_maths, metric="mean_score", value="50")
    assert errors_of(**ege_maths, level="профильная", metric="mean_score", value="50") == {}
    assert errors_of(**ege_maths, level="базовая", metric="mean_mark", value="3") == {}
    assert "metric" in errors_of(**ege_maths, level="базовая", metric="mean_score", value="50")
    assert "metric" in errors_of(metric="mean_score", value="50")  # ВПР is marked 2–5
    assert errors_of(subject="алхимия")["subject"].startswith("Предмета «алхимия» нет в списке")
    assert errors_of(year=1999)["year"].startswith("Год — от 2000")
    assert normalize_subject("Рус. яз") == "русский язык"
    assert normalize_subject("  Русский   Язык ") == "русский язык"


def test_results_crud_duplicates_and_counts(school_store, school_id):
    maths = add_result(
        school_store, school_id, ResultData(2021, "ВПР", "Математика", 5, None, "mean_mark", "3,56")
    )
    assert (maths.subject, maths.value, maths.value_text) == ("математика", 3.56, "3,56")
    with pytest.raises(ValidationError) as caught:
        add_result(school_store, school_id, ResultData(2021, "ВПР", "математика", 5, None, "mean_mark", "4"))
    assert "уже внесён" in caught.value.errors["metric"]

    add_result(school_store, school_id, ResultData(2021, "ВПР", "математика", 5, None, "students", "20"))
    with pytest.raises(ValidationError) as caught:
        add_result(
            school_store, school_id, ResultData(2021, "ВПР", "математика", 5, None, "participants", "21")
        )
    assert caught.value.errors["value"].startswith("Участников (21) больше, чем обучающихся (20)")
    add_result(school_store, school_id, ResultData(2021, "ВПР", "математика", 5, None, "participants", "18"))

    changed = update_result(
        school_store, maths.id, ResultData(2021, "ВПР", "математика", 5, None, "mean_mark", "3,7")
    )
    assert changed.value == 3.7
    delete_result(school_store, maths.id)
    assert [r.metric for r in list_results(school_store, school_id)] == ["students", "participants"]
    # The same key again after a removal: the removed row comes back with the new value.
    again = add_result(
        school_store, school_id, ResultData(2021, "ВПР", "математика", 5, None, "mean_mark", "4")
    )
    assert again.id == maths.id and again.value == 4.0
    assert result_years(school_store, school_id) == [2021]
    assert list_results(school_store, school_id, assessment="ОГЭ") == []


def test_dynamics_table_has_seed_004s_shape_for_the_demo(store):
    build_demo(store)
    school = own_school(store)
    vpr = dynamics_table(store, "ВПР", [school.id])
    assert vpr.title == "Динамика результатов ВПР"
    assert vpr.header_rows() == [
        ["Наименование ОО", "Результаты ВПР (средняя оценка по предмету школы)", "", "", "", "", ""],
        ["", "2019 год", "", "2020 год", "", "2021 год", ""],
        ["", "Рус. яз", "Матем.", "Рус. яз", "Матем.", "Рус. яз", "Матем."],
    ]
    assert vpr.rows == [("МКОУ Нагольненская СШ", ["3,16", "3,57", "3,55", "3,53", "4,0", "3,54"])]
    assert dynamics_table(store, "ОГЭ", [school.id]).rows[0][1] == ["3,4", "4,2", "-", "-", "3,38", "3,75"]
    ege = dynamics_table(store, "ЕГЭ", [school.id])
    assert ege.subjects == ["Рус. яз", "Матем. (баз./проф.)"]
    assert ege.rows[0][1] == ["49", "3/50", "-", "-", "67", "45"]


def test_class_table_has_seed_001s_columns(school_store, school_id):
    for metric, value in (
        ("students", "363"),
        ("participants", "327"),
        ("confirmed_pct", "79,81"),
        ("lowered_pct", "20,18"),
        ("failed_pct", "5,2"),
    ):
        add_result(school_store, school_id, ResultData(2020, "ВПР", "математика", 5, None, metric, value))
    assert class_table(school_store, school_id, 2020) == [
        ["5", "математика", "363", "327", "90", "79,81", "20,18", "5,2"]
    ]
