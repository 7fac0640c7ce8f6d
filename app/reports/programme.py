"""The director's reports of the improvement programme, by their command-line names:
plan, implementation, results, indicators, staff (`python -m app report KIND …`).

plan, implementation and indicators print the installation's own programme: the school's, or
in municipal mode the office's district one; results and staff need a school.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.core.errors import UserError
from app.core.store import Store
from app.reports import Document, TableReport, write_report
from app.reports.catalog import PERIOD, YEAR, ReportKind, ReportOptions, register
from app.reports.plan_report import IMPLEMENTATION_TITLE, PLAN_TITLE, implementation_report, plan_document
from app.reports.report_owner import report_owner, school_owner
from app.reports.results_report import INDICATORS_TITLE, RESULTS_TITLE, indicators_report, results_document
from app.reports.staff_report import STAFF_TITLE, staff_document

TITLES = {
    "plan": PLAN_TITLE,
    "implementation": IMPLEMENTATION_TITLE,
    "results": RESULTS_TITLE,
    "indicators": INDICATORS_TITLE,
    "staff": STAFF_TITLE,
}
KINDS = tuple(TITLES)
# What each kind narrows by (the command line's --from/--to and --year).
NARROWED_BY: dict[str, tuple[str, ...]] = {
    "plan": (),
    "implementation": PERIOD,
    "results": YEAR,
    "indicators": YEAR,
    "staff": YEAR,
}


def _plan(store: Store, options: ReportOptions, today: date) -> Document:
    return plan_document(
        store, report_owner(store, options.school_id), today, options.programme_id, options.plan_filter
    )


def _implementation(store: Store, options: ReportOptions, today: date) -> TableReport:
    return implementation_report(
        store,
        report_owner(store, options.school_id),
        options.date_from,
        options.date_to,
        today,
        options.programme_id,
        options.plan_filter,
    )


def _results(store: Store, options: ReportOptions, today: date) -> Document:
    return results_document(
        store, school_owner(store, RESULTS_TITLE, options.school_id), options.academic_year, today
    )


def _indicators(store: Store, options: ReportOptions, today: date) -> TableReport:
    return indicators_report(store, report_owner(store, options.school_id), options.academic_year, today)


def _staff(store: Store, options: ReportOptions, today: date) -> Document:
    return staff_document(
        store, school_owner(store, STAFF_TITLE, options.school_id), options.academic_year, today
    )


BUILDERS: dict[str, Callable[[Store, ReportOptions, date], TableReport | Document]] = {
    "plan": _plan,
    "implementation": _implementation,
    "results": _results,
    "indicators": _indicators,
    "staff": _staff,
}


def programme_report(
    store: Store, kind: str, options: ReportOptions | None = None, printed_on: date | None = None
) -> TableReport | Document:
    """The report `kind` (one of KINDS) as plain data, ready for write_report."""
    builder = BUILDERS.get(kind)
    if builder is None:
        raise UserError(f"Нет отчёта «{kind}»: выберите один из {', '.join(KINDS)}.")
    return builder(store, options or ReportOptions(), printed_on or date.today())


def _entries(table: TableReport) -> int:
    return len(table.rows) - len(table.group_rows)


def summary(kind: str, report: TableReport | Document) -> str:
    """One line for the command line: the title and how much it holds."""
    tables = (
        [report]
        if isinstance(report, TableReport)
        else [p for p in report.parts if isinstance(p, TableReport)]
    )
    if kind == "plan":
        count = f"мероприятий: {_entries(tables[-1]) if tables else 0}"
    elif kind == "implementation":
        count = f"мероприятий: {_entries(tables[0])}"
    elif kind == "indicators":
        count = f"показателей: {_entries(tables[0])}"
    else:
        count = f"таблиц: {len(tables)}"
    return f"«{report.title}», {count}"


def _register() -> None:
    def builder(kind: str):
        def build(store: Store, fmt: str, out: Path, options: ReportOptions) -> str:
            report = programme_report(store, kind, options)
            write_report(report, fmt, out)
            return summary(kind, report)

        return build

    for kind, title in TITLES.items():
        register(ReportKind(kind, title, NARROWED_BY[kind], builder(kind)))


_register()

__all__ = ["KINDS", "TITLES", "programme_report", "summary"]
