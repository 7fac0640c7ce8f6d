"""Реестр школ in the office's window: it sorts and filters, and a silent school stands out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from app.office.registry import NO_KEY
from app.school.installation import init_municipality
from db.models import PackageLogEntry, PlanActivity, PlanSection, Programme, School
from tests.helpers.window import go_to, open_window, script_dialog, type_text
from ui.dialogs.school_dialog import SchoolDialog
from ui.models.registry_table import (
    COL_ATTENTION,
    COL_CODE,
    COL_CRITERIA,
    COL_KEY,
    COL_NAME,
    COL_SILENT,
    STALE_BACKGROUND,
    STALE_ROLE,
)
from ui.pages.office.registry import RegistryPage


@pytest.fixture
def office(store):
    init_municipality(store, "Отдел образования Котельниковского района")
    now = datetime.now(UTC)
    with store.session() as s:
        schools = [
            School(code="3410", name="МКОУ Красноярская СШ", settlement="х. Красноярский", is_shnor=True),
            School(code="3411", name="МКОУ Нагольненская СШ", settlement="х. Нагольный", is_shnsu=True),
            School(code="3412", name="МКОУ Семиченская СШ", settlement="х. Семичный", is_pilot=True),
        ]
        s.add_all(schools)
        s.flush()
        for school, days in ((schools[0], 3), (schools[1], 45)):
            s.add(
                PackageLogEntry(
                    direction="in",
                    school_id=school.id,
                    sequence=2,
                    result="imported",
                    package_created_at=now - timedelta(days=days),
                )
            )
    return store


def names(page: RegistryPage) -> list[str]:
    return [page.proxy.index(r, COL_NAME).data() for r in range(page.proxy.rowCount())]


def row_of(page: RegistryPage, name: str) -> int:
    return names(page).index(name)


def test_the_registry_sorts_and_filters(qtbot, office):
    window = open_window(qtbot, office)
    page = go_to(qtbot, window, "Реестр школ")
    assert isinstance(page, RegistryPage)
    assert names(page) == ["МКОУ Красноярская СШ", "МКОУ Нагольненская СШ", "МКОУ Семиченская СШ"]

    # Click «Дней без пакета»: the freshest first, «никогда» last.
    header = page.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(COL_SILENT) + 5, 5),
    )
    assert names(page) == ["МКОУ Красноярская СШ", "МКОУ Нагольненская СШ", "МКОУ Семиченская СШ"]
    assert [page.proxy.index(r, COL_SILENT).data() for r in range(3)] == ["3", "45", "никогда"]
    page.table.sortByColumn(COL_SILENT, Qt.SortOrder.DescendingOrder)
    assert names(page)[0] == "МКОУ Семиченская СШ"
    page.table.sortByColumn(COL_CODE, Qt.SortOrder.DescendingOrder)
    assert [page.proxy.index(r, COL_CODE).data() for r in range(3)] == ["3412", "3411", "3410"]

    page.stale_check.setChecked(True)
    assert sorted(names(page)) == ["МКОУ Нагольненская СШ", "МКОУ Семиченская СШ"]
    page.status_combo.setCurrentIndex(page.status_combo.findData("ШНСУ"))
    assert names(page) == ["МКОУ Нагольненская СШ"]
    assert "показано: 1" in page.count_label.text()

    page.stale_check.setChecked(False)
    page.status_combo.setCurrentIndex(0)
    type_text(page.search_edit, "семич")
    assert names(page) == ["МКОУ Семиченская СШ"]
    page.search_edit.clear()
    type_text(page.search_edit, "3410")
    assert names(page) == ["МКОУ Красноярская СШ"]
    page.search_edit.clear()
    assert len(names(page)) == 3


def test_a_stale_school_stands_out(qtbot, office):
    window = open_window(qtbot, office)
    page = go_to(qtbot, window, "Реестр школ")
    for name, stale in (
        ("МКОУ Красноярская СШ", False),
        ("МКОУ Нагольненская СШ", True),
        ("МКОУ Семиченская СШ", True),
    ):
        index = page.proxy.index(row_of(page, name), COL_NAME)
        assert index.data(STALE_ROLE) is stale
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        assert (background is not None and background.color() == STALE_BACKGROUND) is stale
    assert page.proxy.index(row_of(page, "МКОУ Семиченская СШ"), COL_KEY).data() == NO_KEY
    assert page.legend_label.isVisible() and "30 дней" in page.legend_label.text()
    assert "молчат: 2" in page.count_label.text()


def test_a_school_added_by_hand_appears_selected(qtbot, office, monkeypatch):
    window = open_window(qtbot, office)
    page = go_to(qtbot, window, "Реестр школ")
    page.stale_check.setChecked(True)

    def fill(dialog: SchoolDialog) -> None:
        dialog.save_button.click()  # empty: refused with messages
        assert dialog.isVisible() and "код" in dialog.errors.message("code").lower()
        type_text(dialog.code_edit, "3413")
        type_text(dialog.name_edit, "МКОУ Пимено-Чернянская СШ")
        dialog.shnor_check.setChecked(True)
        dialog.since_edit.set_value(date(2022, 9, 1))
        dialog.save_button.click()

    script_dialog(monkeypatch, fill, SchoolDialog)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert not page.stale_check.isChecked()
    assert page.selected().name == "МКОУ Пимено-Чернянская СШ"
    assert page.selected().stale and page.selected().in_programme_since == date(2022, 9, 1)
    assert len(names(page)) == 4


def test_schools_needing_attention_are_marked_and_filtered_by_clicks(qtbot, office):
    with office.session() as s:
        kras_id = s.query(School.id).filter_by(code="3410").scalar()
    window = open_window(qtbot, office)
    page = go_to(qtbot, window, "Реестр школ")
    marks = {name: page.proxy.index(row_of(page, name), COL_ATTENTION).data() for name in names(page)}
    assert marks == {"МКОУ Красноярская СШ": "", "МКОУ Нагольненская СШ": "!", "МКОУ Семиченская СШ": "!"}
    tip = page.proxy.index(row_of(page, "МКОУ Нагольненская СШ"), COL_ATTENTION).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "Требует внимания" in tip and "молчит 45 дн." in tip
    tip = page.proxy.index(row_of(page, "МКОУ Семиченская СШ"), COL_NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert "ещё не прислала ни одного пакета" in tip
    assert page.proxy.index(0, COL_CRITERIA).data() == "—"  # no results to check the criteria by
    assert "требуют внимания: 2" in page.count_label.text()

    qtbot.mouseClick(page.attention_check, Qt.MouseButton.LeftButton)
    assert sorted(names(page)) == ["МКОУ Нагольненская СШ", "МКОУ Семиченская СШ"]
    qtbot.mouseClick(page.attention_check, Qt.MouseButton.LeftButton)
    assert len(names(page)) == 3

    # An overdue plan activity makes a fresh school need attention too; sorted by the mark.
    with office.session() as s:
        programme = Programme(
            school_id=kras_id, title="Программа", year_from=2023, year_to=2025, is_current=True
        )
        s.add(programme)
        s.flush()
        section = PlanSection(school_id=kras_id, program_id=programme.id, number="1", title="Раздел")
        s.add(section)
        s.flush()
        s.add(
            PlanActivity(
                school_id=kras_id,
                program_id=programme.id,
                section_id=section.id,
                number="1.1",
                title="Семинар",
                due_date=date.today() - timedelta(days=3),
            )
        )
    page.refresh()
    tip = page.proxy.index(row_of(page, "МКОУ Красноярская СШ"), COL_ATTENTION).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "просрочено мероприятий плана: 1" in tip
    header = page.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(COL_ATTENTION) + 5, 5),
    )
    order = [
        page.proxy.index(r, COL_ATTENTION).data(Qt.ItemDataRole.ToolTipRole).count("•") for r in range(3)
    ]
    assert order == sorted(order) or order == sorted(order, reverse=True)
