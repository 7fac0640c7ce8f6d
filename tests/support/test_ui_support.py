"""The «Карта поддержки» page: a need for each level, help marked received through an event
(picked, or added on the spot), the summary following, overdue needs standing out."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.demo.school import build_demo
from app.diaries import EventData, school_diary
from app.programme.programme import PassportData, create_programme
from app.school.installation import init_municipality, own_school
from app.support import support
from db.models import CatalogEvent, School, SupportNeed
from tests.helpers.diaries import toggle
from tests.helpers.window import LEFT, answer_questions, go_to, open_window, script_dialog, type_text
from ui.dialogs.event_dialog import EventDialog
from ui.dialogs.support_need_dialog import NeedDialog, ReceivedDialog
from ui.dialogs.training_path import TrainingPathDialog

TASKS = ["Повысить профессиональные компетенции педагогов.", "Повысить учебную мотивацию обучающихся."]


@pytest.fixture
def school(school_store):
    school_id = own_school(school_store).id
    create_programme(
        school_store,
        school_id,
        PassportData(title="Программа улучшения результатов", year_from=2020, year_to=2030, tasks=TASKS),
    )
    school_diary.create(
        school_store,
        school_id,
        EventData(
            title="Практический семинар «Учитель-фасилитатор»", level="municipal", date_from=date(2021, 2, 10)
        ),
        today=date(2021, 5, 20),
    )
    return school_store, school_id


def open_page(qtbot, store):
    window = open_window(qtbot, store)
    return window, go_to(qtbot, window, "Карта поддержки")


def fill_need(content: str, provider: str, due: str):
    def script(dialog: NeedDialog) -> None:
        type_text(dialog.content_edit, content)
        type_text(dialog.provider_edit, provider)
        type_text(dialog.due_text_edit, due)
        dialog.save_button.click()

    return script


def test_page_is_in_the_programme_group(qtbot, school):
    window, page = open_page(qtbot, school[0])
    assert "Карта поддержки" in dict(window.nav_titles())["Программа"]
    assert [g.task for g in page.map.groups] == TASKS
    assert "Программа улучшения результатов" in page.programme_label.full_text


def test_a_need_per_level_then_help_received_through_an_event(qtbot, school, monkeypatch):
    store, school_id = school
    _window, page = open_page(qtbot, store)
    for index, (level, provider) in enumerate(
        (("school", ""), ("municipal", "Муниципальная методическая служба"), ("regional", "ВГАПО"))
    ):
        script_dialog(
            monkeypatch, fill_need(f"Помощь {index + 1}: семинар по мотивации", provider, "март"), NeedDialog
        )
        qtbot.mouseClick(page.map_view.add_buttons[(TASKS[1], level)], LEFT)
    needs = {n.level: n for n in page.map.needs()}
    assert set(needs) == {"school", "municipal", "regional"} and all(
        n.task == TASKS[1] for n in needs.values()
    )
    assert [box.counts.text() for box in page.panel.levels] == ["заявлено 1, получено 0"] * 3
    assert page.panel.levels[1].bar.value() == 0

    municipal = needs["municipal"].id
    qtbot.mouseClick(page.map_view.cards[municipal], LEFT)
    assert page.selected_id() == municipal and page.received_button.isEnabled()
    messages: list[str] = []

    def receive(dialog: ReceivedDialog) -> None:
        dialog.save_button.click()  # nothing ticked: the message stands next to the list
        messages.append(dialog.errors.message("event_ids"))
        toggle(qtbot, dialog.events.checklist, "Учитель-фасилитатор")
        dialog.save_button.click()

    script_dialog(monkeypatch, receive, ReceivedDialog)
    qtbot.mouseClick(page.received_button, LEFT)
    assert "Дневника школы" in messages[0]
    row = support.get_need(store, municipal)
    assert row.status == "received" and [e.label for e in row.events] == [
        "Практический семинар «Учитель-фасилитатор» (10.02.2021)"
    ]
    municipal_box = page.panel.levels[1]
    assert municipal_box.bar.value() == 1 and municipal_box.counts.text() == "заявлено 1, получено 1"
    assert page.panel.levels[0].counts.text() == "заявлено 1, получено 0"
    assert "Получено 1 из 3" in page.panel.total.text()
    assert page.panel.current_id() == municipal and page.panel.path_button.isEnabled()
    assert "пока не применялись" in page.panel.list.currentItem().text()

    seen: list[str] = []
    script_dialog(monkeypatch, lambda d: seen.append(d.page_text()), TrainingPathDialog)
    qtbot.mouseClick(page.panel.path_button, LEFT)
    assert "Методы этого мероприятия пока не применялись" in seen[0]
    assert page.received_button.text() == "Мероприятия…"


def test_help_received_through_an_event_added_on_the_spot(qtbot, school, monkeypatch):
    store, school_id = school
    need_id = support.create_need(
        store,
        school_id,
        support.NeedData(
            task=TASKS[0], level="regional", content="Курсы КПК", provider="ВГАПО", due_text="2021"
        ),
    )
    _window, page = open_page(qtbot, store)
    page.map_view.focus_card(need_id)

    def new_event(dialog: EventDialog) -> None:
        type_text(dialog.title_edit, "КПК «Работа с низкомотивированными обучающимися»")
        dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("regional"))
        dialog.save_button.click()

    def receive(dialog: ReceivedDialog) -> None:
        dialog.events.add_button.click()
        assert any("низкомотивированными" in label for label in dialog.events.checklist.checked_labels())
        dialog.save_button.click()

    script_dialog(monkeypatch, new_event, EventDialog)
    script_dialog(monkeypatch, receive, ReceivedDialog)
    qtbot.mouseClick(page.received_button, LEFT)
    row = support.get_need(store, need_id)
    assert row.status == "received" and "низкомотивированными" in row.events[0].label
    assert page.panel.levels[2].counts.text() == "заявлено 1, получено 1"


def test_errors_stand_next_to_fields_and_the_status_menu_changes_status(qtbot, school, monkeypatch):
    store, school_id = school
    _window, page = open_page(qtbot, store)
    shown: dict[str, str] = {}

    def empty(dialog: NeedDialog) -> None:
        dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("municipal"))
        dialog.save_button.click()
        shown.update({k: dialog.errors.message(k) for k in ("content", "provider", "due_text")})
        assert dialog.errors.labels["content"].isVisible()
        dialog.reject()

    script_dialog(monkeypatch, empty, NeedDialog)
    page.window().activateWindow()
    page.add_button.setFocus()
    qtbot.waitUntil(page.add_button.hasFocus)
    qtbot.keyClick(page.add_button, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    assert all(shown.values()) and "от кого" in shown["provider"].lower()
    assert page.map.needs() == []

    need_id = support.create_need(
        store, school_id, support.NeedData(task=TASKS[0], content="Семинар", provider="РМК", due_text="март")
    )
    page.reload(need_id)
    action = next(a for a in page.status_button.menu().actions() if a.text() == "согласована")
    action.trigger()
    assert support.get_need(store, need_id).status == "agreed"
    asked = answer_questions(monkeypatch)
    page.map_view.focus_card(need_id)
    qtbot.keyClick(page.map_view.cards[need_id], Qt.Key.Key_Delete)
    assert asked and "Семинар" in asked[0]
    assert page.map.needs() == []


def test_overdue_needs_stand_out_on_the_demo(qtbot, store):
    build_demo(store)
    _window, page = open_page(qtbot, store)
    overdue = [card for card in page.map_view.cards.values() if card.need.overdue]
    assert overdue and all(card.property("overdue") == "true" for card in overdue)
    assert all("Срок прошёл" in card.label.text() for card in overdue)
    calm = [card for card in page.map_view.cards.values() if not card.need.overdue]
    assert all(card.property("overdue") == "false" for card in calm)
    assert page.panel.list.count() == len(page.summary.paths) >= 5


def test_the_office_sees_what_its_schools_wait_for_and_offers_an_event(qtbot, store):
    init_municipality(store, "Отдел образования Котельниковского района")
    with store.session() as s:
        schools = [
            School(code="1", name="МКОУ Красноярская СШ"),
            School(code="2", name="МКОУ Нагольненская СШ"),
        ]
        s.add_all(schools)
        s.flush()
        for school, content in zip(
            schools, ("Семинар по учебной мотивации", "Курсы: мотивация"), strict=True
        ):
            s.add(
                SupportNeed(
                    school_id=school.id, level="municipal", content=content, due_date=date(2021, 3, 5)
                )
            )
        s.add(SupportNeed(school_id=schools[0].id, level="municipal", content="Консультации психолога"))
        s.add(CatalogEvent(title="Семинар «Мотивация»", level="municipal", date_from=date(2021, 3, 1)))
    window = open_window(qtbot, store)
    page = go_to(qtbot, window, "Потребности в поддержке")
    topics = [page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())]
    assert [t.text(0).split(" — ")[0] for t in topics] == [
        "Учебная мотивация обучающихся",
        "Психолого-педагогическая помощь",
    ]
    assert "потребностей: 2, школ: 2" in topics[0].text(0) and topics[0].child(0).text(0) == "март 2021"
    # A month row holds only its month: the schools are the rows under it, not «Содержание помощи».
    month = topics[0].child(0)
    assert [month.text(c) for c in range(1, 4)] == ["", "", ""]
    assert "МКОУ Красноярская СШ" in month.toolTip(0) and "МКОУ Нагольненская СШ" in month.toolTip(0)
    assert not page.offer_button.isEnabled()

    topics[0].setSelected(True)
    assert len(page.selected_need_ids()) == 2 and page.offer_button.isEnabled()
    width, least = window.width(), page.minimumSizeHint().width()
    qtbot.mouseClick(page.offer_button, LEFT)
    # The message does not widen the window (it once pushed it to 1466 px, past a 1366 screen).
    assert page.saved_note.text() == "✓ Предложено школам: новых связей 2"
    QApplication.processEvents()
    assert window.width() == width and page.minimumSizeHint().width() == least
    assert page.saved_note.toolTip() == page.saved_note.text()  # whole, even if elided
    assert not page.saved_note.grab().isNull()
    top = page.tree.topLevelItem(0)
    assert top.text(0).endswith("предложено из каталога: 2")
    assert top.child(0).child(0).text(3) == "Семинар «Мотивация» (01.03.2021)"
    assert "Потребностей: 3, школ: 2" in page.summary_label.text()
