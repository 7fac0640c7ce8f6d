"""At 1366×768 every column header of the list pages is read whole: its text fits its section
(with the header's margins and the sort arrow), or the header wraps it onto lines it has room for."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHeaderView, QStyle, QTableView, QTreeView

from app.demo.office import build_office_demo
from app.demo.school import build_demo
from tests.helpers.demo_office import demo_office
from tests.helpers.window import go_to, open_window

SCHOOL_PAGES = [
    "Педагоги",
    "Результаты оценочных процедур",
    "Дневник школы",
    "Дневник педагога",
    "Дневник директора",
]
OFFICE_PAGES = [
    "Новое во всех школах",
    "Реестр школ",
    "Потребности в поддержке",
    "Результаты района",
    "Педагоги района",
    "Что дошло до практики",
]


def cut_headers(page) -> list[str]:
    """The headers of the page's visible tables that are cut, as «text: needs N, has M»."""
    cut = []
    for view in [*page.findChildren(QTableView), *page.findChildren(QTreeView)]:
        if isinstance(view, QHeaderView) or not view.isVisible():
            continue
        header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
        metrics = header.fontMetrics()
        margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header) + 2
        arrow = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
        model = view.model()
        for column in range(header.count()):
            if header.isSectionHidden(column):
                continue
            text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            align = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole)
            room = header.sectionSize(column) - margin
            if header.isSortIndicatorShown() and header.sortIndicatorSection() == column:
                room -= arrow  # the arrow takes its room beside the sorted column's text
            wraps = align is not None and int(align) & int(Qt.TextFlag.TextWordWrap)
            if wraps:
                lines = (header.height() - 4) // metrics.lineSpacing()
                needed = metrics.boundingRect(0, 0, room, 10_000, int(Qt.TextFlag.TextWordWrap), text)
                widest = max(metrics.horizontalAdvance(word) for word in text.split())
                if widest > room or needed.height() > lines * metrics.lineSpacing():
                    cut.append(f"{text}: {needed.height()} px of lines, has {lines} lines")
            elif metrics.horizontalAdvance(text) > room:
                cut.append(f"{text}: needs {metrics.horizontalAdvance(text)}, has {room}")
    return cut


@pytest.mark.parametrize("title", SCHOOL_PAGES)
def test_school_headers_fit(qtbot, store, title):
    build_demo(store)
    window = open_window(qtbot, store, (1366, 768))
    assert cut_headers(go_to(qtbot, window, title)) == []


@pytest.mark.parametrize("title", OFFICE_PAGES)
def test_office_headers_fit(qtbot, store, title):
    build_office_demo(store)
    window = open_window(qtbot, store, (1366, 768))
    assert cut_headers(go_to(qtbot, window, title)) == []


def test_curator_desk_headers_fit(qtbot, tmp_path):
    """A school opened on the curator's desk: every page of the desk, the recommendations and the
    news since the last import included."""
    _school, office, school_id = demo_office(tmp_path)
    window = open_window(qtbot, office, (1366, 768))
    try:
        window.desk.open(school_id)
        cut = {}
        for key in window.desk.keys():
            page = window.show_page(key)
            QApplication.processEvents()
            if found := cut_headers(page):
                cut[window.desk.title(key)] = found
        assert cut == {}
        assert {"Новое с прошлого импорта", "Адресные рекомендации"} <= {
            window.desk.title(key).split(" / ")[-1] for key in window.desk.keys()
        }
    finally:
        window.close()
