"""The school's pages on the office's curator desk: built with PageContext(read_only=True) over a
school imported into an office database, they show everything and change nothing — no editing
control, no editable field or cell, no shortcut that does anything. Each test also builds the page
with read_only=False over the same data in the school's own database (at the office app.core.access
refuses every change to a school's records), where the same controls and keys work, so it can fail."""

from __future__ import annotations

from operator import attrgetter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel, QLineEdit, QMessageBox, QWidget

from app.programme.plan import plan_of
from app.school.installation import own_school
from tests.helpers.demo_office import demo_office
from tests.helpers.sync_data import dump
from tests.helpers.window import press
from ui.pages import MUNICIPALITY, PAGES, SCHOOL, PageContext
from ui.widgets.read_only import READ_ONLY_TEXT

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
EXCEL_EDITING = "add_button edit_button delete_button template_button import_button"
MODES = pytest.mark.parametrize("read_only", [True, False], ids=["desk", "editable"])


@pytest.fixture
def desk(tmp_path, read_only):
    """An office database holding the demo school, imported from its package; editable, the
    school's own database that package came from."""
    school, office, office_school_id = demo_office(tmp_path)
    yield (office, office_school_id) if read_only else (school, own_school(school).id)
    school.close()
    office.close()


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """Every dialog a page opens and every question it asks, by name; none is accepted."""
    seen: list[str] = []

    def exec_(dialog) -> int:
        seen.append(type(dialog).__name__)
        return QDialog.DialogCode.Rejected

    def question(*_args, **_kwargs):
        seen.append("question")
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QDialog, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "question", question)
    return seen


def page_of(qtbot, desk, title: str, read_only: bool) -> QWidget:
    """The page as the desk's navigation builds it (through the registry's entry), shown."""
    office, school_id = desk
    entry = next(e for e in PAGES if e.title == title)
    mode = MUNICIPALITY if read_only else SCHOOL
    page = entry.build(PageContext(office, mode=mode, school_id=school_id, read_only=read_only))
    qtbot.addWidget(page)
    page.resize(1146, 728)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    return page


def double_click(qtbot, view: QAbstractItemView, index) -> None:
    """A click, then a double click (as Qt sees a user's: the first press selects)."""
    view.scrollTo(index)
    where = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)


def controls(page: QWidget, read_only: bool, editing: str, kept: str = "") -> None:
    """The note «Только просмотр» is there on the desk only; the `editing` controls (attribute
    names, space-separated, dotted for a part's) only when editable; the `kept` ones in both."""
    assert any(label.text() == READ_ONLY_TEXT for label in page.findChildren(QLabel)) == read_only
    shown = {name: attrgetter(name)(page).isVisibleTo(page) for name in editing.split()}
    assert shown == dict.fromkeys(editing.split(), not read_only)
    assert all(attrgetter(name)(page).isVisibleTo(page) for name in kept.split())


def editing(view: QAbstractItemView) -> bool:
    return view.state() == QAbstractItemView.State.EditingState


@MODES
def test_school_card(qtbot, desk, opened, read_only):
    office, school_id = desk
    page = page_of(qtbot, desk, "Карточка школы", read_only)
    before = dump(office)
    controls(page, read_only, "")
    assert {edit.isReadOnly() for edit in page.edits.values()} == {read_only}

    qtbot.mouseClick(page.flags["is_pilot"], Qt.MouseButton.LeftButton)
    assert page.flags["is_pilot"].isChecked() == (not read_only)
    page.flush()
    assert (dump(office) == before) == read_only  # the click saved the flag only when editable


@MODES
def test_staff(qtbot, desk, opened, read_only):
    page = page_of(qtbot, desk, "Педагоги", read_only)
    controls(page, read_only, "add_button edit_button active_button", kept="search_edit")

    page.table.selectRow(0)
    press(qtbot, page.table, Qt.Key.Key_N, CTRL)
    press(qtbot, page.table, Qt.Key.Key_Return)
    double_click(qtbot, page.table, page.proxy.index(0, 0))
    assert opened == ([] if read_only else ["StaffDialog"] * 3)
    # What the form has and the table has no column for is said under the table on the desk.
    assert ("Тьюторское сопровождение" in page.details_label.text()) == read_only


@MODES
def test_passport(qtbot, desk, opened, read_only):
    office, _ = desk
    page = page_of(qtbot, desk, "Паспорт программы", read_only)
    chooser = "chooser.current_button chooser.new_button chooser.delete_button"
    tasks = "task_list.add_button task_list.remove_button task_list.up_button task_list.down_button"
    controls(page, read_only, f"{chooser} {tasks}", kept="chooser.combo")
    assert page.chooser.combo.isEnabled()  # other programmes of the school can still be read
    assert {text.isReadOnly() for text in page.texts.values()} == {read_only}
    assert page.year_from_spin.isReadOnly() == read_only
    assert page.approved_edit.edit.isReadOnly() == read_only
    tasks = page.task_list
    before = dump(office)
    double_click(qtbot, tasks.table, tasks.table.model().index(0, 0))
    assert editing(tasks.table) == (not read_only)
    if read_only:
        page.texts["goal"].setFocus()
        qtbot.keyClicks(page.texts["goal"], "x")
        page.flush()
        assert page.texts["goal"].text() == page.shown.goal
        assert dump(office) == before
    assert opened == []


@MODES
def test_plan(qtbot, desk, opened, read_only):
    office, _ = desk
    page = page_of(qtbot, desk, "План мероприятий", read_only)
    editing = "add_section_button add_button edit_button delete_button up_button down_button"
    controls(page, read_only, editing, kept="filters links.path_button")

    def order() -> list[str]:
        return [a.id for a in plan_of(office, page.programme_id)[0].activities]

    first = order()
    page.select_item("activity", first[1])
    press(qtbot, page.tree, Qt.Key.Key_Up, ALT)  # moves the activity up a place
    assert order() == (first if read_only else [first[1], first[0], *first[2:]])

    page.select_item("activity", first[1])
    press(qtbot, page.tree, Qt.Key.Key_Delete)
    press(qtbot, page.tree, Qt.Key.Key_N, CTRL)
    press(qtbot, page.tree, Qt.Key.Key_Return)
    # On the desk Enter opens only the activity's path to practice, a dialog that changes nothing.
    expected = ["TrainingPathDialog"] if read_only else ["question", "ActivityDialog", "ActivityDialog"]
    assert opened == expected


@MODES
def test_indicators(qtbot, desk, opened, read_only):
    office, _ = desk
    page = page_of(qtbot, desk, "Показатели", read_only)
    controls(page, read_only, EXCEL_EDITING, kept="first_year_combo")

    row = next(r for r in range(page.model.rowCount()) if page.model.indicator(r))
    value = next(
        c
        for c in range(page.model.columnCount())
        if page.model.flags(page.model.index(row, c)) & Qt.ItemFlag.ItemIsEditable
    )
    before = dump(office)
    double_click(qtbot, page.table, page.model.index(row, value))
    assert editing(page.table) == (not read_only)
    if not read_only:
        [editor] = [e for e in page.table.viewport().findChildren(QLineEdit) if e.isVisible()]
        qtbot.keyClick(editor, Qt.Key.Key_Escape)  # leaves the number as it was
        assert dump(office) == before
    page.table.setCurrentIndex(page.model.index(row, value))
    press(qtbot, page.table, Qt.Key.Key_Delete)  # clears the number
    assert (dump(office) == before) == read_only

    page.table.setCurrentIndex(page.model.index(row, 0))
    press(qtbot, page.table, Qt.Key.Key_Delete)  # deletes the indicator, after a question
    press(qtbot, page.table, Qt.Key.Key_N, CTRL)
    double_click(qtbot, page.table, page.model.index(row, 0))
    assert opened == ([] if read_only else ["question", "IndicatorDialog", "IndicatorDialog"])


@MODES
def test_results(qtbot, desk, opened, read_only):
    page = page_of(qtbot, desk, "Результаты оценочных процедур", read_only)
    controls(page, read_only, EXCEL_EDITING, kept="year_combo assessment_combo")
    assert page.model.rowCount() > 0

    page.table.selectRow(0)
    press(qtbot, page.table, Qt.Key.Key_Delete)
    press(qtbot, page.table, Qt.Key.Key_N, CTRL)
    press(qtbot, page.table, Qt.Key.Key_Return)
    double_click(qtbot, page.table, page.model.index(0, 0))
    assert opened == ([] if read_only else ["question"] + ["ExamResultDialog"] * 3)


@MODES
def test_support(qtbot, desk, opened, read_only):
    page = page_of(qtbot, desk, "Карта поддержки", read_only)
    editing = "add_button edit_button received_button status_button delete_button"
    controls(page, read_only, editing, kept="printing.print_button printing.save_as_button")
    assert bool(page.map_view.add_buttons) == (not read_only)  # «+ Добавить» under every cell

    waiting = next(c for c in page.map_view.cards.values() if not c.need.events)
    page.map_view.focus_card(waiting.need.id)
    press(qtbot, waiting, Qt.Key.Key_Delete)
    press(qtbot, waiting, Qt.Key.Key_Return)
    press(qtbot, waiting, Qt.Key.Key_N, CTRL)
    came = next(c for c in page.map_view.cards.values() if c.need.events)
    page.map_view.focus_card(came.need.id)
    press(qtbot, came, Qt.Key.Key_Return)
    if read_only:  # only the path of the help that came opens, to be read
        assert opened == ["TrainingPathDialog"]
    else:
        assert opened == ["question", "NeedDialog", "NeedDialog", "NeedDialog"]


@MODES
def test_surveys(qtbot, desk, opened, read_only):
    page = page_of(qtbot, desk, "Анкетирование", read_only)
    editing = "new_button edit_button delete_button sheets_button kiosk_button totals_button close_button"
    controls(page, read_only, editing, kept="printing.print_button printing.save_as_button compare_combo")
    assert page.rounds and all(r.closed for r in page.rounds)

    page.table.selectRow(0)
    press(qtbot, page.table, Qt.Key.Key_Delete)
    press(qtbot, page.table, Qt.Key.Key_N, CTRL)
    press(qtbot, page.table, Qt.Key.Key_Return)  # a closed round's totals open, read-only by themselves
    # At the school a round typed in sheet by sheet opens its sheets; the office holds its totals.
    shown = "SheetEntryDialog" if page.rounds[0].source == "sheets" else "TotalsDialog"
    assert opened == ([shown] if read_only else ["question", "RoundDialog", shown])
