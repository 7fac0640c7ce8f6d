"""Every page on a small screen: 1280×720 logical pixels (a 1920×1080 laptop at 150 %) and
1093×614 (1366×768 at 125 %). The window never grows wider than the screen, whatever page was seen
before; no page scrolls sideways (its tool rows wrap), and a page taller than the room scrolls
inside the window, so no control is out of reach."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication

from app.demo.school import build_demo
from tests.helpers.demo_office import demo_office
from tests.helpers.window import open_window

SCREENS = [(1280, 720), (1093, 614)]


def _walk(qtbot, window, size):
    width, height = size
    window.resize(width, height)
    seen = []
    for group, titles in window.nav_titles():
        for title in titles:
            page = window.show_page(f"{group}/{title}")
            QApplication.processEvents()
            assert window.minimumSizeHint().width() <= width, (group, title, window.minimumSizeHint())
            assert window.minimumSizeHint().height() <= height, (group, title, window.minimumSizeHint())
            assert window.width() <= width and window.height() <= height, (group, title, window.size())
            area = window.page_area
            assert page.minimumSizeHint().width() <= area.viewport().width(), (title, page.minimumSizeHint())
            assert not area.horizontalScrollBar().isVisible(), title
            for button in page.findChildren(QAbstractButton):
                if button.isVisibleTo(page) and _scrolled_by(button) is area:
                    area.ensureWidgetVisible(button)  # what a person reaches with the scroll bar
                    corner = button.mapTo(area.viewport(), button.rect().center())
                    assert area.viewport().rect().contains(corner), (title, button.text())
            seen.append(title)
    return seen


def _scrolled_by(widget) -> QAbstractScrollArea | None:
    """The nearest scroll area holding the widget (a list's own, or the window's page area)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_school_page_fits_a_small_screen(qtbot, store, size):
    build_demo(store)
    window = open_window(qtbot, store, size=size)
    assert "Дневник педагога" in _walk(qtbot, window, size)


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_office_page_fits_a_small_screen(qtbot, tmp_path, size):
    _school, office, _school_id = demo_office(tmp_path)
    try:
        window = open_window(qtbot, office, size=size)
        assert "Отчёт по району" in _walk(qtbot, window, size)
    finally:
        window.close()
