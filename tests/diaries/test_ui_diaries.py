"""The three diary pages on the demo school: add, edit, delete, restore; filters and search; keys."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from app.demo.school import build_demo
from app.diaries import director_diary, school_diary, teacher_diary
from app.diaries.common import DiaryFilter
from app.school.staff import list_staff
from tests.helpers.diaries import cells, click_row, focus_table, replace_text, row_with, toggle
from tests.helpers.window import LEFT, answer_questions, go_to, open_window, script_dialog, type_text
from ui.dialogs.diary_entry import DiaryEntryDialog
from ui.models.diary_columns import KEYS
from ui.models.diary_table import UNUSED_COLOR

# A day inside the demo's academic year, so entries are never «in the future».
DAY = date(2021, 5, 20)


@pytest.fixture
def demo(store):
    school = build_demo(store)
    return store, school.id


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def delete_and_restore(qtbot, monkeypatch, page, key: str, text: str, count: int) -> None:
    """Delete the entry showing `text` in column `key`, find it in «Корзина», bring it back."""
    asked = answer_questions(monkeypatch)
    click_row(qtbot, page, row_with(page, key, text))
    qtbot.mouseClick(page.delete_button, LEFT)
    assert "«Корзину»" in asked[0] and "30 дней" in asked[0]
    assert page.model.rowCount() == count - 1
    assert text not in "".join(cells(page, key))
    assert page.count_label.text() == f"Записей: {count - 1}"

    qtbot.mouseClick(page.trash_button, LEFT)
    assert page.restore_button.isVisible()
    whose = page.service.title.replace("Дневник", "Дневника")
    assert page.title_label.text().startswith(f"Корзина «{whose}»")  # whose basket it is
    assert page.model.rowCount() == 1
    assert page.model.cell_text(0, page.model.trash_column) == "30 дн."
    assert page.count_label.text().startswith("В корзине: 1")
    click_row(qtbot, page, 0)
    qtbot.mouseClick(page.restore_button, LEFT)
    assert page.model.rowCount() == 0
    qtbot.mouseClick(page.trash_button, LEFT)
    assert page.model.rowCount() == count
    assert page.title_label.text() == page.service.title
    assert text in "".join(cells(page, key))


def test_column_constants_follow_the_services():
    for name, service in (
        ("school-diary", school_diary),
        ("teacher-diary", teacher_diary),
        ("director-diary", director_diary),
    ):
        assert [KEYS[name][i] for i in range(len(KEYS[name]))] == [c.key for c in service.columns]


def test_navigation_offers_the_three_diaries(qtbot, demo):
    window = open_window(qtbot, demo[0])
    assert ("Дневники", ["Дневник школы", "Дневник педагога", "Дневник директора"]) in window.nav_titles()
    page = go_to(qtbot, window, "Дневник педагога")
    headers = [page.model.headerData(i, Qt.Orientation.Horizontal) for i in range(7)]
    assert headers[1:] == [
        "Педагог Ф И О",
        "Используемые методы (технологии, способы) работы",
        "Где использует (класс, курс и т.п.)",
        "Результаты использования",
        "Комментарии педагога",
        "Комментарии куратора (методист, руководитель)",
    ]
    assert page.count_label.text() == "Записей: 7"
    assert cells(page, "entry_date")[0] == "25.05.2021"  # newest first


def test_school_diary_add_edit_delete_restore(qtbot, demo, monkeypatch):
    store, school_id = demo
    window = open_window(qtbot, store)
    page = go_to(qtbot, window, "Дневник школы")
    count = page.model.rowCount()

    def fill(dialog) -> None:
        qtbot.mouseClick(dialog.save_button, LEFT)  # no title: refused, stays open
        assert dialog.isVisible() and dialog.entry_id is None
        assert dialog.errors.message("title").startswith("Впишите название мероприятия")
        type_text(dialog.title_edit, "Вебинар «Читательская грамотность»")
        type_text(dialog.form_edit, "вебинар")
        type_text(dialog.organizer_edit, "ГАУ ДПО «ВГАПО»")
        dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("regional"))
        dialog.date_from_edit.setDate(qdate(date(2021, 5, 10)))
        dialog.date_to_edit.check.setChecked(True)
        dialog.date_to_edit.edit.setDate(qdate(date(2021, 5, 1)))
        qtbot.mouseClick(dialog.save_button, LEFT)
        assert (
            dialog.errors.message("date_to") == "Дата окончания раньше даты начала — исправьте одну из них."
        )
        assert dialog.title_edit.text() == "Вебинар «Читательская грамотность»"  # kept as typed
        dialog.date_to_edit.edit.setDate(qdate(date(2021, 5, 11)))
        toggle(qtbot, dialog.participants, "Шевченко")
        toggle(qtbot, dialog.activities, "3.4 Участие в ВПР")
        type_text(dialog.key_elements_edit, "Приёмы смыслового чтения")
        qtbot.keyClick(dialog.key_elements_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    opened = script_dialog(monkeypatch, fill, DiaryEntryDialog)
    qtbot.mouseClick(page.add_button, LEFT)
    assert len(opened) == 1 and opened[0].saved
    assert page.model.rowCount() == count + 1
    row = page.selected_row()
    assert row.data.title == "Вебинар «Читательская грамотность»"
    assert (row.data.level, row.data.date_from, row.data.date_to) == (
        "regional",
        date(2021, 5, 10),
        date(2021, 5, 11),
    )
    assert [p.label for p in row.participants] == ["Шевченко Ольга Петровна"]
    assert [a.label for a in row.activities] == ["3.4 Участие в ВПР"]
    assert row.cell("uses") == "нет записей о применении"
    uses = page.model.index(page.model.row_of(row.id), page.model.column_of("uses"))
    assert uses.data(Qt.ItemDataRole.BackgroundRole).color() == UNUSED_COLOR

    def edit(dialog) -> None:
        assert dialog.participants.checked_labels() == ["Шевченко Ольга Петровна"]
        replace_text(dialog.title_edit, "Вебинар «Смысловое чтение»")
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)  # Enter saves

    script_dialog(monkeypatch, edit, DiaryEntryDialog)
    click_row(qtbot, page, row_with(page, "title", "Читательская грамотность"), double=True)
    assert school_diary.get_row(store, row.id).data.title == "Вебинар «Смысловое чтение»"
    assert "Вебинар «Смысловое чтение»" in cells(page, "title")[page.model.row_of(row.id)]

    delete_and_restore(qtbot, monkeypatch, page, "title", "Смысловое чтение»", count + 1)


def test_teacher_diary_add_edit_delete_restore(qtbot, demo, monkeypatch):
    store, school_id = demo
    window = open_window(qtbot, store)
    page = go_to(qtbot, window, "Дневник педагога")
    count = page.model.rowCount()

    def fill(dialog) -> None:
        assert dialog.staff_combo.currentData() is None
        names = [dialog.staff_combo.itemText(i) for i in range(dialog.staff_combo.count())]
        assert "Сидоренко Валентина Григорьевна" not in " ".join(names)  # she has left
        dialog.staff_combo.setCurrentIndex(dialog.staff_combo.findText("Фёдорова Анна Михайловна"))
        dialog.date_edit.setDate(qdate(DAY))
        qtbot.mouseClick(dialog.save_button, LEFT)
        assert dialog.errors.message("methods") == "Опишите используемые методы (технологии, способы) работы."
        type_text(dialog.methods_edit, "Кейс-метод")
        qtbot.keyClick(dialog.methods_edit, Qt.Key.Key_Return)  # a new line, not saving
        assert dialog.isVisible()
        type_text(dialog.methods_edit, "на уроках истории")
        type_text(dialog.where_edit, "6 класс, история")
        type_text(dialog.results_edit, "Разработаны 2 кейса")
        toggle(qtbot, dialog.sources, "Учитель-фасилитатор")
        toggle(qtbot, dialog.activities, "2.1 ")
        qtbot.keyClick(dialog.results_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    opened = script_dialog(monkeypatch, fill, DiaryEntryDialog)
    focus_table(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    assert len(opened) == 1 and opened[0].saved
    assert page.model.rowCount() == count + 1
    row = page.selected_row()
    assert (row.staff_name, row.data.entry_date) == ("Фёдорова Анна Михайловна", DAY)
    assert row.data.methods == "Кейс-метод\nна уроках истории"
    assert [s.label for s in row.sources] == ["Практический семинар «Учитель-фасилитатор» (10.02.2021)"]

    def edit(dialog) -> None:
        type_text(dialog.comment_edit, "Ученикам понравилось")
        qtbot.mouseClick(dialog.save_button, LEFT)

    script_dialog(monkeypatch, edit, DiaryEntryDialog)
    click_row(qtbot, page, page.model.row_of(row.id))
    focus_table(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter opens the selected entry
    assert teacher_diary.get_row(store, row.id).data.teacher_comment == "Ученикам понравилось"

    def cancel(dialog) -> None:
        type_text(dialog.comment_edit, " — не сохранять")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    script_dialog(monkeypatch, cancel, DiaryEntryDialog)
    focus_table(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert teacher_diary.get_row(store, row.id).data.teacher_comment == "Ученикам понравилось"

    delete_and_restore(qtbot, monkeypatch, page, "methods", "Кейс-метод", count + 1)


def test_director_diary_add_edit_delete_restore(qtbot, demo, monkeypatch):
    store, school_id = demo
    window = open_window(qtbot, store)
    page = go_to(qtbot, window, "Дневник директора")
    count = page.model.rowCount()

    def fill(dialog) -> None:
        dialog.date_edit.setDate(qdate(DAY))
        type_text(dialog.form_edit, "Открытый педсовет с учениками")
        type_text(dialog.where_edit, "Управление школой")
        toggle(qtbot, dialog.sources, "Траектория")
        dialog.save_button.setFocus()
        qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return)

    opened = script_dialog(monkeypatch, fill, DiaryEntryDialog)
    qtbot.mouseClick(page.add_button, LEFT)
    assert opened[0].saved
    assert page.model.rowCount() == count + 1
    row = page.selected_row()
    assert row.data.form_of_use == "Открытый педсовет с учениками"
    assert len(row.sources) == 1 and "Траектория" in row.sources[0].label

    def edit(dialog) -> None:
        assert dialog.sources.checked_labels() == [row.sources[0].label]
        type_text(dialog.results_edit, "Принято решение о совете обучающихся")
        qtbot.mouseClick(dialog.save_button, LEFT)

    script_dialog(monkeypatch, edit, DiaryEntryDialog)
    qtbot.mouseClick(page.edit_button, LEFT)
    assert director_diary.get_row(store, row.id).data.results == "Принято решение о совете обучающихся"

    delete_and_restore(qtbot, monkeypatch, page, "form_of_use", "Открытый педсовет", count + 1)


def test_filters_and_search_narrow_the_rows(qtbot, demo):
    store, school_id = demo
    window = open_window(qtbot, store)

    page = go_to(qtbot, window, "Дневник школы")
    all_events = page.model.rowCount()
    page.level_combo.setCurrentIndex(page.level_combo.findData("school"))
    assert page.model.rowCount() == 3
    assert all("школьный уровень" in c for c in cells(page, "organizer"))
    page.level_combo.setCurrentIndex(0)
    assert page.model.rowCount() == all_events

    page.search_edit.setFocus()
    type_text(page.search_edit, "фасилитатор")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)  # after a short pause
    assert "Учитель-фасилитатор" in cells(page, "title")[0]
    page.search_edit.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == all_events, timeout=2000)

    page = go_to(qtbot, window, "Дневник педагога")
    page.staff_combo.setCurrentIndex(page.staff_combo.findText("Бондаренко Наталья Александровна"))
    assert cells(page, "staff") == ["Бондаренко Наталья Александровна"]
    assert "Сидоренко Валентина Григорьевна (выбыл(а))" in [
        page.staff_combo.itemText(i) for i in range(page.staff_combo.count())
    ]
    page.staff_combo.setCurrentIndex(0)
    page.date_from_edit.check.setChecked(True)
    page.date_from_edit.edit.setDate(qdate(date(2021, 4, 1)))
    page.date_to_edit.check.setChecked(True)
    page.date_to_edit.edit.setDate(qdate(date(2021, 4, 30)))
    assert cells(page, "entry_date") == ["28.04.2021", "22.04.2021", "08.04.2021"]
    page.date_to_edit.check.setChecked(False)
    assert page.date_to_edit.edit.text() == "не задано"
    assert page.model.rowCount() == 5
    # Ctrl+F, then the name typed: the search covers the teacher's name, too.
    focus_table(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()
    type_text(page.search_edit, "полякова")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)  # at once, and on to the table
    assert cells(page, "staff") == ["Полякова Марина Владимировна"]
    assert page.table.hasFocus() and page.selected_row() is not None


def test_sorting_asks_the_service_for_a_new_order(qtbot, demo):
    window = open_window(qtbot, demo[0])
    page = go_to(qtbot, window, "Дневник педагога")
    page.table.sortByColumn(page.model.column_of("staff"), Qt.SortOrder.AscendingOrder)
    names = cells(page, "staff")
    assert names == sorted(names)
    assert names[0] == "Бондаренко Наталья Александровна"


def test_deactivated_teacher_is_refused_next_to_the_field(qtbot, demo, monkeypatch):
    store, school_id = demo
    window = open_window(qtbot, store)
    page = go_to(qtbot, window, "Дневник педагога")
    page.staff_combo.setCurrentIndex(page.staff_combo.findText("Сидоренко Валентина Григорьевна (выбыл(а))"))
    assert page.model.rowCount() == 0

    def fill(dialog) -> None:
        assert dialog.staff_combo.currentText() == "Сидоренко Валентина Григорьевна (выбыл(а))"
        dialog.date_edit.setDate(qdate(DAY))
        type_text(dialog.methods_edit, "Проектная работа")
        qtbot.mouseClick(dialog.save_button, LEFT)
        assert dialog.isVisible()
        assert "отмечен(а) как выбывший(ая)" in dialog.errors.message("staff_id")
        assert dialog.methods_edit.toPlainText() == "Проектная работа"
        dialog.reject()

    opened = script_dialog(monkeypatch, fill, DiaryEntryDialog)
    qtbot.mouseClick(page.add_button, LEFT)
    assert len(opened) == 1 and opened[0].entry_id is None
    assert teacher_diary.list_ids(store, school_id, DiaryFilter(text="Проектная работа")) == []


def test_entry_of_a_teacher_who_left_stays_editable_and_greyed(qtbot, demo, monkeypatch):
    from app.school.staff import set_active

    store, school_id = demo
    karpova = next(m for m in list_staff(store, school_id) if m.full_name.startswith("Карпова"))
    set_active(store, karpova.id, False)
    window = open_window(qtbot, store)
    page = go_to(qtbot, window, "Дневник педагога")
    row = row_with(page, "staff", "Карпова")
    index = page.model.index(row, page.model.column_of("staff"))
    assert index.data(Qt.ItemDataRole.FontRole).italic()

    def edit(dialog) -> None:
        assert dialog.staff_combo.currentText() == "Карпова Людмила Алексеевна (выбыл(а))"
        type_text(dialog.comment_edit, "Запись дополнена")
        qtbot.mouseClick(dialog.save_button, LEFT)

    opened = script_dialog(monkeypatch, edit, DiaryEntryDialog)
    click_row(qtbot, page, row, double=True)
    assert opened[0].saved
    assert "Запись дополнена" in page.selected_row().data.teacher_comment


def test_delete_answered_no_keeps_the_entry(qtbot, demo, monkeypatch):
    window = open_window(qtbot, demo[0])
    page = go_to(qtbot, window, "Дневник директора")
    from PySide6.QtWidgets import QMessageBox

    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    click_row(qtbot, page, 0)
    focus_table(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # Del asks first
    assert len(asked) == 1
    assert page.model.rowCount() == 4
