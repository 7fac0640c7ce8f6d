"""#17: the municipal demo does not contradict itself — each of its three schools has support
needs, indicator values, a director's diary and assessment results, so every district view shows
three schools that differ, and the district report says the schools that left the list."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.core.store import Store
from app.demo.office import build_office_demo
from app.office.identification import identify
from app.reports.catalog import writer
from db.models import DirectorDiaryEntry, Indicator, IndicatorValue, School, SupportNeed
from tests.helpers.programme_reports import pdf_text

SCHOOLS = ("МКОУ Красноярская СШ", "МКОУ Нагольненская СШ", "МКОУ Семиченская СШ")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("office"))
    build_office_demo(store)
    yield store
    store.close()


def test_every_school_has_needs_indicator_values_and_a_directors_diary(office):
    with office.session() as s:
        for school_id, name in s.execute(select(School.id, School.name)):
            needs = s.scalar(
                select(func.count()).select_from(SupportNeed).where(SupportNeed.school_id == school_id)
            )
            values = s.scalar(
                select(func.count())
                .select_from(IndicatorValue)
                .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
                .where(Indicator.school_id == school_id, IndicatorValue.actual.is_not(None))
            )
            diary = s.scalar(
                select(func.count())
                .select_from(DirectorDiaryEntry)
                .where(DirectorDiaryEntry.school_id == school_id)
            )
            assert needs and values and diary, (name, needs, values, diary)


def test_identification_tells_the_schools_apart(office):
    verdicts = {
        school.name: tuple(r.text for r in school.results.values()) for school in identify(office).schools
    }
    assert set(verdicts) == set(SCHOOLS)
    assert len(set(verdicts.values())) == 3, verdicts


@pytest.mark.parametrize("kind", ["district", "district-indicators", "support"])
def test_every_district_printout_shows_the_three_schools(office, tmp_path, kind):
    writer(office, kind)("pdf", tmp_path / f"{kind}.pdf")
    text = pdf_text(tmp_path / f"{kind}.pdf")
    assert all(name in text for name in SCHOOLS), kind
    if kind == "district":
        assert "Количество школ с низкими образовательными результатами в муниципальном районе: 3" in text
        assert "вышли из списка в этот период: 3 (20.05.2021)" in text


def test_block2_writes_every_schools_dates_the_same_way(office, tmp_path):
    """Seed 004's «2020 г 03.06.2021г.- 30.11.2021г.» is typed three ways by the three schools;
    Блок 2 prints it one way for all of them."""
    writer(office, "district")("pdf", tmp_path / "d.pdf")
    text = pdf_text(tmp_path / "d.pdf")
    assert text.count("2020 г.; 03.06.2021 г. – 30.11.2021 г.") >= 3
    assert "2021г." not in text and "2020 г 03" not in text
