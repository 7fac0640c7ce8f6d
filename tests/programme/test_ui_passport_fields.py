"""Seeds 002–003's passport rows (issue 17): «Основания для разработки», «Руководитель»,
«Основные участники», «Сроки и этапы реализации» typed on the page, saved, and printed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.demo.school import build_demo
from app.programme.programme import current_programme, programme_owner, update_programme
from tests.helpers.programme_reports import pdf_text, write
from tests.helpers.window import focus, go_to, open_window, press, type_text

TYPED = {
    "grounds": "Федеральный закон № 273-ФЗ «Об образовании в Российской Федерации»",
    "head": "Директор школы Иванова А.А.",
    "participants": "Администрация, педагоги, обучающиеся, родители",
    "stages": "1 этап — подготовительный; 2 этап — основной",
}


def test_the_four_passport_rows_are_typed_saved_and_printed(qtbot, store, tmp_path):
    build_demo(store)
    window = open_window(qtbot, store)
    page = go_to(qtbot, window, "Паспорт программы")
    assert page.texts["head"].text() == "Директор МКОУ Нагольненской СШ Гребенникова Т.В."  # the demo's
    for name, text in TYPED.items():
        edit = page.texts[name]
        focus(qtbot, edit)
        press(qtbot, edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # replace what is there
        type_text(edit, text)
        focus(qtbot, page.texts["goal"])  # leaving the field saves it
        assert page.saved_note.text() == "✓ Сохранено"

    saved = current_programme(store, programme_owner(store))
    assert {name: getattr(saved, name) for name in TYPED} == TYPED

    text = pdf_text(write(store, "plan", "pdf", tmp_path / "plan.pdf"))
    for label in (
        "Основания для разработки программы",
        "Руководитель программы",
        "Основные участники программы",
        "Сроки и этапы реализации программы",
    ):
        assert label in text
    for typed in TYPED.values():
        assert typed in text
    window.close()


def test_empty_rows_are_left_out_of_the_printout(qtbot, store, tmp_path):
    build_demo(store)
    programme = current_programme(store, programme_owner(store))
    update_programme(store, programme.id, head="", participants="", grounds="", stages="")
    text = pdf_text(write(store, "plan", "pdf", tmp_path / "plan.pdf"))
    assert "Руководитель программы" not in text and "Основания для разработки" not in text
    assert "Сроки реализации программы 2020–2022 гг." in text
