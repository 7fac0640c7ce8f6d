"""`report KIND --out FILE …`: a report of the catalogue (app.reports.catalog) written to a file.

The narrowing options are the catalogue's: each kind declares the ones it takes, the arguments
and their help are built from them, and any other one given is refused (exit 2, before anything
is opened). What a kind warns of is said after the file is written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.cli.exit_codes import EXIT_OK
from app.core.dates import read_day
from app.core.errors import UserError
from app.core.store import Store
from app.reports.catalog import OPTIONS, ReportOptions, kinds_taking, report_kinds

NAME = "report"
HELP = "напечатать отчёт в PDF или XLSX"
DESCRIPTION = None
NEEDS_DATABASE = True
OPENS_STORE = True
WRITES = False

REPORT_FORMATS = ("pdf", "xlsx")


def add_arguments(parser) -> None:
    kinds = report_kinds()
    parser.add_argument(
        "kind",
        choices=tuple(kinds),
        metavar="ОТЧЁТ",
        help="; ".join(f"{key} — {kind.title}" for key, kind in kinds.items()),
    )
    parser.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        help="pdf или xlsx — как расширение файла --out (если не указан — по расширению)",
    )
    parser.add_argument("--out", required=True, metavar="ФАЙЛ", help="куда записать отчёт")
    for option in OPTIONS.values():
        words = f"{option.help}; отчёты: {', '.join(kinds_taking(option.flag))}"
        if option.metavar is None:  # a switch: None when not given, as the valued options
            parser.add_argument(option.flag, dest=option.field, action="store_true", default=None, help=words)
        else:
            parser.add_argument(
                option.flag, dest=option.field, metavar=option.metavar, choices=option.choices, help=words
            )
    parser.add_argument("--json", action="store_true", help="вывести результат в формате JSON")


def _check_values(report, args) -> None:
    """Dates, the academic year, the district's codes and years: read, or refused with exit 2."""
    for option, attr in (("--from", "date_from"), ("--to", "date_to")):
        text = getattr(args, attr)
        if text is None:
            continue
        try:
            day = read_day(text)
        except ValueError as exc:  # what is wrong with it, in Russian («такой даты нет — …»)
            message = str(exc)
            if "дд.мм.гггг" not in message:
                message += " Дата пишется как дд.мм.гггг (например, 01.09.2020) или гггг-мм-дд."
            report.error(f"{option} {message}")
        if day is None:
            report.error(f"{option}: укажите дату как дд.мм.гггг (например, 01.09.2020) или гггг-мм-дд")
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


def options_of(args) -> ReportOptions:
    """The narrowing options given on the command line."""
    return ReportOptions(**{option.field: getattr(args, option.field) for option in OPTIONS.values()})


def _check_options(report, args) -> None:
    """Refuse what the kind does not use, naming what it does."""
    kind = report_kinds()[args.kind]
    ignored = kind.undeclared(options_of(args))
    if not ignored:
        return
    which = "параметр" if len(ignored) == 1 else "параметры"
    offered = (
        f"у него есть только {', '.join(kind.options)} (и --format, --out, --json)"
        if kind.options
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


def check(parser, args) -> None:
    _check_values(parser, args)
    _check_options(parser, args)
    _check_format(parser, args)


def run(args, store: Store) -> int:
    kind = report_kinds()[args.kind]
    options = options_of(args)
    path = Path(args.out).resolve()
    from app.reports.table_xlsx import cut_cells, cut_warning  # openpyxl only when a report is written

    with cut_cells() as cut:
        summary = kind.build(store, args.format, path, options)
    warnings = list(kind.warnings(store, options)) + ([cut_warning(cut)] if cut else [])
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
