"""«Новое во всех школах» in the office's window: since the previous visit, grouped by school;
a double click opens the school on the desk at the record; «просмотрено» is remembered."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from app.office.news_seen import seen, start_visit
from tests.helpers.district_data import KRASNOYARSK, NAGOLNOE, SCHOOLS
from tests.helpers.district_news import SILENT_SCHOOL, build_week
from tests.helpers.window import focus, go_to, open_window, type_text
from ui.pages.office.news import COL_SEEN, COL_TITLE, COL_WHAT, COL_WHERE, NewsPage

pytestmark = pytest.mark.both_backends


@pytest.fixture
def district(tmp_path, on_backend):
    district = build_week(tmp_path, on_backend)
    start_visit(district.office, now=district.visit)  # the office's previous visit: between the packages
    yield district
    district.close()


def shown(page: NewsPage) -> dict[str, list[tuple[str, str]]]:
    tree, found = page.tree, {}
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        found[top.text(COL_WHERE)] = [
            (top.child(j).text(COL_WHAT), top.child(j).text(COL_WHERE)) for j in range(top.childCount())
        ]
    return found


def line_item(page: NewsPage, what: str):
    tree = page.tree
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for j in range(top.childCount()):
            if top.child(j).text(COL_WHAT) == what:
                return top.child(j)
    raise AssertionError(what)


def test_the_news_page_lists_every_school_and_opens_a_line(qtbot, district):
    window = open_window(qtbot, district.office)
    assert window.nav_titles()[0] == ("Школы", ["Новое во всех школах", "Реестр школ"])
    page = go_to(qtbot, window, "Новое во всех школах")
    kras, nag = SCHOOLS[KRASNOYARSK], SCHOOLS[NAGOLNOE]
    assert shown(page) == {
        f"{kras} ({KRASNOYARSK})": [
            ("Дневник педагога: новое", "Дневники"),
            ("Дневник директора: удалено", "Дневники"),
            ("выполнено", "План мероприятий"),
            ("нужна поддержка", "Карта поддержки"),
            ("не отправлен", "Комментарии куратора, не отправленные школе"),
        ],
        f"{nag} ({NAGOLNOE})": [
            ("Дневник школы (события): новое", "Дневники"),
            ("поддержка получена", "Карта поддержки"),
        ],
        f"{SILENT_SCHOOL} (3404)": [("молчит > 30 дн.", "Молчание")],
    }
    assert "с прошлого посещения" in page.summary_label.text()

    # «просмотрено» by its check box: remembered, greyed, hidden on demand.
    item = line_item(page, "выполнено")
    tree = page.tree
    rect = tree.visualItemRect(item)
    box = QPoint(tree.header().sectionViewportPosition(COL_SEEN) + 12, rect.center().y())
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=box)
    assert line_item(page, "выполнено").checkState(COL_SEEN) == Qt.CheckState.Checked
    assert len(seen(district.office)) == 1
    qtbot.mouseClick(page.hide_seen_check, Qt.MouseButton.LeftButton)
    assert ("выполнено", "План мероприятий") not in shown(page)[f"{kras} ({KRASNOYARSK})"]
    # Space marks the selected lines.
    tree.setCurrentItem(line_item(page, "нужна поддержка"))
    focus(qtbot, tree)
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert len(seen(district.office)) == 2

    # A double click opens the school on the desk, at the entry.
    item = line_item(page, "Дневник педагога: новое")
    tree.scrollToItem(item)
    where = tree.visualItemRect(item).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.desk.school_id == district.office_ids[KRASNOYARSK]
    diary = window.stack.currentWidget()
    assert diary.selected_id() == district.ids["entry"]
    # And a plan activity in the desk's plan.
    page = go_to(qtbot, window, "Новое во всех школах")
    qtbot.mouseClick(page.hide_seen_check, Qt.MouseButton.LeftButton)
    page.tree.setCurrentItem(line_item(page, "выполнено"))
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    plan = window.stack.currentWidget()
    assert plan.selected() == ("activity", district.ids["consultations"])


def test_a_chosen_day_shows_first_packages_and_overdue(qtbot, district):
    window = open_window(qtbot, district.office)
    page = go_to(qtbot, window, "Новое во всех школах")
    page.since_field.selectAll()
    type_text(page.since_field, (date.today() - timedelta(days=7)).strftime("%d.%m.%Y"))
    whats = {what for lines in shown(page).values() for what, _ in lines}
    assert "первый пакет" in whats and "Дневник педагога: новое" not in whats
    assert page.tree.topLevelItem(0).child(0).text(COL_TITLE).startswith("принят первый пакет школы")
    qtbot.mouseClick(page.visit_button, Qt.MouseButton.LeftButton)
    assert "Дневник педагога: новое" in {what for lines in shown(page).values() for what, _ in lines}
