"""Programme passport and plan of measures: owners, passport checks, numbering, statuses, filters."""

from datetime import date, timedelta

import pytest

from app.core.errors import UserError, ValidationError
from app.diaries import EventData, TeacherEntryData, school_diary, teacher_diary
from app.diaries.training_path import activity_path
from app.programme.plan import (
    OVERDUE,
    ActivityData,
    PlanFilter,
    activity_choices,
    is_overdue,
    plan_of,
    plan_progress,
)
from app.programme.plan_edit import (
    add_activity,
    add_section,
    delete_activity,
    delete_section,
    get_activity,
    move_activity,
    move_activity_to,
    move_section,
    rename_section,
    set_status,
    update_activity,
)
from app.programme.programme import (
    PassportData,
    create_programme,
    current_programme,
    delete_programme,
    get_programme,
    list_programmes,
    programme_owner,
    set_current,
    update_programme,
    validate_passport,
)
from app.school.installation import init_municipality
from app.school.staff import StaffData, add_staff
from db.models import PlanActivity, Programme, School

TODAY = date(2021, 5, 20)


def passport(title="Программа улучшения образовательных результатов", **kw) -> PassportData:
    return PassportData(
        title=title, year_from=kw.pop("year_from", 2020), year_to=kw.pop("year_to", 2022), **kw
    )


@pytest.fixture
def owner(school_store):
    return programme_owner(school_store)


@pytest.fixture
def programme(school_store, owner):
    return create_programme(school_store, owner, passport()).id


def numbers(store, programme_id) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (f"{s.number}. {s.title}", [(a.number, a.title) for a in s.activities])
        for s in plan_of(store, programme_id, today=TODAY)
    ]


def activity(store, section_id, title, after=None, **kw):
    return add_activity(store, section_id, ActivityData(title=title, **kw), after, today=TODAY)


# --- owner and passport ------------------------------------------------------


def test_owner_is_the_school_or_the_office(school_store, store, tmp_path):
    assert programme_owner(school_store) == school_store.installation().school_id
    from app.core.store import Store

    office = Store.open(tmp_path / "office")
    try:
        init_municipality(office, "Отдел образования Котельниковского района")
        assert programme_owner(office) is None
    finally:
        office.close()


def test_unset_database_has_no_owner(store):
    with pytest.raises(UserError, match="не настроена"):
        programme_owner(store)


def test_first_programme_is_current_and_exactly_one_stays_current(school_store, owner):
    first = create_programme(school_store, owner, passport(year_from=2018, year_to=2020), make_current=False)
    assert first.is_current
    second = create_programme(school_store, owner, passport("Новая программа", year_from=2021, year_to=2024))
    assert second.is_current and not get_programme(school_store, first.id).is_current
    third = create_programme(school_store, owner, passport("Черновик"), make_current=False)
    assert not third.is_current
    assert current_programme(school_store, owner).id == second.id
    set_current(school_store, first.id)
    listed = list_programmes(school_store, owner)
    assert [p.id for p in listed if p.is_current] == [first.id]
    assert listed[0].year_from == 2021  # newest first


def test_passport_validation():
    errors = validate_passport(
        {
            "title": "  ",
            "year_from": 1999,
            "year_to": 2101,
            "tasks": ["Повысить компетенции", " "],
            "approved_on": TODAY + timedelta(days=1),
        },
        today=TODAY,
    )
    assert errors == {
        "title": "Впишите наименование программы.",
        "year_from": "Год — число от 2000 до 2100.",
        "year_to": "Год — число от 2000 до 2100.",
        "tasks": "Задача 2 пустая: впишите её текст или удалите её.",
        "approved_on": "Дата утверждения не может быть позже сегодняшнего дня.",
    }
    assert validate_passport({"year_from": 2022, "year_to": 2020}) == {
        "year_to": "Год окончания не может быть раньше года начала."
    }
    assert validate_passport({"tasks": "одна строка"}) == {"tasks": "Задачи — список строк."}
    assert validate_passport({"approved_on": TODAY}, today=TODAY) == {}


def test_passport_update_field_by_field(school_store, programme):
    with pytest.raises(ValidationError) as refused:
        update_programme(school_store, programme, year_from=2023)  # stored year_to is 2022
    assert refused.value.errors == {"year_from": "Год начала не может быть позже года окончания."}
    with pytest.raises(ValidationError) as refused:
        update_programme(school_store, programme, title="")
    assert "title" in refused.value.errors
    update_programme(
        school_store,
        programme,
        title="  Программа   перехода в эффективный режим ",
        tasks=["  Освоить  технологии ", "Вовлечь родителей"],
        approved_on=date(2020, 8, 31),
        goal="Повышение качества образования\n",
        year_to=2024,
    )
    saved = get_programme(school_store, programme)
    assert saved.title == "Программа перехода в эффективный режим"
    assert saved.tasks == ["Освоить технологии", "Вовлечь родителей"]
    assert (saved.approved_on, saved.goal, saved.years) == (
        date(2020, 8, 31),
        "Повышение качества образования",
        "2020–2024",
    )


def test_office_keeps_its_own_district_programme(store):
    init_municipality(store, "Управление образования Сысертского городского округа")
    with store.session() as s:
        school = School(code="3410", name="МКОУ Тест")
        s.add(school)
        s.flush()
        s.add(Programme(school_id=school.id, title="Школьная программа", year_from=2020, year_to=2022))
        school_id = school.id
    owner = programme_owner(store)
    assert current_programme(store, owner) is None  # the school's programme is not the office's
    district = create_programme(
        store, owner, passport("Муниципальная программа", year_from=2019, year_to=2024)
    )
    assert district.school_id is None
    assert current_programme(store, None).id == district.id
    assert [p.title for p in list_programmes(store, school_id)] == ["Школьная программа"]
    section = add_section(store, district.id, "Организационное обеспечение")
    row = activity(store, section, "Совещание с руководителями ОО")
    assert row.number == "1.1"
    assert [r.label for r in activity_choices(store, None)] == ["1.1 Совещание с руководителями ОО"]


# --- numbering -----------------------------------------------------------------


def test_numbers_follow_insert_move_and_delete(school_store, programme):
    store = school_store
    staff_section = add_section(store, programme, "Кадровое обеспечение")
    resource_section = add_section(store, programme, "Ресурсное обеспечение.", after_section_id=None)
    a = activity(store, staff_section, "Курсы повышения квалификации")
    c = activity(store, staff_section, "Участие в семинарах")
    b = activity(store, staff_section, "Наставничество", after=a.id)
    d = activity(store, resource_section, "Обновление библиотечного фонда")
    assert numbers(store, programme) == [
        (
            "1. Кадровое обеспечение",
            [
                ("1.1", "Курсы повышения квалификации"),
                ("1.2", "Наставничество"),
                ("1.3", "Участие в семинарах"),
            ],
        ),
        ("2. Ресурсное обеспечение", [("2.1", "Обновление библиотечного фонда")]),
    ]
    assert move_activity(store, c.id, -1)
    assert [n for n, _ in numbers(store, programme)[0][1]] == ["1.1", "1.2", "1.3"]
    assert get_activity(store, c.id).number == "1.2" and get_activity(store, b.id).number == "1.3"
    # Down past the section's end: first in the next section.
    assert move_activity(store, b.id, +1)
    assert get_activity(store, b.id).number == "2.1" and get_activity(store, d.id).number == "2.2"
    # Up past the section's start: last in the previous section.
    assert move_activity(store, b.id, -1)
    assert get_activity(store, b.id).number == "1.3"
    assert not move_activity(store, a.id, -1)  # the plan's first activity stays
    assert not move_activity(store, d.id, +1)  # and its last
    assert move_section(store, resource_section, -1)
    assert get_activity(store, d.id).number == "1.1" and get_activity(store, a.id).number == "2.1"
    assert not move_section(store, resource_section, -1)
    assert delete_activity(store, c.id) is False  # nothing links to it: gone for good
    assert numbers(store, programme)[1] == (
        "2. Кадровое обеспечение",
        [("2.1", "Курсы повышения квалификации"), ("2.2", "Наставничество")],
    )
    move_activity_to(store, a.id, resource_section, 0)  # a drag and drop into another section
    assert [n for n, _ in numbers(store, programme)[0][1]] == ["1.1", "1.2"]
    assert get_activity(store, a.id).number == "1.1" and get_activity(store, b.id).number == "2.1"
    rename_section(store, staff_section, "Кадры")
    assert delete_section(store, resource_section) == 0
    assert numbers(store, programme) == [("1. Кадры", [("1.1", "Наставничество")])]
    with pytest.raises(ValidationError):
        rename_section(store, staff_section, " ")


def test_new_section_can_go_between(school_store, programme):
    first = add_section(school_store, programme, "Первый")
    add_section(school_store, programme, "Третий")
    add_section(school_store, programme, "Второй", after_section_id=first)
    assert [s for s, _ in numbers(school_store, programme)] == ["1. Первый", "2. Второй", "3. Третий"]


# --- statuses, overdue, progress, filters ----------------------------------------------


def test_status_rules(school_store, programme):
    section = add_section(school_store, programme, "Кадровое обеспечение")
    row = activity(school_store, section, "Курсы", actual_result="Записались 3 педагога")
    assert (row.status, row.status_label, row.done_on) == ("planned", "запланировано", None)
    done = set_status(school_store, row.id, "done", today=TODAY)
    assert (done.done_on, done.actual_result) == (TODAY, "Записались 3 педагога")
    done = set_status(school_store, row.id, "done", actual_result="Прошли 5 педагогов", today=TODAY)
    assert done.done_on == TODAY and done.actual_result == "Прошли 5 педагогов"
    back = set_status(school_store, row.id, "in_progress", today=TODAY)
    assert (back.status_label, back.done_on, back.actual_result) == ("в работе", None, "Прошли 5 педагогов")
    with pytest.raises(ValidationError) as refused:
        set_status(school_store, row.id, "done", done_on=TODAY + timedelta(days=1), today=TODAY)
    assert refused.value.errors == {"done_on": "Дата выполнения не может быть позже сегодняшнего дня."}
    data = back.data()
    data.done_on = TODAY
    with pytest.raises(ValidationError) as refused:
        update_activity(school_store, row.id, data, today=TODAY)
    assert refused.value.errors == {"done_on": "Дата выполнения ставится только у выполненного мероприятия."}
    data.status = "unknown"
    with pytest.raises(ValidationError, match="запланировано, в работе, выполнено, отменено"):
        update_activity(school_store, row.id, data, today=TODAY)
    with pytest.raises(ValidationError) as refused:
        activity(school_store, section, " ", deadline_text="x" * 201)
    assert set(refused.value.errors) == {"title", "deadline_text"}


def test_overdue_and_progress(school_store, programme):
    yesterday = TODAY - timedelta(days=1)
    assert is_overdue(yesterday, "planned", TODAY) and is_overdue(yesterday, "in_progress", TODAY)
    assert not is_overdue(yesterday, "done", TODAY) and not is_overdue(yesterday, "cancelled", TODAY)
    assert not is_overdue(TODAY, "planned", TODAY) and not is_overdue(None, "planned", TODAY)
    section = add_section(school_store, programme, "Кадровое обеспечение")
    late = activity(school_store, section, "Опоздавшее", due_date=yesterday, deadline_text="май")
    activity(school_store, section, "Выполненное", status="done", due_date=yesterday)
    activity(school_store, section, "Отменённое", status="cancelled", due_date=yesterday)
    activity(school_store, section, "Будущее", due_date=TODAY + timedelta(days=30))
    (row,) = plan_of(school_store, programme, today=TODAY)
    assert [a.overdue for a in row.activities] == [True, False, False, False]
    assert (row.done, row.total, row.progress) == (1, 3, "Выполнено 1 из 3")
    assert plan_progress([row]) == (1, 3)
    (only,) = plan_of(school_store, programme, PlanFilter(status=OVERDUE), today=TODAY)
    assert [a.id for a in only.activities] == [late.id]
    assert only.progress == "Выполнено 1 из 3"  # the progress line is the whole section's


def test_filters(school_store, programme):
    staff = add_section(school_store, programme, "Кадровое обеспечение")
    methods = add_section(school_store, programme, "Методическое обеспечение")
    activity(school_store, staff, "Курсы", responsible="Заместитель директора по УВР Шевченко О.П.")
    activity(school_store, staff, "Аттестация", responsible="Директор Гребенникова Т.В.", status="done")
    activity(school_store, methods, "Семинар", responsible="Руководитель МО Алёшина Е.Н.")

    def titles(**kw):
        return [
            a.title for s in plan_of(school_store, programme, PlanFilter(**kw), TODAY) for a in s.activities
        ]

    assert titles(responsible="ШЕВЧЕНКО") == ["Курсы"]
    assert titles(responsible="алешина") == ["Семинар"]  # ё and е match
    assert titles(responsible="директор") == ["Курсы", "Аттестация"]
    assert titles(status="done") == ["Аттестация"]
    assert titles(section_id=methods) == ["Семинар"]
    assert titles(status="done", section_id=methods) == []
    assert len(plan_of(school_store, programme, PlanFilter(status="cancelled"), TODAY)) == 0
    assert len(plan_of(school_store, programme, PlanFilter(), TODAY)) == 2


# --- links to the diaries ---------------------------------------------------------


@pytest.fixture
def linked(school_store, owner, programme):
    section = add_section(school_store, programme, "Кадровое обеспечение")
    first = activity(school_store, section, "Освоение технологий")
    second = activity(school_store, section, "Наставничество")
    teacher = add_staff(school_store, owner, StaffData(full_name="Бондаренко Наталья Александровна"))
    event = school_diary.create(
        school_store,
        owner,
        EventData(
            title="Практический семинар «Учитель-фасилитатор»",
            organizer="Муниципальная методическая служба",
            level="municipal",
            date_from=date(2021, 3, 18),
            participant_ids=[teacher.id],
            activity_ids=[first.id],
        ),
        today=TODAY,
    )
    entry = teacher_diary.create(
        school_store,
        owner,
        TeacherEntryData(
            staff_id=teacher.id,
            entry_date=date(2021, 4, 2),
            methods="Групповая работа",
            event_ids=[event],
            activity_ids=[first.id],
        ),
        today=TODAY,
    )
    return {"section": section, "first": first.id, "second": second.id, "event": event, "entry": entry}


def test_link_counts_and_soft_delete_keeps_links(school_store, owner, programme, linked):
    rows = {a.id: a for s in plan_of(school_store, programme, today=TODAY) for a in s.activities}
    assert (rows[linked["first"]].events, rows[linked["first"]].entries) == (1, 1)
    assert rows[linked["second"]].linked == 0
    with pytest.raises(UserError, match="нельзя удалить"):
        delete_programme(school_store, programme)
    assert delete_activity(school_store, linked["first"]) is True
    assert numbers(school_store, programme) == [("1. Кадровое обеспечение", [("1.1", "Наставничество")])]
    with school_store.session() as s:
        kept = s.get(PlanActivity, linked["first"])
        assert kept is not None and kept.deleted_at is not None
    assert [r.label for r in activity_choices(school_store, owner)] == ["1.1 Наставничество"]
    # The event still names the activity it served.
    assert [r.id for r in school_diary.get_row(school_store, linked["event"]).activities] == [linked["first"]]
    assert activity_path(school_store, linked["second"]).events == []
    assert delete_section(school_store, linked["section"]) == 0
    assert plan_of(school_store, programme, today=TODAY) == []


def test_delete_programme_without_links_passes_current_on(school_store, owner):
    older = create_programme(school_store, owner, passport("Старая", year_from=2017, year_to=2019))
    newer = create_programme(school_store, owner, passport("Новая", year_from=2020, year_to=2022))
    section = add_section(school_store, newer.id, "Раздел")
    activity(school_store, section, "Мероприятие")
    delete_programme(school_store, newer.id)
    assert current_programme(school_store, owner).id == older.id
    assert [p.title for p in list_programmes(school_store, owner)] == ["Старая"]
    with pytest.raises(UserError, match="удалена"):
        get_programme(school_store, newer.id)
