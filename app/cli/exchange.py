"""The exchange on the command line: export, import, feedback, keys (app.cli.main loads this module).

Exit codes as the CLI's: 0 done, 1 some input refused (each with its reason), 2 usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.core import paths
from app.core.store import Store

EXIT_OK, EXIT_REFUSED = 0, 1
STATUS_WORDS = {
    "imported": "импортирован",
    "already_imported": "уже импортирован",
    "refused": "отказано",
    "would_import": "можно импортировать",
}
CHANGE_WORDS = (("added", "добавлено"), ("changed", "изменено"), ("removed", "помечено удалёнными"))


def register(commands) -> dict:
    """Add export, import, feedback and keys to the CLI's subparsers."""
    from app.cli.args import RussianArgumentParser
    from app.cli.feedback import cmd_feedback
    from app.cli.main import ExtraCommand

    export = commands.add_parser("export", help="записать пакет школы для управления образования")
    export.add_argument(
        "--out",
        required=True,
        metavar="ПУТЬ",
        help="файл пакета или папка (имя: <код>_<дата>_<номер>.dnevnik)",
    )
    export.add_argument("--json", action="store_true", help="вывести результат в формате JSON")

    take = commands.add_parser("import", help="принять пакеты (управление — от школ, школа — от управления)")
    take.add_argument("paths", nargs="+", metavar="ПУТЬ", help="файлы .dnevnik или папки с ними")
    take.add_argument("--dry-run", action="store_true", help="только проверить и показать, что изменится")
    take.add_argument(
        "--accept-new-key",
        action="store_true",
        help="принять новый ключ отправителя (после сверки отпечатка по телефону)",
    )
    take.add_argument("--json", action="store_true", help="вывести результат в формате JSON")

    feedback = commands.add_parser("feedback", help="записать пакет обратной связи для школы (управление)")
    feedback.add_argument("--school", metavar="КОД", help="код школы")
    feedback.add_argument("--all", action="store_true", help="для всех школ реестра")
    feedback.add_argument("--out", required=True, metavar="ПУТЬ", help="файл пакета или папка")
    feedback.add_argument("--json", action="store_true", help="вывести результат в формате JSON")

    keys = commands.add_parser("keys", help="ключи подписи и шифрования: отпечатки, обмен ключами")
    actions = keys.add_subparsers(
        dest="keys_action",
        metavar="ДЕЙСТВИЕ",
        title="действия",
        parser_class=RussianArgumentParser,
        prog=keys.prog,
        required=True,
    )
    export_public = actions.add_parser("export-public", help="записать открытые ключи этой установки в файл")
    export_public.add_argument("--out", required=True, metavar="ФАЙЛ", help="куда записать файл ключей")
    key_import = actions.add_parser("import", help="принять файл ключей управления (в школе) или школы")
    key_import.add_argument(
        "file", metavar="ФАЙЛ", help="файл ключей, записанный командой keys export-public"
    )
    key_import.add_argument(
        "--accept-new-key", action="store_true", help="заменить известный ключ новым (после сверки отпечатка)"
    )
    show = actions.add_parser("show", help="показать отпечатки ключей")
    show.add_argument("--json", action="store_true", help="вывести в формате JSON")

    return {
        "export": ExtraCommand(export, cmd_export, check=_check_database),
        "import": ExtraCommand(take, cmd_import, check=_check_database),
        "feedback": ExtraCommand(feedback, cmd_feedback, check=_check_feedback),  # app.cli.feedback
        "keys": ExtraCommand(keys, cmd_keys, check=_check_database),
    }


def _check_database(parser, args) -> None:
    """No database in the folder: say so, before opening it would make an empty one there."""
    if getattr(args, "db", None) is not None:
        return
    folder = paths.data_dir(args.data_dir)
    if not Store.holds_data(folder):
        print(
            f"Отказано: в папке {folder} нет базы «Дневника школы». Создайте её командой init "
            "или demo, либо укажите другую папку (--data-dir).",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_REFUSED)


def _check_feedback(parser, args) -> None:
    if bool(args.school) == bool(args.all):
        parser.error("укажите либо --school КОД (одна школа), либо --all (все школы реестра)")
    _check_database(parser, args)


def _counts_line(counts: dict[str, int]) -> str:
    shown = ", ".join(f"{key} {value}" for key, value in counts.items() if value)
    return f"записей {sum(counts.values())}" + (f" ({shown})" if shown else "")


def cmd_export(args, store: Store) -> int:
    from app.sync.exchange import export_snapshot

    result = export_snapshot(store, Path(args.out).resolve())
    if args.json:
        print(
            json.dumps(
                {
                    "file": str(result.path),
                    "sequence": result.sequence,
                    "counts": result.counts,
                    "encrypted": result.encrypted,
                    "package_id": result.package_id,
                },
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    secrecy = (
        "зашифрован для управления"
        if result.encrypted
        else "не зашифрован — ключ управления ещё не получен; он приходит с обратной связью "
        "или файлом ключей (keys import)"
    )
    print(f"Пакет №{result.sequence} записан: {result.path} ({secrecy}); {_counts_line(result.counts)}.")
    return EXIT_OK


def _changes_line(changes) -> str:
    if changes is None:
        return ""
    parts = [f"{word} {sum(getattr(changes, kind).values())}" for kind, word in CHANGE_WORDS]
    return "; " + ", ".join(parts)


def cmd_import(args, store: Store) -> int:
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


def cmd_keys(args, store: Store) -> int:
    from app.sync import keys

    if args.keys_action == "export-public":
        path = keys.export_public(store, args.out)
        prints = keys.fingerprints(store)
        print(f"Открытые ключи записаны: {path}\nОтпечаток ключа подписи: {prints['signing']}")
        if prints["encryption"]:
            print(f"Отпечаток ключа шифрования: {prints['encryption']}")
        return EXIT_OK
    if args.keys_action == "import":
        taken = keys.import_key(store, args.file, accept_new=args.accept_new_key)
        print(taken.message)
        return EXIT_OK
    prints = keys.fingerprints(store)
    if args.json:
        print(json.dumps(prints, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"Ключ подписи этой установки: {prints['signing'] or 'ещё не создан'}")
    print(f"Ключ шифрования (для получения пакетов): {prints['encryption'] or 'ещё не создан'}")
    if prints["mode"] == "school":
        office = prints["office"]
        if office and office["signing"]:
            print(f"Управление «{office['name']}»: подпись {office['signing']}")
            print(f"  шифрование {office['encryption'] or 'неизвестен — пакеты уходят незашифрованными'}")
        else:
            print("Ключ управления ещё не получен (keys import или первая обратная связь).")
    else:
        for school in prints["schools"]:
            print(f"Школа {school['code']} «{school['name']}»: {school['signing'] or 'ключ ещё не получен'}")
    return EXIT_OK
