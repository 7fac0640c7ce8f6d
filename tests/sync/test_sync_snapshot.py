"""The school_snapshot's data.json: what goes out (and what never does), and step 5 — every
record checked before anything is changed, with a Russian message naming array, record and field."""

import copy
import json
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.core.errors import UserError
from app.demo.school import build_demo
from app.diaries import school_diary, teacher_diary
from app.sync.records import Changes, snapshot_counts
from app.sync.snapshot import apply_snapshot, build_snapshot, validate_snapshot
from app.sync.snapshot_tables import ARRAYS
from db.base import new_id
from db.models import PlanSection, SurveyResponse, SurveyRound
from tests.helpers.sync_data import export, import_snapshot, open_office

DAY = date(2024, 5, 20)
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@pytest.fixture
def demo(store):
    return store, build_demo(store).id


@pytest.fixture
def snapshot(demo):
    store, school_id = demo
    return export(store, school_id)


def test_an_empty_school_sends_every_array(school_store):
    school_id = school_store.installation().school_id
    data = build_snapshot(school_store, school_id)
    assert list(data) == ["school", *ARRAYS]
    assert all(data[key] == [] for key in ARRAYS)
    assert data["school"]["code"] == "3410" and data["school"]["statuses"] == []
    assert validate_snapshot(data) == []
    assert snapshot_counts(data) == dict.fromkeys(ARRAYS, 0)


def test_the_demo_snapshot_is_valid_and_in_the_spec_formats(snapshot):
    assert validate_snapshot(snapshot) == []
    # The demo school has not answered its recommendation (the round trip is tests/office/
    # test_recommendation_answers.py); every other instrument is filled.
    assert all(snapshot[key] for key in ARRAYS if key != "recommendation_responses"), "the demo fills"
    assert snapshot["recommendation_responses"] == []
    assert all(r["recommendation_ids"] == [] for r in snapshot["teacher_diary"])
    for key in ARRAYS:
        for record in snapshot[key]:
            assert STAMP.match(record["updated_at"])
    event = snapshot["events"][0]
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", event["date_from"])
    assert {"participant_ids", "activity_ids"} <= set(event)
    assert all(re.match(r"^\d{4}/\d{4}$", v["academic_year"]) for v in snapshot["indicator_values"])
    staff = snapshot["staff"][0]
    assert {"has_tutor", "teaches_by_diploma", "in_pos", "has_iprp"} <= set(staff)
    assert set(snapshot["school"]["statuses"]) <= {"ШНОР", "ШНСУ", "пилотная"}


def test_what_is_in_the_trash_stays_home(demo):
    store, school_id = demo
    data = export(store, school_id)
    event_id = next(
        e["id"] for e in data["events"] if any(event_id_in(t, e["id"]) for t in data["teacher_diary"])
    )
    entry_id = data["teacher_diary"][0]["id"]
    school_diary.delete(store, event_id)
    teacher_diary.delete(store, entry_id)
    with store.session() as s:  # a section deleted takes its activities out of the package with it
        section = s.scalars(select(PlanSection).where(PlanSection.school_id == school_id)).first()
        section.deleted_at = section.updated_at
        section_id = section.id
    after = export(store, school_id)
    assert event_id not in {e["id"] for e in after["events"]}
    assert entry_id not in {t["id"] for t in after["teacher_diary"]}
    assert not any(event_id_in(t, event_id) for t in after["teacher_diary"])  # links to it dropped too
    assert section_id not in {s["id"] for s in after["plan_sections"]}
    assert not any(a["section_id"] == section_id for a in after["plan_activities"])
    assert validate_snapshot(after) == []


def event_id_in(record: dict, event_id: str) -> bool:
    return event_id in record["event_ids"]


def test_answer_sheets_never_leave_the_school(demo):
    store, school_id = demo
    text = json.dumps(build_snapshot(store, school_id), ensure_ascii=False)
    with store.session() as s:
        sheets = s.scalars(select(SurveyResponse)).all()
        rounds = s.scalars(select(SurveyRound)).all()
    assert len(sheets) > 10
    assert not any(sheet.id in text for sheet in sheets)
    assert '"answers"' not in text
    data = json.loads(text)
    assert {r["id"] for r in data["survey_rounds"]} == {r.id for r in rounds}
    for record in data["survey_rounds"]:
        assert record["respondents"] == sum(1 for sheet in sheets if sheet.round_id == record["id"])
        assert all(len(c) == len(data["survey_templates"][0]["scale"]) for c in record["counts"].values())


def test_open_rounds_stay_home_and_small_rounds_send_no_breakdown(demo):
    store, school_id = demo
    template = export(store, school_id)["survey_templates"][0]
    item = template["sections"][0]["items"][0]["id"]
    with store.session() as s:
        rounds = {}
        for title, closed in (("Малый тур", True), ("Открытый тур", False)):
            row = SurveyRound(
                school_id=school_id,
                template_id=template["id"],
                title=title,
                held_on=DAY,
                source="sheets",
                closed=closed,
            )
            s.add(row)
            s.flush()
            s.add_all(SurveyResponse(round_id=row.id, answers={item: 2}) for _ in range(2 if closed else 5))
            rounds[title] = row.id
    sent = {r["id"]: r for r in export(store, school_id)["survey_rounds"]}
    assert rounds["Открытый тур"] not in sent
    small = sent[rounds["Малый тур"]]
    assert small["respondents"] == 2 and small["counts"] == {}


def test_unknown_fields_are_ignored(demo, tmp_path):
    store, school_id = demo
    data = export(store, school_id)
    data["future_array"] = [{"id": new_id()}]
    data["school"]["motto"] = "Учиться, учиться и учиться"
    for key in ARRAYS:
        for record in data[key]:
            record["added_in_version_2"] = {"anything": [1, 2]}
    assert validate_snapshot(data) == []
    office = open_office(tmp_path / "office")
    try:
        assert import_snapshot(office, data).added["events"] == len(data["events"])
    finally:
        office.close()


def test_optional_fields_of_this_implementation_may_be_missing(snapshot, tmp_path):
    for record in snapshot["staff"]:
        del record["has_tutor"], record["teaches_by_diploma"], record["created_at"]
    for record in snapshot["survey_templates"]:
        del record["version"]
    for record in snapshot["events"]:
        del record["catalog_event_id"]
    assert validate_snapshot(snapshot) == []
    office = open_office(tmp_path / "office")
    try:
        with office.session() as s:
            assert isinstance(apply_snapshot(s, snapshot, None), Changes)
    finally:
        office.close()


def _first(data, key):
    return data[key][0]


def _break(data: dict, how: str) -> tuple[str, ...]:
    """Spoil the snapshot one way; return what the message must name."""
    if how == "date that is not a date":
        r = _first(data, "events")
        r["date_from"] = "2021-02-30"
        return "events", r["id"], "date_from"
    if how == "unknown enum value":
        r = _first(data, "plan_activities")
        r["status"] = "finished"
        return "plan_activities", r["id"], "status", "finished"
    if how == "reference to a record not in the package":
        r = _first(data, "teacher_diary")
        r["staff_id"] = new_id()
        return "teacher_diary", r["id"], "staff_id", r["staff_id"]
    if how == "link to a record not in the package":
        r = _first(data, "events")
        r["activity_ids"].append(missing := new_id())
        return "events", r["id"], "activity_ids", missing
    if how == "missing table":
        del data["exam_results"]
        return ("exam_results",)
    if how == "wrong type":
        r = _first(data, "staff")
        r["birth_year"] = "1980"
        return "staff", r["id"], "birth_year"
    if how == "bool as text":
        r = _first(data, "indicators")
        r["higher_is_better"] = "да"
        return "indicators", r["id"], "higher_is_better"
    if how == "academic year":
        r = _first(data, "indicator_values")
        r["academic_year"] = "2020-2021"
        return "indicator_values", r["id"], "academic_year"
    if how == "id not a uuid":
        data["staff"][0]["id"] = "42"
        return "staff", "запись №1", "id"
    if how == "duplicate id":
        data["staff"].append(copy.deepcopy(data["staff"][0]))
        return "staff", data["staff"][0]["id"], "не один раз"
    if how == "timestamp without Z":
        r = _first(data, "programs")
        r["updated_at"] = "2026-05-20T09:30:00"
        return "programs", r["id"], "updated_at"
    if how == "required field missing":
        r = _first(data, "director_diary")
        del r["form_of_use"]
        return "director_diary", r["id"], "form_of_use"
    if how == "null where not allowed":
        r = _first(data, "events")
        r["level"] = None
        return "events", r["id"], "level"
    if how == "empty title":
        r = _first(data, "plan_sections")
        r["title"] = "  "
        return "plan_sections", r["id"], "title"
    if how == "too long for the column":
        r = _first(data, "events")
        r["form"] = "ф" * 201
        return "events", r["id"], "form", "200"
    if how == "out of range":
        r = _first(data, "exam_results")
        r["value"] = 7 if r["metric"] == "mean_mark" else 170
        return "exam_results", r["id"], "value"
    if how == "counts of the wrong length":
        r = _first(data, "survey_rounds")
        item = next(iter(r["counts"]))
        r["counts"][item] = [1, 2]
        return "survey_rounds", r["id"], "counts", item
    if how == "round of a questionnaire not in the package":
        r = _first(data, "survey_rounds")
        r["template_id"] = new_id()
        return "survey_rounds", r["id"], "template_id"
    if how == "school code":
        data["school"]["code"] = "34 10"
        return "school", "code"
    if how == "status of the school":
        data["school"]["statuses"] = ["ШНОР", "лучшая"]
        return "school", "statuses"
    if how == "array that is not a list":
        data["events"] = {"0": {}}
        return ("events",)
    if how == "record that is not an object":
        data["staff"].append("Иванова")
        return "staff", f"запись №{len(data['staff'])}"
    if how == "number that is not finite":
        r = _first(data, "indicator_values")
        r["target"] = float("nan")
        return "indicator_values", r["id"], "target"
    raise AssertionError(how)


CASES = [
    "date that is not a date",
    "unknown enum value",
    "reference to a record not in the package",
    "link to a record not in the package",
    "missing table",
    "wrong type",
    "bool as text",
    "academic year",
    "id not a uuid",
    "duplicate id",
    "timestamp without Z",
    "required field missing",
    "null where not allowed",
    "empty title",
    "too long for the column",
    "out of range",
    "counts of the wrong length",
    "round of a questionnaire not in the package",
    "school code",
    "status of the school",
    "array that is not a list",
    "record that is not an object",
    "number that is not finite",
]


@pytest.mark.parametrize("how", CASES)
def test_a_bad_record_is_caught_and_named(snapshot, how):
    data = copy.deepcopy(snapshot)
    names = _break(data, how)
    problems = validate_snapshot(data)
    assert problems, how
    assert any(all(name in p for name in names) for p in problems), (names, problems)
    assert all(re.search("[а-яё]", p) for p in problems)  # Russian, for the person at the office


def test_a_hopeless_data_json_is_refused_in_a_few_lines():
    assert validate_snapshot([]) and "объектом" in validate_snapshot([])[0]
    problems = validate_snapshot({})
    assert any("school" in p for p in problems) and any("staff" in p for p in problems)
    flood = {"school": {}, **{key: [{} for _ in range(500)] for key in ARRAYS}}
    problems = validate_snapshot(flood)
    assert len(problems) == 101 and problems[-1].startswith("…и ещё ошибок")


def test_building_for_a_school_not_in_the_base_is_refused(store):
    with pytest.raises(UserError):
        build_snapshot(store, new_id())
