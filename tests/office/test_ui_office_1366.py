"""The municipal office at 1366×768: the curator's desk with a diary's «Комментарии куратора» in sight
(its sending status and text), the school's entries looking read-only, a comment signed by a person;
the office's own «Программа района» beside an open school's pages; whole headers and cells in
«Реестр школ»; room for «Основания выхода»; and, at the school, a true line about feedback."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from app.core.settings import last_comment_author
from app.core.store import Store
from app.demo.school import build_demo
from app.diaries.comments import add_comment, list_comments
from app.office.registry import list_registry
from app.sync.exchange import write_feedback
from db.models import Event
from tests.helpers.desk import DEMO_CODE, demo_pair
from tests.helpers.diaries import click_row, row_with
from tests.helpers.window import LEFT, go_to, open_window, script_dialog, type_text
from ui.dialogs.school_dialog import SchoolDialog
from ui.dialogs.teacher_entry_dialog import TeacherEntryDialog
from ui.models.diary_columns import EVENT_COL_COMMENTS, EVENT_COL_USES
from ui.models.registry_table import COL_DONE, COL_KEY, COL_NAME, COL_OVERDUE, COL_SILENT
from ui.pages.diaries.diary_page import DiaryPage
from ui.pages.exchange.receive import HOW_FEEDBACK_COMES, NO_FEEDBACK
from ui.pages.office.registry import RegistryPage
from ui.shell.school_desk import REGISTRY_KEY
from ui.widgets.read_only import READ_ONLY_TEXT

CURATOR = "Кондрашова Н.В., методист РМК"
FIRST = "Опыт взаимопосещения уроков представьте на РМО.\nПодготовьте короткий доклад к маю."
SECOND = "Добавьте участников из начальной школы."
PROGRAMME = ["Паспорт программы", "План мероприятий", "Показатели"]


@pytest.fixture
def pair(tmp_path):
    pair = demo_pair(tmp_path)
    yield pair
    pair.close()


def open_desk(qtbot, pair):
    window = open_window(qtbot, pair.office)
    registry = window.show_page(REGISTRY_KEY)
    assert isinstance(registry, RegistryPage)
    window.open_school(pair.office_school_id)
    return window


def desk_diary(qtbot, window, title: str) -> DiaryPage:
    key = next(k for k in window.desk.keys() if k.endswith(f"/{title}"))
    page = window.show_page(key)
    qtbot.waitExposed(page)
    return page


def in_sight(page: DiaryPage, column: int) -> bool:
    """The whole column lies inside the table's viewport, without scrolling sideways."""
    header = page.table.horizontalHeader()
    left = header.sectionViewportPosition(column)
    return left >= 0 and left + header.sectionSize(column) <= page.table.viewport().width()


def first_event(store: Store, school_id: str) -> str:
    with store.session() as s:
        return s.scalars(
            select(Event.id).where(Event.school_id == school_id).order_by(Event.date_from)
        ).first()


def test_the_desk_diary_shows_each_comments_status_and_text_in_sight(qtbot, pair):
    event_id = first_event(pair.office, pair.office_school_id)
    add_comment(pair.office, "events", event_id, FIRST, CURATOR)
    window = open_desk(qtbot, pair)
    page = desk_diary(qtbot, window, "Дневник школы")
    column = page.model.comments_column
    assert column == EVENT_COL_COMMENTS  # the service's order is kept; only the view moves it
    assert in_sight(page, column)
    assert page.table.horizontalHeader().sectionSize(column) >= 200
    # «Применение в практике», what the curator asks about, follows the comments, in sight too.
    assert in_sight(page, EVENT_COL_USES)

    row = page.model.row_of(event_id)
    cell = page.model.index(row, column)
    # The status first, then the comment's first line — not its author.
    assert cell.data() == "не отправлен — Опыт взаимопосещения уроков представьте на РМО."
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert CURATOR in tip and "не отправлен" in tip and "Подготовьте короткий доклад к маю." in tip

    write_feedback(pair.office, DEMO_CODE, pair.outbox)
    page.refresh()
    assert page.model.index(row, column).data().startswith("отправлен — Опыт взаимопосещения")

    add_comment(pair.office, "events", event_id, SECOND, CURATOR)
    page.refresh()
    assert page.model.index(row, column).data() == f"2 комм., не отправлено: 1 — {SECOND}"
    others = [r for r in range(page.model.rowCount()) if r != row]
    assert all(page.model.index(r, column).data() == "" for r in others)


def test_at_the_school_the_comments_column_stays_last_and_names_the_curator(qtbot, pair):
    window = open_window(qtbot, pair.school)
    page = go_to(qtbot, window, "Дневник школы")
    assert not page.model.office_comments and not page.read_only
    header = page.table.horizontalHeader()
    assert (
        header.visualIndex(EVENT_COL_COMMENTS) == header.visualIndex(EVENT_COL_USES) + 1 == header.count() - 1
    )
    assert not [label for label in page.findChildren(QLabel) if label.text() == READ_ONLY_TEXT]
    # The comments that came with feedback read «who, when: text».
    row = next(r for r in range(page.model.rowCount()) if page.model.row_data(r).comments)
    comment = page.model.row_data(row).comments[0]
    assert page.model.index(row, EVENT_COL_COMMENTS).data().startswith(f"{comment.author}, ")


@pytest.mark.parametrize("title", ["Дневник школы", "Дневник педагога", "Дневник директора"])
def test_each_desk_diary_says_it_is_only_read(qtbot, pair, title):
    window = open_desk(qtbot, pair)
    page = desk_diary(qtbot, window, title)
    notes = [label for label in page.findChildren(QLabel) if label.text() == READ_ONLY_TEXT]
    assert len(notes) == 1 and notes[0].isVisible()
    assert in_sight(page, page.model.comments_column)


def test_a_desk_entry_looks_read_only_and_a_school_entry_editable(qtbot, pair, monkeypatch):
    seen: dict[str, tuple] = {}

    def look(dialog: TeacherEntryDialog) -> None:
        palette = dialog.methods_edit.palette()
        grey = palette.color(QPalette.ColorRole.Base) == palette.color(QPalette.ColorRole.Window)
        note = getattr(dialog, "read_only_note", None)
        seen[dialog.store.installation().mode] = (
            dialog.methods_edit.isReadOnly(),
            grey,
            note is not None and note.isVisible() and note.text() == READ_ONLY_TEXT,
        )
        dialog.reject()

    script_dialog(monkeypatch, look, TeacherEntryDialog)
    window = open_desk(qtbot, pair)
    page = desk_diary(qtbot, window, "Дневник педагога")
    click_row(qtbot, page, row_with(page, "staff", "Бондаренко"), double=True)
    school_window = open_window(qtbot, pair.school)
    school_page = go_to(qtbot, school_window, "Дневник педагога")
    click_row(qtbot, school_page, row_with(school_page, "staff", "Бондаренко"), double=True)
    assert seen == {"municipality": (True, True, True), "school": (False, False, False)}


def test_a_comment_is_signed_by_a_person_and_the_next_one_offers_the_same(qtbot, pair, monkeypatch):
    window = open_desk(qtbot, pair)
    page = desk_diary(qtbot, window, "Дневник педагога")
    offered: list[str] = []

    def write_without_author(dialog: TeacherEntryDialog) -> None:
        panel = dialog.comments
        offered.append(panel.author_edit.text())
        assert panel.author_edit.placeholderText() == "Фамилия И.О., должность"
        type_text(panel.text_edit, "Опишите роли в группах")
        qtbot.mouseClick(panel.add_button, LEFT)
        assert "Укажите автора комментария" in panel.error_label.text()
        assert panel.text_edit.toPlainText() == "Опишите роли в группах"  # kept to sign and add
        assert list_comments(pair.office, "teacher_diary", dialog.entry_id) == []
        type_text(panel.author_edit, CURATOR)
        qtbot.mouseClick(panel.add_button, LEFT)
        assert [c.author for c in list_comments(pair.office, "teacher_diary", dialog.entry_id)] == [CURATOR]
        dialog.reject()

    script_dialog(monkeypatch, write_without_author, TeacherEntryDialog)
    click_row(qtbot, page, row_with(page, "staff", "Бондаренко"), double=True)
    assert offered == [""]  # not «Отдел образования администрации …»

    def look(dialog: TeacherEntryDialog) -> None:
        offered.append(dialog.comments.author_edit.text())
        dialog.reject()

    script_dialog(monkeypatch, look, TeacherEntryDialog)
    click_row(qtbot, page, row_with(page, "staff", "Калинин"), double=True)
    assert offered[-1] == CURATOR
    # Remembered by this installation, for the next start of the program as well.
    again = Store.open(pair.office.data_dir)
    try:
        assert last_comment_author(again) == CURATOR
    finally:
        again.close()


def test_the_offices_programme_is_the_districts_beside_an_open_schools(qtbot, pair):
    office = open_window(qtbot, pair.office)
    groups = dict(office.nav_titles())
    assert groups["Программа района"] == [*PROGRAMME, "Показатели школ района"] and "Программа" not in groups

    office.open_school(pair.office_school_id)
    groups = dict(office.nav_titles())
    school_group = groups["Школа: Нагольненская СШ"]
    assert all(title in school_group for title in PROGRAMME)  # the school's, under its name
    assert groups["Программа района"] == [*PROGRAMME, "Показатели школ района"] and "Программа" not in groups
    own = office.show_page("Программа района/Паспорт программы")
    assert own.owner is None and not office.desk.banner.isVisible()

    school = open_window(qtbot, pair.school)
    groups = dict(school.nav_titles())
    assert groups["Программа"][:3] == PROGRAMME and "Программа района" not in groups


def test_registry_headers_and_shares_are_whole_at_1366(qtbot, pair):
    window = open_window(qtbot, pair.office)
    page = window.show_page(REGISTRY_KEY)
    qtbot.waitExposed(page)
    header = page.table.horizontalHeader()
    assert header.sectionViewportPosition(COL_OVERDUE) + header.sectionSize(COL_OVERDUE) <= (
        page.table.viewport().width()
    )
    for col in range(page.model.columnCount()):
        if header.isSectionHidden(col):  # the key: its fingerprint is in the name's tooltip
            continue
        text = page.model.headerData(col, Qt.Orientation.Horizontal)
        assert header.fontMetrics().horizontalAdvance(text) + 8 <= header.sectionSize(col), text
    metrics = page.table.fontMetrics()
    for row in range(page.proxy.rowCount()):
        for col in (COL_DONE, COL_OVERDUE, COL_SILENT):
            index = page.proxy.index(row, col)
            assert metrics.horizontalAdvance(index.data()) + 8 <= header.sectionSize(col), index.data()
    assert header.isSectionHidden(COL_KEY)
    name_tip = page.proxy.index(0, COL_NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert "Ключ подписи школы: " in name_tip
    done = page.proxy.index(0, COL_DONE)
    assert "Мероприятий плана текущей программы" in done.data(Qt.ItemDataRole.ToolTipRole)


def test_grounds_for_leaving_get_the_room_of_the_dialog(qtbot, pair):
    (school,) = list_registry(pair.office)
    dialog = SchoolDialog(pair.office, school)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    line = dialog.grounds_edit.fontMetrics().lineSpacing()
    assert dialog.height() <= 700 and dialog.grounds_edit.height() >= 12 * line  # a Блок 3 text reads whole
    before = dialog.grounds_edit.height()
    dialog.resize(dialog.width(), dialog.height() + 100)
    qtbot.waitUntil(lambda: dialog.grounds_edit.height() >= before + 90)


def test_no_feedback_package_is_claimed_only_when_nothing_came(qtbot, tmp_path, school_store):
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Получено из управления")
    assert page.last_label.text() == NO_FEEDBACK

    demo = Store.open(tmp_path / "demo")
    try:
        build_demo(demo)  # recommendations, comments and catalogue, without any feedback package
        demo_window = open_window(qtbot, demo)
        page = go_to(qtbot, demo_window, "Получено из управления")
        assert page.recommendations.rowCount() and page.comments.rowCount() and page.catalogue.rowCount()
        assert page.last_label.text() == HOW_FEEDBACK_COMES
        assert "ещё не" not in page.last_label.text()
        demo_window.close()
    finally:
        demo.close()


@pytest.mark.parametrize("title", ["План мероприятий", "Паспорт программы"])
def test_a_long_programme_name_keeps_its_years_and_current_mark_in_the_chooser(qtbot, pair, title):
    window = open_desk(qtbot, pair)
    key = next(k for k in window.desk.keys() if k.endswith(f"/{title}"))
    page = window.show_page(key)
    qtbot.waitExposed(page)
    combo = page.chooser.combo
    whole = combo.currentText()
    shown = combo.shown_text()
    # Narrower than the name: its beginning and end are shown («…в эффективный» was all one saw).
    assert len(shown) < len(whole) and "…" in shown
    assert shown.startswith(whole[:10]) and shown.endswith("(текущая)")
    assert combo.toolTip() == page.chooser.programme.title
    assert not combo.grab().isNull()
