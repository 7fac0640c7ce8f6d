"""«Каталог мероприятий» at the office: kept, checked and refused with messages beside the fields,
refused at a school, and carried to the school by the feedback package when it changes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.core.errors import UserError, ValidationError
from app.office.catalogue import (
    OFFICE_ONLY,
    CatalogueData,
    add_event,
    list_events,
    remove_event,
    update_event,
)
from app.office.feedback_view import catalogue
from app.support.support_office import link_offer
from db.models import CatalogEvent, SupportNeed
from tests.helpers.demo_office import demo_office
from tests.helpers.sync_data import (
    dump,
    open_office,
    send_feedback,
)

SEMINAR = CatalogueData(
    title="  Семинар «Мотивация к учению» ",
    form="семинар",
    organizer="МКУ  «ИМЦ»",
    level="municipal",
    date_from=date(2021, 4, 5),
    date_to=date(2021, 4, 6),
    key_elements="Приёмы мотивации; работа в группах",
)


@pytest.fixture
def office(tmp_path):
    store = open_office(tmp_path / "office")
    yield store
    store.close()


@pytest.fixture
def pair(tmp_path):
    """A demo school and its office, which has imported the school's first package."""
    school, office, office_school_id = demo_office(tmp_path)
    yield school, office, office_school_id
    school.close()
    office.close()


def test_add_change_and_remove(office):
    added = add_event(office, SEMINAR)
    assert added.title == "Семинар «Мотивация к учению»"  # spaces tidied
    assert added.organizer == "МКУ «ИМЦ»"
    assert (added.level_label, added.dates) == ("муниципальный", "05.04.2021 – 06.04.2021")
    webinar = add_event(office, CatalogueData(title="Вебинар по ВПР", level="regional"))
    # Soonest first, undated last.
    assert [e.title for e in list_events(office)] == ["Семинар «Мотивация к учению»", "Вебинар по ВПР"]

    changed = update_event(
        office, added.id, CatalogueData(**{**vars(added.data()), "title": "Семинар «Мотивация»"})
    )
    assert changed.title == "Семинар «Мотивация»" and changed.date_to == date(2021, 4, 6)
    assert {e.id: e.title for e in list_events(office)}[added.id] == "Семинар «Мотивация»"

    remove_event(office, webinar.id)
    assert [e.id for e in list_events(office)] == [added.id]
    with office.session() as s:
        assert s.get(CatalogEvent, webinar.id).deleted_at is not None  # kept, marked removed
    with pytest.raises(UserError, match="больше нет в каталоге"):
        update_event(office, webinar.id, SEMINAR)
    with pytest.raises(UserError, match="больше нет в каталоге"):
        remove_event(office, webinar.id)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": "   "}, "title", "Впишите название"),
        ({"date_from": date(2021, 5, 1), "date_to": date(2021, 4, 1)}, "date_to", "раньше даты начала"),
        ({"date_from": None, "date_to": date(2021, 4, 1)}, "date_from", "укажите и дату начала"),
        ({"date_from": date(1921, 4, 1), "date_to": None}, "date_from", "Год 1921"),
        ({"level": "district"}, "level", "Выберите уровень"),
        ({"form": "с" * 201}, "form", "не длиннее 200"),
    ],
)
def test_refused_with_a_message_beside_the_field(office, changes, field, words):
    kept = add_event(office, SEMINAR)
    before = dump(office)
    wrong = CatalogueData(**{**vars(SEMINAR), **changes})
    for attempt in (lambda: add_event(office, wrong), lambda: update_event(office, kept.id, wrong)):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert list(refused.value.errors) == [field]
        assert words in refused.value.errors[field]
    assert dump(office) == before  # bad input leaves the data as it was


def test_refused_at_a_school(school_store):
    with pytest.raises(UserError) as refused:
        add_event(school_store, SEMINAR)
    assert refused.value.message == OFFICE_ONLY
    for attempt in (
        lambda: list_events(school_store),
        lambda: update_event(school_store, "x", SEMINAR),
        lambda: remove_event(school_store, "x"),
    ):
        with pytest.raises(UserError, match="ведёт управление образования"):
            attempt()


def test_the_needs_an_event_answers_are_listed(pair):
    _school, office, office_school_id = pair
    event = add_event(office, SEMINAR)
    with office.session() as s:
        need = s.scalars(
            select(SupportNeed).where(SupportNeed.school_id == office_school_id).order_by(SupportNeed.id)
        ).first()
        need_id, content = need.id, need.content
    link_offer(office, [need_id], event.id)
    [row] = list_events(office)
    assert [(o.id, o.label) for o in row.offers] == [(need_id, f"МКОУ Нагольненская СШ: {content}")]


def test_an_edited_event_goes_out_with_the_next_feedback_and_arrives(pair):
    school, office, office_school_id = pair
    event = add_event(office, SEMINAR)
    changes = send_feedback(office, office_school_id, school)
    assert changes.added["event_catalog"] == 1
    arrived = {e.id: e for e in catalogue(school)}[event.id]
    assert (arrived.title, arrived.level, arrived.date_from) == (
        "Семинар «Мотивация к учению»",
        "муниципальный",
        date(2021, 4, 5),
    )

    moved = CatalogueData(**{**vars(SEMINAR), "date_from": date(2021, 5, 12), "date_to": None})
    update_event(office, event.id, CatalogueData(**{**vars(moved), "title": "Семинар (перенесён)"}))
    changes = send_feedback(office, office_school_id, school)  # at once: the same second
    assert changes.changed["event_catalog"] == 1
    arrived = {e.id: e for e in catalogue(school)}[event.id]
    assert (arrived.title, arrived.date_from, arrived.date_to) == (
        "Семинар (перенесён)",
        date(2021, 5, 12),
        None,
    )

    # Saved with nothing changed, it does not travel again.
    update_event(office, event.id, CatalogueData(**{**vars(moved), "title": "Семинар (перенесён)"}))
    assert send_feedback(office, office_school_id, school).changed.get("event_catalog", 0) == 0

    remove_event(office, event.id)
    changes = send_feedback(office, office_school_id, school)
    assert changes.removed["event_catalog"] == 1
    assert event.id not in {e.id for e in catalogue(school)}
