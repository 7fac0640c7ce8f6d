"""«Что дошло до практики»: from a catalogue event through the school's event, its teacher's diary
entry and plan activity, to the school's results before and after — on tests/helpers/district_data
(Красноярская's seminar answers the office's catalogue event); a need's chain too; counted by
hand, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.core.store import Store
from app.office.catalogue import CatalogueData, add_event
from app.office.effectiveness import CATALOGUE, NEED, effectiveness
from app.office.registry import list_registry
from app.support.support_office import link_offer
from db.models import Event, SupportNeed, SupportNeedEvent
from tests.helpers.district_data import KRASNOYARSK, SCHOOLS, SEMICHNOE, build_office
from tests.helpers.report_files import write_kind

pytestmark = pytest.mark.both_backends

SEMINAR = "Практический семинар «Учитель-фасилитатор»"
CATALOGUE_SEMINAR = "Семинар «Учитель-фасилитатор» (район)"
WEBINAR = "Вебинар по функциональной грамотности"


def add_chains(office: Store) -> None:
    ids = {row.code: row.id for row in list_registry(office)}
    seminar = add_event(office, CatalogueData(title=CATALOGUE_SEMINAR, date_from=date(2021, 3, 18)))
    webinar = add_event(office, CatalogueData(title=WEBINAR, date_from=date(2021, 4, 1)))
    with office.session() as s:
        event = s.query(Event).filter(Event.title == SEMINAR).one()
        event.catalog_event_id = seminar.id  # the school noted it attended the office's seminar
        waiting = SupportNeed(
            school_id=ids[SEMICHNOE], content="Методика смыслового чтения", level="municipal"
        )
        helped = SupportNeed(school_id=ids[KRASNOYARSK], content="Обучение фасилитации", level="municipal")
        s.add_all([waiting, helped])
        s.flush()
        s.add(SupportNeedEvent(need_id=helped.id, event_id=event.id))
        waiting_id = waiting.id
    link_offer(office, [waiting_id], webinar.id)


@pytest.fixture(scope="module")
def office_root(tmp_path_factory, on_backend) -> Path:
    root = tmp_path_factory.mktemp("effectiveness")
    office = build_office(root, on_backend)
    add_chains(office)
    office.close()
    return root


@pytest.fixture
def office(office_root):
    store = Store.open(office_root / "office")
    yield store
    store.close()


def by_title(found):
    return {item.title: item for item in found.items}


def test_from_a_catalogue_event_through_diary_entries_to_results(office):
    item = by_title(effectiveness(office))[CATALOGUE_SEMINAR]
    assert item.kind == CATALOGUE
    assert [s.code for s in item.schools] == [KRASNOYARSK]
    assert (item.participants, item.teacher_entries, item.director_entries) == (1, 1, 0)
    assert item.stage_text == "применяется: есть записи дневников"
    assert any("Школа современного учителя" in label for label in item.activities)
    [dynamics] = item.dynamics
    # March 2021 is in 2020/2021: before — the last year up to 2020, after — from 2021 on.
    assert [c.text for c in dynamics.changes] == [
        "ВПР, математика: 3,4 (2020) → 3,66 (2021), +0,26",
        "ВПР, русский язык: 3,33 (2020) → 3,61 (2021), +0,28",
        "ОГЭ, математика: 4 (2019) → 3,33 (2021), −0,67",
        "ОГЭ, русский язык: 3,84 (2019) → 3,2 (2021), −0,64",
        "Качество знаний, %: 40 (2019/2020) → 50 (2020/2021), +10",
    ]  # ЕГЭ: nothing from 2021 on, not compared
    assert (item.rose, item.fell) == (3, 2)
    assert item.results_text == "лучше: 3, хуже: 2 (из 5)"


def test_an_offer_not_taken_and_a_need_helped_sorted_by_reach(office):
    found = effectiveness(office)
    items = by_title(found)
    webinar = items[WEBINAR]
    assert [s.code for s in webinar.offered_to] == [SEMICHNOE]
    assert webinar.schools == [] and webinar.stage_text == "не дошло до школ"
    assert webinar.results_text == "-"
    helped = items["Обучение фасилитации (муниципальный уровень)"]
    assert helped.kind == NEED and helped.teacher_entries == 1 and helped.when == date(2021, 3, 18)
    waiting = items["Методика смыслового чтения (муниципальный уровень)"]
    assert waiting.stage == 0 and [s.code for s in waiting.offered_to] == [SEMICHNOE]
    stages = [item.stage for item in found.items]
    assert stages == sorted(stages, reverse=True)  # furthest reach first
    assert found.items[-1].stage == 0


def test_the_printout_says_it_is_no_proof_of_cause(office, tmp_path):
    pdf = write_kind(office, "effectiveness", "pdf", tmp_path / "e.pdf")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(pdf)).pages)
    assert "не доказательство" in text
    assert CATALOGUE_SEMINAR in text and SCHOOLS[KRASNOYARSK] in text
    assert "3,33 (2020) → 3,61 (2021)" in text
    book = load_workbook(write_kind(office, "effectiveness", "xlsx", tmp_path / "e.xlsx"))
    cells = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert any(WEBINAR in str(cell) for cell in cells)
