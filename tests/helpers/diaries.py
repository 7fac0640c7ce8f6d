"""Helpers for the diary UI tests: a main window on the demo, dialogs run by a script, clicks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from app.core.store import Store
from app.school.installation import init_municipality
from db.models import School
from tests.helpers.qt import type_text
from ui.dialogs.diary_entry import DiaryEntryDialog
from ui.dialogs.training_path import TrainingPathDialog
from ui.pages.diaries.diary_page import DiaryPage
from ui.shell.app import create_main_window
from ui.shell.main_window import MainWindow
from ui.widgets.pickers import CheckList

LEFT = Qt.MouseButton.LeftButton


def open_window(qtbot, store: Store) -> MainWindow:
    window = create_main_window(store)
    qtbot.addWidget(window)
    # pytest-qt holds widgets weakly: a window the test no longer names could be collected while
    # Qt still paints it (a segfault). Kept on qtbot, it lives until pytest-qt has closed it.
    qtbot.dnevnik_windows = [*getattr(qtbot, "dnevnik_windows", []), window]
    window.resize(1366, 768)
    window.show()
    return window


def go_to(qtbot, window: MainWindow, title: str) -> DiaryPage:
    """Click the navigation entry, as a user would."""
    for group, titles in window.nav_titles():
        if title in titles:
            key = f"{group}/{title}"
            break
    else:
        raise AssertionError(f"no navigation entry {title!r}")
    item = window._item(key)
    window.nav.scrollToItem(item)
    qtbot.mouseClick(window.nav.viewport(), LEFT, pos=window.nav.visualItemRect(item).center())
    assert window.stack.currentWidget() is window.pages[key]
    return window.pages[key]


def script_dialog(monkeypatch, script: Callable[[DiaryEntryDialog], None], cls=DiaryEntryDialog) -> list:
    """Make `cls.exec` run `script` on the shown dialog instead of a nested event loop."""
    opened: list = []

    def exec_(dialog) -> int:
        opened.append(dialog)
        dialog.show()
        dialog.activateWindow()  # its shortcuts (Ctrl+S, Esc) work only in the active window
        QApplication.processEvents()
        script(dialog)
        result = dialog.result()
        dialog.close()
        return result

    monkeypatch.setattr(cls, "exec", exec_)
    return opened


def script_path(monkeypatch, script: Callable[[TrainingPathDialog], None]) -> list[TrainingPathDialog]:
    return script_dialog(monkeypatch, script, TrainingPathDialog)


def answer_questions(monkeypatch, answer=QMessageBox.StandardButton.Yes) -> list[str]:
    """Patch QMessageBox.question; the texts asked are collected."""
    asked: list[str] = []

    def question(*args, **kwargs):
        asked.append(args[2])
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


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


def municipal_store_with_school(store: Store) -> str:
    """An office's database holding one school (as an imported package would leave it)."""
    init_municipality(store, "Отдел образования Котельниковского района")
    with store.session() as s:
        s.add(School(code="3410", name="МКОУ Нагольненская СШ"))
    with store.session() as s:
        return s.scalars(select(School.id)).one()
