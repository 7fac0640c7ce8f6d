"""«Программа и план мероприятий» (the passport, then the plan by sections, seeds 001–003) and
«Отчёт о реализации программы» (seed 004 Блок 2 with a status, for a period)."""

from __future__ import annotations

import re
from datetime import date

from app.core.dates import format_day
from app.core.errors import UserError
from app.programme.plan import (
    CLOSED_STATUSES,
    OVERDUE,
    ActivityRow,
    PlanFilter,
    SectionRow,
    filter_plan,
    plan_of,
)
from app.programme.programme import ProgrammeView, current_programme, get_programme
from app.reports import Cell, Document, ReportColumn, TableReport
from app.reports.data_years import period_words
from app.reports.report_owner import ReportOwner
from db.enums import ACTIVITY_STATUS_LABELS

PLAN_TITLE = "Программа и план мероприятий"
IMPLEMENTATION_TITLE = "Отчёт о реализации программы"
NO_PROGRAMME = (
    "Текущей программы нет: заполните «Паспорт программы» и «План мероприятий» "
    "(или сделайте одну из программ текущей)."
)

PASSPORT_COLUMNS = [ReportColumn("Раздел паспорта", 1.2), ReportColumn("Содержание", 4.0)]
PLAN_COLUMNS = [
    ReportColumn("№", 0.45),
    ReportColumn("Мероприятие", 3.2),
    ReportColumn("Срок исполнения", 1.3),  # seed 002's word
    ReportColumn("Ответственные", 1.6),
    ReportColumn("Ожидаемый результат", 2.6),
    ReportColumn("Форма контроля", 1.3),
]
IMPLEMENTATION_COLUMNS = [
    ReportColumn("№", 0.45),
    ReportColumn("Название мероприятия / форма проведения", 3.2),
    ReportColumn("Сроки проведения", 1.4),
    ReportColumn("Результат", 3.6),
    ReportColumn("Статус", 1.1),
    ReportColumn("Дата выполнения", is_date=True),
]


def numbered(items: list[str]) -> str:
    """Задачи as the passport prints them: «1. …» a line each."""
    return "\n".join(f"{n}. {text}" for n, text in enumerate(items, start=1))


def passport_rows(programme: ProgrammeView) -> list[list[Cell]]:
    """The passport in the seeds' order; a row the passport leaves empty and the seed's form does
    not require (grounds, head, participants) is left out."""
    years = f"{programme.year_from}–{programme.year_to} гг."
    rows: list[list[Cell] | None] = [
        ["Наименование программы", programme.title],
        _optional("Основания для разработки программы", programme.grounds),
        ["Основные разработчики программы", programme.developers],
        _optional("Руководитель программы", programme.head),
        ["Исполнители программы", programme.executors],
        _optional("Основные участники программы", programme.participants),
        ["Цель программы", programme.goal],
        ["Задачи программы", numbered(programme.tasks)],
        ["Основные показатели (индикаторы)", programme.indicators_text],
        ["Сроки и этапы реализации программы", f"{years}\n{programme.stages}"]
        if programme.stages
        else ["Сроки реализации программы", years],
        ["Ожидаемые результаты реализации программы", programme.expected_results],
        ["Дата утверждения", programme.approved_on or "не указана"],
    ]
    return [row for row in rows if row is not None]


def _optional(label: str, text: str) -> list[Cell] | None:
    return [label, text] if text.strip() else None


_YEAR_MARK = re.compile(r"(\d)\s*г(?![а-яё])\.?", re.IGNORECASE)  # «2021г», «2020 г» → «2021 г.»
_DAY_SPAN = re.compile(r"(\d{1,2}\.\d{1,2}\.\d{4}(?: г\.)?)\s*[-–—]\s*(?=\d{1,2}\.\d{1,2}\.\d{4})")
_YEAR_THEN_DAY = re.compile(r"(\d{4} г\.)\s+(?=\d{1,2}\.\d{1,2}\.\d{4})")


def tidy_deadline(text: str) -> str:
    """«Сроки» as typed, written the same way for every school: «2020 г 03.06.2021г.- 30.11.2021г.»
    → «2020 г.; 03.06.2021 г. – 30.11.2021 г.» (the words and the dates themselves unchanged)."""
    text = _YEAR_MARK.sub(r"\1 г.", " ".join(text.split()))
    text = _DAY_SPAN.sub(r"\1 – ", text)
    return _YEAR_THEN_DAY.sub(r"\1; ", text)


def deadline_cell(activity: ActivityRow) -> Cell:
    """«Срок» as the plan says it, with the due date where one is set (a real date if alone)."""
    text = tidy_deadline(activity.deadline_text)
    if activity.due_date is None:
        return text
    if not text:
        return activity.due_date
    day = format_day(activity.due_date)
    return text if day in text else f"{text} (до {day})"


def plan_rows(sections: list[SectionRow]) -> tuple[list[list[Cell]], frozenset[int]]:
    """The plan's rows with a heading row per section; also the indexes of those headings."""
    rows: list[list[Cell]] = []
    groups = set()
    for section in sections:
        groups.add(len(rows))
        rows.append([section.label, "", "", "", "", ""])
        for a in section.activities:
            title = a.title + ("\n(отменено)" if a.status == "cancelled" else "")
            rows.append([a.number, title, deadline_cell(a), a.responsible, a.expected_result, a.control_form])
    return rows, frozenset(groups)


def chosen_programme(store, owner: ReportOwner, programme_id: str | None) -> ProgrammeView | None:
    """The programme a page shows (by id), or the owner's current one."""
    if programme_id is not None:
        return get_programme(store, programme_id)
    return current_programme(store, owner.school_id)


def filter_words(plan_filter: PlanFilter | None, sections: list[SectionRow]) -> str:
    """The plan page's filter in words for the printout's subtitle ("" when it lets all through)."""
    if plan_filter is None:
        return ""
    parts = []
    if plan_filter.status == OVERDUE:
        parts.append("просроченные")
    elif plan_filter.status is not None:
        parts.append(f"статус «{ACTIVITY_STATUS_LABELS.get(plan_filter.status, plan_filter.status)}»")
    if plan_filter.section_id is not None:
        label = next((s.label for s in sections if s.id == plan_filter.section_id), "")
        parts.append(f"раздел «{label}»")
    if plan_filter.responsible.strip():
        parts.append(f"ответственный «{plan_filter.responsible.strip()}»")
    return f"Отбор: {', '.join(parts)}." if parts else ""


def filtered(sections: list[SectionRow], plan_filter: PlanFilter | None) -> list[SectionRow]:
    return filter_plan(sections, plan_filter) if plan_filter is not None else sections


def plan_document(
    store,
    owner: ReportOwner,
    printed_on: date | None = None,
    programme_id: str | None = None,
    plan_filter: PlanFilter | None = None,
) -> Document:
    """The programme's passport (the current one unless `programme_id`), then its plan by sections
    (those of the plan page's filter, if given)."""
    printed_on = printed_on or date.today()
    programme = chosen_programme(store, owner, programme_id)
    common = {"owner": owner.name, "printed_on": printed_on}
    if programme is None:
        return Document(PLAN_TITLE, [], [owner.name], empty_note=NO_PROGRAMME, **common)
    whole = plan_of(store, programme.id, today=printed_on)
    sections = filtered(whole, plan_filter)
    rows, groups = plan_rows(sections)
    activities = sum(len(s.activities) for s in sections)
    narrowed = filter_words(plan_filter, whole)
    passport = TableReport(
        "Паспорт программы", PASSPORT_COLUMNS, passport_rows(programme), header_rows=[], **common
    )
    plan = TableReport(
        "План мероприятий",
        PLAN_COLUMNS,
        rows,
        subtitle=[f"Разделов: {len(sections)}, мероприятий: {activities}", *([narrowed] if narrowed else [])],
        empty_note="Мероприятий, подходящих под отбор, нет."
        if narrowed
        else "В плане пока нет ни одного мероприятия.",
        group_rows=groups,
        **common,
    )
    subtitle = [owner.name, programme.title]
    if has_ended(programme, printed_on):
        subtitle.append(ended_words(programme))
    return Document(PLAN_TITLE, [passport, plan], subtitle, **common)


def in_period(activity: ActivityRow, date_from: date | None, date_to: date | None) -> bool:
    """Done in the period, or due in it (both ends included; an open end is unbounded)."""

    def inside(day: date | None) -> bool:
        if day is None:
            return False
        return (date_from is None or day >= date_from) and (date_to is None or day <= date_to)

    return inside(activity.done_on) or inside(activity.due_date)


def has_ended(programme: ProgrammeView, printed_on: date) -> bool:
    """The programme's years are over: its unfinished activities were not done in its time."""
    return bool(programme.year_to) and printed_on.year > programme.year_to


def not_done(activity: ActivityRow, ended: bool) -> bool:
    """Overdue, or left unfinished by a programme that has ended (whatever its deadline said)."""
    return activity.overdue or (ended and activity.status not in CLOSED_STATUSES)


def status_text(activity: ActivityRow, ended: bool = False) -> str:
    label = ACTIVITY_STATUS_LABELS.get(activity.status, activity.status)
    if ended and activity.status not in CLOSED_STATUSES:
        return f"{label}, не выполнено в срок программы"
    return f"{label}, просрочено" if activity.overdue else label


def implementation_report(
    store,
    owner: ReportOwner,
    date_from: date | None = None,
    date_to: date | None = None,
    printed_on: date | None = None,
    programme_id: str | None = None,
    plan_filter: PlanFilter | None = None,
) -> TableReport:
    """Seed 004 Блок 2 for the current programme (or `programme_id`): what was done, when, with
    what result, status.

    Without a period every activity is listed; with one, those done in it or due in it; with the
    plan page's filter, only those it shows.
    """
    printed_on = printed_on or date.today()
    programme = chosen_programme(store, owner, programme_id)
    report = TableReport(
        IMPLEMENTATION_TITLE,
        IMPLEMENTATION_COLUMNS,
        [],
        subtitle=[owner.name],
        owner=owner.name,
        printed_on=printed_on,
        empty_note="Мероприятий, подходящих под условия отбора, нет.",
    )
    if programme is None:
        report.empty_note = NO_PROGRAMME
        return report
    whole = plan_of(store, programme.id, today=printed_on)
    activities = [a for s in filtered(whole, plan_filter) for a in s.activities]
    period = date_from is not None or date_to is not None
    chosen = [a for a in activities if in_period(a, date_from, date_to)] if period else activities
    ended = has_ended(programme, printed_on)
    if period and activities and not chosen:
        raise UserError(
            f"За период {period_words(date_from, date_to)} мероприятий плана нет: ни одно не выполнено "
            f"и ни у одного нет срока в этом периоде. Программа «{programme.title}» рассчитана на "
            f"{programme.years} гг. — выберите период в её сроке."
        )
    report.rows = [
        [a.number, a.title, deadline_cell(a), a.actual_result, status_text(a, ended), a.done_on]
        for a in chosen
    ]
    report.subtitle.append(f"Программа: {programme.title} ({programme.years})")
    if ended:
        report.subtitle.append(ended_words(programme))
    narrowed = filter_words(plan_filter, whole)
    if narrowed:
        report.subtitle.append(narrowed)
    if period:
        left_out = len(activities) - len(chosen)
        report.subtitle += [
            f"Период: {period_words(date_from, date_to)}. В отчёт включены мероприятия, выполненные "
            "в этот период (по дате выполнения), и мероприятия, срок (дата) которых приходится на него.",
            f"Не включены мероприятия плана без даты выполнения или срока в этом периоде: {left_out}.",
        ]
    else:
        report.subtitle.append("Период: весь срок программы; включены все мероприятия плана.")
    report.subtitle.append(summary_line(chosen, ended))
    return report


def ended_words(programme: ProgrammeView) -> str:
    return (
        f"Срок программы ({programme.years} гг.) истёк: невыполненные мероприятия "
        "не выполнены в срок программы."
    )


def summary_line(activities: list[ActivityRow], ended: bool = False) -> str:
    counts = {status: sum(1 for a in activities if a.status == status) for status in ACTIVITY_STATUS_LABELS}
    parts = [f"{label} — {counts[status]}" for status, label in ACTIVITY_STATUS_LABELS.items()]
    late = sum(1 for a in activities if not_done(a, ended))
    said = "не выполнено в срок программы" if ended else "просрочено"
    return f"Мероприятий в отчёте — {len(activities)} ({', '.join(parts)}); {said} — {late}."
