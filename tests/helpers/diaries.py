"""Helpers for the diary UI tests: rows, clicks, check lists (window helpers: tests/helpers/window.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.core.store import Store
from app.school.installation import init_municipality
from db.models import School
from tests.helpers.window import LEFT, script_dialog, type_text
from ui.dialogs.training_path import TrainingPathDialog
from ui.pages.diaries.diary_page import DiaryPage
from ui.widgets.pickers import CheckList


def script_path(monkeypatch, script: Callable[[TrainingPathDialog], None]) -> list[TrainingPathDialog]:
    return script_dialog(monkeypatch, script, TrainingPathDialog)


def cells(page: DiaryPage, key: str) -> list[str]:
    col = page.model.column_of(key)
    return [page.model.cell_text(row, col) for row in range(page.model.rowCount())]


def click_row(qtbot, page: DiaryPage, row: int, double: bool = False) -> None:
    index = page.model.index(row, page.date_column)
    page.table.scrollTo(index)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), LEFT, pos=rect.center())
    if double:
        qtbot.mouseDClick(page.table.viewport(), LEFT, pos=rect.center())


def focus_table(qtbot, page: DiaryPage) -> None:
    """The page's window active and its table focused: key presses then reach the table."""
    page.window().activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)


def row_with(page: DiaryPage, key: str, text: str) -> int:
    for row, value in enumerate(cells(page, key)):
        if text in value:
            return row
    raise AssertionError(f"no row with {text!r} in {key!r}")


def toggle(qtbot, checklist: CheckList, label_part: str) -> None:
    """Tick (or untick) the first item whose label holds `label_part`, with the keyboard."""
    for i in range(checklist.list.count()):
        item = checklist.list.item(i)
        if label_part in item.text():
            checklist.list.setCurrentItem(item)
            checklist.list.setFocus()
            qtbot.keyClick(checklist.list, Qt.Key.Key_Space)
            return
    raise AssertionError(f"no item {label_part!r}")


def replace_text(widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    widget.clear()
    type_text(widget, text)


def municipal_store_with_school(store: Store, fill: Callable[[str], object] | None = None) -> str:
    """An office's database holding one school (as an imported package would leave it).

    `fill(school_id)` writes the school's records through the services before the database
    becomes the office's: at the office they only arrive with packages (app.core.access)."""
    with store.session() as s:
        s.add(School(code="3410", name="МКОУ Нагольненская СШ"))
    with store.session() as s:
        school_id = s.scalars(select(School.id)).one()
    if fill is not None:
        fill(school_id)
    init_municipality(store, "Отдел образования Котельниковского района")
    return school_id
