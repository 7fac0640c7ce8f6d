"""Command line: `python -m app [--data-dir DIR | --db URL] COMMAND …`; no command opens the window.

Exit codes: 0 done, 1 input refused (the message says why), 2 usage; a reader that closed the
output early (`info | head -3`) ends the command quietly with 141, as other Unix tools do.
With --json a refusal is also a JSON object on stdout: {"status": "refused", "reason": "…"}.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app import __version__
from app.cli.args import RussianArgumentParser
from app.cli.report import REPORT_FORMATS, check_report_usage, cmd_report, kinds_taking
from app.core import db_address, paths
from app.core.errors import UserError
from app.core.lock import AlreadyRunning, DataFolderLock
from app.core.store import Store, shown_url
from app.reports.catalog import report_kinds
from db.migrate import DatabaseRefused

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
EXIT_PIPE = 141  # 128 + SIGPIPE: the reader of the output went away
PACKAGE_SUFFIX = ".dnevnik"
USAGE_PREFIXES = ("Ошибка в командной строке: ", "Отказано: ")


def build_parser() -> RussianArgumentParser:
    parser = RussianArgumentParser(
        prog=Path(sys.executable).name
        if getattr(sys, "frozen", False)
        else "python -m app",  # built: dnevnik
        description="«Дневник школы»: без команды открывается окно программы.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"Дневник школы {__version__}",
        help="показать версию программы",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--data-dir",
        metavar="ПАПКА",
        help="папка данных (по умолчанию — папка пользователя или DNEVNIK_DATA_DIR)",
    )
    where.add_argument("--db", metavar="URL", help="адрес базы SQLAlchemy, например postgresql://…")
    # prog given: argparse would build it through the formatter, doubling «Использование:».
    commands = parser.add_subparsers(
        dest="command",
        metavar="КОМАНДА",
        title="команды",
        parser_class=RussianArgumentParser,
        prog=parser.prog,
    )

    init = commands.add_parser("init", help="создать пустую базу школы или управления")
    init.add_argument(
        "--mode",
        required=True,
        choices=("school", "municipality"),
        help="school — школа, municipality — управление образования",
    )
    init.add_argument("--code", help="код школы (для --mode school)")
    init.add_argument("--name", required=True, help="полное наименование школы или управления")
    init.add_argument("--municipality", default="", help="муниципалитет школы")

    demo = commands.add_parser(
        "demo", help="создать демонстрационную базу: школу (МКОУ Нагольненская СШ) или управление"
    )
    demo.add_argument(
        "--mode",
        choices=("school", "municipality"),
        default="school",
        help="school — школа (по умолчанию), municipality — отдел образования Котельниковского "
        "района с тремя школами, принятыми из пакетов обмена",
    )

    info = commands.add_parser("info", help="что хранится в базе: режим, школа, число записей")
    info.add_argument("--json", action="store_true", help="вывести в формате JSON")

    kinds = report_kinds()
    report = commands.add_parser("report", help="напечатать отчёт в PDF или XLSX")
    report.add_argument(
        "kind",
        choices=tuple(kinds),
        metavar="ОТЧЁТ",
        help="; ".join(f"{key} — {kind.title}" for key, kind in kinds.items()),
    )
    report.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        help="pdf или xlsx — как расширение файла --out (если не указан — по расширению)",
    )
    report.add_argument("--out", required=True, metavar="ФАЙЛ", help="куда записать отчёт")
    for option, dest, metavar, words in (
        ("--from", "date_from", "ДАТА", "первый день периода: дд.мм.гггг или гггг-мм-дд"),
        ("--to", "date_to", "ДАТА", "последний день периода: дд.мм.гггг или гггг-мм-дд"),
        ("--year", "academic_year", "ГОД", "учебный год, например 2020/2021"),
        ("--round", "round", "ТУР", "тур анкетирования (название или id); по умолчанию последний"),
        ("--compare", "compare", "ТУР", "второй тур анкетирования для сравнения"),
        ("--schools", "schools", "КОДЫ", "коды школ через запятую, например 3408,3410 (по умолчанию все)"),
        ("--years", "years", "ГОДЫ", "годы экзаменов, например 2019-2021 (по умолчанию три последних)"),
    ):
        kinds = kinds_taking(option)
        report.add_argument(option, dest=dest, metavar=metavar, help=f"{words}; отчёты: {kinds}")
    report.add_argument("--json", action="store_true", help="вывести результат в формате JSON")
    parser.command_parsers = {"init": init, "info": info, "report": report}
    for module in _command_modules():
        for name, command in module.register(commands).items():
            EXTRA_COMMANDS[name] = command
            parser.command_parsers[name] = command.parser
    return parser


@dataclass
class ExtraCommand:
    """A command contributed by another module (the exchange, the self-test …).

    `run(args, store)` gets an open store unless `needs_store` is False (then store is None);
    `check(parser, args)` may reject misuse with parser.error() before anything is opened.
    """

    parser: RussianArgumentParser
    run: Callable
    needs_store: bool = True
    check: Callable | None = None


EXTRA_COMMANDS: dict[str, ExtraCommand] = {}
# Modules with `register(subparsers) -> {name: ExtraCommand}`; each adds its own commands.
COMMAND_MODULES: tuple[str, ...] = ("ui.selftest", "app.cli.exchange", "app.cli.backup")


def _command_modules():
    return [importlib.import_module(name) for name in COMMAND_MODULES]


def _open_store(args) -> Store:
    try:
        return Store.open(Path(args.data_dir) if args.data_dir else None, args.db)
    except (SQLAlchemyError, OSError) as exc:
        # A server that does not answer, a folder that cannot be written: said, not a traceback.
        where = shown_url(args.db) if args.db else db_address.describe(paths.data_dir(args.data_dir))
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise UserError(
            f"Не удалось открыть базу данных ({where}): {reason}. Проверьте адрес базы (--db) "
            "или папку данных (--data-dir): она должна быть доступна для записи."
        ) from exc


def cmd_init(args, store: Store) -> int:
    from app.school.installation import init_municipality, init_school

    if args.mode == "school":
        school = init_school(store, args.code, args.name, args.municipality)
        print(f"Создана база школы «{school.name}» (код {school.code}) в {store.location}.")
    else:
        office = init_municipality(store, args.name)
        print(f"Создана база управления образования «{office.name}» в {store.location}.")
    return EXIT_OK


def cmd_demo(args, store: Store) -> int:
    from app.demo.school import build_demo

    if args.mode == "municipality":
        from app.demo.office import build_office_demo

        office = build_office_demo(store)
        schools = ", ".join(office.schools)
        print(f"Создана демонстрационная база управления «{office.name}» в {store.location}.")
        print(f"Из пакетов обмена приняты школы: {schools}.")
        return EXIT_OK
    school = build_demo(store)
    print(f"Создана демонстрационная школа «{school.name}» в {store.location}.")
    return EXIT_OK


def cmd_info(args, store: Store) -> int:
    from app.core.info import describe, table_label

    summary = describe(store)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not summary["initialized"]:
        print(f"База {summary['database']} пуста: ни школа, ни управление ещё не настроены.")
    else:
        mode = "школа" if summary["mode"] == "school" else "управление образования"
        print(f"Режим: {mode}\nНаименование: {summary['name']}")
        if summary["school"]:
            print(f"Код школы: {summary['school']['code']}")
    print(f"База: {summary['database']} (ревизия схемы {summary['schema_revision']})")
    if summary["mode"] == "municipality":
        schools = summary["registry"]
        print(f"Школы реестра: {len(schools)}" + (" (коды — для --schools и --school)" if schools else ""))
        for school in schools:
            status = f", {school['status']}" if school["status"] else ""
            package = "пакетов ещё не было"
            if school["last_sequence"] is not None:
                day = date.fromisoformat(school["last_package_on"]).strftime("%d.%m.%Y")
                package = f"последний пакет №{school['last_sequence']} от {day}"
            print(f"  {school['code']:<8} {school['name']}{status}; {package}")
    print("Записей в таблицах:")
    counts = sorted((table_label(table), count) for table, count in summary["counts"].items())
    width = max((len(label) for label, _ in counts), default=0)
    for label, count in counts:
        print(f"  {label:<{width}}  {count}")
    return EXIT_OK


COMMANDS: dict[str, Callable] = {"init": cmd_init, "demo": cmd_demo, "info": cmd_info, "report": cmd_report}


def _check_usage(parser, args) -> None:
    init = parser.command_parsers["init"]
    if args.command == "init" and args.mode == "school" and not args.code:
        init.error("для --mode school нужен --code")
    if args.command == "init" and args.mode == "municipality" and args.code:
        init.error("--code указывается только для --mode school")
    if args.command == "report":
        check_report_usage(parser.command_parsers["report"], args)
    extra = EXTRA_COMMANDS.get(args.command)
    if extra is not None and extra.check is not None:
        extra.check(extra.parser, args)


OS_ERRORS = {
    errno.ENOENT: "нет такого файла или папки",
    errno.EACCES: "нет прав на доступ",
    errno.EPERM: "нет прав на доступ",
    errno.ENAMETOOLONG: "слишком длинное имя файла",
    errno.ENOSPC: "на диске нет места",
    errno.EROFS: "диск доступен только для чтения",
    errno.EISDIR: "это папка, а не файл",
    errno.ENOTDIR: "часть пути — не папка",
    errno.EEXIST: "такой файл уже есть",
}


def os_error_message(exc: OSError) -> str:
    """An operating system's refusal, in Russian: what and where."""
    what = OS_ERRORS.get(exc.errno, "ошибка ввода-вывода")
    where = f" ({str(exc.filename)[:200]})" if exc.filename else ""
    return f"{what}{where}. Проверьте путь и повторите."


def package_argument(argv: Sequence[str]) -> Path | None:
    """The package a double-click passes (`program FILE.dnevnik`), else None."""
    if len(argv) != 1 or not argv[0].lower().endswith(PACKAGE_SUFFIX):
        return None
    path = Path(argv[0])
    return path.resolve() if path.is_file() else None


def _reason(stderr_text: str) -> str:
    """The refusal a usage check printed, without its prefix (for --json)."""
    for line in stderr_text.splitlines():
        for prefix in USAGE_PREFIXES:
            if line.startswith(prefix):
                return line[len(prefix) :].strip()
    return " ".join(stderr_text.split())


def refusal_json(reason: str) -> str:
    return json.dumps({"status": "refused", "reason": reason}, ensure_ascii=False)


def _parse(parser: RussianArgumentParser, argv: list[str]):
    """Arguments read and checked; with --json a refusal (exit 1 or 2) is also said as JSON."""
    if "--json" not in argv:
        args = parser.parse_args(argv)
        _check_usage(parser, args)
        return args
    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said):
            args = parser.parse_args(argv)
            _check_usage(parser, args)
    except SystemExit as exc:
        sys.stderr.write(said.getvalue())
        if exc.code:
            print(refusal_json(_reason(said.getvalue())))
        raise
    sys.stderr.write(said.getvalue())
    return args


def _quiet_stdout() -> None:
    """The reader is gone: whatever is still buffered goes nowhere, without a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _main(list(sys.argv[1:] if argv is None else argv))
        sys.stdout.flush()  # a closed pipe is found here, not at the interpreter's exit
        return code
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PIPE


def _main(argv: list[str]) -> int:
    package = package_argument(argv)
    if package is not None:
        from ui.shell.app import run_gui

        return run_gui(None, None, open_package=package)
    parser = build_parser()
    args = _parse(parser, argv)
    if args.command is None:
        from ui.shell.app import run_gui

        return run_gui(Path(args.data_dir) if args.data_dir else None, args.db)

    as_json = bool(getattr(args, "json", False))
    extra = EXTRA_COMMANDS.get(args.command)
    lock = None
    try:
        if extra is not None and not extra.needs_store:
            return extra.run(args, None)
        if args.db is None:
            lock = DataFolderLock(paths.data_dir(args.data_dir))
            lock.acquire()
        if args.command in ("info", "report") and args.db is None:
            folder = paths.data_dir(args.data_dir)
            if not Store.holds_data(folder):
                raise UserError(
                    f"В папке {folder} нет базы «Дневника школы». Создайте её командой "
                    "init или demo, либо укажите другую папку (--data-dir)."
                )
        store = _open_store(args)
        try:
            from app.cli.backup import start_of_day_backup

            start_of_day_backup(args.command, store)
            run = extra.run if extra is not None else COMMANDS[args.command]
            return run(args, store)
        finally:
            store.close()
    except BrokenPipeError:
        raise
    except (UserError, DatabaseRefused, AlreadyRunning) as exc:
        return _refuse(getattr(exc, "message", None) or str(exc), as_json)
    except OSError as exc:
        # A path from the command line the system refuses (too long, no rights, no disk space).
        return _refuse(os_error_message(exc), as_json)
    finally:
        if lock is not None:
            lock.release()


def _refuse(message: str, as_json: bool) -> int:
    print(f"Отказано: {message}", file=sys.stderr)
    if as_json:
        print(refusal_json(message))
    return EXIT_REFUSED
