"""Rows after a long run of empty ones are never dropped in silence: rows the file does not hold
(a gap of any length) are passed over and what follows is read; after 1 000 rows held but empty
(a formatted tail) reading stops, and the preview says from which row on nothing was read."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from app.imports.xlsx_import import apply_import, read_results
from app.imports.xlsx_template import write_results_template
from app.programme.assessments import list_results
from app.school.installation import own_school
from tests.helpers.database import sql_dump
from tests.helpers.window import LEFT, go_to, open_window, script_dialog
from tests.helpers.xlsx_parts import header_row, result_row, sheet_xml, write_xlsx
from ui.dialogs.import_preview import ImportPreviewDialog

NOT_READ = "не прочитаны: перед ними 1000 пустых строк подряд"


def test_a_row_after_thousands_of_absent_rows_is_read(school_store, tmp_path):
    path = write_results_template(tmp_path / "результаты.xlsx")
    book = load_workbook(path)
    sheet = book["Результаты"]
    sheet.append([2021, "ВПР", "математика", 5, None, "средняя оценка", "3,54"])
    for column, value in enumerate(
        [2021, "ОГЭ", "математика", None, None, "средняя оценка", "3,75"], start=1
    ):
        sheet.cell(row=5000, column=column, value=value)
    book.save(path)
    school_id = own_school(school_store).id
    preview = read_results(school_store, school_id, path)
    assert preview.errors == [] and [line.row for line in preview.added] == [2, 5000]
    assert NOT_READ not in preview.summary()
    apply_import(school_store, preview)
    assert len(list_results(school_store, school_id)) == 2


def formatted_tail_file(folder):
    """A result in row 2, 1 500 formatted but empty rows, and another result in row 1 503."""
    tail = "".join(f'<row r="{n}"><c r="A{n}" s="0"/><c r="G{n}" s="0"/></row>' for n in range(3, 1503))
    return write_xlsx(
        folder / "хвост.xlsx", sheet_xml(header_row() + result_row(2) + tail + result_row(1503))
    )


def test_rows_below_a_formatted_empty_run_are_named_as_not_read(school_store, tmp_path):
    school_id = own_school(school_store).id
    before = sql_dump(school_store)
    preview = read_results(school_store, school_id, formatted_tail_file(tmp_path))
    assert [line.row for line in preview.added] == [2]
    assert f"Строки листа «Результаты» ниже 1002-й {NOT_READ}" in preview.summary()
    assert "удалите пустые строки" in preview.summary()
    assert sql_dump(school_store) == before


def test_the_preview_window_says_it(qtbot, school_store, monkeypatch, tmp_path):
    path = formatted_tail_file(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    page = go_to(qtbot, open_window(qtbot, school_store), "Результаты оценочных процедур")
    said: list[str] = []

    def look(dialog: ImportPreviewDialog) -> None:
        said.append(dialog.summary_label.text())
        dialog.reject()

    script_dialog(monkeypatch, look, ImportPreviewDialog)
    before = sql_dump(school_store)
    qtbot.mouseClick(page.import_button, LEFT)
    qtbot.waitUntil(lambda: bool(said), timeout=20000)
    assert said[0].startswith("Будет добавлено: 1") and NOT_READ in said[0]
    assert sql_dump(school_store) == before
