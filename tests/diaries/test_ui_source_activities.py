"""Picking the source event of a teacher's or director's entry ticks the plan activities that
event carries out; the person can untick them, and what is saved is what is ticked."""

from __future__ import annotations

from datetime import date

import pytest

from app.demo.school import build_demo
from app.diaries import school_diary
from app.diaries.events import EventData
from app.programme.plan import activity_choices
from tests.helpers.diaries import toggle
from tests.helpers.window import LEFT, go_to, open_window, script_dialog, type_text
from ui.dialogs.diary_entry import DiaryEntryDialog

DAY = date(2021, 5, 20)


@pytest.fixture
def linked_event(store):
    school = build_demo(store)
    first, second = activity_choices(store, school.id)[:2]
    event_id = school_diary.create(
        store,
        school.id,
        EventData(
            title="Семинар «Кейс-метод»",
            level="municipal",
            date_from=date(2021, 5, 5),
            activity_ids=[first.id, second.id],
        ),
        today=DAY,
    )
    return store, event_id, (first, second)


@pytest.mark.parametrize("diary", ["Дневник педагога", "Дневник директора"])
def test_ticking_a_source_event_ticks_its_plan_activities(qtbot, linked_event, monkeypatch, diary):
    store, event_id, (first, second) = linked_event
    window = open_window(qtbot, store)
    page = go_to(qtbot, window, diary)
    seen: dict[str, list[str]] = {}

    def fill(dialog) -> None:
        if hasattr(dialog, "staff_combo"):
            dialog.staff_combo.setCurrentIndex(1)
            type_text(dialog.methods_edit, "Решение кейсов в парах")
        else:
            type_text(dialog.form_edit, "Педсовет в форме кейса")
        type_text(dialog.results_edit, "Разобраны 4 кейса")
        assert dialog.activities.checked_ids() == []
        toggle(qtbot, dialog.sources, "Кейс-метод")
        seen["ticked"] = sorted(dialog.activities.checked_ids())
        toggle(qtbot, dialog.activities, second.label)  # the person unticks one of them
        toggle(qtbot, dialog.sources, "Кейс-метод")  # unticking the event takes nothing away
        seen["kept"] = dialog.activities.checked_ids()
        toggle(qtbot, dialog.sources, "Кейс-метод")
        qtbot.mouseClick(dialog.save_button, LEFT)

    script_dialog(monkeypatch, fill, DiaryEntryDialog)
    qtbot.mouseClick(page.add_button, LEFT)
    assert seen["ticked"] == sorted([first.id, second.id])
    assert seen["kept"] == [first.id]
    row = page.selected_row()
    assert [s.id for s in row.sources] == [event_id]
    assert sorted(a.id for a in row.activities) == sorted([first.id, second.id])
