"""Every printable report by its command-line name: `python -m app report KIND …` and the UI.

A report module registers its kinds here with `register(...)`; the list of modules
at the bottom makes them known. A kind's `write` returns a one-line summary.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.core.store import Store


@dataclass(frozen=True)
class ReportOptions:
    """What the command line (or a page) narrows a report to; each kind uses what it needs."""

    date_from: date | None = None
    date_to: date | None = None
    academic_year: str | None = None  # «2020/2021»
    round: str | None = None  # a questionnaire round: id or title («Май 2021»)
    compare: str | None = None  # a second round to compare with
    schools: tuple[str, ...] | None = None  # the district report's schools by code; None: all
    years: tuple[int, ...] | None = None  # the district report's years (of the exams): (2019, 2020, 2021)


@dataclass(frozen=True)
class ReportKind:
    key: str  # «teacher-diary»
    title: str  # «Дневник педагога»
    write: Callable[[Store, str, Path, ReportOptions], str]  # (store, "pdf"|"xlsx", out, options) → summary


REPORTS: dict[str, ReportKind] = {}

# Modules that register report kinds, in the order `--help` lists them.
REPORT_MODULES = (
    "app.reports.diaries",
    "app.reports.support",
    "app.reports.programme",
    "app.reports.survey",
    "app.reports.district",
)


def register(kind: ReportKind) -> None:
    REPORTS[kind.key] = kind


def report_kinds() -> dict[str, ReportKind]:
    for module in REPORT_MODULES:
        importlib.import_module(module)
    return REPORTS
