"""The windowed dnevnik.exe has no console: what would go there is shown in a Russian message box
(issue 22 item 6) — a usage error, a refusal, an exception before or after the window."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import app.__main__ as entry
from ui.shell import error_box

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def boxes(qapp, monkeypatch) -> list[dict]:
    """Every box shown: its text, informative text and details, as the person would read them."""
    shown: list[dict] = []

    def exec_(box: QMessageBox) -> int:
        shown.append({"text": box.text(), "advice": box.informativeText(), "details": box.detailedText()})
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def test_a_usage_error_is_shown_in_russian(boxes):
    assert entry.main_windowed(["--bogus"]) == 2
    (box,) = boxes
    assert box["text"] == error_box.USAGE
    assert "неизвестные аргументы: --bogus" in box["advice"] and "dnevnik-cli.exe" in box["advice"]
    assert "Использование" in box["details"]


def test_a_missing_file_given_to_the_program_is_shown(boxes, tmp_path):
    assert entry.main_windowed([str(tmp_path / "отчёт.txt")]) == 2
    assert boxes[0]["text"] == error_box.USAGE


def test_a_double_clicked_package_that_is_gone_is_named(boxes, tmp_path):
    """A .dnevnik double-clicked on a USB stick pulled out meanwhile: said so, not a usage error."""
    assert entry.main_windowed([str(tmp_path / "пакет школы 3410.dnevnik")]) == 1
    (box,) = boxes
    assert "Файл пакета не найден" in box["text"] and "флешка извлечена" in box["text"]
    assert "пакет школы 3410.dnevnik" in box["text"]


def test_a_refusal_is_shown_with_its_reason(boxes, tmp_path):
    assert entry.main_windowed(["--data-dir", str(tmp_path / "empty"), "info"]) == 1
    (box,) = boxes
    assert "нет базы «Дневника школы»" in box["text"] and not box["text"].startswith("Отказано")


def test_an_exception_before_the_window_is_shown_not_lost(boxes, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("Qt platform plugin could not be initialized")

    monkeypatch.setattr("ui.shell.app.run_gui", broken)
    assert entry.main_windowed([]) == 1
    (box,) = boxes
    assert box["text"] == error_box.UNEXPECTED and "RuntimeError" in box["details"]


def test_version_and_a_normal_end_show_nothing(boxes, monkeypatch):
    assert entry.main_windowed(["--version"]) == 0
    monkeypatch.setattr("ui.shell.app.run_gui", lambda *args, **kwargs: 0)
    assert entry.main_windowed([]) == 0
    assert boxes == []


def test_the_built_programs_entry_uses_the_box_without_a_console(boxes, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["dnevnik.exe", "--bogus"])
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    with pytest.raises(SystemExit) as ended:
        runpy.run_path(str(REPO / "packaging" / "entry.py"), run_name="__main__")
    assert ended.value.code == 2
    assert [box["text"] for box in boxes] == [error_box.USAGE]
