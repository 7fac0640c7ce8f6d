"""Реестр школ: rows built from schools, packages and plans; schools registered by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.core.errors import ValidationError
from app.office.registry import NO_KEY, SchoolData, add_school, list_registry, update_school
from app.school.installation import init_municipality
from app.sync.keys import encode_key, fingerprint
from db.models import PackageLogEntry, PlanActivity, PlanSection, Programme, School

TODAY = date(2024, 3, 1)


@pytest.fixture
def office(store):
    init_municipality(store, "Отдел образования Котельниковского района")
    return store


def _school(s, code: str, name: str, **values) -> School:
    school = School(code=code, name=name, **values)
    s.add(school)
    s.flush()
    return school


def _package(s, school: School, sequence: int, made: datetime, result: str = "imported") -> None:
    s.add(
        PackageLogEntry(
            direction="in",
            kind="school_snapshot",
            school_id=school.id,
            sequence=sequence,
            package_created_at=made,
            result=result,
        )
    )


def _plan(s, school: School, statuses: list[tuple[str, date | None]], current: bool = True) -> None:
    programme = Programme(
        school_id=school.id, title="Программа", year_from=2023, year_to=2025, is_current=current
    )
    s.add(programme)
    s.flush()
    section = PlanSection(school_id=school.id, program_id=programme.id, number="1", title="Раздел")
    s.add(section)
    s.flush()
    for i, (status, due) in enumerate(statuses, 1):
        s.add(
            PlanActivity(
                school_id=school.id,
                program_id=programme.id,
                section_id=section.id,
                number=f"1.{i}",
                title=f"Мероприятие {i}",
                status=status,
                due_date=due,
                done_on=due if status == "done" else None,
            )
        )


def test_rows_show_packages_keys_and_plan(office):
    key = encode_key(bytes(range(32)))
    with office.session() as s:
        fresh = _school(
            s,
            "3410",
            "МКОУ Красноярская СШ",
            settlement="х. Красноярский",
            is_shnor=True,
            in_programme_since=date(2021, 9, 1),
            signing_key=key,
        )
        silent = _school(s, "3411", "МКОУ Нагольненская СШ", is_shnsu=True, is_pilot=True)
        never = _school(
            s,
            "3412",
            "МКОУ Семиченская СШ",
            in_programme_since=date(2021, 9, 1),
            left_programme_on=date(2023, 9, 1),
            left_grounds="не входит в список ШНОР по итогам ВПР",
        )
        _package(s, fresh, 1, datetime(2024, 1, 10, 9, tzinfo=UTC))
        _package(s, fresh, 3, datetime(2024, 2, 20, 9, tzinfo=UTC))
        _package(s, fresh, 2, datetime(2024, 2, 1, 9, tzinfo=UTC))
        _package(s, fresh, 9, datetime(2024, 2, 28, 9, tzinfo=UTC), result="refused")
        _package(s, silent, 5, datetime(2024, 1, 15, 9, tzinfo=UTC))
        _plan(
            s,
            fresh,
            [
                ("done", date(2024, 1, 1)),
                ("planned", date(2024, 2, 1)),  # overdue
                ("in_progress", date(2024, 2, 15)),  # overdue
                ("cancelled", date(2024, 1, 1)),  # not overdue: cancelled
                ("planned", date(2024, 6, 1)),
                ("planned", None),
            ],
        )
        _plan(s, fresh, [("planned", date(2020, 1, 1))] * 4, current=False)  # an old programme
        deleted = PlanActivity(
            school_id=fresh.id,
            program_id=s.query(Programme).filter_by(is_current=True).one().id,
            section_id=s.query(PlanSection).first().id,
            number="9",
            title="удалено",
            status="planned",
            due_date=date(2020, 1, 1),
            deleted_at=datetime(2024, 1, 1, tzinfo=UTC),
        )
        s.add(deleted)
        never_id = never.id

    rows = {row.code: row for row in list_registry(office, today=TODAY)}
    assert [row.name for row in list_registry(office, today=TODAY)] == [
        "МКОУ Красноярская СШ",
        "МКОУ Нагольненская СШ",
        "МКОУ Семиченская СШ",
    ]

    fresh_row = rows["3410"]
    assert fresh_row.status == "ШНОР"
    assert fresh_row.settlement == "х. Красноярский"
    assert fresh_row.key_fingerprint == fingerprint(key) and fresh_row.has_key
    assert (fresh_row.last_sequence, fresh_row.last_package_on) == (3, date(2024, 2, 20))
    assert fresh_row.days_silent == 10 and not fresh_row.stale
    assert (fresh_row.activities, fresh_row.done, fresh_row.overdue) == (6, 1, 2)
    assert fresh_row.done_share == pytest.approx(1 / 6)
    assert fresh_row.overdue_share == pytest.approx(2 / 6)

    silent_row = rows["3411"]
    assert silent_row.status == "ШНСУ, пилотная"
    assert silent_row.key_fingerprint == NO_KEY and not silent_row.has_key
    assert silent_row.days_silent == 46 and silent_row.stale
    assert silent_row.activities == 0 and silent_row.done_share is None

    never_row = rows["3412"]
    assert never_row.id == never_id
    assert never_row.last_sequence is None and never_row.days_silent is None and never_row.stale
    assert never_row.left_programme_on == date(2023, 9, 1)
    assert never_row.left_grounds == "не входит в список ШНОР по итогам ВПР"


def test_thirty_days_is_not_yet_stale(office):
    with office.session() as s:
        school = _school(s, "1", "Школа")
        _package(s, school, 1, datetime(2024, 1, 31, 12, tzinfo=UTC))
    (row,) = list_registry(office, today=TODAY)
    assert row.days_silent == 30 and not row.stale
    (row,) = list_registry(office, today=date(2024, 3, 2))
    assert row.days_silent == 31 and row.stale


def test_a_school_registered_by_hand_before_its_first_package(office):
    row = add_school(
        office,
        SchoolData(
            code=" 34 10 ",
            name="  МКОУ   Красноярская СШ ",
            settlement="х. Красноярский",
            is_shnor=True,
            in_programme_since=date(2021, 9, 1),
        ),
    )
    assert (row.code, row.name, row.status) == ("3410", "МКОУ Красноярская СШ", "ШНОР")
    assert row.last_sequence is None and row.stale and row.key_fingerprint == NO_KEY

    changed = update_school(
        office,
        row.id,
        SchoolData(
            code="3410",
            name="МКОУ Красноярская СШ",
            is_shnor=False,
            in_programme_since=date(2021, 9, 1),
            left_programme_on=date(2023, 9, 1),
            left_grounds="приказ № 12",
        ),
    )
    assert (changed.left_programme_on, changed.left_grounds, changed.status) == (
        date(2023, 9, 1),
        "приказ № 12",
        "",
    )
    with office.session() as s:
        assert s.get(School, row.id).left_grounds == "приказ № 12"


def test_validation_messages(office):
    add_school(office, SchoolData(code="3410", name="МКОУ Красноярская СШ"))
    with pytest.raises(ValidationError) as caught:
        add_school(office, SchoolData(code="3410", name=""))
    assert "уже есть в реестре" in caught.value.errors["code"]
    assert "наименование" in caught.value.errors["name"]

    with pytest.raises(ValidationError) as caught:
        add_school(
            office,
            SchoolData(
                code="3411",
                name="Школа",
                in_programme_since=date(2022, 1, 1),
                left_programme_on=date(2021, 1, 1),
                left_grounds="x",
            ),
        )
    assert "раньше даты включения" in caught.value.errors["left_programme_on"]

    with pytest.raises(ValidationError) as caught:
        add_school(office, SchoolData(code="3411", name="Школа", left_programme_on=date(2021, 1, 1)))
    assert "основания" in caught.value.errors["left_grounds"].lower()

    with pytest.raises(ValidationError) as caught:
        add_school(office, SchoolData(code="", name="Школа"))
    assert "код" in caught.value.errors["code"].lower()

    # Editing a school keeps its own code.
    (row,) = list_registry(office)
    assert update_school(office, row.id, SchoolData(code="3410", name="Новое имя")).name == "Новое имя"
