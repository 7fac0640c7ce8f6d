"""Every empty list says what to do: walking the pages of an empty school and an empty office,
no table of the school, programme, diary and office pages is a blank grid."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView, QTreeView

from app.school.installation import init_municipality
from tests.helpers.window import go_to, open_window, type_text
from ui.pages.diaries.diary_page import EMPTY_DIARY, NOTHING_FOUND
from ui.widgets.tables import empty_text

GROUPS = ("ui.pages.school.", "ui.pages.programme.", "ui.pages.diaries.", "ui.pages.office.")


def blank_tables(window) -> list[str]:
    """Each page's empty tables that say nothing, as «page: view»; every page of our groups is walked."""
    blank = []
    for name, titles in window.nav_titles():
        for title in titles:
            key = f"{name}/{title}"
            window.show_page(key)
            QApplication.processEvents()
            page = window.stack.currentWidget()
            if not type(page).__module__.startswith(GROUPS):
                continue
            hint = getattr(page, "hint_label", None)  # the plan says it above its tree
            if hint is not None and hint.isVisible() and hint.text():
                continue
            for view in [*page.findChildren(QTableView), *page.findChildren(QTreeView)]:
                if isinstance(view, QHeaderView) or not view.isVisible() or view.model() is None:
                    continue
                if view.model().rowCount() == 0 and not empty_text(view):
                    blank.append(f"{key}: {type(view).__name__}")
                elif view.model().rowCount() == 0:
                    assert not view.viewport().grab().isNull()  # the text is drawn
    return blank


def test_empty_school_pages_say_what_to_do(qtbot, school_store):
    window = open_window(qtbot, school_store)
    assert blank_tables(window) == []


def test_empty_office_pages_say_what_to_do(qtbot, store):
    init_municipality(store, "Отдел образования")
    window = open_window(qtbot, store)
    assert blank_tables(window) == []


@pytest.mark.parametrize("diary", ["Дневник школы", "Дневник педагога", "Дневник директора"])
def test_an_empty_diary_says_add_and_a_search_says_nothing_found(qtbot, school_store, diary):
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, diary)
    assert empty_text(page.table) == EMPTY_DIARY and "«Добавить»" in EMPTY_DIARY
    type_text(page.search_edit, "нет такого")
    page.apply_filter()
    assert empty_text(page.table) == NOTHING_FOUND
    page.clear_filter()
    page.trash_button.click()
    assert "«Корзина» пуста" in empty_text(page.table)
