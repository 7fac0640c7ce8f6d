"""Recommendations that come back, driven as people do: the methodologist gives a due date and the
expected result, the school answers in «Получено из управления» (status, note, date, a diary entry
checked), and the office sees the answer, its evidence (a click opens the entry) and «просрочено»."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.office.recommendation_answers import recommendation_states
from app.sync.exchange import import_packages, write_feedback
from db.models import Staff, TeacherDiaryEntry
from tests.helpers.desk import DEMO_CODE, demo_pair
from tests.helpers.diaries import focus_table
from tests.helpers.window import LEFT, go_to, open_window, press, script_dialog, type_text
from ui.dialogs.recommendation_answer_dialog import RecommendationAnswerDialog
from ui.dialogs.recommendation_dialog import RecommendationDialog

YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
def pair(tmp_path):
    pair = demo_pair(tmp_path)
    yield pair
    pair.close()


def _desk_recommendations(qtbot, window, school_id: str):
    window.open_school(school_id)
    key = next(k for k in window.desk.keys() if k.endswith("/Адресные рекомендации"))
    page = window.show_page(key)
    qtbot.waitExposed(page)
    return page


def _click_first(qtbot, table) -> None:
    rect = table.visualRect(table.model().index(0, 1))
    qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())


def _give(qtbot, monkeypatch, pair, title: str, due: str, issued: str | None = None) -> None:
    """At the office: a recommendation with a due date and the expected result, typed."""
    window = open_window(qtbot, pair.office)
    page = _desk_recommendations(qtbot, window, pair.office_school_id)

    def fill_in(dialog: RecommendationDialog) -> None:
        type_text(dialog.title_edit, title)
        if issued is not None:
            dialog.date_edit.selectAll()
            type_text(dialog.date_edit, issued)
        dialog.text_edit.setPlainText("Закрепить наставников за молодыми учителями.")
        press(qtbot, dialog.due_edit.check, Qt.Key.Key_Space)  # «выполнить к:» switched on
        dialog.due_edit.edit.selectAll()
        type_text(dialog.due_edit.edit, due)
        type_text(dialog.hint_edit, "Запись в дневнике педагога о первом занятии с наставником")
        press(qtbot, dialog.title_edit, Qt.Key.Key_Return)  # Enter saves

    script_dialog(monkeypatch, fill_in, RecommendationDialog)
    focus_table(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.table.rowCount() == 1
    row = page.selected()
    assert row.due_date == date.fromisoformat("-".join(reversed(due.split(".")))) and row.activity_hint
    assert page.table.item(0, 3).text() == "нет ответа"
    window.close()


def _to_school(pair) -> None:
    path = write_feedback(pair.office, DEMO_CODE, pair.outbox)
    assert [r.status for r in import_packages(pair.school, [path], accept_new_key=True)] == ["imported"]


def _karpova_entry(pair) -> tuple[str, str]:
    with pair.school.session() as s:
        entry = s.execute(
            select(TeacherDiaryEntry.id, TeacherDiaryEntry.methods)
            .join(Staff, Staff.id == TeacherDiaryEntry.staff_id)
            .where(Staff.full_name.like("Карпова%"))
            .order_by(TeacherDiaryEntry.entry_date)
        ).first()
    return entry[0], entry[1]


def test_answered_at_the_school_and_seen_at_the_office(qtbot, monkeypatch, pair):
    _give(qtbot, monkeypatch, pair, "Наставничество", "01.09.2030")
    _to_school(pair)
    entry_id, methods = _karpova_entry(pair)

    window = open_window(qtbot, pair.school)
    page = go_to(qtbot, window, "Получено из управления")
    row = next(i for i, s in enumerate(page.states) if s.title == "Наставничество")
    assert page.recommendations.item(row, 2).text() == "01.09.2030"
    assert page.recommendations.item(row, 3).text().startswith("Запись в дневнике педагога")
    assert page.recommendations.item(row, 4).text() == "нет ответа"

    def answer(dialog: RecommendationAnswerDialog) -> None:
        assert "Управление ожидает: Запись в дневнике педагога" in dialog.about_label.text()
        assert "срок: 01.09.2030" in dialog.about_label.text()
        dialog.save_button.click()  # nothing chosen: refused beside the field
        assert dialog.isVisible() and "Выберите" in dialog.errors.message("status")
        press(qtbot, dialog.status_combo, Qt.Key.Key_Down)  # принята
        press(qtbot, dialog.status_combo, Qt.Key.Key_Down)  # в работе
        press(qtbot, dialog.status_combo, Qt.Key.Key_Down)  # выполнена
        assert dialog.status_combo.currentData() == "done"
        type_text(dialog.note_edit, "Наставники закреплены приказом.")
        checklist = dialog.evidence_list
        type_text(checklist.filter_edit, "Карпова")
        item = checklist.item_for(f"teacher_diary:{entry_id}")
        assert item is not None and not item.isHidden() and methods[:20] in item.text()
        checklist.list.setCurrentItem(item)
        press(qtbot, checklist.list, Qt.Key.Key_Space)  # checked by the keyboard
        assert checklist.checked_ids() == [f"teacher_diary:{entry_id}"]
        press(qtbot, dialog.status_combo, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S

    opened = script_dialog(monkeypatch, answer, RecommendationAnswerDialog)
    page.recommendations.selectRow(row)
    press(qtbot, page.recommendations, Qt.Key.Key_Return)
    assert opened and opened[0].saved is not None
    row = next(i for i, s in enumerate(page.states) if s.title == "Наставничество")
    assert page.recommendations.item(row, 4).text() == f"выполнена {date.today():%d.%m.%Y}"
    assert "Карпова" in page.recommendations.item(row, 4).toolTip()
    window.close()

    pair.send()
    window = open_window(qtbot, pair.office)
    desk = _desk_recommendations(qtbot, window, pair.office_school_id)
    assert desk.table.item(0, 3).text() == f"выполнена {date.today():%d.%m.%Y}"
    _click_first(qtbot, desk.table)
    assert "Ответ школы: выполнена" in desk.text_view.toPlainText()
    assert "Наставники закреплены приказом." in desk.text_view.toPlainText()
    assert desk.evidence_list.count() == 1
    item = desk.evidence_list.item(0)
    assert item.text().startswith("Дневник педагога, ") and "Карпова" in item.text()
    rect = desk.evidence_list.visualItemRect(item)
    qtbot.mouseClick(desk.evidence_list.viewport(), LEFT, pos=rect.center())  # one click opens it
    diary = window.stack.currentWidget()
    assert diary is window.pages[next(k for k in window.desk.keys() if k.endswith("/Дневник педагога"))]
    assert diary.selected_id() == entry_id


def test_overdue_and_unanswered_is_marked_on_both_sides(qtbot, monkeypatch, pair):
    month_ago = f"{date.today() - timedelta(days=30):%d.%m.%Y}"
    _give(qtbot, monkeypatch, pair, "Взаимопосещение уроков", f"{YESTERDAY:%d.%m.%Y}", month_ago)
    _to_school(pair)
    window = open_window(qtbot, pair.school)
    page = go_to(qtbot, window, "Получено из управления")
    row = next(i for i, s in enumerate(page.states) if s.title == "Взаимопосещение уроков")
    assert "не выполнена" in page.recommendations.item(row, 4).toolTip()
    window.close()

    window = open_window(qtbot, pair.office)
    desk = _desk_recommendations(qtbot, window, pair.office_school_id)
    assert desk.table.item(0, 2).text() == f"{YESTERDAY:%d.%m.%Y} — просрочено"
    assert desk.table.item(0, 3).text() == "нет ответа"
    assert "просрочено: 1" in desk.count_label.text()
    _click_first(qtbot, desk.table)
    assert desk.evidence_list.item(0).text() == "школа не связала с рекомендацией ни одной записи"
    state = recommendation_states(pair.office, pair.office_school_id)[0]
    assert state.overdue()
