"""The demo school (seed 004) and the built-in questionnaire «Есть ли изменения?»."""

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

import db.models  # noqa: F401  (registers every table)
from app.core.errors import UserError
from app.demo.school import build_demo
from app.school.installation import init_school
from app.surveys.builtin_templates import (
    TemplateError,
    builtin_template_id,
    ensure_builtin_templates,
    load_builtin_templates,
)
from db.base import Base
from db.models import (
    CuratorComment,
    ExamResult,
    Installation,
    PlanActivity,
    School,
    Staff,
    SupportNeed,
    SurveyResponse,
    SurveyRound,
    SurveyTemplate,
)


def row_counts(store) -> dict[str, int]:
    with store.session() as s:
        return {
            table.name: s.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def exam_value(store, year, assessment, subject, metric, level=None):
    with store.session() as s:
        rows = s.scalars(
            select(ExamResult).where(
                ExamResult.year == year,
                ExamResult.assessment == assessment,
                ExamResult.subject == subject,
                ExamResult.metric == metric,
                ExamResult.level.is_(None) if level is None else ExamResult.level == level,
            )
        ).all()
        return [r.value for r in rows]


def test_demo_fills_every_table_but_package_log(store):
    school = build_demo(store)
    counts = row_counts(store)
    assert counts.pop("package_log") == 0
    assert counts.pop("status_decisions") == 0  # the office's own
    # A school answers only what its office gave it (an office refuses answers to recommendations it
    # never gave), so the demo, imported by many offices in the tests, has no answer to give.
    answers = ("recommendation_responses", "plan_activity_recommendations", "event_recommendations")
    answers += ("teacher_diary_recommendations", "director_diary_recommendations")
    assert [counts.pop(name) for name in answers] == [0] * len(answers)
    empty = sorted(name for name, n in counts.items() if n == 0)
    assert empty == []
    with store.session() as s:
        inst = s.scalars(select(Installation)).one()
        assert inst.mode == "school" and inst.school_id == school.id
        card = s.get(School, school.id)
        assert card.name == "МКОУ Нагольненская СШ" and card.is_shnor
        assert card.municipality_id is not None
        assert s.scalars(select(Staff).where(Staff.active.is_(False))).first() is not None


def test_demo_exam_results_match_seed_004(store):
    build_demo(store)
    assert exam_value(store, 2019, "ВПР", "русский язык", "mean_mark") == [3.16]
    assert exam_value(store, 2020, "ВПР", "математика", "mean_mark") == [3.53]
    assert exam_value(store, 2021, "ВПР", "русский язык", "mean_mark") == [4.0]
    assert exam_value(store, 2021, "ВПР", "математика", "mean_mark") == [3.54]
    assert exam_value(store, 2019, "ОГЭ", "математика", "mean_mark") == [4.2]
    assert exam_value(store, 2021, "ОГЭ", "русский язык", "mean_mark") == [3.38]
    assert exam_value(store, 2019, "ЕГЭ", "русский язык", "mean_score") == [49]
    assert exam_value(store, 2019, "ЕГЭ", "математика", "mean_mark", "базовая") == [3]
    assert exam_value(store, 2019, "ЕГЭ", "математика", "mean_score", "профильная") == [50]
    assert exam_value(store, 2021, "ЕГЭ", "математика", "mean_score", "профильная") == [45]
    assert exam_value(store, 2021, "ГВЭ", "русский язык", "mean_mark") == [3]
    with store.session() as s:
        # «-» for ОГЭ 2020 and no ЕГЭ participants in 2020: nothing stored.
        assert (
            s.scalars(select(ExamResult).where(ExamResult.year == 2020, ExamResult.assessment != "ВПР")).all()
            == []
        )
        assert s.scalars(select(ExamResult).where(ExamResult.grade.is_not(None))).all() == []


def test_demo_refuses_an_initialized_store_and_changes_nothing(store):
    init_school(store, code="1234", name="МКОУ Другая СШ", municipality="Другой район")
    before = row_counts(store)
    with pytest.raises(UserError) as caught:
        build_demo(store)
    assert "МКОУ Другая СШ" in caught.value.message
    assert "другую папку" in caught.value.message
    assert row_counts(store) == before


def test_demo_twice_is_refused(store):
    build_demo(store)
    before = row_counts(store)
    with pytest.raises(UserError):
        build_demo(store)
    assert row_counts(store) == before


def test_builtin_template_est_li_izmeneniya():
    templates = {t["code"]: t for t in load_builtin_templates()}
    tpl = templates["est-li-izmeneniya"]
    assert tpl["title"] == "Есть ли изменения?"
    assert tpl["intro"].startswith("Уважаемые коллеги!")
    assert tpl["scale"] == ["Изменений нет", "Незначительные изменения", "Заметные изменения"]
    assert [len(s["items"]) for s in tpl["sections"]] == [5, 5, 5, 5]
    texts = [item["text"] for s in tpl["sections"] for item in s["items"]]
    assert "Я следую тем решениям, которые были согласованы с коллегами" in texts
    assert not any("слеую" in t for t in texts)
    ids = [item["id"] for s in tpl["sections"] for item in s["items"]]
    assert ids[0] == "1.1" and ids[-1] == "4.5" and len(set(ids)) == 20


def test_ensure_builtin_templates_is_idempotent_with_a_stable_id(store):
    with store.session() as s:
        ensure_builtin_templates(s)
        ensure_builtin_templates(s)
    with store.session() as s:
        rows = s.scalars(select(SurveyTemplate)).all()
    assert len(rows) == 1
    assert rows[0].builtin and rows[0].id == builtin_template_id("est-li-izmeneniya", 1)
    assert rows[0].id == str(uuid.uuid5(uuid.NAMESPACE_URL, "dnevnik-shkoly/template/est-li-izmeneniya/1"))


def test_broken_template_file_is_reported_in_russian(tmp_path):
    (tmp_path / "bad.json").write_text('{"code": "x", "version": 1, "title": "", "sections": []}', "utf-8")
    with pytest.raises(TemplateError) as caught:
        load_builtin_templates(tmp_path)
    assert "bad.json" in caught.value.message and "повреждена" in caught.value.message


def test_demo_round_totals_equal_the_sum_of_its_sheets(store):
    build_demo(store)
    with store.session() as s:
        assert [r.title for r in s.scalars(select(SurveyRound).order_by(SurveyRound.held_on))] == [
            "Май 2020",
            "Май 2021",
        ]
        survey = s.scalars(select(SurveyRound).where(SurveyRound.title == "Май 2021")).one()
        sheets = s.scalars(select(SurveyResponse).where(SurveyResponse.round_id == survey.id)).all()
        template = s.get(SurveyTemplate, survey.template_id)
    assert survey.title == "Май 2021" and survey.closed and survey.source == "sheets"
    assert survey.held_on == date(2021, 5, 20)
    assert survey.respondents == len(sheets) == 9
    item_ids = [item["id"] for sec in template.sections for item in sec["items"]]
    assert sorted(survey.counts) == sorted(item_ids)
    for item_id in item_ids:
        expected = [0, 0, 0]
        for sheet in sheets:
            if sheet.answers[item_id] is not None:
                expected[sheet.answers[item_id]] += 1
        assert survey.counts[item_id] == expected


def test_demo_is_deterministic_apart_from_ids(tmp_path):
    from app.core.store import Store

    answers = []
    for name in ("a", "b"):
        st = Store.open(tmp_path / name)
        try:
            build_demo(st)
            with st.session() as s:
                rounds = s.scalars(select(SurveyRound).order_by(SurveyRound.held_on)).all()
                answers.append([r.counts for r in rounds])
        finally:
            st.close()
    assert answers[0] == answers[1]


def test_nothing_in_the_demo_is_moved_by_todays_date(store):
    """The demo keeps the seeds' years (#17): a yearly activity is due in the programme's last
    year, not in a year after it; needs and curator comments lie within the data's years."""
    build_demo(store)
    with store.session() as s:
        survey_task = s.scalars(select(PlanActivity).where(PlanActivity.number == "5.1")).one()
        dues = [d for d in s.scalars(select(PlanActivity.due_date)) if d is not None]
        needs = [d for d in s.scalars(select(SupportNeed.due_date)) if d is not None]
        comments = list(s.scalars(select(CuratorComment.created_at)))
    assert survey_task.due_date == date(2022, 5, 31)
    assert dues and needs and comments
    assert max(dues + needs) <= date(2022, 12, 31)
    assert all(2020 <= written.year <= 2022 for written in comments)
