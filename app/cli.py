"""Command line: `python -m app [--data-dir DIR | --db URL] COMMAND …`; no command opens the window.

Exit codes: 0 done, 1 input refused (the message says why), 2 usage.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__, paths
from app.cli_args import RussianArgumentParser
from app.errors import UserError
from app.lock import AlreadyRunning, DataFolderLock
from app.store import Store
from db.migrate import DatabaseRefused

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def build_parser() -> RussianArgumentParser:
    parser = RussianArgumentParser(
        prog="python -m app",
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
    commands = parser.add_subparsers(
        dest="command", metavar="КОМАНДА", title="команды", parser_class=RussianArgumentParser
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

    commands.add_parser("demo", help="создать демонстрационную школу (МКОУ Нагольненская СШ)")

    info = commands.add_parser("info", help="что хранится в базе: режим, школа, число записей")
    info.add_argument("--json", action="store_true", help="вывести в формате JSON")
    parser.command_parsers = {"init": init, "info": info}
    return parser


def _open_store(args) -> Store:
    return Store.open(Path(args.data_dir) if args.data_dir else None, args.db)


def cmd_init(args, store: Store) -> int:
    from app.services.installation import init_municipality, init_school

    if args.mode == "school":
        school = init_school(store, args.code, args.name, args.municipality)
        print(f"Создана база школы «{school.name}» (код {school.code}) в {store.location}.")
    else:
        office = init_municipality(store, args.name)
        print(f"Создана база управления образования «{office.name}» в {store.location}.")
    return EXIT_OK


def cmd_demo(args, store: Store) -> int:
    from app.demo import build_demo

    school = build_demo(store)
    print(f"Создана демонстрационная школа «{school.name}» в {store.location}.")
    return EXIT_OK


def cmd_info(args, store: Store) -> int:
    from app.services.info import describe

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
    print("Записей в таблицах:")
    for table, count in summary["counts"].items():
        print(f"  {table:<28} {count}")
    return EXIT_OK


COMMANDS: dict[str, Callable] = {"init": cmd_init, "demo": cmd_demo, "info": cmd_info}


def _check_usage(parser, args) -> None:
    init = parser.command_parsers["init"]
    if args.command == "init" and args.mode == "school" and not args.code:
        init.error("для --mode school нужен --code")
    if args.command == "init" and args.mode == "municipality" and args.code:
        init.error("--code указывается только для --mode school")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _check_usage(parser, args)
    if args.command is None:
        from ui.app import run_gui

        return run_gui(Path(args.data_dir) if args.data_dir else None, args.db)

    lock = None
    try:
        if args.db is None:
            lock = DataFolderLock(paths.data_dir(args.data_dir))
            lock.acquire()
        if args.command == "info" and args.db is None:
            folder = paths.data_dir(args.data_dir)
            if not Store.holds_data(folder):
                raise UserError(
                    f"В папке {folder} нет базы «Дневника школы». Создайте её командой "
                    "init или demo, либо укажите другую папку (--data-dir)."
                )
        store = _open_store(args)
        try:
            return COMMANDS[args.command](args, store)
        finally:
            store.close()
    except (UserError, DatabaseRefused, AlreadyRunning) as exc:
        message = getattr(exc, "message", None) or str(exc)
        print(f"Отказано: {message}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        if lock is not None:
            lock.release()
