"""A text longer than an Excel cell holds (32 767 characters) is cut in the XLSX — never silently:
the cell ends with «… (текст обрезан: полностью — в PDF)», the command line warns naming the cell,
and the window's «Сохранить как…» says it once the file is saved. The PDF keeps the whole text."""

from __future__ import annotations

import json
from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.cli.main import main
from app.diaries import TeacherEntryData, teacher_diary
from app.reports import ReportColumn, TableReport
from app.reports.table_xlsx import CUT_MARK, MAX_CELL, cut_cells, write_xlsx
from app.school.installation import own_school
from app.school.staff import StaffData, add_staff
from tests.helpers.window import go_to, open_window, saved_file_box
from ui import report_runner

LONG = "Очень длинный отчёт о работе. " * 1500  # 45 000 characters


def diary_with_a_long_entry(store) -> None:
    school_id = own_school(store).id
    staff_id = add_staff(store, school_id, StaffData(full_name="Бондаренко Наталья Александровна")).id
    data = TeacherEntryData(
        staff_id=staff_id,
        entry_date=date(2021, 3, 12),
        methods="Кейс-метод",
        where_used="7 класс",
        results=LONG,
    )
    teacher_diary.create(store, school_id, data)


def long_cells(path) -> list[str]:
    sheet = load_workbook(path).active
    return [
        c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and len(c.value) > 1000
    ]


def test_a_cut_cell_is_marked_and_named(tmp_path):
    report = TableReport("Записи", [ReportColumn("Текст")], [["коротко"], [LONG]], owner="МКОУ Тест")
    with cut_cells() as cut:
        write_xlsx(report, tmp_path / "записи.xlsx")
    [cell] = long_cells(tmp_path / "записи.xlsx")
    assert len(cell) <= MAX_CELL and cell.endswith(CUT_MARK) and cell.startswith(LONG[:1000])
    assert cut == ["лист «Записи», ячейка A5"]
    with cut_cells() as cut:
        write_xlsx(TableReport("Записи", [ReportColumn("Текст")], [["коротко"]]), tmp_path / "к.xlsx")
    assert cut == []


def test_the_command_line_warns_of_the_cut(school_store, capsys, tmp_path):
    diary_with_a_long_entry(school_store)
    folder = str(school_store.data_dir)
    out = tmp_path / "дневник.xlsx"
    assert main(["--data-dir", folder, "report", "teacher-diary", "--out", str(out), "--json"]) == 0
    captured = capsys.readouterr()
    [warning] = json.loads(captured.out)["warnings"]
    assert warning.startswith("в файле Excel обрезан текст ячеек: 1 (первая — лист «")
    assert "32 767 знаков" in warning and "Полный текст — в PDF" in warning
    assert f"Внимание: {warning}" in captured.err
    [cell] = long_cells(out)
    assert cell.endswith(CUT_MARK)
    assert main(["--data-dir", folder, "report", "teacher-diary", "--out", str(tmp_path / "д.pdf")]) == 0
    assert "обрезан" not in capsys.readouterr().err  # the PDF holds it all


def test_the_window_says_the_text_was_cut(qtbot, school_store, tmp_path, monkeypatch):
    diary_with_a_long_entry(school_store)
    target = tmp_path / "дневник.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), report_runner.FILTERS["xlsx"])
    )
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k: warned.append((title, text)))
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Дневник педагога")
    qtbot.mouseClick(page.printing.save_as_button, Qt.MouseButton.LeftButton)
    saved_file_box(qtbot, page)
    qtbot.waitUntil(lambda: bool(warned))
    [(title, text)] = warned
    assert title == "Текст обрезан" and text.startswith("В файле Excel обрезан текст ячеек: 1")
    assert long_cells(target)[0].endswith(CUT_MARK)
