"""`recommendations [--school CODE] [--status …] [--json]`: at the office, every school's
«Адресные рекомендации» with their fate — due date, the school's answer, evidence; open, overdue
and done (the same list as `report recommendations`, app.office.recommendation_answers)."""

from __future__ import annotations

import json
from datetime import date

from app.cli.exit_codes import EXIT_OK
from app.core.dates import format_day
from app.core.errors import UserError
from app.core.store import Store

NAME = "recommendations"
HELP = "рекомендации школам: срок, ответ школы, подтверждение; открытые, просроченные, выполненные"
DESCRIPTION = (
    "Список адресных рекомендаций управления по всем школам (или одной, --school): дата, срок, "
    "что ожидает управление, ответ школы и записи, которыми он подтверждается. --status отбирает: "
    "open (не выполнены и не отклонены), overdue (срок прошёл), unanswered (без ответа), "
    "accepted, in_progress, done, declined; несколько — через запятую или повтором."
)
NEEDS_DATABASE = True
OPENS_STORE = True
WRITES = False
OFFICE_ONLY = (
    "Рекомендации школам ведёт управление образования, а эта база — школьная; в школе они на "
    "странице «Обмен → Получено из управления»."
)


def add_arguments(parser) -> None:
    parser.add_argument("--school", metavar="КОД", help="только школа с этим кодом")
    parser.add_argument(
        "--status",
        metavar="ОТБОР",
        action="append",
        default=[],
        help="open, overdue, unanswered, accepted, in_progress, done, declined (через запятую)",
    )
    parser.add_argument("--json", action="store_true", help="вывести в формате JSON")


def _wanted(args) -> list[str]:
    return [w.strip() for given in args.status for w in given.split(",") if w.strip()]


def check(parser, args) -> None:
    from app.office.recommendation_answers import FILTERS

    if unknown := [w for w in _wanted(args) if w not in FILTERS]:
        parser.error(f"--status: неизвестный отбор «{unknown[0]}»; можно: {', '.join(FILTERS)}")


def _record(row, today: date) -> dict:
    state = row.state
    return {
        "school_code": row.school_code,
        "school_name": row.school_name,
        "id": state.id,
        "title": state.title,
        "text": state.text,
        "issued_on": state.issued_on.isoformat(),
        "due_date": state.due_date.isoformat() if state.due_date else None,
        "activity_hint": state.activity_hint,
        "status": state.status,
        "note": state.note,
        "answered_on": state.answered_on.isoformat() if state.answered_on else None,
        "overdue": state.overdue(today),
        "evidence": [{"table": e.table, "id": e.id, "label": e.label} for e in state.evidence],
    }


def run(args, store: Store) -> int:
    from app.office.recommendation_answers import district_states
    from app.reports.recommendations import summary

    installation = store.installation()
    if installation is None or installation.mode != "municipality":
        raise UserError(OFFICE_ONLY)
    today = date.today()
    rows = district_states(store, args.school, _wanted(args), today)
    if args.json:
        print(json.dumps([_record(row, today) for row in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    print(summary(rows, today) + ".")
    school = None
    for row in rows:
        if row.school_code != school:
            school = row.school_code
            print(f"\n{row.school_name} ({row.school_code})")
        state = row.state
        due = state.due_text + (" — ПРОСРОЧЕНО" if state.overdue(today) else "")
        answer = state.status_label + (f" {format_day(state.answered_on)}" if state.answered_on else "")
        print(f"  {format_day(state.issued_on)}  {state.title}  (срок: {due}; ответ: {answer})")
        if state.note:
            print(f"      комментарий школы: {state.note}")
        for evidence in state.evidence:
            print(f"      подтверждение: {evidence.label}")
    return EXIT_OK
