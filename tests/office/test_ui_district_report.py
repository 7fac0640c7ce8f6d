"""«Отчёты → Отчёт по району» in the office's window: the schools and years chosen, Блок 1 previewed
as it prints, the header's total of ОО saved as the field is left, PDF and XLSX written."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from app.core.store import Store
from app.demo.school import build_demo
from app.office.district import district_header, save_district_header
from tests.helpers.district_data import KRASNOYARSK, SCHOOLS, SEMICHNOE, build_office
from tests.helpers.window import go_to, open_window, saved_file_box, type_text
from ui import report_runner
from ui.pages import MUNICIPALITY, PageContext
from ui.pages.reports.district_report import CODE_ROLE, DistrictReportPage

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(scope="module")
def office_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("district-ui")
    build_office(root).close()
    return root


@pytest.fixture
def office(office_root):
    store = Store.open(office_root / "office")
    save_district_header(store, "", "")
    yield store
    save_district_header(store, "", "")
    store.close()


@pytest.fixture
def page(qtbot, office) -> DistrictReportPage:
    window = open_window(qtbot, office)
    page = go_to(qtbot, window, "Отчёт по району")
    page.window_ref = window  # pytest-qt keeps only weak references
    return page


def item_of(page: DistrictReportPage, code: str):
    return next(
        page.school_list.item(i)
        for i in range(page.school_list.count())
        if page.school_list.item(i).data(CODE_ROLE) == code
    )


def test_the_page_sits_before_support_needs_in_the_office_only(qtbot, office, tmp_path):
    window = open_window(qtbot, office)
    reports = dict(window.nav_titles())["Отчёты"]
    assert reports.index("Отчёт по району") < reports.index("Потребности в поддержке")
    school = Store.open(tmp_path / "school")
    build_demo(school)
    school_window = open_window(qtbot, school)
    assert all("Отчёт по району" not in titles for _, titles in school_window.nav_titles())
    school.close()


def test_all_schools_are_checked_and_block1_shows_as_printed(page):
    assert page.checked_codes() == list(SCHOOLS)
    assert (page.first_year.value(), page.last_year.value()) == (2019, 2021)
    vpr = page.tables["ВПР"]
    assert vpr.rowCount() == 3 + 3 and vpr.columnSpan(0, 1) == 6 and vpr.rowSpan(0, 0) == 3
    assert [vpr.item(r, 0).text() for r in range(3, 6)] == [
        f"{n}. {name}" for n, name in enumerate(SCHOOLS.values(), start=1)
    ]
    assert [vpr.item(3, c).text() for c in range(1, 7)] == ["3,58", "3,56", "3,33", "3,4", "3,61", "3,66"]
    oge = page.tables["ОГЭ"]
    assert {oge.item(r, c).text() for r in range(3, 6) for c in (3, 4)} == {"-"}
    exams = page.tables["ЕГЭ/ГВЭ"]
    assert exams.item(2, 7).text() == "ГВЭ" and exams.columnSpan(1, 5) == 4
    assert page.count_label.text() == "Выбрано: 3 из 3"
    assert page.printing.print_button.isEnabled() and page.printing.save_as_button.isEnabled()


def test_unchecking_schools_and_changing_years_change_the_preview(qtbot, page):
    item_of(page, KRASNOYARSK).setCheckState(Qt.CheckState.Unchecked)
    vpr = page.tables["ВПР"]
    assert [vpr.item(r, 0).text() for r in range(3, vpr.rowCount())] == [
        "1. МКОУ Нагольненская СШ",
        "2. МКОУ Семиченская СШ",
    ]
    assert page.count_label.text() == "Выбрано: 2 из 3"
    page.first_year.setValue(2021)
    assert page.tables["ВПР"].columnCount() == 3
    assert "2021 год (учебный год 2020/2021)" in page.years_label.text()
    page.first_year.setValue(2010)  # twelve years: more than a page holds
    assert "не больше 6 лет" in page.choice_error.text() and not page.printing.print_button.isEnabled()
    page.first_year.setValue(2019)
    qtbot.mouseClick(page.none_button, LEFT)
    assert page.checked_codes() == [] and "Отметьте хотя бы одну школу" in page.choice_error.text()
    assert not page.printing.save_as_button.isEnabled() and not page.tables
    qtbot.mouseClick(page.all_button, LEFT)
    assert page.checked_codes() == list(SCHOOLS) and page.choice_error.isHidden()


def test_total_of_schools_is_saved_on_leaving_the_field_and_bad_input_is_refused(qtbot, page, office):
    page.total_edit.setFocus()
    page.total_edit.clear()
    type_text(page.total_edit, "двадцать")
    page.total_edit.editingFinished.emit()
    error = page.findChild(type(page.general_error), "schools_total_error")
    assert "целое число" in error.text() and error.isVisible()
    assert district_header(office).schools_total is None  # nothing saved
    page.total_edit.clear()
    type_text(page.total_edit, "20")
    page.district_edit.clear()
    type_text(page.district_edit, "КОТЕЛЬНИКОВСКИЙ")
    page.total_edit.editingFinished.emit()
    assert error.isHidden() and "Сохранено" in page.saved_note.text()
    header = district_header(office)
    assert (header.schools_total, header.district) == (20, "КОТЕЛЬНИКОВСКИЙ")
    assert page.shnor_label.text() == "ШНОР в реестре: 3"


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_buttons_write_the_report_for_the_chosen_schools(qtbot, page, tmp_path, monkeypatch, fmt):
    target = tmp_path / f"район.{fmt}"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), report_runner.FILTERS[fmt])
    )
    item_of(page, SEMICHNOE).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(page.printing.save_as_button, LEFT)
    qtbot.waitUntil(target.exists, timeout=30000)
    box = saved_file_box(qtbot, page)  # the user is told where the file went
    assert box.text() == f"Отчёт сохранён: {target.name}" and box.informativeText() == f"Папка: {tmp_path}"
    if fmt == "pdf":
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(target).pages)
    else:
        text = " ".join(
            str(c.value)
            for ws in load_workbook(target).worksheets
            for row in ws.iter_rows()
            for c in row
            if c.value
        )
    assert "Отчёт о реализации программ повышения качества образования" in text
    assert "МКОУ Нагольненская СШ" in text and "МКОУ Семиченская СШ" not in text
    assert not list(tmp_path.glob(".*tmp"))


def test_an_office_without_schools_is_told_what_to_do(qtbot, store):
    from app.school.installation import init_municipality

    init_municipality(store, "Отдел образования")
    page = DistrictReportPage(PageContext(store, MUNICIPALITY))
    qtbot.addWidget(page)
    assert "В реестре пока нет школ" in page.choice_error.text()
    assert not page.printing.print_button.isEnabled() and not page.printing.save_as_button.isEnabled()
    assert page.count_label.text() == "Выбрано: 0 из 0"


def test_the_preview_fits_the_width_at_1366_and_the_school_list_stays_small(qtbot, page):
    """ЕГЭ and ГВЭ of three years fit without scrolling sideways; the list is a few lines high."""
    qtbot.waitUntil(lambda: page.preview.viewport().width() > 0)
    QApplication.processEvents()
    exams = page.tables["ЕГЭ/ГВЭ"]
    assert exams.columnCount() == 9  # ЕГЭ 2019–2021 and ГВЭ 2021
    assert exams.width() <= page.preview.viewport().width()
    assert not page.preview.horizontalScrollBar().isVisible()
    rows = page.school_list.sizeHintForRow(0)
    assert page.school_list.height() <= 6 * rows + 10
    assert page.preview.width() > 2 * page.school_list.width()  # the preview has the page's width


def test_the_page_says_what_the_years_decide(page):
    hint = page.years_hint.text()
    assert "столбцы Блока 1" in hint and "Блока 2" in hint
    assert "01.09.2018 – 31.08.2021" in hint and "ещё не законченные" in hint
    page.first_year.setValue(2021)
    assert "01.09.2020 – 31.08.2021" in page.years_hint.text()
