"""«Новое во всех школах»: across the three schools, after two imports, exactly what changed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.office.news import day_start, news
from app.office.news_seen import mark_seen, previous_visit, seen, start_visit
from tests.helpers.district_data import KRASNOYARSK, NAGOLNOE, SCHOOLS, SEMICHNOE
from tests.helpers.district_news import (
    COMMENT,
    DUE_ACTIVITY,
    ENTRY_METHODS,
    MET_NEED,
    NEED,
    SILENT_SCHOOL,
    build_week,
)

pytestmark = pytest.mark.both_backends


@pytest.fixture
def district(tmp_path, on_backend):
    district = build_week(tmp_path, on_backend)
    yield district
    district.close()


def lines(found) -> set[tuple]:
    return {
        (school.name, line.section, line.what, line.record_id)
        for school in found.schools
        for line in school.lines
    }


def test_the_news_lists_exactly_what_changed_in_every_school(district):
    ids, kras, nag = district.ids, SCHOOLS[KRASNOYARSK], SCHOOLS[NAGOLNOE]
    found = news(district.office, district.visit)
    assert lines(found) == {
        (kras, "diaries", "Дневник педагога: новое", ids["entry"]),
        (kras, "diaries", "Дневник директора: удалено", None),  # nothing left to open
        (kras, "plan", "выполнено", ids["consultations"]),
        (kras, "support", "нужна поддержка", ids["need"]),
        (kras, "comments", "не отправлен", ids["entry"]),  # opens the entry it is written on
        (nag, "diaries", "Дневник школы (события): новое", ids["seminar"]),
        (nag, "support", "поддержка получена", ids["met_need"]),
        (SILENT_SCHOOL, "silence", "молчит > 30 дн.", None),
    }
    assert SCHOOLS[SEMICHNOE] not in [s.name for s in found.schools]  # sent again, changed nothing
    assert [s.name for s in found.schools] == sorted(s.name for s in found.schools)
    titles = {(line.section, line.record_id): line.title for line in found.lines}
    assert ENTRY_METHODS in titles["diaries", ids["entry"]]
    assert titles["comments", ids["entry"]] == f"к записи педагога: {COMMENT}"
    titles = {line.record_id: line.title for line in found.lines}
    assert NEED in titles[ids["need"]] and MET_NEED in titles[ids["met_need"]]
    by_instrument = {line.record_id: line.instrument for line in found.lines}
    assert by_instrument[ids["consultations"]] == "plan_activities"
    assert by_instrument[ids["need"]] == "support_needs"

    # Two days on, Нагольненская's new activity is overdue; a day chosen before the first packages
    # shows each school's first package as one line, not every record it brought.
    later = news(district.office, district.visit, today=date.today() + timedelta(days=5))
    overdue = [line for line in later.lines if line.what == "просрочено"]
    assert [(line.record_id, DUE_ACTIVITY in line.title) for line in overdue] == [(ids["due"], True)]
    week = news(district.office, day_start(date.today() - timedelta(days=7)))
    firsts = [line for line in week.lines if line.section == "packages"]
    assert len(firsts) == 3 and all("первый пакет" in line.title for line in firsts)
    assert not [line for line in week.lines if line.section == "diaries"]


def test_the_visit_and_the_seen_marks_are_the_users(district):
    office = district.office
    assert previous_visit(office) is None and start_visit(office) is None
    first = previous_visit(office)
    assert start_visit(office) == first
    found = news(office, district.visit)
    keys = [line.key for line in found.lines]
    mark_seen(office, keys[:2])
    assert seen(office) == set(keys[:2])
    mark_seen(office, keys[:1], on=False)
    assert seen(office) == {keys[1]}
    # A record changed again is news again: its key follows the change.
    assert len(set(keys)) == len(keys)
