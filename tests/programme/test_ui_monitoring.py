"""Показатели and Результаты оценочных процедур in the window: values typed in place with the change
coloured, range errors next to the field, and the Excel import with its preview."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QLineEdit

from app.core.store import Store
from app.imports.xlsx_template import write_results_template
from app.programme.assessments import list_results
from app.programme.indicators import IndicatorData, add_indicator, set_value, values_of
from app.school.installation import init_municipality, own_school
from tests.helpers.forms import answer_unsaved
from tests.helpers.window import LEFT, click_nav, go_to, open_window, script_dialog, type_text
from ui import forms
from ui.dialogs.exam_result_dialog import ExamResultDialog
from ui.dialogs.import_preview import ImportPreviewDialog
from ui.models.indicator_table import PART_ACTUAL, PART_CHANGE, TREND_COLORS, TREND_ROLE
from ui.pages.programme.indicators import IndicatorsPage
from ui.pages.programme.results import ResultsPage


def open_editors(page: IndicatorsPage) -> list[QLineEdit]:
    return [e for e in page.table.viewport().findChildren(QLineEdit) if e.isVisible()]


def type_into_cell(qtbot, page: IndicatorsPage, row: int, column: int, text: str) -> None:
    """Click the cell, type over it and press Enter, as a user does."""
    index = page.model.index(row, column)
    page.table.scrollTo(index)
    qtbot.mouseClick(page.table.viewport(), LEFT, pos=page.table.visualRect(index).center())
    qtbot.mouseDClick(page.table.viewport(), LEFT, pos=page.table.visualRect(index).center())
    qtbot.waitUntil(lambda: bool(open_editors(page)))
    [editor] = open_editors(page)
    editor.selectAll()
    type_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on Enter through a queued call; a refused number comes back to its cell.
    qtbot.waitUntil(
        lambda: page.table.state() != QAbstractItemView.State.EditingState or page.unsaved() is not None
    )


def test_program_pages_in_the_navigation(qtbot, school_store, tmp_path):
    window = open_window(qtbot, school_store)
    titles = dict(window.nav_titles())["Программа"]
    assert titles[2:4] == ["Показатели", "Результаты оценочных процедур"]  # after passport and plan

    office = Store.open(tmp_path / "office")
    try:
        init_municipality(office, "Отдел образования администрации Котельниковского муниципального района")
        office_window = open_window(qtbot, office)
        programme = dict(office_window.nav_titles())["Программа района"]
        assert "Показатели" in programme and "Результаты оценочных процедур" not in programme
        page = go_to(qtbot, office_window, "Показатели")
        assert isinstance(page, IndicatorsPage) and page.school_id is None
        office_window.close()
    finally:
        office.close()


def test_enter_indicator_value_and_see_the_change_coloured(qtbot, school_store):
    school_id = own_school(school_store).id
    quality = add_indicator(school_store, school_id, IndicatorData(name="Качество знаний"))
    set_value(school_store, quality.id, "2019/2020", "35", "33,5")
    set_value(school_store, quality.id, "2020/2021", "38", None)
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Показатели")
    assert page.shown_years() == ["2019/2020", "2020/2021", "2021/2022"]
    row = page.model.row_of(quality.id)
    fact = page.model.column_of("2020/2021", PART_ACTUAL)
    change = page.model.index(row, page.model.column_of("2020/2021", PART_CHANGE))
    assert change.data() == ""

    type_into_cell(qtbot, page, row, fact, "37,2")
    assert [(v.academic_year, v.target, v.actual) for v in values_of(school_store, quality.id)][1] == (
        "2020/2021",
        38.0,
        37.2,
    )
    change = page.model.index(page.model.row_of(quality.id), change.column())
    assert change.data() == "+3,7"
    assert change.data(TREND_ROLE) == "better"
    assert change.data(Qt.ItemDataRole.ForegroundRole).color() == TREND_COLORS["better"][0]
    assert change.data(Qt.ItemDataRole.BackgroundRole).color() == TREND_COLORS["better"][1]
    assert page.model.index(change.row(), fact).data() == "37,2"
    assert "37,2" in page.details_label.text() and "к лучшему" in page.details_label.text()

    type_into_cell(qtbot, page, page.model.row_of(quality.id), fact, "30")
    change = page.model.index(page.model.row_of(quality.id), change.column())
    assert (change.data(), change.data(TREND_ROLE)) == ("−3,5", "worse")
    assert change.data(Qt.ItemDataRole.ForegroundRole).color() == TREND_COLORS["worse"][0]

    # Not a number: refused with a message, the typed text back in its cell; Esc keeps the stored value.
    type_into_cell(qtbot, page, page.model.row_of(quality.id), fact, "много")
    assert page.error_label.isVisible()
    assert "«много» — не число" in page.error_label.text()
    assert values_of(school_store, quality.id)[1].actual == 30.0
    qtbot.waitUntil(lambda: [e.text() for e in open_editors(page)] == ["много"])
    qtbot.keyClick(open_editors(page)[0], Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not open_editors(page))
    assert page.unsaved() is None and not page.error_label.isVisible()
    assert page.model.index(page.model.row_of(quality.id), fact).data() == "30"

    # Del on a number clears it; the plan of that year stays.
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert values_of(school_store, quality.id)[1].actual is None
    assert values_of(school_store, quality.id)[1].target == 38.0
    assert page.model.index(page.model.row_of(quality.id), change.column()).data() == ""
    window.close()


def test_add_result_out_of_range_shows_the_message_next_to_the_field(qtbot, school_store, monkeypatch):
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Результаты оценочных процедур")
    assert isinstance(page, ResultsPage)

    def fill(dialog: ExamResultDialog) -> None:
        dialog.year_spin.setValue(2021)
        dialog.assessment_combo.setCurrentText("ВПР")
        dialog.subject_combo.setCurrentText("русский язык")
        dialog.grade_combo.setCurrentIndex(dialog.grade_combo.findData(5))
        dialog.metric_combo.setCurrentIndex(dialog.metric_combo.findData("mean_mark"))
        assert dialog.range_label.text() == "от 2 до 5"
        type_text(dialog.value_edit, "5,5")
        qtbot.mouseClick(dialog.save_button, LEFT)
        assert dialog.isVisible()
        error = dialog.errors.labels["value"]
        assert error.isVisible() and error.text() == "Средняя оценка — от 2 до 5 (например, 3,55)."
        # The message sits right under the value field.
        assert error.parentWidget() is dialog.value_edit.parentWidget().parentWidget()
        dialog.value_edit.clear()
        type_text(dialog.value_edit, "3,55")
        qtbot.keyClick(dialog.value_edit, Qt.Key.Key_Return)

    opened = script_dialog(monkeypatch, fill, ExamResultDialog)
    qtbot.mouseClick(page.add_button, LEFT)
    assert len(opened) == 1
    school_id = own_school(school_store).id
    [saved] = list_results(school_store, school_id)
    assert (saved.year, saved.subject, saved.grade, saved.value) == (2021, "русский язык", 5, 3.55)
    assert page.model.rowCount() == 1 and page.selected().id == saved.id
    assert page.dynamics.tables == {}  # a class figure is not a school average
    window.close()


@pytest.mark.parametrize("bad", [False, True])
def test_import_from_excel_with_preview(qtbot, school_store, monkeypatch, tmp_path, bad):
    path = write_results_template(tmp_path / "результаты.xlsx")
    wb = load_workbook(path)
    ws = wb["Результаты"]
    ws.append([2021, "ВПР", "математика", None, None, "средняя оценка", "3,54"])
    ws.append([2021, "ОГЭ", "математика", None, None, "средняя оценка", "9" if bad else "3,75"])
    wb.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Результаты оценочных процедур")

    def check(dialog: ImportPreviewDialog) -> None:
        assert dialog.import_button.isEnabled() is not bad
        if bad:
            assert dialog.errors_table.item(0, 0).text() == "3"
            assert dialog.errors_table.item(0, 1).text().startswith("Средняя оценка — от 2 до 5")
            dialog.reject()
        else:
            assert dialog.changes_table.rowCount() == 2
            qtbot.mouseClick(dialog.import_button, LEFT)

    opened = script_dialog(monkeypatch, check, ImportPreviewDialog)
    qtbot.mouseClick(page.import_button, LEFT)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=20000)  # the file is read off the GUI thread
    assert len(opened) == 1
    school_id = own_school(school_store).id
    assert len(list_results(school_store, school_id)) == (0 if bad else 2)
    assert page.model.rowCount() == (0 if bad else 2)
    if not bad:
        assert page.dynamics.tables["ВПР"].item(3, 2).text() == "3,54"  # 2021, Матем.
    window.close()


def test_a_value_in_the_last_year_keeps_the_table_under_the_mouse(qtbot, school_store):
    school_id = own_school(school_store).id
    for number in range(12):  # enough rows to scroll
        indicator = add_indicator(school_store, school_id, IndicatorData(name=f"Показатель {number:02}"))
        set_value(school_store, indicator.id, "2020/2021", "50", "40")
    window = open_window(qtbot, school_store, size=(1093, 614))
    page = go_to(qtbot, window, "Показатели")
    last_year = page.shown_years()[-1]
    row = page.model.row_of(indicator.id)
    column = page.model.column_of(last_year, PART_ACTUAL)
    page.table.scrollTo(page.model.index(row, column))
    where = page.table.visualRect(page.model.index(row, column))

    type_into_cell(qtbot, page, row, column, "45")
    qtbot.wait(50)  # anything queued after the edit has run
    assert values_of(school_store, indicator.id)[-1].actual == 45.0
    index = page.model.index(page.model.row_of(indicator.id), page.model.column_of(last_year, PART_ACTUAL))
    assert page.table.visualRect(index).topLeft() == where.topLeft()  # the cell stayed where it was
    assert page.shown_years()[-1] == last_year
    go_to(qtbot, window, "Паспорт программы")
    go_to(qtbot, window, "Показатели")
    assert page.shown_years()[-1] != last_year  # shown again: the next year's column is there
    window.close()


def _refuse_150(qtbot, school_store):
    """A share typed as 150 % is refused: the text stays in its cell with the allowed range named."""
    school_id = own_school(school_store).id
    share = add_indicator(school_store, school_id, IndicatorData(name="Доля педагогов с ИПРП", unit="%"))
    set_value(school_store, share.id, "2020/2021", "40", "35")
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Показатели")
    fact = page.model.column_of("2020/2021", PART_ACTUAL)
    type_into_cell(qtbot, page, page.model.row_of(share.id), fact, "150")
    qtbot.waitUntil(lambda: [e.text() for e in open_editors(page)] == ["150"])
    assert "от 0 до 100" in page.error_label.text()
    return window, page, share


def test_a_refused_cell_asks_before_the_page_is_left(qtbot, school_store, monkeypatch):
    window, page, share = _refuse_150(qtbot, school_store)
    asked = answer_unsaved(monkeypatch, forms.STAY)
    click_nav(qtbot, window, "Педагоги")
    assert asked and window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: [e.text() for e in open_editors(page)] == ["150"])  # still there to correct

    asked = answer_unsaved(monkeypatch, forms.DISCARD)
    click_nav(qtbot, window, "Педагоги")
    assert asked and window.stack.currentWidget() is not page
    assert values_of(school_store, share.id)[0].actual == 35.0
    assert page.unsaved() is None
    window.close()


def test_a_refused_cell_corrected_is_saved(qtbot, school_store, monkeypatch):
    window, page, share = _refuse_150(qtbot, school_store)
    [editor] = open_editors(page)
    editor.selectAll()
    type_text(editor, "75")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: values_of(school_store, share.id)[0].actual == 75.0)
    assert page.unsaved() is None and not page.error_label.isVisible()
    asked = answer_unsaved(monkeypatch, forms.STAY)
    window.close()
    assert not asked and not window.isVisible()
