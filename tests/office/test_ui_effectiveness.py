"""«Анализ → Что дошло до практики» as a methodologist uses it: the furthest reach first, sorted by
another column with a click, a row chosen to see the school's results before and after."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from tests.helpers.district_data import build_office
from tests.helpers.window import LEFT, go_to, open_window
from tests.office.test_effectiveness import CATALOGUE_SEMINAR, WEBINAR, add_chains

TITLE = "Что дошло до практики"


def _titles(page) -> list[str]:
    return [page.table.item(r, 0).text() for r in range(page.table.rowCount())]


def test_the_chain_from_the_window(qtbot, tmp_path):
    office = build_office(tmp_path)
    add_chains(office)
    window = open_window(qtbot, office, size=(1280, 720))
    try:
        page = go_to(qtbot, window, TITLE)
        assert "не доказательство" in page.reminder_label.text()
        assert page.table.rowCount() == 4
        reach = [page.table.item(r, 5).text() for r in range(4)]
        assert reach[:2] == ["применяется: есть записи дневников"] * 2  # furthest first
        assert reach[2:] == ["не дошло до школ"] * 2
        assert any(t.endswith(WEBINAR) for t in _titles(page)[2:])
        seminar = next(r for r, t in enumerate(_titles(page)) if t.endswith(CATALOGUE_SEMINAR))
        assert page.table.item(seminar, 3).text() == "1"
        rect = page.table.visualItemRect(page.table.item(seminar, 0))
        qtbot.mouseClick(page.table.viewport(), LEFT, pos=rect.center())
        assert "3,33 (2020) → 3,61 (2021)" in page.details.text()
        assert "Школа современного учителя" in page.details.text()

        header = page.table.horizontalHeader()
        x = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
        qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(x, header.height() // 2))
        counts = [int(page.table.item(r, 1).text()) for r in range(page.table.rowCount())]
        assert counts == sorted(counts) or counts == sorted(counts, reverse=True)
    finally:
        window.close()
        office.close()
