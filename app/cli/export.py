"""`export --out PATH [--json]`: the school's package for the office (app.sync.exchange writes it)."""

from __future__ import annotations

import json
from pathlib import Path

from app.cli.exit_codes import EXIT_OK
from app.core.store import Store

NAME = "export"
HELP = "записать пакет школы для управления образования"
DESCRIPTION = None
NEEDS_DATABASE = True
OPENS_STORE = True
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument(
        "--out",
        required=True,
        metavar="ПУТЬ",
        help="файл пакета или папка (имя: <код>_<дата>_<номер>.dnevnik)",
    )
    parser.add_argument("--json", action="store_true", help="вывести результат в формате JSON")


def check(parser, args) -> None:
    pass


def _counts_line(counts: dict[str, int]) -> str:
    """«записей 40 (педагоги — 11, программы — 1, …)»: the sections by their Russian names."""
    from app.cli.feedback import contents_text

    shown = contents_text({key: value for key, value in counts.items() if value})
    return f"записей {sum(counts.values())}" + (f" ({shown})" if shown else "")


def run(args, store: Store) -> int:
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
