"""«Анализ → Результаты района» as a methodologist uses it: the year typed, the procedure chosen,
a row clicked to see the schools behind it; who sent nothing is said above the table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.helpers.district_data import SCHOOLS, SEMICHNOE, build_office
from tests.helpers.window import LEFT, go_to, open_window
from tests.office.test_district_vpr import add_classes

TITLE = "Результаты района"


def _choose(qtbot, combo, text: str) -> None:
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    while combo.currentText() != text:
        QTest.keyClick(combo, Qt.Key.Key_Down)


def test_the_district_table_by_class_and_the_exams(qtbot, tmp_path):
    office = build_office(tmp_path)
    add_classes(office)
    window = open_window(qtbot, office, size=(1280, 720))
    try:
        qtbot.waitUntil(window.isActiveWindow)
        page = go_to(qtbot, window, TITLE)
        assert page.year_spin.value() == 2021  # the last year with results
        assert page.table.rowCount() == 3
        assert [page.table.item(1, c).text() for c in range(8)] == [
            "5",
            "математика",
            "30",
            "27",
            "90",
            "70",
            "30",
            "10",
        ]
        assert (
            "без разбивки по классам" in page.gaps_label.text()
            and SCHOOLS[SEMICHNOE] in page.gaps_label.text()
        )
        rect = page.table.visualItemRect(page.table.item(1, 1))
        qtbot.mouseClick(page.table.viewport(), LEFT, pos=rect.center())
        assert "Нагольненская" in page.details.text() and "участников 9" in page.details.text()

        _choose(qtbot, page.assessment_combo, "ОГЭ")
        cells = {
            page.table.item(r, 0).text(): page.table.item(r, 2).text() for r in range(page.table.rowCount())
        }
        assert cells["математика"] == "3,47"

        page.year_spin.setFocus()
        page.year_spin.selectAll()
        QTest.keyClicks(page.year_spin, "2020")
        QTest.keyClick(page.year_spin, Qt.Key.Key_Tab)
        assert page.year_spin.value() == 2020, page.year_spin.value()
        assert page.table.rowCount() == 0
        assert "Ни одна школа не прислала результатов ОГЭ за 2020 год" in page.gaps_label.text()
    finally:
        window.close()
        office.close()
