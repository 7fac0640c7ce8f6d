"""One page shape: every registry entry names a `Page` class, imported only when first built, and
built from a `PageContext` alone — in each mode it is listed for and on the curator's desk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSortFilterProxyModel, QStringListModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QTableWidget, QTreeView

from app.school.installation import own_school
from tests.helpers.demo_office import demo_office
from ui.models.record_filter import RecordFilterProxy
from ui.pages import DESK, MUNICIPALITY, PAGES, SCHOOL, Page, PageContext, PageEntry, desk_pages, pages_for
from ui.widgets.tables import desk_table, fill, record_table, text_table

ROOT = Path(__file__).resolve().parents[2]


def test_every_entry_names_a_page_class():
    assert PAGES
    for entry in PAGES:
        assert issubclass(entry.page_class, Page), entry.key
        assert entry.modes and set(entry.modes) <= {SCHOOL, MUNICIPALITY, DESK}, entry.key


def test_no_page_module_is_imported_at_start_up():
    code = "import sys, ui.pages; print(sorted(m for m in sys.modules if m.startswith('ui.pages.')))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['ui.pages.base']"


def test_an_entry_naming_something_else_than_a_page_is_refused():
    with pytest.raises(TypeError):
        _ = PageEntry("Группа", "Не страница", "ui.widgets.tables:ROW_PADDING", (SCHOOL,)).page_class


def _check_built(qtbot, entry: PageEntry, context: PageContext) -> None:
    page = entry.build(context)
    qtbot.addWidget(page)
    assert isinstance(page, Page) and page.context is context and page.store is context.store
    page.refresh()
    assert page.select("00000000-0000-0000-0000-000000000000") is False
    page.flush()


def test_every_page_is_built_from_its_context_in_both_modes_and_on_the_desk(qtbot, tmp_path):
    school, office, office_school_id = demo_office(tmp_path)
    try:
        school_context = PageContext(school, SCHOOL, own_school(school).id)
        for entry in pages_for(SCHOOL):
            _check_built(qtbot, entry, school_context)
        for entry in pages_for(MUNICIPALITY):
            _check_built(qtbot, entry, PageContext(office, MUNICIPALITY))
        desk = PageContext(office, MUNICIPALITY, office_school_id, read_only=True)
        for entry in desk_pages():
            _check_built(qtbot, entry, desk)
        listed = [e.page for mode in (SCHOOL, MUNICIPALITY) for e in pages_for(mode)]
        assert {e.page for e in PAGES} == set(listed) | {e.page for e in desk_pages()}
    finally:
        school.close()
        office.close()


# --- the one table set-up and the one filter proxy ------------------------------------------------


def test_record_table_sets_up_a_read_only_table_chosen_by_row(qtbot):
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(QStringListModel(["а", "б"]))
    assert record_table(view, widths={0: 120}, row_padding=10, alternating=True, wrap=False) is view
    assert view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert view.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert view.verticalHeader().isHidden()
    assert view.verticalHeader().defaultSectionSize() == view.fontMetrics().height() + 10
    assert view.alternatingRowColors() and not view.wordWrap()
    assert view.horizontalHeader().sectionSize(0) == 120


def test_record_table_leaves_what_it_is_not_asked_to_change(qtbot):
    tree = QTreeView()
    qtbot.addWidget(tree)
    wrap, mode = tree.wordWrap(), tree.selectionMode()
    record_table(tree, single=False, stretch_last=True)
    assert tree.selectionMode() == mode
    assert tree.wordWrap() == wrap and tree.header().stretchLastSection()
    several = QTableWidget(0, 1)
    qtbot.addWidget(several)
    default = several.selectionMode()
    record_table(several, single=False)
    assert several.selectionMode() == default


def test_text_tables_fit_their_columns_and_fill_with_tooltips(qtbot):
    table = text_table(["Дата", "Текст"])
    qtbot.addWidget(table)
    fill(table, [["01.09.2021", "Первая"], ["02.09.2021", "Вторая"]])
    assert table.rowCount() == 2 and table.item(1, 1).toolTip() == "Вторая"
    desk = desk_table(["Дата", "Текст", "Отправка"], stretch=1)
    qtbot.addWidget(desk)
    assert desk.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection and not desk.wordWrap()


class _Starting(RecordFilterProxy):
    def __init__(self):
        super().__init__(0)
        self.prefix = ""

    def set_prefix(self, prefix: str) -> None:
        with self.changing_filter():
            self.prefix = prefix

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        return self.sourceModel().index(source_row, 0).data().startswith(self.prefix)


def test_record_filter_proxy_filters_again_when_the_filter_changes(qtbot):
    proxy = _Starting()
    proxy.setSourceModel(QStringListModel(["Иванов", "Петров", "Игнатьев"]))
    assert isinstance(proxy, QSortFilterProxyModel) and proxy.rowCount() == 3
    proxy.set_prefix("И")
    assert proxy.rowCount() == 2
    proxy.set_prefix("П")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Петров"]
