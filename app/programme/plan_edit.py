"""Changing the plan of measures: sections and activities added, edited, moved, deleted.

After every change `renumber` gives sections «1», «2» … and activities «1.1», «1.2» … by
position — the one place numbers are made. An activity the diaries link to is not erased
when deleted: it is marked deleted, so the links survive for a restoration.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.access import writable
from app.core.errors import UserError, ValidationError
from app.core.records import live
from app.core.store import Store
from app.programme.plan import (
    ActivityData,
    ActivityRow,
    diary_link_exists,
    link_counts,
    live_activities,
    live_sections,
)
from db.base import utcnow
from db.enums import ACTIVITY_STATUS_LABELS, ACTIVITY_STATUSES
from db.models import PlanActivity, PlanSection, Programme

PROGRAMME_GONE = "Программа удалена или не найдена — откройте «Паспорт программы»."
SECTION_GONE = "Этот раздел плана удалён или не найден — обновите план."
ACTIVITY_GONE = "Это мероприятие плана удалено или не найдено — обновите план."
SHORT_LIMIT = 200  # «Срок» and «Форма контроля» are short columns
DATE_MIN, DATE_MAX = date(2000, 1, 1), date(2100, 12, 31)


# --- numbering ------------------------------------------------------------


def renumber(session: Session, programme_id: str) -> None:
    """Positions 0, 1, … and numbers «1», «1.1» … of the live sections and activities, in order."""
    for i, section in enumerate(live_sections(session, programme_id), 1):
        section.position, section.number = i - 1, str(i)
        for j, activity in enumerate(live_activities(session, section.id), 1):
            activity.position, activity.number = j - 1, f"{i}.{j}"
    session.flush()


def _place(session: Session, section: PlanSection, ordered: list[PlanActivity]) -> None:
    """Put `ordered` into `section` in that order (then renumber the programme)."""
    for position, activity in enumerate(ordered):
        activity.section_id = section.id
        activity.position = position
    session.flush()
    renumber(session, section.program_id)


# --- sections -------------------------------------------------------------


def _section_title(title: str) -> str:
    title = " ".join(str(title or "").split()).rstrip(".")
    if not title:
        raise ValidationError({"title": "Впишите название раздела, например «Кадровое обеспечение»."})
    return title


def add_section(store: Store, programme_id: str, title: str, after_section_id: str | None = None) -> str:
    """A new section after `after_section_id` (or at the end); its id."""
    title = _section_title(title)
    with store.session() as s:
        programme = writable(s, Programme, programme_id, PROGRAMME_GONE)
        sections = live_sections(s, programme_id)
        row = PlanSection(school_id=programme.school_id, program_id=programme_id, number="", title=title)
        s.add(row)
        at = len(sections)
        if after_section_id is not None:
            at = next((i + 1 for i, sec in enumerate(sections) if sec.id == after_section_id), at)
        sections.insert(at, row)
        for position, section in enumerate(sections):
            section.position = position
        s.flush()
        renumber(s, programme_id)
        return row.id


def rename_section(store: Store, section_id: str, title: str) -> None:
    title = _section_title(title)
    with store.session() as s:
        writable(s, PlanSection, section_id, SECTION_GONE).title = title


def move_section(store: Store, section_id: str, delta: int) -> bool:
    """Up (-1) or down (+1) among the sections; False at the edge."""
    with store.session() as s:
        section = writable(s, PlanSection, section_id, SECTION_GONE)
        sections = live_sections(s, section.program_id)
        i = sections.index(section)
        j = i + delta
        if not 0 <= j < len(sections):
            return False
        sections.insert(j, sections.pop(i))
        for position, row in enumerate(sections):
            row.position = position
        s.flush()
        renumber(s, section.program_id)
        return True


def delete_section(store: Store, section_id: str) -> int:
    """Delete a section and its activities; the number of them kept for their diary links."""
    with store.session() as s:
        section = writable(s, PlanSection, section_id, SECTION_GONE)
        kept = sum(_remove_activity(s, a) for a in live_activities(s, section_id))
        if kept:
            section.deleted_at = utcnow()
        else:
            s.delete(section)
        s.flush()
        renumber(s, section.program_id)
        return kept


# --- activities -------------------------------------------------------------


def validate_activity(data: ActivityData, today: date | None = None) -> dict[str, str]:
    today = today or date.today()
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "Впишите мероприятие: его название или форму проведения."
    if len(data.deadline_text.strip()) > SHORT_LIMIT:
        errors["deadline_text"] = f"Срок — не длиннее {SHORT_LIMIT} знаков; подробности — в мероприятии."
    if len(data.control_form.strip()) > SHORT_LIMIT:
        errors["control_form"] = f"Форма контроля — не длиннее {SHORT_LIMIT} знаков."
    if data.due_date is not None and not DATE_MIN <= data.due_date <= DATE_MAX:
        errors["due_date"] = "Дата срока — между 2000 и 2100 годом."
    if data.status not in ACTIVITY_STATUSES:
        errors["status"] = "Статус — один из: " + ", ".join(ACTIVITY_STATUS_LABELS.values()) + "."
    elif data.done_on is not None:
        if data.status != "done":
            errors["done_on"] = "Дата выполнения ставится только у выполненного мероприятия."
        elif data.done_on > today:
            errors["done_on"] = "Дата выполнения не может быть позже сегодняшнего дня."
        elif data.done_on < DATE_MIN:
            errors["done_on"] = "Дата выполнения — не раньше 2000 года."
    return errors


def _values(data: ActivityData, today: date) -> dict:
    values = {f.name: getattr(data, f.name) for f in fields(ActivityData)}
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = value.strip()
    values["title"] = " ".join(data.title.split())
    if data.status == "done" and data.done_on is None:
        values["done_on"] = today  # «выполнено» needs a date: today unless told otherwise
    return values


def _row(session: Session, row: PlanActivity, today: date) -> ActivityRow:
    events, entries = link_counts(session, row.program_id)
    return ActivityRow.of(row, today, events.get(row.id, 0), entries.get(row.id, 0))


def get_activity(store: Store, activity_id: str, today: date | None = None) -> ActivityRow:
    with store.session() as s:
        return _row(s, live(s, PlanActivity, activity_id, ACTIVITY_GONE), today or date.today())


def add_activity(
    store: Store,
    section_id: str,
    data: ActivityData,
    after_activity_id: str | None = None,
    today: date | None = None,
) -> ActivityRow:
    """A new activity right after `after_activity_id`, or at the end of the section."""
    today = today or date.today()
    if errors := validate_activity(data, today):
        raise ValidationError(errors)
    with store.session() as s:
        section = writable(s, PlanSection, section_id, SECTION_GONE)
        ordered = live_activities(s, section_id)
        row = PlanActivity(
            school_id=section.school_id,
            program_id=section.program_id,
            section_id=section.id,
            number="",
            **_values(data, today),
        )
        s.add(row)
        at = len(ordered)
        if after_activity_id is not None:
            at = next((i + 1 for i, a in enumerate(ordered) if a.id == after_activity_id), at)
        ordered.insert(at, row)
        _place(s, section, ordered)
        return _row(s, row, today)


def update_activity(
    store: Store, activity_id: str, data: ActivityData, today: date | None = None
) -> ActivityRow:
    today = today or date.today()
    if errors := validate_activity(data, today):
        raise ValidationError(errors)
    with store.session() as s:
        row = writable(s, PlanActivity, activity_id, ACTIVITY_GONE)
        for key, value in _values(data, today).items():
            setattr(row, key, value)
        s.flush()
        return _row(s, row, today)


def set_status(
    store: Store,
    activity_id: str,
    status: str,
    done_on: date | None = None,
    actual_result: str | None = None,
    today: date | None = None,
) -> ActivityRow:
    """Change the status: «выполнено» gets a date (today if none is given), others lose it.

    The actual result is kept whatever the status; pass `actual_result` to change it too.
    """
    today = today or date.today()
    current = get_activity(store, activity_id, today).data()
    current.status = status
    # Marked done again without a date: the date it was done stays (or today, by _values()).
    current.done_on = (done_on or current.done_on) if status == "done" else None
    if actual_result is not None:
        current.actual_result = actual_result
    return update_activity(store, activity_id, current, today)


def _is_linked(session: Session, activity_id: str) -> bool:
    return bool(session.scalar(select(diary_link_exists(activity_id))))


def _remove_activity(session: Session, row: PlanActivity) -> bool:
    """Erase an activity, or only mark it deleted when the diaries link to it; True if kept."""
    if _is_linked(session, row.id):
        row.deleted_at = utcnow()
        return True
    session.delete(row)
    return False


def delete_activity(store: Store, activity_id: str) -> bool:
    """Delete an activity (the UI asks first); True if it was kept, marked deleted, for its links."""
    with store.session() as s:
        row = writable(s, PlanActivity, activity_id, ACTIVITY_GONE)
        programme_id = row.program_id
        kept = _remove_activity(s, row)
        s.flush()
        renumber(s, programme_id)
        return kept


def move_activity_to(store: Store, activity_id: str, section_id: str, index: int) -> ActivityRow:
    """Put an activity at `index` among the activities of `section_id` (drag and drop)."""
    with store.session() as s:
        row = writable(s, PlanActivity, activity_id, ACTIVITY_GONE)
        target = writable(s, PlanSection, section_id, SECTION_GONE)
        if target.program_id != row.program_id:
            raise UserError("Мероприятие можно перенести только в раздел той же программы.")
        source = writable(s, PlanSection, row.section_id, SECTION_GONE)
        if source.id != target.id:
            _place(s, source, [a for a in live_activities(s, source.id) if a.id != row.id])
        ordered = [a for a in live_activities(s, target.id) if a.id != row.id]
        ordered.insert(max(0, min(index, len(ordered))), row)
        _place(s, target, ordered)
        return _row(s, row, date.today())


def move_activity(store: Store, activity_id: str, delta: int) -> bool:
    """One step up (-1) or down (+1); past a section's edge it goes into the neighbouring
    section (to its end going up, to its start going down). False at the plan's edge."""
    with store.session() as s:
        row = writable(s, PlanActivity, activity_id, ACTIVITY_GONE)
        sections = live_sections(s, row.program_id)
        section_index = next(i for i, sec in enumerate(sections) if sec.id == row.section_id)
        ordered = live_activities(s, row.section_id)
        i = ordered.index(row)
        if 0 <= i + delta < len(ordered):
            target, index = sections[section_index], i + delta
        else:
            neighbour = section_index + (1 if delta > 0 else -1)
            if not 0 <= neighbour < len(sections):
                return False
            target = sections[neighbour]
            index = 0 if delta > 0 else len(live_activities(s, target.id))
    move_activity_to(store, activity_id, target.id, index)
    return True
