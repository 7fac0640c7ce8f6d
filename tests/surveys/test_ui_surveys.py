"""«Анкеты» in the window: paper sheets typed with the keyboard only, the on-this-computer mode,
typed-in totals, the comparison, and the template editor."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

from app.school.installation import own_school
from app.surveys.builtin_templates import builtin_template_id
from app.surveys.survey_sheets import add_sheet, list_sheets
from app.surveys.survey_templates import get_template, list_templates
from app.surveys.surveys import RoundData, create_round, round_totals
from tests.helpers.window import go_to, open_window, saved_file_box, script_dialog, type_text
from ui.dialogs.kiosk import KioskStartDialog, KioskWindow
from ui.dialogs.round_dialog import RoundDialog, suggested_title
from ui.dialogs.sheet_entry import SheetEntryDialog
from ui.dialogs.template_editor import TemplateEditor
from ui.dialogs.totals_entry import TotalsDialog

LEFT = Qt.MouseButton.LeftButton
BUILTIN = builtin_template_id("est-li-izmeneniya", 1)


def cell_editor(editor: TemplateEditor) -> QLineEdit:
    """The line edit the tree opened on its current item."""
    (line,) = [w for w in editor.tree.viewport().findChildren(QLineEdit) if w.isVisible()]
    return line


def type_lines(edit, lines: list[str]) -> None:
    for number, line in enumerate(lines):
        if number:
            QTest.keyClick(edit, Qt.Key.Key_Return)
        type_text(edit, line)


def keys(widget, text: str) -> None:
    """Digits and spaces with QTest.keyClick (Cyrillic would need type_text)."""
    for char in text:
        QTest.keyClick(widget, Qt.Key.Key_Space if char == " " else char)


@pytest.fixture
def school_id(school_store) -> str:
    list_templates(school_store)  # a new installation offers the built-in questionnaire
    return own_school(school_store).id


def test_surveys_have_their_own_group(qtbot, school_store):
    window = open_window(qtbot, school_store)
    assert ("Анкеты", ["Анкетирование", "Шаблоны анкет"]) in window.nav_titles()
    page = go_to(qtbot, window, "Анкетирование")
    assert page.bars.rows[0].kind == "note" and "Туров пока нет" in page.bars.rows[0].text


def test_three_paper_sheets_typed_with_the_keyboard_only(qtbot, school_store, school_id, monkeypatch):
    window = open_window(qtbot, school_store)
    window.activateWindow()  # shortcuts such as Ctrl+N act only in the active window
    qtbot.waitUntil(window.isActiveWindow)
    page = go_to(qtbot, window, "Анкетирование")

    def new_round(dialog: RoundDialog) -> None:
        assert dialog.template_combo.currentText() == "Есть ли изменения?"
        assert dialog.title_edit.text() == suggested_title(date.today())
        QTest.keyClick(dialog.title_edit, Qt.Key.Key_Return)  # Enter saves

    script_dialog(monkeypatch, new_round, RoundDialog)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    assert page.selected().title == suggested_title(date.today())

    def type_sheets(dialog: SheetEntryDialog) -> None:
        table = dialog.table
        assert table.rowCount() == 1 and table.currentColumn() == 0
        assert (
            dialog.statement_label.text() == "1.1. Учителя наблюдают и обсуждают преподавание друг с другом"
        )
        keys(table, "123")
        QTest.keyClick(table, Qt.Key.Key_Return)  # the next sheet
        keys(table, "3 30")
        QTest.keyClick(table, Qt.Key.Key_Return)
        keys(table, "2")
        QTest.keyClick(table, Qt.Key.Key_Return)
        assert table.rowCount() == 4  # three sheets and an empty row for the next
        assert dialog.row_values(0)[:4] == ["1", "2", "3", ""]
        assert dialog.row_values(1)[:5] == ["3", "–", "3", "–", ""]
        # A correction: back to the first sheet's second answer.
        table.setCurrentCell(0, 1)
        keys(table, "3")
        assert dialog.row_values(0)[:3] == ["1", "3", "3"]
        assert dialog.totals_label.text().startswith("Листов: 3.")
        QTest.keyClick(table, Qt.Key.Key_Escape)

    script_dialog(monkeypatch, type_sheets, SheetEntryDialog)
    window.activateWindow()  # back from the dialog
    qtbot.waitUntil(window.isActiveWindow)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    info = page.selected()
    assert info.respondents == 3
    assert page.table.item(0, 4).text() == "3"
    totals = round_totals(school_store, info.id)
    assert totals.counts["1.1"] == [1, 1, 1] and totals.counts["1.2"] == [0, 0, 1]
    assert totals.counts["1.3"] == [0, 0, 2] and totals.counts["1.4"] == [0, 0, 0]
    item = next(r for r in page.bars.rows if r.number == "1.1")
    assert item.tally.counts == [1, 1, 1] and item.figures.startswith("1 · 1 · 1")
    assert page.results_title.text() == f"«{info.title}»: ответили 3 чел."


def test_closed_round_sheets_are_read_only(qtbot, school_store, school_id, monkeypatch):
    info = create_round(school_store, school_id, RoundData(BUILTIN, "Май 2021", date(2021, 5, 20)))
    add_sheet(school_store, info.id, {"1.1": 2})
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Анкетирование")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.close_button, LEFT)
    assert page.selected().closed and page.close_button.text() == "Открыть тур снова"
    assert not page.kiosk_button.isEnabled()
    dialog = SheetEntryDialog(school_store, info.id)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and "Тур закрыт" in dialog.help_label.text()
    keys(dialog.table, "1")
    assert round_totals(school_store, info.id).counts["1.1"] == [0, 0, 1]


def test_on_this_computer_next_person_cannot_reach_earlier_answers(qtbot, school_store, school_id):
    info = create_round(school_store, school_id, RoundData(BUILTIN, "Май 2021", date(2021, 5, 20)))
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Анкетирование")
    kiosk: KioskWindow = page.open_kiosk(info.id, "2468")
    qtbot.addWidget(kiosk)
    assert kiosk.isFullScreen() or kiosk.isVisible()

    qtbot.mouseClick(kiosk.start_button, LEFT)
    first = kiosk.section_pages[0]
    assert kiosk.stack.currentWidget() is first and not first.back.isEnabled()
    for _, group in kiosk.groups[:5]:
        qtbot.mouseClick(group.button(2), LEFT)
    for page_widget in kiosk.section_pages[:-1]:
        qtbot.mouseClick(page_widget.forward, LEFT)
    last = kiosk.section_pages[-1]
    qtbot.mouseClick(last.forward, LEFT)  # «Готово» with 15 statements unanswered: warned first
    assert "Без ответа осталось утверждений: 15" in last.warning.text()
    assert list_sheets(school_store, info.id) == []
    qtbot.mouseClick(last.forward, LEFT)
    assert kiosk.stack.currentWidget() is kiosk.welcome and kiosk.thanks_label.isVisible()
    (sheet,) = list_sheets(school_store, info.id)
    assert [sheet.answers[f"1.{i}"] for i in range(1, 6)] == [2] * 5

    # The next person: nothing of the first sheet is to be seen or reached.
    assert all(v is None for v in kiosk.answers().values())
    assert not any(b.isChecked() for _, g in kiosk.groups for b in g.buttons())
    qtbot.mouseClick(kiosk.start_button, LEFT)
    assert kiosk.stack.currentWidget() is first and not first.back.isEnabled()
    assert all(not w.isVisible() for w in (kiosk.welcome, kiosk.exit_page))
    qtbot.mouseClick(kiosk.groups[0][1].button(0), LEFT)
    # «Отменить мои ответы» saves nothing.
    kiosk.cancel_respondent()
    assert len(list_sheets(school_store, info.id)) == 1

    # Leaving needs the deputy's code: closing the window or Esc only asks for it.
    kiosk.close()
    assert kiosk.isVisible() and kiosk.stack.currentWidget() is kiosk.exit_page
    qtbot.mouseClick(kiosk.stay_button, LEFT)
    assert kiosk.stack.currentWidget() is kiosk.welcome
    QTest.keyClick(kiosk, Qt.Key.Key_Escape)
    assert kiosk.stack.currentWidget() is kiosk.exit_page
    keys(kiosk.code_edit, "1111")
    qtbot.mouseClick(kiosk.exit_button, LEFT)
    assert kiosk.isVisible() and "Код неверный" in kiosk.code_error.text()
    with qtbot.waitSignal(kiosk.finished):
        keys(kiosk.code_edit, "2468")
        QTest.keyClick(kiosk.code_edit, Qt.Key.Key_Return)
    assert not kiosk.isVisible()
    assert page.selected().respondents == 1


def test_kiosk_start_asks_for_an_exit_code(qtbot):
    dialog = KioskStartDialog("Май 2021")
    qtbot.addWidget(dialog)
    keys(dialog.code_edit, "12")
    dialog.check()
    assert "не меньше 4 цифр" in dialog.errors.message("code")
    dialog.code_edit.clear()
    keys(dialog.code_edit, "1234")
    keys(dialog.repeat_edit, "1235")
    dialog.check()
    assert "не совпадают" in dialog.errors.message("repeat")
    dialog.repeat_edit.clear()
    keys(dialog.repeat_edit, "1234")
    dialog.check()
    assert dialog.result() == KioskStartDialog.DialogCode.Accepted and dialog.code == "1234"


def test_totals_round_checked_to_add_up(qtbot, school_store, school_id):
    info = create_round(
        school_store, school_id, RoundData(BUILTIN, "Онлайн-опрос", date(2021, 3, 1), "totals")
    )
    dialog = TotalsDialog(school_store, info.id)
    qtbot.addWidget(dialog)
    dialog.respondents_spin.setValue(5)
    dialog.set_count(0, 0, 2)
    dialog.set_count(0, 2, 4)
    assert dialog.table.item(0, 5).text() == "-1" and "больше" in dialog.table.item(0, 6).text()
    dialog.save()
    assert dialog.result() != TotalsDialog.DialogCode.Accepted
    assert "Проверка" in dialog.general_error.text()
    dialog.set_count(0, 2, 3)
    dialog.set_count(1, 1, 5)
    dialog.save()
    assert dialog.result() == TotalsDialog.DialogCode.Accepted
    totals = round_totals(school_store, info.id)
    assert totals.respondents == 5 and totals.counts["1.1"] == [2, 0, 3] and totals.counts["1.2"] == [0, 5, 0]


def test_comparison_in_the_page(qtbot, school_store, school_id):
    for title, day, value in (("Май 2020", date(2020, 5, 20), 0), ("Май 2021", date(2021, 5, 20), 2)):
        info = create_round(school_store, school_id, RoundData(BUILTIN, title, day))
        for _ in range(3):
            add_sheet(school_store, info.id, {"1.1": value, "2.1": 1})
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Анкетирование")
    assert page.selected().title == "Май 2021"
    assert page.compare_combo.count() == 2
    page.compare_combo.setCurrentIndex(1)
    assert page.results_title.text() == "Сравнение: «Май 2020» → «Май 2021»"
    assert page.bars.comparing
    row = next(r for r in page.bars.rows if r.number == "1.1")
    assert row.change.delta == 2 and row.top_change.delta == 1


def test_template_editor_makes_a_new_version_when_answered(qtbot, school_store, school_id, monkeypatch):
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Шаблоны анкет")
    assert page.selected().builtin and not page.edit_button.isEnabled()

    def write(editor: TemplateEditor) -> None:
        qtbot.mouseClick(editor.save_button, LEFT)  # empty: refused, next to the fields
        assert editor.errors.message("title") == "Впишите название анкеты."
        assert "двух вариантов" in editor.errors.message("scale")
        assert "хотя бы один раздел" in editor.errors.message("sections")
        type_text(editor.title_edit, "Удовлетворённость методической помощью")
        type_lines(editor.scale_edit, ["Нет", "Частично", "Да"])
        qtbot.mouseClick(editor.add_section_button, LEFT)
        type_text(cell_editor(editor), "Адресная помощь")
        QTest.keyClick(cell_editor(editor), Qt.Key.Key_Return)
        qtbot.mouseClick(editor.add_item_button, LEFT)
        type_text(cell_editor(editor), "Консультации помогли")
        QTest.keyClick(cell_editor(editor), Qt.Key.Key_Return)
        qtbot.mouseClick(editor.save_button, LEFT)

    script_dialog(monkeypatch, write, TemplateEditor)
    qtbot.mouseClick(page.new_button, LEFT)
    template = page.selected()
    assert template.title == "Удовлетворённость методической помощью" and template.scale == [
        "Нет",
        "Частично",
        "Да",
    ]
    assert [(s.title, [i.text for i in s.items]) for s in template.sections] == [
        ("Адресная помощь", ["Консультации помогли"])
    ]
    info = create_round(school_store, school_id, RoundData(template.id, "Ноябрь 2023", date(2023, 11, 20)))
    add_sheet(school_store, info.id, {"1.1": 2})
    page.reload()

    def edit(editor: TemplateEditor) -> None:
        editor.tree.setCurrentItem(editor.tree.topLevelItem(0).child(0))
        qtbot.mouseClick(editor.add_item_button, LEFT)
        type_text(cell_editor(editor), "Материалы пришли вовремя")
        QTest.keyClick(cell_editor(editor), Qt.Key.Key_Return)
        qtbot.mouseClick(editor.save_button, LEFT)

    script_dialog(monkeypatch, edit, TemplateEditor)
    qtbot.mouseClick(page.edit_button, LEFT)
    newer = page.selected()
    assert newer.version == 2 and newer.id != template.id
    assert "версия 2" in page.saved_note.text()
    assert [i.text for i in get_template(school_store, template.id).sections[0].items] == [
        "Консультации помогли"
    ]


def test_template_file_export_and_import_in_the_page(qtbot, school_store, school_id, tmp_path, monkeypatch):
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Шаблоны анкет")
    suggested: list[str] = []

    def save_file_name(_parent, _caption, name, _filter):
        suggested.append(name)
        return str(tmp_path / "est.json"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    monkeypatch.setattr(page.selected(), "title", "Анкета: итоги / май?")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert suggested == ["Анкета итоги май.json"]  # a name Windows accepts
    assert (tmp_path / "est.json").exists()
    box = saved_file_box(qtbot, page)
    assert box.text() == "Шаблон анкеты сохранён: est.json" and box.informativeText() == f"Папка: {tmp_path}"
    page.import_from(tmp_path / "est.json")
    assert "уже есть" in page.saved_note.text()
    (tmp_path / "bad.json").write_text("{", "utf-8")
    page.import_from(tmp_path / "bad.json")
    assert "не в формате JSON" in page.error_label.text()
