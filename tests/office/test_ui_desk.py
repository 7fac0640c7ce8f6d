"""The curator's desk: a school opened from «Реестр школ» — its pages, read-only, beside the office's own;
comments «не отправлен» until feedback goes; recommendations; «Новое с прошлого импорта»."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select

from app.diaries import teacher_diary
from app.diaries.teacher import TeacherEntryData
from app.office.registry import SchoolData, add_school
from app.sync.exchange import write_feedback
from db.models import Staff, TeacherDiaryEntry
from tests.helpers.desk import DEMO_CODE, demo_pair
from tests.helpers.diaries import click_row, focus_table, row_with
from tests.helpers.window import LEFT, answer_questions, open_window, script_dialog, type_text
from ui.dialogs.recommendation_dialog import RecommendationDialog
from ui.dialogs.teacher_entry_dialog import TeacherEntryDialog
from ui.pages import SCHOOL_DESK_PAGES
from ui.pages.office.registry import RegistryPage
from ui.pages.office.since_import import SinceImportPage
from ui.shell.school_desk import REGISTRY_KEY

DESK_GROUP = "Школа: Нагольненская СШ"
DESK_TITLES = [key.split("/", 1)[1] for key in SCHOOL_DESK_PAGES]


@pytest.fixture
def pair(tmp_path):
    pair = demo_pair(tmp_path)
    yield pair
    pair.close()


def registry(qtbot, window) -> RegistryPage:
    page = window.show_page(REGISTRY_KEY)
    qtbot.waitExposed(page)
    return page


def open_from_registry(qtbot, window, school_id: str) -> None:
    page = registry(qtbot, window)
    page.select(school_id)
    qtbot.mouseClick(page.open_button, LEFT)


def desk_page(window, title: str):
    key = next(k for k in window.desk.keys() if k.endswith(f"/{title}"))
    return window.show_page(key)


def test_a_school_opens_from_the_registry_read_only_beside_the_office(qtbot, pair):
    window = open_window(qtbot, pair.office)
    page = registry(qtbot, window)
    groups = dict(window.nav_titles())
    assert not any(group.startswith("Школа:") for group in groups)
    assert not page.open_button.isEnabled()  # nothing chosen yet

    # Enter on the chosen row opens the school; its group comes right after «Школы».
    page.select(pair.office_school_id)
    focus_table(qtbot, page)
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    names = [group for group, _titles in window.nav_titles()]
    assert names[:2] == ["Школы", DESK_GROUP]
    assert dict(window.nav_titles())[DESK_GROUP] == DESK_TITLES
    assert isinstance(window.stack.currentWidget(), SinceImportPage)
    assert window.desk.banner.isVisible() and "МКОУ Нагольненская СШ" in window.desk.banner.label.text()
    assert all(key.startswith(f"school:{pair.office_school_id}/") for key in window.desk.keys())

    # Its teacher diary shows the school's entries, and nothing there edits them.
    diary = desk_page(window, "Дневник педагога")
    with pair.school.session() as s:
        entries = s.scalar(select(func.count()).select_from(TeacherDiaryEntry))
    assert diary.model.rowCount() == entries > 0
    assert diary.read_only and diary.edit_button.text() == "Открыть"
    for button in (diary.add_button, diary.delete_button, diary.restore_button, diary.trash_button):
        assert not button.isVisible()

    # The office's own programme pages still show the office's programme, not the school's.
    own = window.show_page("Программа района/Паспорт программы")
    assert own.owner is None and not window.desk.banner.isVisible()
    school_passport = desk_page(window, "Паспорт программы")
    assert school_passport is not own and school_passport.owner == pair.office_school_id
    assert window.desk.banner.isVisible()

    # Another school replaces the open one (double click in the registry); closing it drops its pages.
    other = add_school(pair.office, SchoolData(code="3411", name="МКОУ Красноярская СШ"))
    page = registry(qtbot, window)
    page.reload(select_id=other.id)
    where = page.table.visualRect(page.table.selectionModel().selectedRows()[0]).center()
    qtbot.mouseClick(page.table.viewport(), LEFT, pos=where)
    qtbot.mouseDClick(page.table.viewport(), LEFT, pos=where)
    groups = [group for group, _titles in window.nav_titles() if group.startswith("Школа:")]
    assert groups == ["Школа: МКОУ Красноярская СШ"]
    assert not any(key.startswith(f"school:{pair.office_school_id}/") for key in window.pages)
    window.desk.close_action.trigger()
    assert not any(group.startswith("Школа:") for group, _titles in window.nav_titles())
    assert not any(key.startswith("school:") for key in window.pages)
    assert window.stack.currentWidget() is window.pages[REGISTRY_KEY]
    assert not window.desk.banner.isVisible() and not window.desk.close_action.isEnabled()


def test_a_comment_is_unsent_until_a_feedback_package_is_written(qtbot, pair, monkeypatch):
    window = open_window(qtbot, pair.office)
    open_from_registry(qtbot, window, pair.office_school_id)
    diary = desk_page(window, "Дневник педагога")
    seen: list[list[str]] = []

    def write(dialog: TeacherEntryDialog) -> None:
        panel = dialog.comments
        assert panel.editable and dialog.methods_edit.isReadOnly()
        if not panel.texts():
            panel.author_edit.clear()
            type_text(panel.author_edit, "Кондрашова Н.В.")
            type_text(panel.text_edit, "Опишите, как распределялись роли в группах")
            qtbot.mouseClick(panel.add_button, LEFT)
        seen.append(panel.texts())
        dialog.reject()

    script_dialog(monkeypatch, write, TeacherEntryDialog)
    click_row(qtbot, diary, row_with(diary, "staff", "Бондаренко"), double=True)
    mine = [text for text in seen[-1] if text.startswith("Кондрашова Н.В.")]
    assert len(mine) == 1 and " · не отправлен\n" in mine[0]

    window.show_page("Обмен/Обратная связь")  # the curator sends feedback, then comes back
    write_feedback(pair.office, DEMO_CODE, pair.outbox)
    assert desk_page(window, "Дневник педагога") is diary
    click_row(qtbot, diary, row_with(diary, "staff", "Бондаренко"), double=True)
    mine = [text for text in seen[-1] if text.startswith("Кондрашова Н.В.")]
    assert f" · отправлен {date.today():%d.%m.%Y}\n" in mine[0]

    def edit(dialog: TeacherEntryDialog) -> None:
        panel = dialog.comments
        row = next(i for i, text in enumerate(panel.texts()) if text.startswith("Кондрашова"))
        panel.list.setCurrentRow(row)
        panel.text_edit.clear()
        type_text(panel.text_edit, "Опишите роли в группах и что из этого вышло")
        qtbot.mouseClick(panel.update_button, LEFT)
        seen.append(panel.texts())

    script_dialog(monkeypatch, edit, TeacherEntryDialog)
    click_row(qtbot, diary, row_with(diary, "staff", "Бондаренко"), double=True)
    mine = [text for text in seen[-1] if text.startswith("Кондрашова Н.В.")]
    assert " · не отправлен\n" in mine[0] and mine[0].endswith("что из этого вышло")


def test_recommendations_on_the_desk(qtbot, pair, monkeypatch):
    window = open_window(qtbot, pair.office)
    open_from_registry(qtbot, window, pair.office_school_id)
    page = desk_page(window, "Адресные рекомендации")
    assert page.table.rowCount() == 0 and not page.edit_button.isEnabled()

    def first_try(dialog: RecommendationDialog) -> None:
        dialog.save_button.click()  # empty: refused, messages beside the fields
        assert dialog.isVisible()
        assert "Впишите тему" in dialog.errors.message("title")
        assert "Впишите текст" in dialog.errors.message("text")
        type_text(dialog.title_edit, "Наставничество")
        dialog.text_edit.setPlainText("Закрепить наставников за молодыми учителями до 01.09.")
        dialog.save_button.click()

    script_dialog(monkeypatch, first_try, RecommendationDialog)
    focus_table(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    assert page.table.rowCount() == 1 and page.selected().title == "Наставничество"
    assert page.table.item(0, 4).text() == "не отправлено"
    assert page.text_view.toPlainText().startswith("Закрепить наставников")

    write_feedback(pair.office, DEMO_CODE, pair.outbox)
    page.refresh()
    assert page.table.item(0, 4).text() == f"отправлено {date.today():%d.%m.%Y}"

    def change(dialog: RecommendationDialog) -> None:
        dialog.title_edit.clear()
        type_text(dialog.title_edit, "Наставничество молодых педагогов")
        dialog.save_button.click()

    script_dialog(monkeypatch, change, RecommendationDialog)
    focus_table(qtbot, page)
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    assert page.selected().title == "Наставничество молодых педагогов"
    assert page.table.item(0, 4).text() == "не отправлено"

    asked = answer_questions(monkeypatch)
    focus_table(qtbot, page)
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    assert "Наставничество молодых педагогов" in asked[0]
    assert page.table.rowCount() == 0


def test_since_import_lists_the_second_package_and_opens_an_entry(qtbot, pair):
    with pair.school.session() as s:
        staff = s.scalars(select(Staff).where(Staff.full_name.like("Карпова%"))).one()
        school_id = staff.school_id
    entry_id = teacher_diary.create(
        pair.school,
        school_id,
        TeacherEntryData(staff_id=staff.id, entry_date=date(2021, 5, 27), methods="Игровые приёмы на чтении"),
        today=date(2021, 5, 27),
    )
    pair.send()
    window = open_window(qtbot, pair.office)
    open_from_registry(qtbot, window, pair.office_school_id)
    page = window.stack.currentWidget()
    assert isinstance(page, SinceImportPage)
    assert "пакет № 2" in page.summary_label.text() and "пакет № 1" in page.summary_label.text()
    assert "Новых записей: 1, изменённых: 0, удалённых: 0" in page.summary_label.text()
    assert page.table.rowCount() == 1
    assert page.table.item(0, 0).text() == "Дневник педагога" and page.table.item(0, 1).text() == "новое"
    assert "Игровые приёмы на чтении" in page.table.item(0, 2).text()

    index = page.table.model().index(0, 2)
    qtbot.mouseClick(page.table.viewport(), LEFT, pos=page.table.visualRect(index).center())
    qtbot.mouseDClick(page.table.viewport(), LEFT, pos=page.table.visualRect(index).center())
    diary = window.stack.currentWidget()
    assert diary is window.pages[next(k for k in window.desk.keys() if k.endswith("/Дневник педагога"))]
    assert diary.selected_id() == entry_id
