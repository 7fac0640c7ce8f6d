"""«Анализ → Педагоги района» as a methodologist uses it: the academic year chosen, each school's
row and the district's total, the teachers by subject, the school without a staff list named."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.helpers.district_data import SCHOOLS, SEMICHNOE, build_office
from tests.helpers.window import LEFT, go_to, open_window
from tests.office.test_district_staff import add_staff

TITLE = "Педагоги района"


def test_the_district_staff_from_the_window(qtbot, tmp_path):
    office = build_office(tmp_path)
    add_staff(office)
    window = open_window(qtbot, office, size=(1280, 720))
    try:
        qtbot.waitUntil(window.isActiveWindow)
        page = go_to(qtbot, window, TITLE)
        page.year_combo.setFocus()
        while page.year_combo.currentText() != "2020/2021":
            QTest.keyClick(page.year_combo, Qt.Key.Key_Down)
        table = page.schools_table
        assert table.rowCount() == 3
        last = [table.item(2, c).text() for c in range(table.columnCount())]
        assert last[:3] == ["Итого по району", "3", "1 (33,3%)"]
        assert "2 (66,7%)" in last
        assert SCHOOLS[SEMICHNOE] in page.gaps_label.text()
        bar = page.tabs.tabBar()
        qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(1).center())
        subjects = {page.subjects_table.item(r, 0).text() for r in range(page.subjects_table.rowCount())}
        assert subjects == {"русский язык", "литература", "математика"}
        qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(2).center())
        assert "учителей — 3" in page.analysis_label.text()
    finally:
        window.close()
        office.close()
