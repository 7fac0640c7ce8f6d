"""`python -m app report KIND --out FILE …`: the options each kind takes, the checks of the
command line (exit 2 before anything is opened) and the writing itself (app.cli.main runs it).

A report module may define `report_warnings(store, options) -> list[str]`: what the user should
know of a report that was written all the same (the district report of years with no results).
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

from app.core.errors import UserError
from app.core.store import Store
from app.reports.catalog import ReportOptions, report_kinds

EXIT_OK = 0
REPORT_FORMATS = ("pdf", "xlsx")
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")
# The narrowing options by the attribute argparse gives them.
OPTION_ATTRS = {
    "--from": "date_from",
    "--to": "date_to",
    "--year": "academic_year",
    "--round": "round",
    "--compare": "compare",
    "--schools": "schools",
    "--years": "years",
}
PERIOD, YEAR = ("--from", "--to"), ("--year",)
# What each kind narrows by; any other option given is refused (tests keep every kind here).
KIND_OPTIONS: dict[str, tuple[str, ...]] = {
    "school-diary": PERIOD,
    "teacher-diary": PERIOD,
    "director-diary": PERIOD,
    "support": (),
    "plan": (),
    "implementation": PERIOD,
    "results": YEAR,
    "indicators": YEAR,
    "staff": YEAR,
    "survey": ("--round", "--compare"),
    "district": ("--schools", "--years"),
}


def kinds_taking(option: str) -> str:
    """«school-diary, teacher-diary, …»: the kinds an option narrows, for `report --help`."""
    return ", ".join(kind for kind, options in KIND_OPTIONS.items() if option in options)


def parse_day(text: str) -> date | None:
    """dd.mm.yyyy or yyyy-mm-dd; None if it is neither or no such day exists."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _check_values(report, args) -> None:
    """Dates, the academic year, the district's codes and years: read, or refused with exit 2."""
    for option, attr in (("--from", "date_from"), ("--to", "date_to")):
        text = getattr(args, attr)
        if text is None:
            continue
        day = parse_day(text)
        if day is None:
            report.error(
                f"{option} {text}: дата не распознана — укажите её как дд.мм.гггг "
                "(например, 01.09.2020) или гггг-мм-дд"
            )
        setattr(args, attr, day)
    year = args.academic_year
    if year is not None and not (
        len(year) == 9
        and year[4] == "/"
        and year[:4].isdigit()
        and year[5:].isdigit()
        and int(year[5:]) == int(year[:4]) + 1
    ):
        report.error(f"--year {year}: учебный год пишется как 2020/2021")
    if args.date_from and args.date_to and args.date_from > args.date_to:
        report.error("дата --from позже даты --to — поменяйте их местами")
    from app.office.district import parse_codes, parse_years

    for option, attr, parse in (("--schools", "schools", parse_codes), ("--years", "years", parse_years)):
        if getattr(args, attr) is not None:
            try:
                setattr(args, attr, parse(getattr(args, attr)))
            except UserError as exc:
                report.error(f"{option}: {exc.message}")


def _check_options(report, args) -> None:
    """Refuse what the kind does not use, naming what it does."""
    takes = KIND_OPTIONS.get(args.kind)
    if takes is None:
        return
    ignored = [o for o, attr in OPTION_ATTRS.items() if o not in takes and getattr(args, attr) is not None]
    if not ignored:
        return
    which = "параметр" if len(ignored) == 1 else "параметры"
    offered = (
        f"у него есть только {', '.join(takes)} (и --format, --out, --json)"
        if takes
        else "у него нет параметров отбора, только --format, --out и --json"
    )
    report.error(f"отчёт {args.kind} не использует {which} {', '.join(ignored)}: {offered}")


def _check_format(report, args) -> None:
    """--format and the file's extension agree; without --format the extension decides."""
    out = Path(args.out)
    suffix = out.suffix.lower().lstrip(".")
    if args.format is None:
        if suffix not in REPORT_FORMATS:
            stem = out.stem or "отчёт"
            report.error(
                f"по имени файла «{out.name}» формат не понять: назовите его «{stem}.pdf» или "
                f"«{stem}.xlsx», либо укажите --format pdf или --format xlsx"
            )
        args.format = suffix
    elif suffix != args.format:
        found = f"с расширением «.{suffix}»" if suffix else "без расширения"
        report.error(
            f"--format {args.format}, а файл «{out.name}» — {found}: назовите его "
            f"«{out.stem or 'отчёт'}.{args.format}»"
            + (f" или укажите --format {suffix}" if suffix in REPORT_FORMATS else "")
        )


def check_report_usage(report, args) -> None:
    _check_values(report, args)
    _check_options(report, args)
    _check_format(report, args)


def report_warnings(kind_key: str, store: Store, options: ReportOptions) -> list[str]:
    kind = report_kinds()[kind_key]
    module = sys.modules.get(getattr(kind.write, "__module__", ""), None)
    warn = getattr(module, "report_warnings", None)
    return list(warn(store, options)) if warn is not None else []


def cmd_report(args, store: Store) -> int:
    kind = report_kinds()[args.kind]
    options = ReportOptions(
        args.date_from,
        args.date_to,
        args.academic_year,
        args.round,
        args.compare,
        schools=args.schools,
        years=args.years,
    )
    path = Path(args.out).resolve()
    summary = kind.write(store, args.format, path, options)
    warnings = report_warnings(args.kind, store, options)
    if args.json:
        result = {
            "status": "written",
            "file": str(path),
            "format": args.format,
            "report": args.kind,
            "summary": summary,
            "warnings": warnings,
        }
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{summary}. Файл записан: {path}")
    for warning in warnings:
        print(f"Внимание: {warning}", file=sys.stderr)
    return EXIT_OK
