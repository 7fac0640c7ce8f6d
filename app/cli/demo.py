"""`demo [--mode school|municipality]`: a demonstration school, or an office with three schools."""

from __future__ import annotations

from app.cli.exit_codes import EXIT_OK
from app.core.store import Store

NAME = "demo"
HELP = "создать демонстрационную базу: школу (МКОУ Нагольненская СШ) или управление"
DESCRIPTION = None
NEEDS_DATABASE = False
OPENS_STORE = True
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument(
        "--mode",
        choices=("school", "municipality"),
        default="school",
        help="school — школа (по умолчанию), municipality — отдел образования Котельниковского "
        "района с тремя школами, принятыми из пакетов обмена",
    )


def check(parser, args) -> None:
    pass


def run(args, store: Store) -> int:
    if args.mode == "municipality":
        from app.demo.office import build_office_demo

        office = build_office_demo(store)
        schools = ", ".join(office.schools)
        print(f"Создана демонстрационная база управления «{office.name}» в {store.location}.")
        print(f"Из пакетов обмена приняты школы: {schools}.")
        return EXIT_OK
    from app.demo.school import build_demo

    school = build_demo(store)
    print(f"Создана демонстрационная школа «{school.name}» в {store.location}.")
    return EXIT_OK
