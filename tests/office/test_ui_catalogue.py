"""Обмен → Каталог мероприятий in the office's window: add with the form (refused beside the fields
until it is right), sort, Ctrl+F filter, edit with Enter, Del with confirmation, and the schools'
needs an event answers."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.core.store import Store
from app.office.catalogue import CatalogueData, add_event, list_events
from app.school.installation import init_municipality
from app.support.support_office import link_offer
from db.models import SupportNeed
from tests.helpers.demo_office import demo_office
from tests.helpers.window import answer_questions, go_to, open_window, press, script_dialog, type_text
from ui.dialogs.catalogue_dialog import CatalogueDialog
from ui.models.catalogue_table import COL_FROM, COL_LEVEL, COL_TITLE
from ui.pages import MUNICIPALITY, SCHOOL, PageContext, pages_for
from ui.pages.exchange.catalogue import CataloguePage
from ui.shell.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def office(store):
    init_municipality(store, "Отдел образования Котельниковского района")
    return store


def titles(page: CataloguePage) -> list[str]:
    return [page.proxy.index(r, COL_TITLE).data() for r in range(page.proxy.rowCount())]


def open_page(qtbot, office: Store) -> tuple[MainWindow, CataloguePage]:
    window = open_window(qtbot, office)
    window.resize(1366, 768)
    window.activateWindow()
    return window, go_to(qtbot, window, "Каталог мероприятий")


def test_the_page_sits_after_feedback_in_the_offices_navigation():
    keys = [e.key for e in pages_for(MUNICIPALITY)]
    assert keys[keys.index("Обмен/Обратная связь") + 1] == "Обмен/Каталог мероприятий"
    assert "Обмен/Каталог мероприятий" not in [e.key for e in pages_for(SCHOOL)]


def test_add_with_the_form_refused_until_right(qtbot, office, monkeypatch):
    _window, page = open_page(qtbot, office)
    assert page.model.rowCount() == 0 and "пока нет мероприятий" in page.count_label.text()

    def fill(dialog: CatalogueDialog) -> None:
        dialog.save_button.click()  # empty: refused, the form stays open
        assert dialog.isVisible()
        assert "Впишите название" in dialog.errors.message("title")
        type_text(dialog.title_edit, "Семинар «Мотивация к учению»")
        dialog.form_combo.setCurrentText("семинар")
        type_text(dialog.organizer_edit, "МКУ «ИМЦ»")
        dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("regional"))
        dialog.from_edit.set_value(date(2021, 4, 6))
        dialog.to_edit.set_value(date(2021, 4, 5))
        dialog.save_button.click()  # the end before the start: refused beside the dates
        assert dialog.isVisible() and not dialog.errors.message("title")
        assert "раньше даты начала" in dialog.errors.message("date_to")
        dialog.to_edit.set_value(date(2021, 4, 7))
        dialog.save_button.click()

    opened = script_dialog(monkeypatch, fill, CatalogueDialog)
    press(qtbot, page.table, Qt.Key.Key_N, CTRL)
    assert len(opened) == 1
    [saved] = list_events(office)
    assert (saved.title, saved.form, saved.level, saved.date_from, saved.date_to) == (
        "Семинар «Мотивация к учению»",
        "семинар",
        "regional",
        date(2021, 4, 6),
        date(2021, 4, 7),
    )
    assert page.selected().id == saved.id  # the new event is shown, selected
    assert page.proxy.index(0, COL_LEVEL).data() == "региональный"
    assert page.proxy.index(0, COL_FROM).data() == "06.04.2021"


def test_sort_filter_edit_and_delete(qtbot, office, monkeypatch):
    for title, level, start in (
        ("Вебинар по подготовке к ВПР", "regional", date(2021, 3, 1)),
        ("Семинар «Мотивация к учению»", "municipal", date(2021, 4, 5)),
        ("Курсы «Функциональная грамотность»", "federal", None),
    ):
        add_event(office, CatalogueData(title=title, level=level, date_from=start))
    _window, page = open_page(qtbot, office)
    # Soonest first, undated last; then by title, both ways.
    assert titles(page) == [
        "Вебинар по подготовке к ВПР",
        "Семинар «Мотивация к учению»",
        "Курсы «Функциональная грамотность»",
    ]
    page.table.sortByColumn(COL_TITLE, Qt.SortOrder.DescendingOrder)
    assert titles(page)[0] == "Семинар «Мотивация к учению»"

    press(qtbot, page.table, Qt.Key.Key_F, CTRL)
    assert page.search_edit.hasFocus()
    type_text(page.search_edit, "мотивАЦия семинар")  # every word, any case, any column
    assert titles(page) == ["Семинар «Мотивация к учению»"]
    assert "показано: 1" in page.count_label.text()
    page.search_edit.clear()
    type_text(page.search_edit, "федеральный")  # the level's label is searched too
    assert titles(page) == ["Курсы «Функциональная грамотность»"]

    page.table.selectRow(0)

    def rename(dialog: CatalogueDialog) -> None:
        assert dialog.title_edit.text() == "Курсы «Функциональная грамотность»"
        dialog.title_edit.clear()
        type_text(dialog.title_edit, "КПК «Функциональная грамотность»")
        dialog.from_edit.set_value(date(2021, 10, 4))
        dialog.save_button.click()

    script_dialog(monkeypatch, rename, CatalogueDialog)
    press(qtbot, page.table, Qt.Key.Key_Return)
    assert page.selected().title == "КПК «Функциональная грамотность»"
    assert {e.title: e.date_from for e in list_events(office)}["КПК «Функциональная грамотность»"] == date(
        2021, 10, 4
    )

    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    press(qtbot, page.table, Qt.Key.Key_Delete)
    assert len(asked) == 1 and "КПК «Функциональная грамотность»" in asked[0]
    assert len(list_events(office)) == 3  # «Нет» keeps it
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    press(qtbot, page.table, Qt.Key.Key_Delete)
    assert "КПК «Функциональная грамотность»" not in [e.title for e in list_events(office)]
    assert page.model.rowCount() == 2


def test_the_needs_an_event_answers_are_shown(qtbot, tmp_path):
    school, office, office_school_id = demo_office(tmp_path)
    try:
        event = add_event(office, CatalogueData(title="Семинар «Мотивация»", date_from=date(2021, 4, 5)))
        add_event(office, CatalogueData(title="Вебинар по ВПР", date_from=date(2021, 5, 5)))
        with office.session() as s:
            need = s.scalars(
                select(SupportNeed).where(SupportNeed.school_id == office_school_id).order_by(SupportNeed.id)
            ).first()
            content = need.content
            link_offer(office, [need.id], event.id)
        page = CataloguePage(PageContext(office, MUNICIPALITY))
        qtbot.addWidget(page)
        page.select(event.id)
        assert "отвечает на потребности школ: 1" in page.offers_title.text()
        assert [page.offers_list.item(i).text() for i in range(page.offers_list.count())] == [
            f"МКОУ Нагольненская СШ: {content}"
        ]
        page.select(next(e.id for e in list_events(office) if e.id != event.id))
        assert page.offers_list.item(0).text().startswith("Мероприятие пока не предложено")
    finally:
        school.close()
        office.close()
