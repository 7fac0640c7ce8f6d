"""The data model: constraints refuse bad values, unique keys hold, a school's records cascade."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from app.school.installation import own_school
from db.base import Base
from db.models import (
    Event,
    EventParticipant,
    ExamResult,
    Indicator,
    IndicatorValue,
    PlanActivity,
    PlanSection,
    Programme,
    School,
    Staff,
    SupportNeed,
    SurveyResponse,
    SurveyRound,
    SurveyTemplate,
    TeacherDiaryEntry,
    TeacherDiaryEvent,
)


def _school_id(store):
    return own_school(store).id


def _insert(store, *rows):
    with store.session() as s:
        s.add_all(rows)


@pytest.mark.parametrize(
    "make",
    [
        lambda sid: Staff(school_id=sid, full_name="Иванова И.И.", category="нулевая"),
        lambda sid: Staff(school_id=sid, full_name=""),
        lambda sid: Staff(school_id=sid, full_name="Иванова И.И.", birth_year=1850),
        lambda sid: Staff(school_id=sid, full_name="Иванова И.И.", experience_years=-1),
        lambda sid: Event(school_id=sid, title="Семинар", level="галактический", date_from=date(2021, 3, 1)),
        lambda sid: Event(
            school_id=sid,
            title="Семинар",
            level="municipal",
            date_from=date(2021, 3, 10),
            date_to=date(2021, 3, 1),
        ),
        lambda sid: ExamResult(
            school_id=sid, year=2021, assessment="ВПР", subject="Математика", metric="mean_mark", value=7
        ),
        lambda sid: ExamResult(
            school_id=sid, year=2021, assessment="ЕНТ", subject="Математика", metric="mean_mark", value=4
        ),
        lambda sid: ExamResult(
            school_id=sid, year=2021, assessment="ЕГЭ", subject="Математика", metric="mean_score", value=101
        ),
        lambda sid: SupportNeed(school_id=sid, level="galaxy", content="Помощь"),
        lambda sid: SupportNeed(school_id=sid, level="municipal", content="Помощь", status="maybe"),
        lambda sid: Programme(school_id=sid, title="Программа", year_from=2022, year_to=2020),
    ],
)
def test_constraints_refuse_bad_values(school_store, make):
    with pytest.raises(IntegrityError):
        _insert(school_store, make(_school_id(school_store)))


def test_plan_activity_status_and_done_date_checked(school_store):
    sid = _school_id(school_store)
    prog = Programme(school_id=sid, title="Программа", year_from=2020, year_to=2022)
    section = PlanSection(school_id=sid, number="1", title="Кадровое обеспечение")
    _insert(school_store, prog)
    section.program_id = prog.id
    _insert(school_store, section)
    for bad in (
        dict(status="забыто"),
        dict(status="planned", done_on=date(2021, 5, 1)),
    ):
        with pytest.raises(IntegrityError):
            _insert(
                school_store,
                PlanActivity(
                    school_id=sid,
                    program_id=prog.id,
                    section_id=section.id,
                    number="1.1",
                    title="Курсы",
                    **bad,
                ),
            )


def test_indicator_value_unique_per_academic_year(school_store):
    sid = _school_id(school_store)
    ind = Indicator(school_id=sid, name="Качество знаний", criterion="Качество образования")
    _insert(school_store, ind)
    _insert(school_store, IndicatorValue(indicator_id=ind.id, academic_year="2020/2021", actual=40))
    with pytest.raises(IntegrityError):
        _insert(school_store, IndicatorValue(indicator_id=ind.id, academic_year="2020/2021", actual=41))
    with pytest.raises(IntegrityError):
        _insert(school_store, IndicatorValue(indicator_id=ind.id, academic_year="2020-2021", actual=41))


def test_exam_result_unique_even_with_null_grade_and_level(school_store):
    sid = _school_id(school_store)

    def result(**kw):
        base = dict(
            school_id=sid, year=2021, assessment="ОГЭ", subject="Русский язык", metric="mean_mark", value=3.38
        )
        return ExamResult(**(base | kw))

    _insert(school_store, result())
    with pytest.raises(IntegrityError):
        _insert(school_store, result(value=3.5))
    # Other class or level is another key.
    _insert(school_store, result(grade=9), result(level="базовая"))


def test_school_code_unique(school_store):
    with pytest.raises(IntegrityError):
        _insert(school_store, School(code="3410", name="Другая школа"))


def test_deleting_a_school_cascades_to_all_its_records(school_store):
    sid = _school_id(school_store)
    teacher = Staff(school_id=sid, full_name="Петрова А.С.")
    event = Event(school_id=sid, title="Практический семинар", level="municipal", date_from=date(2021, 3, 18))
    _insert(school_store, teacher, event)
    entry = TeacherDiaryEntry(
        school_id=sid, staff_id=teacher.id, entry_date=date(2021, 4, 1), methods="Групповая работа"
    )
    _insert(school_store, entry, EventParticipant(event_id=event.id, staff_id=teacher.id))
    _insert(school_store, TeacherDiaryEvent(entry_id=entry.id, event_id=event.id))
    template = SurveyTemplate(code="t", title="Анкета", scale=["нет", "да"], sections=[])
    _insert(school_store, template)
    rnd = SurveyRound(school_id=sid, template_id=template.id, title="Май 2021", held_on=date(2021, 5, 20))
    _insert(school_store, rnd)
    _insert(school_store, SurveyResponse(round_id=rnd.id, answers={"1.1": 2}))

    with school_store.session() as s:
        s.execute(delete(School).where(School.id == sid))
    with school_store.session() as s:
        for table in Base.metadata.sorted_tables:
            if table.name in ("survey_templates", "installation", "municipalities"):
                continue
            assert s.execute(select(func.count()).select_from(table)).scalar_one() == 0, table.name
        # The template is shared, not the school's: it stays.
        assert s.execute(select(func.count()).select_from(SurveyTemplate)).scalar_one() == 1


def test_staff_with_diary_entries_cannot_be_deleted(school_store):
    sid = _school_id(school_store)
    teacher = Staff(school_id=sid, full_name="Петрова А.С.")
    _insert(school_store, teacher)
    _insert(
        school_store,
        TeacherDiaryEntry(school_id=sid, staff_id=teacher.id, entry_date=date(2021, 4, 1), methods="Диалог"),
    )
    with pytest.raises(IntegrityError):
        with school_store.session() as s:
            s.execute(delete(Staff).where(Staff.id == teacher.id))


def test_records_get_uuid_and_utc_timestamps(school_store):
    sid = _school_id(school_store)
    teacher = Staff(school_id=sid, full_name="Петрова А.С.")
    _insert(school_store, teacher)
    with school_store.session() as s:
        row = s.get(Staff, teacher.id)
        assert len(row.id) == 36 and row.id.count("-") == 4
        assert row.created_at.tzinfo is UTC
        assert abs((datetime.now(UTC) - row.created_at).total_seconds()) < 60


def test_survey_responses_carry_no_time_stamp():
    # Anonymity: nothing that orders sheets or ties them to the moment of entry.
    assert set(SurveyResponse.__table__.columns.keys()) == {"id", "round_id", "answers"}
