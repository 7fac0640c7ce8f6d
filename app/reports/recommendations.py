"""`report recommendations`: the district's list of «Адресные рекомендации» for a meeting — every
school's recommendations with their due dates, what the office expects, the school's answer and its
evidence; open, overdue and done counted (app.office.recommendation_answers)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.core.dates import format_day
from app.core.errors import UserError
from app.core.store import Store
from app.office.recommendation_answers import DistrictRow, district_states
from app.reports import Document, ReportColumn, TableReport, TextPart, write_report
from app.reports.catalog import ReportKind, ReportOptions, register

KIND = "recommendations"
TITLE = "Адресные рекомендации школам: исполнение"
COLUMNS = [
    ReportColumn("№", 0.4, centered=True),
    ReportColumn("Рекомендация", 2.6),
    ReportColumn("Дата", 0.8, centered=True),
    ReportColumn("Срок", 0.9, centered=True),
    ReportColumn("Что ожидает управление", 2.0),
    ReportColumn("Ответ школы", 1.8),
    ReportColumn("Чем подтверждается", 2.4),
]
OFFICE_ONLY = (
    "Список рекомендаций по району печатает управление образования; в школе её рекомендации — "
    "на странице «Обмен → Получено из управления»."
)


def summary(rows: list[DistrictRow], today: date) -> str:
    """«Рекомендаций: 5; открыто: 3, из них просрочено: 1; выполнено: 2; отклонено: 0»."""
    states = [r.state for r in rows]
    open_ = sum(1 for s in states if s.is_open)
    overdue = sum(1 for s in states if s.overdue(today))
    done = sum(1 for s in states if s.status == "done")
    declined = sum(1 for s in states if s.status == "declined")
    return (
        f"Рекомендаций: {len(states)}; открыто: {open_}, из них просрочено: {overdue}; "
        f"выполнено: {done}; отклонено: {declined}"
    )


def _answer(row: DistrictRow) -> str:
    state = row.state
    if state.status is None:
        return "нет ответа"
    text = f"{state.status_label} {format_day(state.answered_on)}".strip()
    return f"{text}. {state.note}" if state.note else text


def recommendations_document(
    rows: list[DistrictRow], owner: str, today: date | None = None, narrowed: str = ""
) -> Document:
    today = today or date.today()
    table_rows: list[list[str]] = []
    groups = set()
    school = None
    n = 0
    for row in rows:
        if row.school_code != school:
            school = row.school_code
            groups.add(len(table_rows))
            table_rows.append([f"{row.school_name} ({row.school_code})", *[""] * (len(COLUMNS) - 1)])
        n += 1
        state = row.state
        due = state.due_text + (" — просрочено" if state.overdue(today) else "")
        table_rows.append(
            [
                str(n),
                f"{state.title}. {' '.join(state.text.split())}",
                format_day(state.issued_on),
                due,
                state.activity_hint or "-",
                _answer(row),
                state.evidence_text or "-",
            ]
        )
    common = {"owner": owner, "printed_on": today}
    subtitle = [f"{summary(rows, today)} (на {format_day(today)})."]
    if narrowed:
        subtitle.append(narrowed)
    table = TableReport(
        "Рекомендации по школам",
        COLUMNS,
        table_rows,
        empty_note="Рекомендаций школам нет.",
        group_rows=frozenset(groups),
        **common,
    )
    note = TextPart(
        "Как читать",
        [
            "Просрочено — срок прошёл, а школа не ответила «выполнена» (или «отклонена»).",
            "Ответ и подтверждающие записи (мероприятия плана, события, записи дневников) приходят "
            "с пакетами школ; записи школы, удалённые ею, не показываются.",
        ],
    )
    return Document(TITLE, [table, note], subtitle, **common)


def _build(store: Store, fmt: str, out: Path, options: ReportOptions) -> str:
    installation = store.installation()
    if installation is None or installation.mode != "municipality":
        raise UserError(OFFICE_ONLY)
    codes = options.schools or (None,)
    rows = [row for code in codes for row in district_states(store, code)]
    narrowed = f"Школы: {', '.join(options.schools)}." if options.schools else ""
    today = date.today()
    write_report(recommendations_document(rows, installation.name, today, narrowed), fmt, out)
    return f"«{TITLE}»: {summary(rows, today).lower()}"


register(ReportKind(KIND, TITLE, ("--schools",), _build))
