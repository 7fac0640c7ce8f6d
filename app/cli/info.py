"""`info [--json]`: what the database holds — mode, school, the registry, counts of records."""

from __future__ import annotations

import json
from datetime import date

from app.cli.exit_codes import EXIT_OK
from app.core.dates import format_day
from app.core.store import Store

NAME = "info"
HELP = "что хранится в базе: режим, школа, число записей"
DESCRIPTION = None
NEEDS_DATABASE = True
OPENS_STORE = True
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="вывести в формате JSON")


def check(parser, args) -> None:
    pass


def run(args, store: Store) -> int:
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
        _print_registry(summary["registry"])
    print("Записей в таблицах:")
    counts = sorted((table_label(table), count) for table, count in summary["counts"].items())
    width = max((len(label) for label, _ in counts), default=0)
    for label, count in counts:
        print(f"  {label:<{width}}  {count}")
    return EXIT_OK


def _print_registry(schools: list[dict]) -> None:
    print(f"Школы реестра: {len(schools)}" + (" (коды — для --schools и --school)" if schools else ""))
    for school in schools:
        status = f", {school['status']}" if school["status"] else ""
        package = "пакетов ещё не было"
        if school["last_sequence"] is not None:
            day = format_day(date.fromisoformat(school["last_package_on"]))
            package = f"последний пакет №{school['last_sequence']} от {day}"
        print(f"  {school['code']:<8} {school['name']}{status}; {package}")
