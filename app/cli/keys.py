"""`keys export-public --out FILE | import FILE [--accept-new-key] | show [--json]`: the signing and
encryption keys — their fingerprints, and the files by which a school and its office exchange them.
"""

from __future__ import annotations

import json

from app.cli.args import RussianArgumentParser
from app.cli.exit_codes import EXIT_OK
from app.core.store import Store

NAME = "keys"
HELP = "ключи подписи и шифрования: отпечатки, обмен ключами"
DESCRIPTION = None
NEEDS_DATABASE = True
OPENS_STORE = True
WRITES = True


def add_arguments(parser) -> None:
    actions = parser.add_subparsers(
        dest="keys_action",
        metavar="ДЕЙСТВИЕ",
        title="действия",
        parser_class=RussianArgumentParser,
        prog=parser.prog,
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


def check(parser, args) -> None:
    pass


def run(args, store: Store) -> int:
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
