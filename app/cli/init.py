"""`init --mode school|municipality --name … [--code …] [--municipality …]`: an empty database."""

from __future__ import annotations

from app.cli.exit_codes import EXIT_OK
from app.core.store import Store

NAME = "init"
HELP = "создать пустую базу школы или управления"
DESCRIPTION = None
NEEDS_DATABASE = False
OPENS_STORE = True
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument(
        "--mode",
        required=True,
        choices=("school", "municipality"),
        help="school — школа, municipality — управление образования",
    )
    parser.add_argument("--code", help="код школы (для --mode school)")
    parser.add_argument("--name", required=True, help="полное наименование школы или управления")
    parser.add_argument("--municipality", default="", help="муниципалитет школы")


def check(parser, args) -> None:
    if args.mode == "school" and not args.code:
        parser.error("для --mode school нужен --code")
    if args.mode == "municipality" and args.code:
        parser.error("--code указывается только для --mode school")


def run(args, store: Store) -> int:
    from app.school.installation import init_municipality, init_school

    if args.mode == "school":
        school = init_school(store, args.code, args.name, args.municipality)
        print(f"Создана база школы «{school.name}» (код {school.code}) в {store.location}.")
    else:
        office = init_municipality(store, args.name)
        print(f"Создана база управления образования «{office.name}» в {store.location}.")
    return EXIT_OK
