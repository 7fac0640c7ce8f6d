"""The staff report: the staff analysis of a hand-made staff (who counts as a teacher, the limits
«до 35» and «более 20», courses in the last three years), the seed's table, Russian plurals."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from app.school.installation import own_school
from app.school.staff import StaffData, add_staff, set_active
from app.school.staff_analysis import analyse_staff, analysis_text, plural
from db.base import utcnow
from db.models import Event, EventParticipant
from tests.helpers.programme_reports import pdf_text, write

pytestmark = pytest.mark.both_backends


def add_event(store, school_id: str, start: date, end: date | None, people: list[str], deleted=False) -> None:
    with store.session() as s:
        event = Event(
            school_id=school_id,
            title="Курсы",
            level="regional",
            date_from=start,
            date_to=end,
            deleted_at=utcnow() if deleted else None,
        )
        s.add(event)
        s.flush()
        for person in people:
            s.add(EventParticipant(event_id=event.id, staff_id=person))


def test_staff_analysis_counts_a_hand_made_staff(school_store):
    school_id = own_school(school_store).id

    def person(name, **fields):
        return add_staff(school_store, school_id, StaffData(full_name=name, **fields)).id

    young = person(
        "Молодая",
        subjects=["русский язык", "литература"],
        category="высшая",
        education="высшее",
        birth_year=1995,
        experience_years=3,
        has_iprp=True,
        in_pos=True,
    )
    old = person(
        "Опытный",
        subjects=["математика"],
        category="первая",
        education="высшее",
        birth_year=1960,
        experience_years=38,
    )
    edge = person(
        "На границе",
        subjects=["физика"],
        category="соответствие",
        education="среднее профессиональное",
        birth_year=1986,
        experience_years=20,
    )
    person("Завхоз", position="заведующий хозяйством")  # staff, not a teacher
    unknown = person("Без данных", subjects=["Литература"])
    person("По должности", position="учитель начальных классов")  # no subject, but a teacher
    left = person("Ушла", subjects=["алгебра"], category="высшая", birth_year=1950)
    set_active(school_store, left, False)
    add_event(school_store, school_id, date(2020, 10, 1), date(2020, 12, 15), [young, old, left])
    add_event(school_store, school_id, date(2017, 5, 1), None, [edge])  # more than three years ago
    add_event(school_store, school_id, date(2021, 2, 1), None, [unknown], deleted=True)

    a = analyse_staff(school_store, school_id, reference=date(2021, 8, 31))
    assert (a.staff, a.teachers) == (6, 5)
    assert a.courses_since == date(2018, 9, 1)
    counts = {
        name: getattr(a, name).count
        for name in (
            "under_35",
            "higher_education",
            "top_category",
            "experience_over_20",
            "over_55",
            "courses",
            "iprp",
            "in_pos",
        )
    }
    assert counts == {
        "under_35": 1,  # 35 is not «до 35»
        "higher_education": 2,
        "top_category": 2,
        "experience_over_20": 1,  # 20 years is not «более 20»
        "over_55": 1,
        "courses": 2,  # the old and the deleted event do not count; the one who left is not a teacher
        "iprp": 1,
        "in_pos": 1,
    }
    assert a.top_category.total == 5 and a.top_category.percent_text == "40"
    russian, maths = a.by_subject
    assert (russian.teachers, russian.top_category.count, russian.courses.count) == (2, 1, 1)
    assert (maths.teachers, maths.top_category.count, maths.over_55.count) == (1, 1, 1)
    assert a.unknown == {"birth_year": 2, "education": 2, "category": 2, "experience_years": 2}
    words = " ".join(analysis_text(a))
    assert "в возрасте до 35 лет — 1 человек (20%)" in words
    assert "прошли 2 учителя — охват 40%" in words


def test_staff_report_prints_the_seed_table(school_store, tmp_path):
    school_id = own_school(school_store).id
    for n in range(3):
        add_staff(
            school_store,
            school_id,
            StaffData(full_name=f"Учитель {n}", subjects=["математика"], category="высшая" if n else None),
        )
    text = pdf_text(write(school_store, "staff", "pdf", tmp_path / "staff.pdf"))
    assert "Качественный состав учителей русского языка и математики" in text
    assert "Учителя Количество (чел.) Квалификационная категория Курсы повышения квалификации" in text
    assert "Математика 3 2/66,7% 0%" in text
    ws = load_workbook(write(school_store, "staff", "xlsx", tmp_path / "staff.xlsx"))["Состав учителей"]
    row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Учителей всего")
    assert ws.parent.sheetnames == [
        "Анализ кадрового состава",
        "Состав учителей",
        "Качественный состав учителей…",
    ]
    assert [ws.cell(row, 2).value, ws.cell(row, 3).value] == [3, 100]


def test_plural():
    assert [plural(n, "учитель", "учителя", "учителей") for n in (1, 2, 5, 11, 21, 22, 112)] == [
        "учитель",
        "учителя",
        "учителей",
        "учителей",
        "учитель",
        "учителя",
        "учителей",
    ]
