"""The path from training to practice, curator comments, the trash purge and a 20 000-entry diary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from app.demo.school import build_demo
from app.diaries import school_diary, teacher_diary
from app.diaries.common import DiaryFilter
from app.diaries.events import EventData
from app.diaries.teacher import TeacherEntryData
from app.school.staff import StaffData, add_staff, list_staff
from db.base import new_id
from db.models import TeacherDiaryEntry
from tests.helpers.diaries import click_row, municipal_store_with_school, row_with, script_path, toggle
from tests.helpers.window import LEFT, answer_questions, go_to, open_window, script_dialog, type_text
from ui.dialogs.comments_panel import NONE_AT_SCHOOL
from ui.dialogs.diary_entry import DiaryEntryDialog
from ui.dialogs.teacher_entry_dialog import TeacherEntryDialog
from ui.dialogs.training_path import NO_USE
from ui.models.diary_table import BLOCK_SIZE, MAX_BLOCKS, DiaryTableModel

DAY = date(2021, 5, 20)


@pytest.fixture
def demo(store):
    school = build_demo(store)
    return store, school.id


def test_linking_an_event_to_a_teacher_entry_shows_in_its_path(qtbot, demo, monkeypatch):
    store, school_id = demo
    event_id = school_diary.create(
        store,
        school_id,
        EventData(title="Семинар «Кейс-метод»", level="municipal", date_from=date(2021, 5, 5)),
        today=DAY,
    )
    window = open_window(qtbot, store)
    events = go_to(qtbot, window, "Дневник школы")
    pages_seen: list[str] = []

    def look(dialog) -> None:
        pages_seen.append(dialog.page_text())

    script_path(monkeypatch, look)
    click_row(qtbot, events, row_with(events, "title", "Кейс-метод"))
    assert events.selected_row().cell("uses") == "нет записей о применении"
    qtbot.mouseClick(events.path_button, LEFT)
    assert NO_USE in pages_seen[-1]

    teachers = go_to(qtbot, window, "Дневник педагога")

    def fill(dialog) -> None:
        dialog.staff_combo.setCurrentIndex(dialog.staff_combo.findText("Калинин Андрей Сергеевич"))
        dialog.date_edit.setDate(dialog.date_edit.date().fromString("20.05.2021", "dd.MM.yyyy"))
        type_text(dialog.methods_edit, "Решение кейсов в парах")
        type_text(dialog.where_edit, "8 класс, алгебра")
        type_text(dialog.results_edit, "Разобраны 4 кейса")
        toggle(qtbot, dialog.sources, "Семинар «Кейс-метод»")
        qtbot.mouseClick(dialog.save_button, LEFT)

    script_dialog(monkeypatch, fill, DiaryEntryDialog)
    qtbot.mouseClick(teachers.add_button, LEFT)
    assert [s.id for s in teachers.selected_row().sources] == [event_id]

    # From the teacher's entry: the path opens at its source event.
    qtbot.mouseClick(teachers.path_button, LEFT)
    assert "Решение кейсов в парах" in pages_seen[-1]

    events = go_to(qtbot, window, "Дневник школы")  # shown again: counts are fresh
    row = row_with(events, "title", "Кейс-метод")
    assert events.model.cell_text(row, events.model.column_of("uses")) == "записей: 1"
    click_row(qtbot, events, row)
    qtbot.mouseClick(events.path_button, LEFT)
    text = pages_seen[-1]
    assert NO_USE not in text
    for part in (
        "Калинин Андрей Сергеевич",
        "Решение кейсов в парах",
        "8 класс, алгебра",
        "Разобраны 4 кейса",
    ):
        assert part in text


def test_path_leads_from_an_event_to_a_plan_activity_and_back(qtbot, demo, monkeypatch):
    store, school_id = demo
    window = open_window(qtbot, store)
    events = go_to(qtbot, window, "Дневник школы")
    seen: list[tuple] = []

    def walk(dialog) -> None:
        assert dialog.current[0] == "event"
        activity = next(link for link in dialog.links() if link.startswith("activity:"))
        dialog.browser.anchorClicked.emit(activity)  # as a click on the link does
        assert dialog.current == ("activity", activity.split(":", 1)[1])
        seen.append(("activity", dialog.title_label.text(), dialog.page_text()))
        event = next(link for link in dialog.links() if link.startswith("event:"))
        dialog.open_link(event)
        assert dialog.current[0] == "event"
        qtbot.mouseClick(dialog.back_button, LEFT)
        assert dialog.current[0] == "activity"
        qtbot.mouseClick(dialog.back_button, LEFT)
        qtbot.mouseClick(dialog.back_button, LEFT)
        assert len(dialog.history) == 1 and not dialog.back_button.isEnabled()

    script_path(monkeypatch, walk)
    click_row(qtbot, events, row_with(events, "title", "Педагогические ситуации"))
    qtbot.mouseClick(events.path_button, LEFT)
    kind, title, text = seen[0]
    assert title.startswith("2.3 ")
    assert "Статус" in text and "выполнено" in text and "Ожидаемый результат" in text
    assert "Полякова Марина Владимировна" in text  # her entry serves this plan activity


def test_curator_comments_are_read_only_at_the_school(qtbot, demo, monkeypatch):
    store, school_id = demo
    window = open_window(qtbot, store)
    page = go_to(qtbot, window, "Дневник педагога")
    seen = []

    def look(dialog) -> None:
        seen.append((dialog.comments.texts(), dialog.comments.add_button.isVisible()))
        dialog.reject()

    script_dialog(monkeypatch, look, DiaryEntryDialog)
    click_row(qtbot, page, row_with(page, "staff", "Бондаренко"), double=True)
    texts, can_add = seen[0]
    assert len(texts) == 1 and texts[0].startswith("Кондрашова")
    assert not can_add

    click_row(qtbot, page, row_with(page, "staff", "Калинин"), double=True)
    dialog = TeacherEntryDialog(store, school_id, page.selected_row())
    qtbot.addWidget(dialog)
    assert dialog.comments.empty_label.text() == NONE_AT_SCHOOL


def test_curator_writes_comments_at_the_office(qtbot, store, monkeypatch):
    made = {}

    def fill(school_id: str) -> None:
        teacher = add_staff(store, school_id, StaffData(full_name="Петрова Анна Ивановна"))
        data = TeacherEntryData(staff_id=teacher.id, entry_date=DAY, methods="Диалог")
        made["entry"] = teacher_diary.create(store, school_id, data, today=DAY)

    school_id = municipal_store_with_school(store, fill)
    entry_id = made["entry"]
    row = teacher_diary.get_row(store, entry_id)
    dialog = TeacherEntryDialog(store, school_id, row, read_only=True, comments_editable=True)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.comments
    assert dialog.methods_edit.isReadOnly() and not dialog.save_button.isVisible()
    # A person writes, not the office: nobody has written here yet, so the author is asked for.
    assert panel.author_edit.text() == "" and panel.author_edit.placeholderText() == "Фамилия И.О., должность"

    qtbot.mouseClick(panel.add_button, LEFT)  # empty: refused with a message
    assert "Комментарий пуст — впишите текст." in panel.error_label.text()
    assert "Укажите автора комментария" in panel.error_label.text()
    type_text(panel.author_edit, "Кондрашова Н.В.")
    type_text(panel.text_edit, "Опишите, как менялись роли в группах")
    qtbot.mouseClick(panel.add_button, LEFT)
    assert len(panel.texts()) == 1 and panel.texts()[0].startswith("Кондрашова Н.В., ")
    assert teacher_diary.get_row(store, entry_id).comments[0].text == "Опишите, как менялись роли в группах"

    panel.list.setCurrentRow(0)
    assert panel.text_edit.toPlainText() == "Опишите, как менялись роли в группах"
    panel.text_edit.clear()
    type_text(panel.text_edit, "Добавьте примеры заданий")
    qtbot.mouseClick(panel.update_button, LEFT)
    assert teacher_diary.get_row(store, entry_id).comments[0].text == "Добавьте примеры заданий"

    answer_questions(monkeypatch)
    panel.list.setCurrentRow(0)
    qtbot.mouseClick(panel.delete_button, LEFT)
    assert panel.texts() == []
    assert teacher_diary.get_row(store, entry_id).comments == []
    assert teacher_diary.get_row(store, entry_id).data.methods == "Диалог"  # the entry itself unchanged


def test_trash_older_than_30_days_is_purged_at_start(qtbot, school_store):
    from app.school.school import get_card

    school_id = get_card(school_store).id
    old = school_diary.create(
        school_store, school_id, EventData(title="Старое", date_from=date(2021, 1, 10)), today=DAY
    )
    recent = school_diary.create(
        school_store, school_id, EventData(title="Недавнее", date_from=date(2021, 1, 11)), today=DAY
    )
    school_diary.delete(school_store, old)
    school_diary.delete(school_store, recent)
    with school_store.session() as s:
        from db.models import Event

        s.get(Event, old).deleted_at = datetime.now(UTC) - timedelta(days=31)
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Дневник школы")
    qtbot.mouseClick(page.trash_button, LEFT)
    assert [page.model.cell_text(0, 0)] == ["Недавнее"]
    assert school_diary.fetch(school_store, [old]) == {}


def test_model_on_20000_entries_fetches_only_what_is_shown(qtbot, school_store):
    from app.school.school import get_card

    school_id = get_card(school_store).id
    teacher = add_staff(school_store, school_id, StaffData(full_name="Иванова Мария Петровна"))
    first = date(2015, 1, 1)
    with school_store.session() as s:
        s.add_all(
            TeacherDiaryEntry(
                id=new_id(),
                school_id=school_id,
                staff_id=teacher.id,
                entry_date=first + timedelta(days=n % 2000),
                methods=f"Метод № {n}",
            )
            for n in range(20_000)
        )
    model = DiaryTableModel(school_store, school_id, teacher_diary)
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.setModel(model)
    model.reload()
    view.show()
    qtbot.waitExposed(view)
    assert model.rowCount() == 20_000
    assert model.blocks_fetched <= 2
    view.scrollToBottom()
    qtbot.wait(10)
    last = model.index(19_999, model.column_of("methods")).data()
    assert last.startswith("Метод № ")
    assert model.blocks_fetched <= 4
    assert model.cached_blocks <= MAX_BLOCKS
    # Sorting asks the database again; the rows come anew as they are shown.
    model.sort(model.column_of("methods"), Qt.SortOrder.AscendingOrder)
    assert model.index(0, model.column_of("methods")).data() == "Метод № 0"
    assert model.rowCount() == 20_000 and model.cached_blocks == 1
    # Walking the whole table keeps memory bounded.
    for row in range(0, 20_000, BLOCK_SIZE):
        model.row_data(row)
    assert model.cached_blocks == MAX_BLOCKS
    found = teacher_diary.list_ids(school_store, school_id, DiaryFilter(text="Метод № 19999"))
    assert len(found) == 1
    assert [m.full_name for m in list_staff(school_store, school_id)] == ["Иванова Мария Петровна"]
