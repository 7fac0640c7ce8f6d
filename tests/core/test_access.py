"""At the office a school's own records are read-only in app/, not only in the window: every
service that changes them, called directly, is refused in Russian and the database stays as it
was; the office's own records (its district programme, curator comments) are still written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.core.access import SCHOOL_RECORDS_AT_OFFICE, ReadOnlyRecords, can_change
from app.diaries.comments import add_comment
from app.diaries.events import EventData, school_diary
from app.diaries.teacher import TeacherEntryData, teacher_diary
from app.programme import assessments, indicators, plan_edit, programme
from app.school import school, staff
from app.support import support
from app.surveys import survey_sheets, surveys
from db.models import (
    Event,
    ExamResult,
    Indicator,
    PlanActivity,
    PlanSection,
    Programme,
    Staff,
    SupportNeed,
    SurveyRound,
    TeacherDiaryEntry,
)
from tests.helpers.demo_office import demo_office
from tests.helpers.sync_data import dump

DAY = date(2021, 5, 20)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    school_store, office_store, school_id = demo_office(tmp_path_factory.mktemp("access"))
    yield office_store, school_id
    school_store.close()
    office_store.close()


def first_id(store, model, school_id):
    with store.session() as s:
        return s.scalars(select(model.id).where(model.school_id == school_id).order_by(model.id)).first()


def changes(store, school_id):
    """(what is tried, the call) for every kind of the school's records."""
    ids = {
        m: first_id(store, m, school_id)
        for m in (
            Staff,
            Programme,
            PlanSection,
            PlanActivity,
            Indicator,
            ExamResult,
            SupportNeed,
            SurveyRound,
            TeacherDiaryEntry,
            Event,
        )
    }
    assert all(ids.values()), ids  # the demo school's package holds each kind
    return [
        ("карточка школы", lambda: school.update_card(store, school_id, is_pilot=True)),
        (
            "новый педагог",
            lambda: staff.add_staff(store, school_id, staff.StaffData(full_name="Иванов Иван")),
        ),
        ("педагог выбыл", lambda: staff.set_active(store, ids[Staff], False)),
        ("педагог изменён", lambda: staff.update_staff(store, ids[Staff], staff.StaffData(full_name="Пётр"))),
        ("паспорт", lambda: programme.update_programme(store, ids[Programme], title="Другая")),
        ("программа удалена", lambda: programme.delete_programme(store, ids[Programme])),
        ("раздел плана", lambda: plan_edit.rename_section(store, ids[PlanSection], "Новый раздел")),
        ("новый раздел", lambda: plan_edit.add_section(store, ids[Programme], "Новый раздел")),
        ("мероприятие удалено", lambda: plan_edit.delete_activity(store, ids[PlanActivity])),
        ("мероприятие сдвинуто", lambda: plan_edit.move_activity(store, ids[PlanActivity], 1)),
        ("показатель удалён", lambda: indicators.delete_indicator(store, ids[Indicator])),
        ("значение показателя", lambda: indicators.set_value(store, ids[Indicator], "2020/2021", "1", "2")),
        ("результат удалён", lambda: assessments.delete_result(store, ids[ExamResult])),
        ("потребность удалена", lambda: support.delete_need(store, ids[SupportNeed])),
        ("тур удалён", lambda: surveys.delete_round(store, ids[SurveyRound])),
        ("тур открыт", lambda: surveys.set_round_closed(store, ids[SurveyRound], False)),
        ("лист анкеты", lambda: survey_sheets.add_sheet(store, ids[SurveyRound], {})),
        ("запись педагога", lambda: teacher_diary.delete(store, ids[TeacherDiaryEntry])),
        (
            "новая запись педагога",
            lambda: teacher_diary.create(
                store,
                school_id,
                TeacherEntryData(staff_id=ids[Staff], entry_date=DAY, methods="x"),
                today=DAY,
            ),
        ),
        ("событие", lambda: school_diary.update(store, ids[Event], EventData(title="x", date_from=DAY), DAY)),
        ("корзина", lambda: teacher_diary.restore(store, ids[TeacherDiaryEntry])),
    ]


def test_every_change_to_a_school_record_is_refused_at_the_office(office):
    store, school_id = office
    before = dump(store)
    for what, call in changes(store, school_id):
        with pytest.raises(ReadOnlyRecords) as refused:
            call()
        assert refused.value.message == SCHOOL_RECORDS_AT_OFFICE, what
    assert dump(store) == before
    assert "только читаются" in SCHOOL_RECORDS_AT_OFFICE and "новый пакет" in SCHOOL_RECORDS_AT_OFFICE
    assert not can_change(store, school_id)


def test_the_office_still_writes_its_own(office):
    store, school_id = office
    assert can_change(store, None)
    own = programme.create_programme(
        store, None, programme.PassportData(title="Программа района", year_from=2021, year_to=2024)
    )
    plan_edit.add_section(store, own.id, "Кадры")
    entry = first_id(store, TeacherDiaryEntry, school_id)
    assert add_comment(store, "teacher_diary", entry, "Хорошо", "Кондрашова Н.В.").text == "Хорошо"
