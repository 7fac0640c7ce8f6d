"""Recommendations that come back (spec «Recommendations answered»): sent with a due date and what
the office expects, answered at the school with a linked diary entry, seen back at the office with
its status and evidence; older packages without the new fields still import; hostile answers are
refused in Russian with the office's database unchanged. On SQLite and PostgreSQL (the office)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.errors import UserError, ValidationError
from app.core.store import Store
from app.demo.school import build_demo
from app.office.recommendation_answers import (
    AnswerData,
    answer_choices,
    district_states,
    recommendation_states,
    save_answer,
)
from app.office.recommendations import RecommendationData, add_recommendation
from app.school.installation import init_municipality
from app.sync.exchange import export_snapshot, import_packages, write_feedback
from app.sync.feedback import build_feedback, validate_feedback
from app.sync.snapshot import build_snapshot, validate_snapshot
from db.models import Recommendation, TeacherDiaryEntry
from tests.helpers.desk import DEMO_CODE, Pair, backdate
from tests.helpers.sync_data import OFFICE_NAME, dump, school_id_by_code

pytestmark = pytest.mark.both_backends

TODAY = date.today()
ISSUED = date(2021, 5, 18)
DUE = date(2021, 9, 1)
ASKED = RecommendationData(
    title="Наставничество",
    text="Закрепить за молодыми учителями наставников.",
    issued_on=ISSUED,
    due_date=DUE,
    activity_hint="План встреч наставников и запись в дневнике педагога о первом занятии.",
)


def _pair(tmp_path: Path, on_backend) -> Pair:
    """The demo school (SQLite, backdated a day) and an office on the backend under test."""
    school = Store.open(tmp_path / "school")
    build_demo(school)
    backdate(school)
    office = Store.open(on_backend(tmp_path / "office"))
    init_municipality(office, OFFICE_NAME)
    outbox = tmp_path / "stick"
    outbox.mkdir()
    pair = Pair(school, office, "", outbox)
    pair.send()
    pair.office_school_id = school_id_by_code(office, DEMO_CODE)
    return pair


@pytest.fixture
def pair(tmp_path, on_backend):
    made = _pair(tmp_path, on_backend)
    yield made
    made.close()


def _feedback_to_school(pair: Pair) -> None:
    path = write_feedback(pair.office, DEMO_CODE, pair.outbox)
    results = import_packages(pair.school, [path], accept_new_key=True)
    assert [r.status for r in results] == ["imported"], [r.reason for r in results]


def _asked(pair: Pair) -> str:
    recommendation = add_recommendation(pair.office, pair.office_school_id, ASKED)
    _feedback_to_school(pair)
    return recommendation.id


def _entry_id(store: Store) -> str:
    with store.session() as s:
        return s.scalars(select(TeacherDiaryEntry.id).order_by(TeacherDiaryEntry.entry_date)).first()


def test_sent_answered_with_a_diary_entry_and_seen_back_at_the_office(pair):
    recommendation_id = add_recommendation(pair.office, pair.office_school_id, ASKED).id
    data = build_feedback(pair.office, pair.office_school_id)
    sent = next(r for r in data["recommendations"] if r["id"] == recommendation_id)
    assert sent["due_date"] == "2021-09-01" and sent["activity_hint"] == ASKED.activity_hint
    _feedback_to_school(pair)

    school_id = pair.school.installation().school_id
    at_school = next(r for r in recommendation_states(pair.school, school_id) if r.id == recommendation_id)
    assert (at_school.due_date, at_school.activity_hint) == (DUE, ASKED.activity_hint)
    assert at_school.status is None and at_school.status_label == "нет ответа"
    assert at_school.overdue(date(2021, 9, 2)) and not at_school.overdue(date(2021, 8, 31))

    entry = _entry_id(pair.school)
    assert f"teacher_diary:{entry}" in {c.id for c in answer_choices(pair.school, school_id)}
    answer = AnswerData(
        "done", "Наставники закреплены приказом.", date(2021, 6, 1), [f"teacher_diary:{entry}"]
    )
    answered = save_answer(pair.school, recommendation_id, answer)
    assert answered.status_label == "выполнена" and [e.id for e in answered.evidence] == [entry]

    snapshot = build_snapshot(pair.school, school_id)
    assert snapshot["recommendation_responses"][0]["recommendation_id"] == recommendation_id
    assert snapshot["recommendation_responses"][0]["status"] == "done"
    linked = [r for r in snapshot["teacher_diary"] if r["recommendation_ids"]]
    assert [(r["id"], r["recommendation_ids"]) for r in linked] == [(entry, [recommendation_id])]
    assert all(r["recommendation_ids"] == [] for r in snapshot["events"])

    pair.send()
    seen = next(
        r for r in recommendation_states(pair.office, pair.office_school_id) if r.id == recommendation_id
    )
    assert (seen.status, seen.note, seen.answered_on) == ("done", answer.note, answer.answered_on)
    assert [(e.table, e.id) for e in seen.evidence] == [("teacher_diary", entry)]
    assert seen.evidence[0].label.startswith("Дневник педагога, ")
    assert not seen.overdue(date(2030, 1, 1))
    rows = district_states(pair.office, wanted=["done"])
    assert [(r.school_code, r.state.id) for r in rows] == [(DEMO_CODE, recommendation_id)]
    assert district_states(pair.office, wanted=["overdue"], today=date(2030, 1, 1)) == []

    # The school takes the link back and says «в работе»: the office sees it with the next package.
    save_answer(pair.school, recommendation_id, AnswerData("in_progress", "", date(2021, 6, 2), []))
    pair.send()
    seen = next(
        r for r in recommendation_states(pair.office, pair.office_school_id) if r.id == recommendation_id
    )
    assert seen.status == "in_progress" and seen.evidence == ()
    assert seen.overdue(date(2021, 9, 2))
    overdue = district_states(pair.office, DEMO_CODE, ["overdue"], today=date(2021, 9, 2))
    assert [r.state.id for r in overdue] == [recommendation_id]


def test_the_answer_is_checked_and_given_only_at_the_school(pair):
    recommendation_id = _asked(pair)
    with pytest.raises(ValidationError) as refused:
        save_answer(pair.school, recommendation_id, AnswerData("declined", "  ", date(2021, 6, 1)))
    assert "почему школа отклоняет" in refused.value.errors["note"]
    with pytest.raises(ValidationError) as refused:
        save_answer(pair.school, recommendation_id, AnswerData(None, "", date(2021, 5, 1)))
    assert set(refused.value.errors) == {"status", "answered_on"}
    assert "раньше даты рекомендации (18.05.2021)" in refused.value.errors["answered_on"]
    with pytest.raises(UserError, match="удалена или не относится"):
        save_answer(pair.school, recommendation_id, AnswerData("done", "", date(2021, 6, 1), ["events:нет"]))
    with pytest.raises(UserError, match="отвечает школа"):
        save_answer(pair.office, recommendation_id, AnswerData("done", "", date(2021, 6, 1)))
    school_id = pair.school.installation().school_id
    assert recommendation_states(pair.school, school_id)[0].status is None


def test_older_packages_without_the_new_fields_still_import(pair):
    recommendation_id = _asked(pair)
    school_id = pair.school.installation().school_id
    save_answer(pair.school, recommendation_id, AnswerData("accepted", "", date(2021, 6, 1)))

    snapshot = json.loads(json.dumps(build_snapshot(pair.school, school_id), ensure_ascii=False))
    del snapshot["recommendation_responses"]
    for key in ("plan_activities", "events", "teacher_diary", "director_diary"):
        for record in snapshot[key]:
            del record["recommendation_ids"]
    assert validate_snapshot(snapshot) == []
    assert snapshot["recommendation_responses"] == [] and snapshot["events"][0]["recommendation_ids"] == []

    feedback = json.loads(json.dumps(build_feedback(pair.office, pair.office_school_id), ensure_ascii=False))
    for record in feedback["recommendations"]:
        del record["due_date"], record["activity_hint"]
    assert validate_feedback(feedback) == []
    from app.sync.feedback import apply_feedback

    with pair.school.session() as s:
        apply_feedback(s, feedback, None)
    with pair.school.session() as s:
        held = s.get(Recommendation, recommendation_id)
        assert (held.due_date, held.activity_hint) == (None, "")


def _snapshot_file(pair: Pair, change, monkeypatch) -> Path:
    """The school's next package, its data.json changed by `change` before it is signed."""
    from app.sync import snapshot

    original = snapshot.build_snapshot

    def changed(store, school_id):
        data = original(store, school_id)
        change(data)
        return data

    with monkeypatch.context() as patch:
        patch.setattr(snapshot, "build_snapshot", changed)
        return export_snapshot(pair.school, pair.outbox).path


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            lambda d: d["recommendation_responses"][0].update(status="forgotten"),
            "недопустимое значение «forgotten»",
        ),
        (
            lambda d: d["recommendation_responses"][0].update(
                recommendation_id="0" * 8 + "-0000-4000-8000-" + "0" * 12
            ),
            "которой управление этой школе не давало",
        ),
        (
            lambda d: d["teacher_diary"][0].update(
                recommendation_ids=["1" * 8 + "-1111-4111-8111-" + "1" * 12]
            ),
            "которой управление этой школе не давало",
        ),
        (lambda d: d["events"][0].update(recommendation_ids="все"), "списком идентификаторов"),
        (lambda d: d["recommendation_responses"][0].update(answered_on=None), "не может быть пустым"),
    ],
)
def test_hostile_answers_are_refused_in_russian_and_change_nothing(pair, change, words, monkeypatch):
    recommendation_id = _asked(pair)
    save_answer(pair.school, recommendation_id, AnswerData("accepted", "", date(2021, 6, 1)))
    before = dump(pair.office)
    path = _snapshot_file(pair, change, monkeypatch)
    result = import_packages(pair.office, [path])[0]
    assert result.status == "refused" and words in result.reason, result.reason
    assert dump(pair.office) == before


def test_answers_and_overdue_reach_the_news_and_the_registry(pair):
    """An answer that arrived and a recommendation gone overdue are lines of «Новое во всех
    школах»; an overdue one makes the school need attention in the registry."""
    from app.office.news import news
    from app.office.registry import list_registry

    before = datetime(2020, 1, 1, tzinfo=UTC)
    recommendation_id = _asked(pair)
    save_answer(pair.school, recommendation_id, AnswerData("in_progress", "Начали", date(2021, 6, 1), []))
    pair.send()
    found = news(pair.office, before, today=date(2021, 9, 2))
    lines = [(n.what, n.record_id) for n in found.lines if n.section == "recommendations"]
    assert ("ответ: в работе", recommendation_id) in lines
    assert ("просрочена", recommendation_id) in lines
    [row] = list_registry(pair.office, today=date(2021, 9, 2))
    assert row.overdue_recommendations == 1
    assert "просрочено рекомендаций управления: 1" in row.attention
    save_answer(pair.school, recommendation_id, AnswerData("done", "Готово", date(2021, 6, 2), []))
    pair.send()
    [row] = list_registry(pair.office, today=date(2021, 9, 2))
    assert row.overdue_recommendations == 0
