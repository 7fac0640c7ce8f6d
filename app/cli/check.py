"""`check [--json]`: «Проверка базы» — the file's structure, its links and every stored text;
exit 1 when something is wrong, each problem named (app/backup/check.py)."""

from __future__ import annotations

import json

from app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from app.core.store import Store

NAME = "check"
HELP = "проверить базу: целостность файла, связи записей и читаемость текстов"
DESCRIPTION = (
    "Проверяет файл базы данных, связи между записями и каждый сохранённый текст. Текст с "
    "испорченными байтами показывается со знаком «�»; проверка называет таблицу, запись и поле. "
    "База не изменяется."
)
NEEDS_DATABASE = True
OPENS_STORE = True
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="вывести результат в формате JSON")


def check(parser, args) -> None:
    pass


def run(args, store: Store) -> int:
    from app.backup.check import check_database

    report = check_database(store)
    if args.json:
        said = {
            "database": report.database,
            "ok": report.ok,
            "problems": report.problems,
            "more": report.more,
        }
        print(json.dumps(said, ensure_ascii=False, indent=2))
    else:
        print(report.text())
    return EXIT_OK if report.ok else EXIT_REFUSED
