"""«Новое с прошлого импорта»: exactly what a school's last package added, changed and removed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.diaries import director_diary, teacher_diary
from app.diaries.teacher import TeacherEntryData
from app.office.since_import import CHANGED, NEW, REMOVED, since_last_import
from app.programme.indicators import store_value
from app.programme.plan_edit import set_status
from app.school.school import update_card
from db.models import DirectorDiaryEntry, Event, IndicatorValue, PlanActivity, School, Staff
from tests.helpers.desk import backdate, demo_pair

DAY = date(2021, 5, 20)


@pytest.fixture
def pair(tmp_path):
    pair = demo_pair(tmp_path)
    yield pair
    pair.close()


def changes(pair) -> set[tuple]:
    found = since_last_import(pair.office, pair.office_school_id)
    return {(r.instrument, r.kind, r.record_id, r.count) for r in found.records}


def test_nothing_imported_yet(store):
    from tests.helpers.diaries import municipal_store_with_school

    school_id = municipal_store_with_school(store)
    assert since_last_import(store, school_id) is None


def test_the_first_package_is_all_new(pair):
    found = since_last_import(pair.office, pair.office_school_id)
    assert found.first and found.sequence == 1 and found.previous_sequence is None
    assert found.count(CHANGED) == found.count(REMOVED) == 0
    with pair.school.session() as s:
        staff = s.scalars(select(Staff.full_name).where(Staff.deleted_at.is_(None))).all()
    listed = [r.title for r in found.records if r.instrument == "staff"]
    assert len(listed) == len(staff) and listed == sorted(listed)  # by name
    assert {r.instrument for r in found.records} >= {"teacher_diary", "events", "plan_activities"}
    assert all(r.kind == NEW for r in found.records)


def test_a_second_package_lists_exactly_what_it_changed(pair):
    school = pair.school
    with school.session() as s:
        school_id = s.scalars(select(School.id)).one()
        teacher = s.scalars(select(Staff).where(Staff.full_name.like("Мирошниченко%"))).one()
        teacher_name = teacher.full_name
        event = s.scalars(select(Event).order_by(Event.date_from)).first()
        director_entry = s.scalars(select(DirectorDiaryEntry).order_by(DirectorDiaryEntry.entry_date)).first()
        activity = s.scalars(select(PlanActivity).where(PlanActivity.status != "done")).first()
        values = s.scalars(select(IndicatorValue).order_by(IndicatorValue.id)).all()
        changed_value, cleared_value = values[0], values[1]
        event.key_elements += " Добавлены материалы семинара."
        event_id, director_id, activity_id = event.id, director_entry.id, activity.id
        store_value(s, changed_value.indicator_id, changed_value.academic_year, 50.0, 61.5)
        store_value(s, cleared_value.indicator_id, cleared_value.academic_year, None, None)
        changed_value_id = changed_value.id
    entry_id = teacher_diary.create(
        school,
        school_id,
        TeacherEntryData(staff_id=teacher.id, entry_date=DAY, methods="Кейс-метод на уроках геометрии"),
        today=DAY,
    )
    director_diary.delete(school, director_id)
    set_status(school, activity_id, "done", done_on=DAY, actual_result="Проведено", today=DAY)
    update_card(school, school_id, director="Гребенникова Т.В.")

    pair.send()
    found = since_last_import(pair.office, pair.office_school_id)
    assert found.sequence == 2 and found.previous_sequence == 1 and not found.first
    assert changes(pair) == {
        ("teacher_diary", NEW, entry_id, 1),
        ("events", CHANGED, event_id, 1),
        ("plan_activities", CHANGED, activity_id, 1),
        ("indicator_values", CHANGED, changed_value_id, 1),
        ("director_diary", REMOVED, director_id, 1),
        ("indicator_values", REMOVED, None, 1),  # gone from the office's database: counted
        ("school", CHANGED, None, 1),
    }
    titles = {r.record_id: r.title for r in found.records}
    assert titles[entry_id] == f"20.05.2021, {teacher_name}: Кейс-метод на уроках геометрии"
    assert "цель 50, факт 61,5" in titles[changed_value_id]
    assert (found.count(NEW), found.count(CHANGED), found.count(REMOVED)) == (1, 4, 2)
    labels = {(r.instrument_label, r.kind_label) for r in found.records}
    assert ("Дневник педагога", "новое") in labels and ("Дневник директора", "удалено") in labels

    backdate(school)  # a day later the school sends again, having changed nothing
    pair.send()  # the third package lists nothing: not the second's news again
    assert changes(pair) == set()
