"""Programme passport and plan of measures in the window: as a user clicks and types them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.store import Store
from app.demo.school import build_demo
from app.programme.plan import plan_of
from app.programme.programme import current_programme, list_programmes, programme_owner
from db.models import Programme, School
from tests.helpers.window import (
    LEFT,
    answer_questions,
    focus,
    go_to,
    open_window,
    press,
    script_dialog,
    type_text,
)
from ui.dialogs.activity_dialog import ActivityDialog
from ui.dialogs.programme_dialogs import NewProgrammeDialog, SectionDialog
from ui.dialogs.training_path import DISTRICT_ACTIVITY, SCHOOL_ACTIVITY, TrainingPathDialog
from ui.models.plan_tree import (
    COL_DEADLINE,
    COL_NUMBER,
    COL_RESULT,
    COL_STATUS,
    COL_TITLE,
    OVERDUE_BACKGROUND,
)
from ui.pages.programme.passport import PassportPage
from ui.pages.programme.plan import NOTHING_FOUND, PlanPage

ALT = Qt.KeyboardModifier.AltModifier


def tree_rows(page: PlanPage) -> list[tuple[str, ...]]:
    """What the tree shows: section lines, then (number, title, status) of their activities."""
    model, rows = page.model, []
    for i in range(model.rowCount()):
        section = model.item(i, 0)
        rows.append((section.text(),))
        for j in range(section.rowCount()):
            rows.append(tuple(section.child(j, col).text() for col in (COL_NUMBER, COL_TITLE, COL_STATUS)))
    return rows


def click_row(qtbot, page: PlanPage, kind: str, ident: str) -> None:
    index = page.model.find(kind, ident)
    page.tree.scrollTo(index)
    rect = page.tree.visualRect(index.siblingAtColumn(COL_TITLE) if kind == "activity" else index)
    qtbot.mouseClick(page.tree.viewport(), LEFT, pos=rect.center())
    assert page.selected() == (kind, ident)


def activity_id(page: PlanPage, title: str) -> str:
    return next(a.id for s in page.sections for a in s.activities if a.title == title)


def new_programme(qtbot, monkeypatch, title: str):
    def fill(dialog: NewProgrammeDialog) -> None:
        qtbot.mouseClick(dialog.save_button, LEFT)  # no title: refused, the message next to the field
        assert dialog.errors.message("title") == "Впишите наименование программы."
        type_text(dialog.title_edit, title)
        dialog.year_from_spin.setValue(2021)
        dialog.year_to_spin.setValue(2023)
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)  # Enter saves

    return script_dialog(monkeypatch, fill, NewProgrammeDialog)


def add_section(qtbot, monkeypatch, page: PlanPage, title: str) -> None:
    def fill(dialog: SectionDialog) -> None:
        type_text(dialog.title_edit, title)
        qtbot.mouseClick(dialog.save_button, LEFT)

    script_dialog(monkeypatch, fill, SectionDialog)
    qtbot.mouseClick(page.add_section_button, LEFT)


def add_activity(qtbot, monkeypatch, page: PlanPage, title: str, due: date | None = None) -> None:
    def fill(dialog: ActivityDialog) -> None:
        type_text(dialog.title_edit, title)
        type_text(dialog.deadline_edit, "в течение года")
        type_text(dialog.responsible_edit, "Заместитель директора по УВР")
        dialog.due_edit.set_value(due)
        qtbot.mouseClick(dialog.save_button, LEFT)

    script_dialog(monkeypatch, fill, ActivityDialog)
    press(qtbot, page.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N


def test_plan_numbers_follow_moves_done_with_result_and_overdue(qtbot, school_store, monkeypatch):
    window = open_window(qtbot, school_store)
    passport = go_to(qtbot, window, "Паспорт программы")
    assert passport.stack.currentIndex() == 0  # the empty state invites to create one
    new_programme(qtbot, monkeypatch, "Программа перехода в эффективный режим работы")
    qtbot.mouseClick(passport.create_button, LEFT)
    assert passport.stack.currentIndex() == 1
    assert passport.texts["title"].text() == "Программа перехода в эффективный режим работы"

    page = go_to(qtbot, window, "План мероприятий")
    assert page.hint_label.text().startswith("В плане пока нет разделов")
    add_section(qtbot, monkeypatch, page, "Кадровое обеспечение")
    add_section(qtbot, monkeypatch, page, "Методическая работа")
    first_section = page.sections[0].id
    click_row(qtbot, page, "section", first_section)
    add_activity(qtbot, monkeypatch, page, "Курсы повышения квалификации")
    add_activity(qtbot, monkeypatch, page, "Наставничество")
    yesterday = date.today() - timedelta(days=1)
    add_activity(qtbot, monkeypatch, page, "Семинар «Учитель-фасилитатор»", due=yesterday)
    assert tree_rows(page) == [
        ("1. Кадровое обеспечение      Выполнено 0 из 3",),
        ("1.1", "Курсы повышения квалификации", "запланировано"),
        ("1.2", "Наставничество", "запланировано"),
        ("1.3", "Семинар «Учитель-фасилитатор»", "запланировано"),
        ("2. Методическая работа      Выполнено 0 из 0",),
    ]

    # Alt+↑: the seminar goes up and the numbers follow.
    seminar = activity_id(page, "Семинар «Учитель-фасилитатор»")
    assert page.selected() == ("activity", seminar)
    press(qtbot, page.tree, Qt.Key.Key_Up, ALT)
    assert [r[:2] for r in tree_rows(page)[1:4]] == [
        ("1.1", "Курсы повышения квалификации"),
        ("1.2", "Семинар «Учитель-фасилитатор»"),
        ("1.3", "Наставничество"),
    ]
    assert page.selected() == ("activity", seminar)
    # Alt+↓ past the section's last row: into the next section, as 2.1.
    mentoring = activity_id(page, "Наставничество")
    click_row(qtbot, page, "activity", mentoring)
    press(qtbot, page.tree, Qt.Key.Key_Down, ALT)
    assert tree_rows(page)[-2:] == [
        ("2. Методическая работа      Выполнено 0 из 1",),
        ("2.1", "Наставничество", "запланировано"),
    ]
    qtbot.mouseClick(page.up_button, LEFT)  # the button does the same as Alt+↑
    assert tree_rows(page)[3] == ("1.3", "Наставничество", "запланировано")

    # The overdue one stands out, with a legend saying what the colour means.
    index = page.model.find("activity", seminar)
    deadline = index.siblingAtColumn(COL_DEADLINE)
    assert deadline.data(Qt.ItemDataRole.BackgroundRole).color() == OVERDUE_BACKGROUND
    assert deadline.data().startswith("⚠ в течение года, до ")
    assert index.siblingAtColumn(COL_STATUS).data(Qt.ItemDataRole.ToolTipRole).endswith("просрочено")
    courses = activity_id(page, "Курсы повышения квалификации")
    assert page.model.find("activity", courses).data(Qt.ItemDataRole.BackgroundRole) is None

    # Enter opens the seminar; marked done with what was done, it is no longer overdue.
    click_row(qtbot, page, "activity", seminar)

    def mark_done(dialog: ActivityDialog) -> None:
        assert not dialog.done_edit.isVisible()
        dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("done"))
        assert dialog.done_edit.isVisible() and dialog.done_edit.date().toPython() == date.today()
        type_text(dialog.actual_edit, "Проведён семинар, 9 педагогов")
        qtbot.mouseClick(dialog.save_button, LEFT)

    script_dialog(monkeypatch, mark_done, ActivityDialog)
    press(qtbot, page.tree, Qt.Key.Key_Return)
    index = page.model.find("activity", seminar)
    assert index.siblingAtColumn(COL_STATUS).data() == "выполнено"
    assert index.siblingAtColumn(COL_RESULT).data() == "Проведён семинар, 9 педагогов"
    assert index.data(Qt.ItemDataRole.BackgroundRole) is None
    assert tree_rows(page)[0] == ("1. Кадровое обеспечение      Выполнено 1 из 3",)
    (row,) = [a for s in plan_of(school_store, page.programme_id) for a in s.activities if a.id == seminar]
    assert (row.status, row.done_on, row.actual_result) == (
        "done",
        date.today(),
        "Проведён семинар, 9 педагогов",
    )

    # Filters: the done ones; by responsible, case aside.
    page.filters.status_combo.setCurrentIndex(page.filters.status_combo.findData("done"))
    assert [r[0] for r in tree_rows(page)] == ["1. Кадровое обеспечение      Выполнено 1 из 3", "1.2"]
    page.filters.status_combo.setCurrentIndex(0)
    press(qtbot, page.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filters.responsible_edit.hasFocus()
    type_text(page.filters.responsible_edit, "ЗАМЕСТИТЕЛЬ")
    assert len(tree_rows(page)) == 4  # the empty second section is left out
    type_text(page.filters.responsible_edit, " директора по УВР!")
    assert page.hint_label.text() == NOTHING_FOUND
    page.filters.responsible_edit.clear()

    # Del, confirmed: gone, and the numbers close the gap.
    asked = answer_questions(monkeypatch)
    click_row(qtbot, page, "activity", courses)
    press(qtbot, page.tree, Qt.Key.Key_Delete)
    assert asked and "1.1 Курсы повышения квалификации" in asked[0]
    assert [r[:2] for r in tree_rows(page)[1:3]] == [
        ("1.1", "Семинар «Учитель-фасилитатор»"),
        ("1.2", "Наставничество"),
    ]


def test_passport_edits_are_saved_and_found_after_reopening(qtbot, school_store, data_dir, monkeypatch):
    window = open_window(qtbot, school_store)
    page: PassportPage = go_to(qtbot, window, "Паспорт программы")
    new_programme(qtbot, monkeypatch, "Программа улучшения результатов")
    qtbot.mouseClick(page.chooser.new_button, LEFT)

    goal = page.texts["goal"]
    focus(qtbot, goal)
    type_text(goal, "Повышение качества образования")
    focus(qtbot, page.texts["developers"])  # leaving the field saves it
    assert page.saved_note.text() == "✓ Сохранено"

    page.year_to_spin.selectAll()
    type_text(page.year_to_spin.lineEdit(), "2020")
    qtbot.keyClick(page.year_to_spin, Qt.Key.Key_Return)
    assert page.errors.message("year_to") == "Год окончания не может быть раньше года начала."
    page.year_to_spin.selectAll()
    type_text(page.year_to_spin.lineEdit(), "2024")
    qtbot.keyClick(page.year_to_spin, Qt.Key.Key_Return)
    assert page.errors.message("year_to") == ""
    page.approved_edit.check.setChecked(True)  # approved today

    tasks = page.task_list
    for text in ("Освоить технологии", "Вовлечь родителей"):
        qtbot.mouseClick(tasks.add_button, LEFT)
        QApplication.processEvents()
        editor = QApplication.focusWidget()  # the new row's editor, opened at once
        type_text(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        QApplication.processEvents()
    assert tasks.tasks() == ["Освоить технологии", "Вовлечь родителей"]
    qtbot.mouseClick(tasks.up_button, LEFT)  # the second one selected: goes first
    assert tasks.tasks() == ["Вовлечь родителей", "Освоить технологии"]

    executors = page.texts["executors"]
    focus(qtbot, executors)
    type_text(executors, "Педагогический коллектив")  # not left yet: saved as the window closes
    window.close()
    school_store.close()

    again = Store.open(data_dir)
    try:
        saved = current_programme(again, programme_owner(again))
        assert saved.goal == "Повышение качества образования"
        assert (saved.year_from, saved.year_to, saved.approved_on) == (2021, 2024, date.today())
        assert saved.tasks == ["Вовлечь родителей", "Освоить технологии"]
        assert saved.executors == "Педагогический коллектив"
        window = open_window(qtbot, again)
        page = go_to(qtbot, window, "Паспорт программы")
        assert page.texts["goal"].text() == "Повышение качества образования"
        assert page.task_list.tasks() == ["Вовлечь родителей", "Освоить технологии"]
        assert page.chooser.combo.currentText().startswith("2021–2024: Программа улучшения результатов")
        window.close()
    finally:
        again.close()


def test_municipal_mode_keeps_the_offices_own_programme(qtbot, store, monkeypatch):
    from app.school.installation import init_municipality

    init_municipality(store, "Отдел образования администрации Котельниковского района")
    with store.session() as s:
        school = School(code="3410", name="МКОУ Нагольненская СШ")
        s.add(school)
        s.flush()
        s.add(Programme(school_id=school.id, title="Программа школы", year_from=2020, year_to=2022))
    window = open_window(qtbot, store)
    # The office's own programme: «Программа района», never to be taken for an open school's.
    groups = dict(window.nav_titles())
    assert "Программа" not in groups
    assert groups["Программа района"] == [
        "Паспорт программы",
        "План мероприятий",
        "Показатели",
        "Показатели школ района",
    ]
    passport = go_to(qtbot, window, "Паспорт программы")
    assert passport.chooser.caption.text() == "Программа района:"
    assert passport.stack.currentIndex() == 0  # the school's programme is not the office's
    new_programme(qtbot, monkeypatch, "Муниципальная программа поддержки ШНОР и ШНСУ")
    qtbot.mouseClick(passport.create_button, LEFT)
    page = go_to(qtbot, window, "План мероприятий")
    assert page.chooser.combo.currentText().startswith("2021–2023: Муниципальная программа")
    add_section(qtbot, monkeypatch, page, "Организационное обеспечение")
    click_row(qtbot, page, "section", page.sections[0].id)
    add_activity(qtbot, monkeypatch, page, "Совещание с руководителями ОО")
    assert tree_rows(page)[1] == ("1.1", "Совещание с руководителями ОО", "запланировано")
    # Its path names the district's programme, not a school's.
    click_row(qtbot, page, "activity", page.sections[0].activities[0].id)
    opened = script_dialog(monkeypatch, lambda dialog: None, TrainingPathDialog)
    qtbot.mouseClick(page.links.path_button, LEFT)
    assert opened[0].kind_label.text() == DISTRICT_ACTIVITY
    (district,) = list_programmes(store, None)
    assert district.school_id is None and district.is_current
    assert [p.title for p in list_programmes(store, school.id)] == ["Программа школы"]


@pytest.fixture
def demo_store(store):
    build_demo(store)
    return store


def test_selected_activity_shows_its_diary_links(qtbot, demo_store, monkeypatch):
    window = open_window(qtbot, demo_store)
    page = go_to(qtbot, window, "План мероприятий")
    assert page.progress_label.text().startswith("Весь план: выполнено")
    linked = next(a for s in page.sections for a in s.activities if a.events and a.entries)
    click_row(qtbot, page, "activity", linked.id)
    assert page.links.title_label.text() == f"Связи мероприятия {linked.number} с дневниками"
    text = page.links.page_text()
    assert "Мероприятия «Дневника школы», связанные с этим пунктом плана" in text
    assert "Записи в «Дневнике педагога»" in text
    opened = script_dialog(monkeypatch, lambda dialog: None, TrainingPathDialog)
    qtbot.mouseClick(page.links.path_button, LEFT)
    assert opened and opened[0].current == ("activity", linked.id)
    assert opened[0].kind_label.text() == SCHOOL_ACTIVITY


def test_the_links_column_says_what_its_numbers_are():
    from types import SimpleNamespace

    from ui.models.plan_tree import links_text

    assert links_text(SimpleNamespace(linked=True, events=5, entries=6)) == "меропр.: 5\nзаписей: 6"
    assert links_text(SimpleNamespace(linked=False, events=0, entries=0)) == ""
