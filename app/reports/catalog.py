"""Every printable report by its command-line name: the one door of `python -m app report KIND …`
and of the window's «Печать» and «Сохранить как…».

A report module registers its kinds here with `register(ReportKind(...))`; the list of modules
at the bottom makes them known. A kind declares once the narrowing options it takes (the command
line builds its arguments, its help and its checks from them), how it is built (`build` writes
the file and returns a one-line summary) and what the user should know of a report written all
the same (`warnings`). A page prints through `writer(store, key, options)`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.store import Store

if TYPE_CHECKING:
    from app.diaries.common import DiaryFilter
    from app.programme.plan import PlanFilter


@dataclass(frozen=True)
class ReportOptions:
    """What the command line (or a page) narrows a report to; each kind uses what it declares."""

    date_from: date | None = None
    date_to: date | None = None
    academic_year: str | None = None  # «2020/2021»
    round: str | None = None  # a questionnaire round: id or title («Май 2021»)
    compare: str | None = None  # a second round to compare with
    template: str | None = None  # a questionnaire template: id, code or title (a blank without a round)
    schools: tuple[str, ...] | None = None  # the district report's schools by code; None: all
    years: tuple[int, ...] | None = None  # the district report's years (of the exams): (2019, 2020, 2021)
    need_level: str | None = None  # the office's needs: "municipal" (None), "regional", "school"
    include_received: bool | None = None  # the office's needs: the received help too
    # Set by the window only, never by the command line (so no kind declares them):
    school_id: str | None = None  # whose records: a school on the curator's desk; None: this database's own
    programme_id: str | None = None  # the programme the plan page shows; None: the current one
    diary_filter: DiaryFilter | None = None  # the diary page's whole filter (search, level, teacher, trash)
    plan_filter: PlanFilter | None = None  # the plan page's filter (status, section, responsible)


@dataclass(frozen=True)
class ReportOption:
    """A narrowing option as the command line spells it; `field` is its ReportOptions field."""

    flag: str  # «--from»
    field: str  # «date_from»
    metavar: str | None  # None: a switch without a value
    help: str
    choices: tuple[str, ...] | None = None


OPTIONS: dict[str, ReportOption] = {
    option.flag: option
    for option in (
        ReportOption("--from", "date_from", "ДАТА", "первый день периода: дд.мм.гггг или гггг-мм-дд"),
        ReportOption("--to", "date_to", "ДАТА", "последний день периода: дд.мм.гггг или гггг-мм-дд"),
        ReportOption("--year", "academic_year", "ГОД", "учебный год, например 2020/2021"),
        ReportOption(
            "--round", "round", "ТУР", "тур анкетирования (название или id); по умолчанию последний"
        ),
        ReportOption("--compare", "compare", "ТУР", "второй тур анкетирования для сравнения"),
        ReportOption("--template", "template", "АНКЕТА", "шаблон анкеты (название или код): бланк без тура"),
        ReportOption(
            "--schools", "schools", "КОДЫ", "коды школ через запятую, например 3408,3410 (по умолчанию все)"
        ),
        ReportOption(
            "--years", "years", "ГОДЫ", "годы экзаменов, например 2019-2021 (по умолчанию три последних)"
        ),
        ReportOption(
            "--level",
            "need_level",
            "УРОВЕНЬ",
            "в базе управления — потребности какого уровня: municipal (по умолчанию), regional или school",
            choices=("municipal", "regional", "school"),
        ),
        ReportOption("--received", "include_received", None, "в базе управления — и уже полученная помощь"),
    )
}
PERIOD = ("--from", "--to")
YEAR = ("--year",)


def no_warnings(store: Store, options: ReportOptions) -> list[str]:
    return []


@dataclass(frozen=True)
class ReportKind:
    key: str  # «teacher-diary»
    title: str  # «Дневник педагога»
    options: tuple[str, ...]  # the flags of OPTIONS it narrows by; any other one given is refused
    build: Callable[[Store, str, Path, ReportOptions], str]  # (store, "pdf"|"xlsx", out, options) → summary
    warnings: Callable[[Store, ReportOptions], list[str]] = no_warnings

    def undeclared(self, options: ReportOptions) -> list[str]:
        """The flags `options` sets that this kind does not take."""
        given = [o for o in OPTIONS.values() if getattr(options, o.field) is not None]
        return [o.flag for o in given if o.flag not in self.options]


REPORTS: dict[str, ReportKind] = {}

# Modules that register report kinds, in the order `--help` lists them.
REPORT_MODULES = (
    "app.reports.diaries",
    "app.reports.support",
    "app.reports.programme",
    "app.reports.survey",
    "app.reports.survey_blank",
    "app.reports.district",
    "app.reports.identification",
    "app.reports.district_vpr",
    "app.reports.district_staff",
    "app.reports.effectiveness",
    "app.reports.recommendations",
)


def register(kind: ReportKind) -> None:
    unknown = set(kind.options) - set(OPTIONS)
    if unknown:
        raise ValueError(f"report {kind.key}: unknown options {sorted(unknown)}")
    REPORTS[kind.key] = kind


def report_kinds() -> dict[str, ReportKind]:
    for module in REPORT_MODULES:
        importlib.import_module(module)
    return REPORTS


def kinds_taking(flag: str) -> list[str]:
    """The kinds an option narrows (for `report --help`)."""
    return [key for key, kind in report_kinds().items() if flag in kind.options]


def writer(store: Store, key: str, options: ReportOptions | None = None) -> Callable[[str, Path], str]:
    """write(fmt, path) → summary: the report `key` as a page prints or saves it."""
    kind = report_kinds()[key]
    options = options or ReportOptions()
    undeclared = kind.undeclared(options)
    if undeclared:  # a page asking for what the kind does not declare is a programming error
        raise ValueError(f"report {key} does not take {', '.join(undeclared)}")

    def write(fmt: str, path: Path) -> str:
        return kind.build(store, fmt, Path(path), options)

    return write
