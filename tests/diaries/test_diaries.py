"""Diary services: entries, validation, search and filters, trash, comments, training→practice path."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import UserError, ValidationError
from app.diaries import (
    DiaryFilter,
    DirectorEntryData,
    EventData,
    TeacherEntryData,
    comments,
    director_diary,
    purge_expired_trash,
    school_diary,
    teacher_diary,
)
from app.diaries.common import academic_year_end
from app.diaries.training_path import activity_path, event_path, events_without_use
from app.school.installation import init_municipality, own_school
from app.school.staff import StaffData, add_staff, set_active
from db.models import PlanActivity, PlanSection, Programme, School

TODAY = date(2021, 5, 20)


@pytest.fixture
def school(school_store):
    sid = own_school(school_store).id
    teacher = add_staff(school_store, sid, StaffData(full_name="Бондаренко Наталья Александровна"))
    other = add_staff(school_store, sid, StaffData(full_name="Калинин Андрей Сергеевич"))
    with school_store.session() as s:
        prog = Programme(school_id=sid, title="Программа улучшения результатов", year_from=2020, year_to=2022)
        s.add(prog)
        s.flush()
        section = PlanSection(school_id=sid, program_id=prog.id, number="2", title="Кадровое обеспечение")
        s.add(section)
        s.flush()
        activity = PlanActivity(
            school_id=sid,
            program_id=prog.id,
            section_id=section.id,
            number="2.1",
            title="Освоение технологий, повышающих учебную мотивацию",
        )
        s.add(activity)
    return {
        "store": school_store,
        "id": sid,
        "teacher": teacher.id,
        "other": other.id,
        "activity": activity.id,
    }


def _event(school, **kw) -> str:
    data = EventData(
        title="Практический семинар «Учитель-фасилитатор»",
        organizer="Муниципальная методическая служба",
        level="municipal",
        date_from=date(2021, 3, 18),
        participant_ids=[school["teacher"]],
        key_elements="Учитель-фасилитатор: групповая работа, диалог и дискуссия",
        activity_ids=[school["activity"]],
    )
    for key, value in kw.items():
        setattr(data, key, value)
    return school_diary.create(school["store"], school["id"], data, today=TODAY)


def _teacher_entry(school, event_ids=(), **kw) -> str:
    data = TeacherEntryData(
        staff_id=school["teacher"],
        entry_date=date(2021, 4, 2),
        methods="Групповая работа, диалог и дискуссия",
        where_used="7 класс, русский язык",
        results="Разработаны 4 урока",
        event_ids=list(event_ids),
    )
    for key, value in kw.items():
        setattr(data, key, value)
    return teacher_diary.create(school["store"], school["id"], data, today=TODAY)


def test_event_round_trip_with_links(school):
    event_id = _event(school)
    row = school_diary.get_row(school["store"], event_id)
    assert row.cell("dates") == "18.03.2021"
    assert "Бондаренко Наталья Александровна" in row.cell("participants")
    assert row.cell("activities").startswith("2.1 Освоение технологий")
    assert row.cell("uses") == "нет записей о применении"

    data = row.data
    data.date_to = date(2021, 3, 19)
    data.participant_ids = [school["other"]]
    school_diary.update(school["store"], event_id, data, today=TODAY)
    row = school_diary.get_row(school["store"], event_id)
    assert row.cell("dates") == "18.03.2021 – 19.03.2021"
    assert row.cell("participants") == "Калинин Андрей Сергеевич"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"title": "  "}, "title"),
        ({"date_from": None}, "date_from"),
        ({"date_to": date(2021, 3, 1)}, "date_to"),
        ({"date_from": date(2021, 9, 1)}, "date_from"),
        ({"level": "галактический"}, "level"),
    ],
)
def test_event_validation_names_the_field(school, change, field):
    with pytest.raises(ValidationError) as error:
        _event(school, **change)
    assert field in error.value.errors
    assert school_diary.list_ids(school["store"], school["id"]) == []


def test_academic_year_end():
    assert academic_year_end(date(2021, 5, 20)) == date(2021, 8, 31)
    assert academic_year_end(date(2021, 9, 1)) == date(2022, 8, 31)


def test_deactivated_teacher_gets_no_new_entries_but_old_ones_stay_editable(school):
    entry_id = _teacher_entry(school)
    set_active(school["store"], school["teacher"], False)
    with pytest.raises(ValidationError) as error:
        _teacher_entry(school)
    assert "выбывш" in error.value.errors["staff_id"]
    row = teacher_diary.get_row(school["store"], entry_id)
    row.data.results = "Разработаны 5 уроков"
    teacher_diary.update(school["store"], entry_id, row.data, today=TODAY)
    assert teacher_diary.get_row(school["store"], entry_id).data.results == "Разработаны 5 уроков"


def test_teacher_entry_requires_teacher_date_and_methods(school):
    with pytest.raises(ValidationError) as error:
        _teacher_entry(school, staff_id=None, entry_date=None, methods="")
    assert set(error.value.errors) == {"staff_id", "entry_date", "methods"}


def test_director_entry_round_trip_and_validation(school):
    event_id = _event(school)
    data = DirectorEntryData(
        entry_date=date(2021, 1, 20),
        form_of_use="Стратегическая команда: ежемесячные заседания",
        where_used="Управление реализацией программы",
        event_ids=[event_id],
        activity_ids=[school["activity"]],
    )
    entry_id = director_diary.create(school["store"], school["id"], data, today=TODAY)
    row = director_diary.get_row(school["store"], entry_id)
    assert row.cell("entry_date") == "20.01.2021"
    assert row.sources[0].label.startswith("Практический семинар")
    with pytest.raises(ValidationError) as error:
        director_diary.create(school["store"], school["id"], DirectorEntryData(), today=TODAY)
    assert set(error.value.errors) == {"entry_date", "form_of_use"}


def test_search_is_case_and_yo_insensitive_over_text_names_and_comments(school):
    store = school["store"]
    _teacher_entry(school, methods="Приёмы ТЕХНОЛОГИИ критического мышления")
    _teacher_entry(school, staff_id=school["other"], methods="Проектная работа")
    ids = lambda text: teacher_diary.list_ids(store, school["id"], DiaryFilter(text=text))  # noqa: E731
    assert len(ids("технологии")) == 1
    assert len(ids("приемы")) == 1  # ё written as е
    assert len(ids("калинин")) == 1  # the teacher's name
    assert len(ids("проектная 7 класс")) == 1  # every word, in any column
    assert ids("100%_") == []  # LIKE wildcards are literal


def test_filters_by_teacher_level_and_dates(school):
    store = school["store"]
    _teacher_entry(school, entry_date=date(2020, 10, 1))
    _teacher_entry(school, staff_id=school["other"], entry_date=date(2021, 4, 1))
    flt = DiaryFilter(staff_id=school["other"])
    assert len(teacher_diary.list_ids(store, school["id"], flt)) == 1
    flt = DiaryFilter(date_from=date(2021, 1, 1), date_to=date(2021, 5, 31))
    assert len(teacher_diary.list_ids(store, school["id"], flt)) == 1

    _event(school, level="regional", date_from=date(2020, 12, 21), date_to=date(2020, 12, 25))
    _event(school)
    assert len(school_diary.list_ids(store, school["id"], DiaryFilter(level="regional"))) == 1
    # An event overlapping the range counts.
    flt = DiaryFilter(date_from=date(2020, 12, 24), date_to=date(2020, 12, 31))
    assert len(school_diary.list_ids(store, school["id"], flt)) == 1


def test_every_column_sorts(school):
    event_id = _event(school)
    _teacher_entry(school, event_ids=[event_id])
    for service in (school_diary, teacher_diary, director_diary):
        for column in service.columns:
            for descending in (False, True):
                service.list_ids(school["store"], school["id"], None, column.key, descending)


def test_delete_goes_to_trash_restore_brings_back_purge_after_30_days(school):
    store = school["store"]
    entry_id = _teacher_entry(school)
    teacher_diary.delete(store, entry_id)
    assert teacher_diary.list_ids(store, school["id"]) == []
    trash = teacher_diary.list_ids(store, school["id"], DiaryFilter(trash=True))
    assert trash == [entry_id]
    assert teacher_diary.get_row(store, entry_id).days_left_in_trash == 30
    teacher_diary.restore(store, entry_id)
    assert teacher_diary.list_ids(store, school["id"]) == [entry_id]

    teacher_diary.delete(store, entry_id)
    assert purge_expired_trash(store) == 0
    assert teacher_diary.purge_expired(store, now=datetime.now(UTC) + timedelta(days=31)) == 1
    assert teacher_diary.list_ids(store, school["id"], DiaryFilter(trash=True)) == []


def test_path_from_event_to_practice_and_back_from_the_plan(school):
    store = school["store"]
    event_id = _event(school)
    assert [e.id for e in events_without_use(store, school["id"])] == [event_id]
    entry_id = _teacher_entry(school, event_ids=[event_id], activity_ids=[school["activity"]])

    path = event_path(store, event_id)
    assert path.used and [e.id for e in path.teacher_entries] == [entry_id]
    assert [a.id for a in path.activities] == [school["activity"]]
    assert events_without_use(store, school["id"]) == []

    back = activity_path(store, school["activity"])
    assert [e.id for e in back.events] == [event_id]
    assert [e.id for e in back.teacher_entries] == [entry_id]

    # A deleted entry no longer counts as use.
    teacher_diary.delete(store, entry_id)
    assert not event_path(store, event_id).used


def test_curator_comments_are_read_only_at_the_school(school):
    event_id = _event(school)
    with pytest.raises(UserError, match="методист управления"):
        comments.add_comment(school["store"], "events", event_id, "Хорошо", "Кондрашова Н.В.")
    assert not comments.can_write_comments(school["store"])


def test_curator_writes_comments_at_the_office_and_they_show_in_rows(store):
    with store.session() as s:
        s.add(School(code="3410", name="МКОУ Нагольненская СШ"))
    with store.session() as s:
        sid = s.query(School.id).scalar()
    teacher = add_staff(store, sid, StaffData(full_name="Бондаренко Наталья Александровна"))
    entry_id = teacher_diary.create(
        store, sid, TeacherEntryData(staff_id=teacher.id, entry_date=TODAY, methods="Диалог"), today=TODAY
    )
    init_municipality(store, "Отдел образования")  # the school's records came with its package
    assert comments.can_write_comments(store)
    comment = comments.add_comment(
        store, "teacher_diary", entry_id, "Опишите результаты подробнее", "Кондрашова Н.В."
    )
    row = teacher_diary.get_row(store, entry_id)
    assert "Кондрашова Н.В." in row.cell("comments") and "подробнее" in row.cell("comments")
    assert teacher_diary.list_ids(store, sid, DiaryFilter(text="подробнее")) == [entry_id]
    comments.update_comment(store, comment.id, "Хорошо")
    comments.delete_comment(store, comment.id)
    assert teacher_diary.get_row(store, entry_id).comments == []
    with pytest.raises(ValidationError):
        comments.add_comment(store, "teacher_diary", entry_id, "  ", "Кондрашова Н.В.")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    word=st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs")), min_size=1, max_size=12
    )
)
def test_any_typed_search_finds_the_entry_holding_it_and_never_fails(school, word):
    store = school["store"]
    entry_id = _teacher_entry(school, methods=f"Метод {word} на уроке")
    try:
        found = teacher_diary.list_ids(store, school["id"], DiaryFilter(text=word))
        assert entry_id in found
    finally:
        teacher_diary.delete(store, entry_id)
