"""«Педагоги района»: seed 001's staff analysis for the district of tests/helpers/district_data
(Красноярская's one teacher, two teachers and a caretaker added to Нагольненская, Семиченская
without a staff list), counted by hand; on SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.core.store import Store
from app.office.district_staff import district_staff
from app.office.registry import list_registry
from db.models import Staff
from tests.helpers.district_data import KRASNOYARSK, NAGOLNOE, SCHOOLS, SEMICHNOE, build_office
from tests.helpers.report_files import write_kind

pytestmark = pytest.mark.both_backends

YEAR = "2020/2021"  # counted on 31.08.2021: КПК from 01.09.2018


def add_staff(store: Store) -> None:
    school_id = next(row.id for row in list_registry(store) if row.code == NAGOLNOE)
    with store.session() as s:
        for values in (
            {
                "full_name": "Старший",
                "subjects": ["Математика"],
                "category": "высшая",
                "education": "высшее",
                "birth_year": 1960,
                "experience_years": 38,
            },
            {
                "full_name": "Молодая",
                "subjects": ["русский язык", "литература"],
                "category": "первая",
                "education": "высшее",
                "birth_year": 1995,
                "experience_years": 3,
            },
            {"full_name": "Завхоз", "position": "заведующий хозяйством"},
        ):
            s.add(Staff(school_id=school_id, **values))


@pytest.fixture(scope="module")
def office_root(tmp_path_factory, on_backend) -> Path:
    root = tmp_path_factory.mktemp("district-staff")
    office = build_office(root, on_backend)
    add_staff(office)
    office.close()
    return root


@pytest.fixture
def office(office_root):
    store = Store.open(office_root / "office")
    yield store
    store.close()


def test_the_district_counts_all_the_schools_teachers_together(office):
    found = district_staff(office, academic_year=YEAR)
    a = found.total
    assert (a.staff, a.teachers) == (4, 3)
    counts = {
        name: (getattr(a, name).count, getattr(a, name).percent_text)
        for name in (
            "under_35",
            "over_55",
            "higher_education",
            "top_category",
            "experience_over_20",
            "courses",
        )
    }
    assert counts == {
        "under_35": (1, "33,3"),
        "over_55": (1, "33,3"),  # 2021 − 1960 = 61
        "higher_education": (2, "66,7"),
        "top_category": (2, "66,7"),
        "experience_over_20": (1, "33,3"),
        "courses": (1, "33,3"),  # Петрова of Красноярская: the seminar of 18.03.2021 and the forum
    }
    russian, maths = a.by_subject
    assert (russian.teachers, russian.top_category.count, maths.teachers, maths.over_55.count) == (1, 1, 1, 1)
    # Every subject, «Математика» spelled as the list spells it.
    assert {row.label: row.teachers for row in a.by_every_subject} == {
        "русский язык": 1,
        "литература": 1,
        "математика": 1,
    }


def test_each_school_beside_it_and_the_silent_one_named(office):
    found = district_staff(office, academic_year=YEAR)
    assert [(s.school.code, s.analysis.teachers) for s in found.schools] == [(KRASNOYARSK, 1), (NAGOLNOE, 2)]
    assert [s.code for s in found.silent] == [SEMICHNOE]
    assert SCHOOLS[SEMICHNOE] in found.gaps()[0] and "не вошли в итоги района" in found.gaps()[0]
    krasnoyarsk = found.schools[0].analysis
    assert krasnoyarsk.courses.count == 1 and krasnoyarsk.unknown["birth_year"] == 1


def test_the_printout(office, tmp_path):
    pdf = write_kind(office, "district-staff", "pdf", tmp_path / "s.pdf", academic_year=YEAR)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(pdf)).pages)
    assert "Кадровый состав школ района" in text and "Итого по району" in text
    assert "Качественный состав учителей русского языка и математики" in text
    assert "Не прислали списка педагогов" in text
    book = load_workbook(
        write_kind(office, "district-staff", "xlsx", tmp_path / "s.xlsx", academic_year=YEAR)
    )
    cells = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert "2 (66,7%)" in cells and f"{SCHOOLS[NAGOLNOE]} ({NAGOLNOE})" in cells
