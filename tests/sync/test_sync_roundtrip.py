"""A school's snapshot applied at its office: the office holds exactly the school's content, marks
what left it removed (keeping curator comments), and a repeated snapshot changes nothing."""

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.core.errors import UserError
from app.core.store import Store
from app.demo.school import build_demo
from app.diaries import teacher_diary
from app.diaries.comments import add_comment, list_comments
from app.programme.indicators import store_value
from app.school.installation import init_school
from app.surveys.builtin_templates import ensure_builtin_templates
from app.sync.records import snapshot_counts
from db.base import new_id
from db.models import (
    CuratorComment,
    DirectorDiaryEntry,
    Event,
    EventParticipant,
    ExamResult,
    Indicator,
    IndicatorValue,
    School,
    Staff,
    SupportNeed,
    SurveyResponse,
    SurveyRound,
    SurveyTemplate,
    TeacherDiaryEntry,
)
from tests.helpers.sync_data import (
    SCHOOL_MODELS,
    content,
    dump,
    export,
    import_snapshot,
    open_office,
    school_id_by_code,
)
from tests.helpers.sync_school_filler import add_school

CODES = itertools.count(100)
EDITS = {
    Event: "title",
    TeacherDiaryEntry: "methods",
    DirectorDiaryEntry: "form_of_use",
    SupportNeed: "content",
    Indicator: "name",
    Staff: "position",
    ExamResult: "note",
}


pytestmark = pytest.mark.both_backends


@pytest.fixture
def office(tmp_path, on_backend):
    store = open_office(on_backend(tmp_path / "office"))
    yield store
    store.close()


@pytest.fixture
def demo(store):
    return store, build_demo(store).id


def _mutate(store, school_id: str, draw) -> None:
    """What a school does between two packages: deletes, restores, edits, relinks."""
    now = datetime.now(UTC)
    with store.session() as s:
        for model, column in EDITS.items():
            for row in s.scalars(select(model).where(model.school_id == school_id).order_by(model.id)):
                action = draw(st.sampled_from(["keep", "keep", "delete", "restore", "edit"]))
                if action == "delete" and model is not Staff:
                    row.deleted_at = row.deleted_at or now
                elif action == "restore":
                    row.deleted_at = None
                elif action == "edit":
                    setattr(row, column, getattr(row, column) + " (исправлено)")
        values = s.scalars(
            select(IndicatorValue)
            .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
            .where(Indicator.school_id == school_id)
            .order_by(IndicatorValue.id)
        ).all()
        for value in values:
            if draw(st.booleans()):  # cleared and typed in again: the same year under a new id
                key = (value.indicator_id, value.academic_year)
                s.delete(value)
                s.flush()
                s.add(IndicatorValue(id=new_id(), indicator_id=key[0], academic_year=key[1], target=1.5))
        events = s.scalars(select(Event.id).where(Event.school_id == school_id)).all()
        for link in s.scalars(select(EventParticipant).where(EventParticipant.event_id.in_(events))).all():
            if draw(st.booleans()):
                s.delete(link)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_random_school_content_arrives_exactly_and_follows_the_school(school_store, office, data):
    code = str(next(CODES))
    school_id = add_school(school_store, code, data.draw)
    snapshot = export(school_store, school_id)
    changes = import_snapshot(office, snapshot)
    office_id = school_id_by_code(office, code)
    assert changes.school_id == office_id
    counts = {k: v for k, v in snapshot_counts(snapshot).items() if v and k != "survey_templates"}
    assert {k: v for k, v in changes.added.items() if k != "survey_templates"} == {"school": 1, **counts}
    assert changes.changed == {} and changes.removed == {}
    assert content(office, office_id, school_side=False) == content(school_store, school_id, school_side=True)

    with office.session() as s:
        before = {m: set(s.scalars(select(m.id).where(m.school_id == office_id))) for m in SCHOOL_MODELS}
    _mutate(school_store, school_id, data.draw)
    import_snapshot(office, export(school_store, school_id))
    assert content(office, office_id, school_side=False) == content(school_store, school_id, school_side=True)
    with office.session() as s:
        for model in SCHOOL_MODELS:  # what left the snapshot is marked removed, never dropped
            assert before[model] <= set(s.scalars(select(model.id).where(model.school_id == office_id)))
    again = import_snapshot(office, export(school_store, school_id))
    assert again.total() == 0


def test_the_demo_school_round_trips(demo, office):
    store, school_id = demo
    snapshot = export(store, school_id)
    changes = import_snapshot(office, snapshot)
    office_id = school_id_by_code(office, snapshot["school"]["code"])
    # The built-in questionnaire is the office's own (spec): the school's identical copy is matched to it.
    # (The demo school has not answered its recommendation: no recommendation_responses.)
    counts = {k: v for k, v in snapshot_counts(snapshot).items() if k != "survey_templates" and v}
    assert changes.added == {"school": 1, **counts}
    assert content(office, office_id, school_side=False) == content(store, school_id, school_side=True)
    with office.session() as s:
        school = s.get(School, office_id)
        assert (school.name, school.is_shnor, school.director) == (
            snapshot["school"]["name"],
            "ШНОР" in snapshot["school"]["statuses"],
            snapshot["school"]["director"],
        )
        # The office holds totals only: no answer sheets, rounds kept as typed-in totals.
        assert {r.source for r in s.scalars(select(SurveyRound))} == {"totals"}


def test_the_same_snapshot_twice_changes_nothing(demo, office):
    store, school_id = demo
    snapshot = export(store, school_id)
    import_snapshot(office, snapshot)
    before = dump(office)
    changes = import_snapshot(office, snapshot)
    assert changes.total() == 0
    assert dump(office) == before


def test_a_dry_run_counts_the_same_and_writes_nothing(demo, office):
    store, school_id = demo
    snapshot = export(store, school_id)
    empty = dump(office)
    preview = import_snapshot(office, snapshot, dry_run=True)
    assert dump(office) == empty
    assert preview.school_id is None and preview.added["school"] == 1
    applied = import_snapshot(office, snapshot)
    assert (preview.added, preview.changed, preview.removed) == (
        applied.added,
        applied.changed,
        applied.removed,
    )
    teacher_diary.delete(store, export(store, school_id)["teacher_diary"][0]["id"])
    snapshot = export(store, school_id)
    before = dump(office)
    preview = import_snapshot(office, snapshot, dry_run=True)
    assert dump(office) == before
    assert preview.removed == {"teacher_diary": 1}
    assert import_snapshot(office, snapshot).removed == {"teacher_diary": 1}


def test_a_deleted_entry_is_marked_removed_and_keeps_its_curator_comment(demo, office):
    store, school_id = demo
    snapshot = export(store, school_id)
    import_snapshot(office, snapshot)
    office_id = school_id_by_code(office, snapshot["school"]["code"])
    entry_id = snapshot["teacher_diary"][0]["id"]
    comment = add_comment(office, "teacher_diary", entry_id, "Хорошо описаны результаты.", "Методист Иванова")

    teacher_diary.delete(store, entry_id)  # into «Корзина» at the school
    changes = import_snapshot(office, export(store, school_id))
    assert changes.removed == {"teacher_diary": 1} and changes.added == {} and changes.changed == {}
    with office.session() as s:
        entry = s.get(TeacherDiaryEntry, entry_id)
        assert entry is not None and entry.deleted_at is not None and entry.school_id == office_id
        kept = s.get(CuratorComment, comment.id)
        assert kept.deleted_at is None and kept.target_id == entry_id
    assert [c.id for c in list_comments(office, "teacher_diary", entry_id)] == [comment.id]

    teacher_diary.restore(store, entry_id)  # back from «Корзина»: back at the office too
    changes = import_snapshot(office, export(store, school_id))
    assert changes.changed == {"teacher_diary": 1} and changes.removed == {}
    with office.session() as s:
        assert s.get(TeacherDiaryEntry, entry_id).deleted_at is None


def test_a_changed_record_and_a_changed_link_count_as_changed(demo, office):
    store, school_id = demo
    snapshot = export(store, school_id)
    import_snapshot(office, snapshot)
    event = snapshot["events"][0]
    with store.session() as s:
        person = s.get(Staff, snapshot["staff"][0]["id"])
        person.position = "Учитель физики"
        # Stamps travel in whole seconds; a person edits later than the package of a second ago.
        person.updated_at = person.updated_at + timedelta(seconds=1)
        s.execute(EventParticipant.__table__.delete().where(EventParticipant.event_id == event["id"]))
    changes = import_snapshot(office, export(store, school_id))
    assert changes.changed == {"staff": 1, "events": 1}
    with office.session() as s:
        assert s.get(Staff, snapshot["staff"][0]["id"]).position == "Учитель физики"
        assert s.scalars(select(EventParticipant).where(EventParticipant.event_id == event["id"])).all() == []


def test_exam_results_may_trade_their_keys(school_store, office):
    school_id = school_store.installation().school_id
    with school_store.session() as s:
        common = {
            "school_id": school_id,
            "year": 2021,
            "assessment": "ВПР",
            "subject": "Математика",
            "metric": "mean_mark",
        }
        five = ExamResult(grade=5, value=3.5, **common)
        six = ExamResult(grade=6, value=3.9, **common)
        s.add_all([five, six])
    import_snapshot(office, export(school_store, school_id))
    with school_store.session() as s:  # the two rows trade classes; then the fifth is deleted and typed anew
        s.get(ExamResult, five.id).grade = 7
        s.flush()
        s.get(ExamResult, six.id).grade = 5
        s.flush()
        s.get(ExamResult, five.id).grade = 6
    import_snapshot(office, export(school_store, school_id))
    with school_store.session() as s:
        s.delete(s.get(ExamResult, six.id))
        s.flush()
        s.add(ExamResult(grade=5, value=4.1, **common))
    changes = import_snapshot(office, export(school_store, school_id))
    # Typed anew with the same key: replaced, so counted once, as new (as «Новое с прошлого импорта» does).
    assert changes.added == {"exam_results": 1} and changes.removed == {}
    office_id = school_id_by_code(office, "3410")
    assert (
        content(office, office_id, False)["exam_results"]
        == content(school_store, school_id, True)["exam_results"]
    )


def test_a_cleared_indicator_value_goes_from_the_office(demo, office):
    store, school_id = demo
    snapshot = export(store, school_id)
    import_snapshot(office, snapshot)
    value = snapshot["indicator_values"][0]
    with store.session() as s:
        store_value(s, value["indicator_id"], value["academic_year"], None, None)
    changes = import_snapshot(office, export(store, school_id))
    assert changes.removed == {"indicator_values": 1}
    with office.session() as s:
        assert s.get(IndicatorValue, value["id"]) is None


def test_a_record_of_another_school_is_refused(demo, office):
    store, school_id = demo
    snapshot = export(store, school_id)
    import_snapshot(office, snapshot)
    before = dump(office)
    forged = {**snapshot, "school": {**snapshot["school"], "code": "9999", "id": new_id()}}
    with pytest.raises(UserError, match="принадлежит другой школе"):
        import_snapshot(office, forged)
    assert dump(office) == before


def test_a_questionnaire_the_office_has_under_another_id_is_shared(demo, office):
    store, school_id = demo
    snapshot = export(store, school_id)
    template = snapshot["survey_templates"][0]
    with office.session() as s:
        s.add(
            SurveyTemplate(
                code=template["code"],
                version=template["version"],
                title=template["title"],
                scale=template["scale"],
                sections=template["sections"],
            )
        )
    changes = import_snapshot(office, snapshot)
    assert "survey_templates" not in changes.added
    with office.session() as s:
        office_template = s.scalars(
            select(SurveyTemplate.id).where(SurveyTemplate.code == template["code"])
        ).one()
        assert {r.template_id for r in s.scalars(select(SurveyRound))} == {office_template}


def test_a_school_known_by_its_code_gets_its_card_updated(demo, office):
    store, school_id = demo
    snapshot = export(store, school_id)
    with office.session() as s:  # the registry knew the school before its first package
        s.add(School(code=snapshot["school"]["code"], name="Нагольненская школа"))
    changes = import_snapshot(office, snapshot)
    assert changes.changed == {"school": 1} and "school" not in changes.added
    with office.session() as s:
        school = s.scalars(select(School)).one()
        assert school.name == snapshot["school"]["name"] and changes.school_id == school.id


def test_schools_share_a_built_in_questionnaire(demo, office, tmp_path, on_backend):
    store, school_id = demo
    import_snapshot(office, export(store, school_id))
    other = Store.open(on_backend(tmp_path / "other-school"))
    other_id = init_school(other, code="3411", name="МКОУ Семиченская СШ").id
    with other.session() as s:  # the same built-in template, made at another time at another school
        ensure_builtin_templates(s)
        template = s.scalars(select(SurveyTemplate).where(SurveyTemplate.builtin.is_(True))).first()
        item = template.sections[0]["items"][0]["id"]
        row = SurveyRound(
            school_id=other_id,
            template_id=template.id,
            title="Май 2024",
            held_on=date(2024, 5, 20),
            closed=True,
        )
        s.add(row)
        s.flush()
        s.add_all(SurveyResponse(round_id=row.id, answers={item: 1}) for _ in range(3))
    try:
        changes = import_snapshot(office, export(other, other_id))
    finally:
        other.close()
    assert "survey_templates" not in changes.added and "survey_templates" not in changes.changed
    with office.session() as s:
        assert {r.template_id for r in s.scalars(select(SurveyRound))} == {template.id}
