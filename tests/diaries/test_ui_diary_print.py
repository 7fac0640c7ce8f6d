"""«Печать» and «Сохранить как…» on a diary page: the file holds what the filter shows."""

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.demo.school import build_demo
from tests.helpers.window import go_to, open_window, saved_file_box
from ui import ops, report_runner

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def page(qtbot, store):
    build_demo(store)
    window = open_window(qtbot, store)
    page = go_to(qtbot, window, "Дневник педагога")
    page.window_ref = window  # pytest-qt keeps only weak references
    return page


def test_save_as_xlsx_writes_the_filtered_diary(qtbot, page, tmp_path, monkeypatch):
    target = tmp_path / "дневник.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), report_runner.FILTERS["xlsx"])
    )
    page.search_edit.setText("Бондаренко")
    page.apply_filter()
    qtbot.mouseClick(page.printing.save_as_button, LEFT)
    qtbot.waitUntil(target.exists, timeout=20000)
    sheet = load_workbook(target).active
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert "Бондаренко Наталья Александровна" in text
    assert "Шевченко Ольга Петровна" not in text  # filtered out
    assert not list(tmp_path.glob(".*tmp"))
    box = saved_file_box(qtbot, page)  # named with its folder, and the buttons to open either
    assert box.text() == "Отчёт сохранён: дневник.xlsx" and box.informativeText() == f"Папка: {tmp_path}"
    assert {b.text() for b in box.buttons()} == {"Открыть файл", "Открыть папку", "Закрыть"}
    opened: list[Path] = []
    monkeypatch.setattr(
        ops.QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True
    )
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "Открыть папку"), LEFT)
    assert opened == [tmp_path]


def test_save_as_suggests_a_name_windows_accepts(qtbot, page, monkeypatch):
    suggested: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: suggested.append(a[2]) or ("", ""))
    monkeypatch.setattr(page.service, "title", "Дневник: педагога? <черновик>")
    qtbot.mouseClick(page.printing.save_as_button, LEFT)
    assert suggested == ["Дневник педагога черновик.pdf"]


def test_print_opens_the_pdf_in_the_viewer(qtbot, page, monkeypatch):
    opened: list[Path] = []
    monkeypatch.setattr(
        report_runner.QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True
    )
    qtbot.mouseClick(page.printing.print_button, LEFT)
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    text = "".join(p.extract_text() for p in PdfReader(opened[0]).pages)
    assert "Педагог Ф И О" in text and "Стр. 1 из" in text


def test_print_twice_while_the_viewer_holds_the_first_pdf(qtbot, page, monkeypatch):
    """A viewer keeps the first printout open (Windows then refuses to replace it): the second
    «Печать» gets a file of its own, and a title with «:» gives a name Windows accepts."""
    opened: list[Path] = []
    monkeypatch.setattr(
        report_runner.QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True
    )
    monkeypatch.setattr(page.service, "title", "Тур 1: май")
    for count in (1, 2):
        qtbot.mouseClick(page.printing.print_button, LEFT)
        qtbot.waitUntil(lambda count=count: len(opened) == count, timeout=20000)
        qtbot.waitUntil(lambda: not page.printing.run.running(), timeout=5000)
    assert opened[0] != opened[1] and opened[0].exists() and opened[1].exists()
    assert all(":" not in path.name and path.name.startswith("Тур 1 май") for path in opened)
