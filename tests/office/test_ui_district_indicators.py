"""«Программа района → Показатели школ района»: seed 000's table for the district in the office's
window — each school's values by academic year and the district mean, the years and the filters,
a school's row opening its «Показатели» on the curator's desk."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.core.store import Store
from app.office.district_monitoring import indicator_years
from app.office.district_results import NOT_SENT
from app.school.installation import init_municipality
from tests.helpers.demo_office import demo_office
from tests.helpers.district_data import NAGOLNOE, SCHOOLS, SEMICHNOE, build_office
from tests.helpers.window import go_to, open_window, type_text
from ui.pages.programme.district_indicators import (
    NO_SCHOOLS,
    NOTHING_FOUND,
    SCHOOL_ROLE,
    DistrictIndicatorsPage,
)
from ui.pages.programme.indicators import IndicatorsPage
from ui.pages.reports.district_report import DistrictReportPage

TITLE = "Показатели школ района"
LEFT = Qt.MouseButton.LeftButton
QUALITY, FAILING = "Качество знаний, %", "Количество неуспевающих, чел."


@pytest.fixture(scope="module")
def office_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("district-indicators-ui")
    build_office(root).close()
    return root


@pytest.fixture
def office(office_root):
    store = Store.open(office_root / "office")
    yield store
    store.close()


@pytest.fixture
def page(qtbot, office) -> DistrictIndicatorsPage:
    window = open_window(qtbot, office)
    page = go_to(qtbot, window, TITLE)
    assert isinstance(page, DistrictIndicatorsPage)
    return page


def rows(page: DistrictIndicatorsPage) -> list[list[str]]:
    table = page.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def block(page: DistrictIndicatorsPage, title: str) -> list[list[str]]:
    """The indicator's heading row, its schools' rows and the mean's."""
    found = rows(page)
    start = next(n for n, row in enumerate(found) if row[0] == title)
    end = next(n for n in range(start + 1, len(found)) if found[n][0].startswith("Среднее по району"))
    return found[start : end + 1]


def headers(page: DistrictIndicatorsPage) -> list[str]:
    table = page.table
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def row_of(page: DistrictIndicatorsPage, title: str, school: str) -> int:
    found = rows(page)
    start = next(n for n, row in enumerate(found) if row[0] == title)
    return next(n for n in range(start, len(found)) if found[n][0] == school)


def test_the_page_follows_the_offices_indicators_and_is_absent_in_school_mode(qtbot, office, school_store):
    window = open_window(qtbot, office)
    programme = dict(window.nav_titles())["Программа района"]
    assert programme[programme.index("Показатели") + 1] == TITLE
    school_window = open_window(qtbot, school_store)
    assert all(TITLE not in titles for _group, titles in school_window.nav_titles())


def test_every_school_with_its_values_and_the_mean_with_its_count(page):
    assert headers(page)[1:] == ["2019/2020", "2020/2021"]
    krasnoyarsk, nagolnoe, semichnoe = SCHOOLS.values()
    assert block(page, QUALITY) == [
        [QUALITY, "", ""],
        [krasnoyarsk, "40", "50"],
        [nagolnoe, "30", NOT_SENT],  # no value of any indicator for 2020/2021: said so
        [semichnoe, NOT_SENT, "60"],
        ["Среднее по району (школ: 2 из 3)", "35", "55"],
    ]
    assert block(page, FAILING) == [
        [FAILING, "", ""],
        [krasnoyarsk, "-", "-"],  # it sent «Качество знаний» both years, not this one
        [nagolnoe, "-", NOT_SENT],
        [semichnoe, NOT_SENT, "2"],
        ["Среднее по району (школ: 1 из 3)", "-", "2"],
    ]
    table = page.table
    heading = rows(page).index([QUALITY, "", ""])
    assert table.columnSpan(heading, 0) == table.columnCount()
    assert rows(page)[0][0] == "Качество образования"  # the criterion above its indicators
    assert page.count_label.text() == "Показателей: 2 из 2 · школ в реестре: 3"
    assert page.note_label.text() == ""


def test_the_year_range_changes_the_columns(page):
    assert [page.first_year_combo.itemText(i) for i in range(page.first_year_combo.count())] == [
        "2019/2020",
        "2020/2021",
    ]
    page.first_year_combo.setCurrentIndex(1)
    assert headers(page)[1:] == ["2020/2021"]
    assert block(page, QUALITY)[1:] == [
        ["МКОУ Красноярская СШ", "50"],
        ["МКОУ Нагольненская СШ", NOT_SENT],
        ["МКОУ Семиченская СШ", "60"],
        ["Среднее по району (школ: 2 из 3)", "55"],
    ]
    # A last year before the first takes the first along: never an empty range.
    page.last_year_combo.setCurrentIndex(0)
    assert page.shown_years() == ("2019/2020", "2019/2020")
    assert headers(page)[1:] == ["2019/2020"]
    assert block(page, QUALITY)[-1] == ["Среднее по району (школ: 2 из 3)", "35"]


def test_the_search_keeps_the_indicators_or_schools_it_names(qtbot, page):
    page.activateWindow()
    QTest.keySequence(page, "Ctrl+F")
    qtbot.waitUntil(page.search_edit.hasFocus)
    type_text(page.search_edit, "неуспев")
    assert [row[0] for row in rows(page)] == [
        "Качество образования",
        FAILING,
        *SCHOOLS.values(),
        "Среднее по району (школ: 1 из 3)",
    ]
    assert page.count_label.text() == "Показателей: 1 из 2 · школ в реестре: 3"

    page.search_edit.clear()
    type_text(page.search_edit, SEMICHNOE)  # a school's code: its rows under every indicator
    assert block(page, QUALITY) == [
        [QUALITY, "", ""],
        ["МКОУ Семиченская СШ", NOT_SENT, "60"],
        ["Среднее по району (школ: 2 из 3)", "35", "55"],
    ]
    assert block(page, FAILING)[1] == ["МКОУ Семиченская СШ", NOT_SENT, "2"]

    page.search_edit.clear()
    type_text(page.search_edit, "Ёлкинская")
    assert page.table.rowCount() == 0 and page.note_label.text() == NOTHING_FOUND
    page.search_edit.clear()
    assert block(page, QUALITY)[1][0] == "МКОУ Красноярская СШ"


def test_the_criterion_filter(qtbot, tmp_path):
    _school, office, _school_id = demo_office(tmp_path)
    window = open_window(qtbot, office)
    page = go_to(qtbot, window, TITLE)
    criteria = [page.criterion_combo.itemText(i) for i in range(page.criterion_combo.count())]
    assert criteria[0] == "Все критерии" and "Работа с внешним сообществом" in criteria
    everything = [row[0] for row in rows(page)]
    assert "Качество знаний, %" in everything
    page.criterion_combo.setCurrentIndex(criteria.index("Работа с внешним сообществом"))
    shown = [row[0] for row in rows(page)]
    assert shown[0] == "Работа с внешним сообществом" and "Качество знаний, %" not in shown
    assert len(shown) == 1 + 1 + 1 + 1  # criterion, indicator, the one school, the mean
    assert shown[-1] == "Среднее по району (школ: 1 из 1)"
    assert page.count_label.text().startswith("Показателей: 1 из ")
    page.refresh()  # a page shown again keeps its criterion
    assert page.criterion_combo.currentText() == "Работа с внешним сообществом"
    office.close()
    _school.close()


def test_enter_on_a_school_opens_its_indicators_on_the_desk(qtbot, page, office):
    window = page.window()
    row = row_of(page, FAILING, "МКОУ Семиченская СШ")
    page.table.selectRow(row)
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    shown = window.stack.currentWidget()
    assert isinstance(shown, IndicatorsPage) and shown.read_only
    school_id = page.table.item(row, 0).data(SCHOOL_ROLE)
    assert shown.school_id == school_id == window.desk.school_id
    assert window.desk.card.code == SEMICHNOE and window.desk.banner.isVisible()
    assert shown.selected().name == "Количество неуспевающих"
    assert shown.shown_years()[0] == "2020/2021"  # its first year with a value

    # Double click on another school opens that one, from the years chosen here; on the mean row
    # nothing opens.
    window.show_page(f"Программа района/{TITLE}")
    page.first_year_combo.setCurrentIndex(1)
    row = row_of(page, QUALITY, "МКОУ Нагольненская СШ")
    page.table.scrollToItem(page.table.item(row, 0))
    rect = page.table.visualItemRect(page.table.item(row, 0))
    qtbot.mouseClick(page.table.viewport(), LEFT, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), LEFT, pos=rect.center())
    assert window.desk.card.code == NAGOLNOE
    shown = window.stack.currentWidget()
    assert shown.selected().name == "Качество знаний" and shown.shown_years()[0] == "2020/2021"
    window.show_page(f"Программа района/{TITLE}")
    mean = row_of(page, QUALITY, "Среднее по району (школ: 2 из 3)")
    page.table.selectRow(mean)
    assert page.selected_school() is None and page.open_school() is None
    assert window.stack.currentWidget() is page


def test_the_report_button_shows_the_district_report(qtbot, page):
    qtbot.mouseClick(page.report_button, LEFT)
    assert isinstance(page.window().stack.currentWidget(), DistrictReportPage)


def test_an_office_without_schools_says_what_to_do(qtbot, store):
    init_municipality(store, "Отдел образования")
    assert indicator_years(store) == []
    page = go_to(qtbot, open_window(qtbot, store), TITLE)
    assert page.table.rowCount() == 0
    assert page.note_label.text() == NO_SCHOOLS
    assert page.first_year_combo.count() == 2  # last year and this one, till values come
