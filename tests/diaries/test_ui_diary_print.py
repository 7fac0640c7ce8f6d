"""«Печать» and «Сохранить как…» on a diary page: the file holds what the filter shows."""

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.demo.school import build_demo
from tests.helpers.window import go_to, open_window
from ui import report_runner

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
    qtbot.mouseClick(page.save_as_button, LEFT)
    qtbot.waitUntil(target.exists, timeout=20000)
    sheet = load_workbook(target).active
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert "Бондаренко Наталья Александровна" in text
    assert "Шевченко Ольга Петровна" not in text  # filtered out
    assert not list(tmp_path.glob(".*tmp"))


def test_print_opens_the_pdf_in_the_viewer(qtbot, page, monkeypatch):
    opened: list[Path] = []
    monkeypatch.setattr(
        report_runner.QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True
    )
    qtbot.mouseClick(page.print_button, LEFT)
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    text = "".join(p.extract_text() for p in PdfReader(opened[0]).pages)
    assert "Педагог Ф И О" in text and "Стр. 1 из" in text
