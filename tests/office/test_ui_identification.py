"""«Анализ → Выявление ШНОР» (the page «Выявление школ…») as a methodologist uses it: the years typed,
the criteria changed in their form, a proposal confirmed with its date and grounds, printed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.office.registry import list_registry
from tests.helpers.district_data import KRASNOYARSK, NAGOLNOE, SEMICHNOE, build_office
from tests.helpers.window import LEFT, go_to, open_window, script_dialog, type_text
from ui.dialogs.identification_dialogs import CriteriaDialog, StatusDialog

TITLE = "Выявление ШНОР"  # the navigation's words; the page says «Выявление школ с низкими …»


def _row(page, code: str) -> int:
    return next(r for r in range(page.table.rowCount()) if f"({code})" in page.table.item(r, 0).text())


def _years(qtbot, page, first: int, last: int) -> None:
    for spin, year in ((page.first_year, first), (page.last_year, last)):
        spin.setFocus()
        spin.selectAll()
        QTest.keyClicks(spin, str(year))
        QTest.keyClick(spin, Qt.Key.Key_Tab)


def test_criteria_proposal_and_decision_from_the_window(qtbot, tmp_path, monkeypatch):
    office = build_office(tmp_path)
    window = open_window(qtbot, office, size=(1280, 720))
    try:
        qtbot.waitUntil(window.isActiveWindow)
        page = go_to(qtbot, window, TITLE)
        _years(qtbot, page, 2021, 2021)
        assert page.table.rowCount() == 3

        # Only ОГЭ, математика: Красноярская and Семиченская below the district's 3,47.
        def criteria(dialog: CriteriaDialog) -> None:
            for name, box in dialog.assessment_boxes.items():
                if box.isChecked() != (name == "ОГЭ"):
                    qtbot.mouseClick(box, LEFT)
            dialog.subjects_edit.selectAll()
            type_text(dialog.subjects_edit, "Математика")
            qtbot.mouseClick(dialog.save_button, LEFT)

        script_dialog(monkeypatch, criteria, CriteriaDialog)
        qtbot.mouseClick(page.criteria_button, LEFT)
        below = 2
        assert page.table.item(_row(page, KRASNOYARSK), below).text() == "да"
        assert page.table.item(_row(page, NAGOLNOE), below).text() == "нет"
        assert page.table.item(_row(page, SEMICHNOE), 3).text() == "нет данных"
        assert "математика" in page.criteria_label.text()

        page.table.selectRow(_row(page, SEMICHNOE))
        assert "3,33 при среднем по району 3,47" in page.details.text()

        def confirm(dialog: StatusDialog) -> None:
            assert "3,47" in dialog.grounds_edit.toPlainText()
            dialog.date_edit.setFocus()
            dialog.date_edit.selectAll()
            QTest.keyClicks(dialog.date_edit, "31.08.2022")
            qtbot.mouseClick(dialog.save_button, LEFT)

        script_dialog(monkeypatch, confirm, StatusDialog)
        qtbot.mouseClick(page.status_button, LEFT)
        row = next(r for r in list_registry(office) if r.code == SEMICHNOE)
        assert row.left_programme_on == date(2022, 8, 31)
        assert "Решение 31.08.2022: вывести из программы" in page.details.text()
    finally:
        window.close()
        office.close()
