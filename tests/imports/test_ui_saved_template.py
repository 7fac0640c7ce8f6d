"""An Excel template saved from a page is named with its folder (ui.ops.tell_saved)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from tests.helpers.window import LEFT, go_to, open_window, saved_file_box


def test_saved_excel_template_names_its_file_and_folder(qtbot, school_store, tmp_path, monkeypatch):
    target = tmp_path / "шаблоны" / "показатели"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Показатели")
    qtbot.mouseClick(page.template_button, LEFT)
    box = saved_file_box(qtbot, page)
    assert (target.parent / "показатели.xlsx").exists()
    assert box.text() == "Шаблон Excel сохранён: показатели.xlsx"
    assert box.informativeText() == f"Папка: {target.parent}"
