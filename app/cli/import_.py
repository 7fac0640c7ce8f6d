"""`import PATH… [--dry-run] [--accept-new-key] [--json]`: packages taken in (the office takes the
schools', a school the office's feedback); exit 1 when any of them was refused, each with its reason.

(The module's name ends in «_»: `import` is a word of Python.)
"""

from __future__ import annotations

import json
from pathlib import Path

from app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from app.core.store import Store

NAME = "import"
HELP = "принять пакеты (управление — от школ, школа — от управления)"
DESCRIPTION = None
NEEDS_DATABASE = True
OPENS_STORE = True
WRITES = True

STATUS_WORDS = {
    "imported": "импортирован",
    "already_imported": "уже импортирован",
    "refused": "отказано",
    "would_import": "можно импортировать",
}
CHANGE_WORDS = (("added", "добавлено"), ("changed", "изменено"), ("removed", "помечено удалёнными"))


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="ПУТЬ", help="файлы .dnevnik или папки с ними")
    parser.add_argument("--dry-run", action="store_true", help="только проверить и показать, что изменится")
    parser.add_argument(
        "--accept-new-key",
        action="store_true",
        help="принять новый ключ отправителя, а в школе — первый ключ управления "
        "(только после сверки отпечатка по телефону)",
    )
    parser.add_argument("--json", action="store_true", help="вывести результат в формате JSON")


def check(parser, args) -> None:
    pass


def _changes_line(changes) -> str:
    if changes is None:
        return ""
    parts = [f"{word} {sum(getattr(changes, kind).values())}" for kind, word in CHANGE_WORDS]
    return "; " + ", ".join(parts)


def run(args, store: Store) -> int:
    from app.sync.exchange import import_packages

    results = import_packages(
        store, [Path(p) for p in args.paths], dry_run=args.dry_run, accept_new_key=args.accept_new_key
    )
    refused = sum(r.status == "refused" for r in results)
    if args.json:
        print(json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2))
        return EXIT_REFUSED if refused else EXIT_OK
    for r in results:
        who = f" — школа {r.school_code}" if r.school_code else ""
        number = f", пакет №{r.sequence}" if r.sequence else ""
        if r.status == "refused":
            print(f"{r.file}: отказано{who}{number}: {r.reason}")
        else:
            line = f"{r.file}: {STATUS_WORDS[r.status]}{who}{number}{_changes_line(r.changes)}."
            print(line)
    totals = {status: sum(r.status == status for r in results) for status in STATUS_WORDS}
    summary = ", ".join(f"{STATUS_WORDS[s]} {n}" for s, n in totals.items() if n)
    print(f"Файлов: {len(results)}" + (f" ({summary})" if summary else "") + ".")
    if args.dry_run:
        print("Пробный прогон: база не изменена.")
    return EXIT_REFUSED if refused else EXIT_OK
