"""`feedback --school КОД | --all --out ПУТЬ [--json]`: the registry's codes named when
a code is unknown, the folder of --out made in both forms, and what went into each package
(comments, recommendations, catalogue events, receipts — the counts of its manifest).

The packages themselves are written by app.sync.exchange (write_feedback, write_feedback_all).
"""

from __future__ import annotations

import json
from pathlib import Path

from app.cli.exit_codes import EXIT_OK
from app.core.errors import UserError
from app.core.store import Store

NAME = "feedback"
HELP = "записать пакет обратной связи для школы (управление)"
DESCRIPTION = None
NEEDS_DATABASE = True
OPENS_STORE = True
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("--school", metavar="КОД", help="код школы")
    parser.add_argument("--all", action="store_true", help="для всех школ реестра")
    parser.add_argument("--out", required=True, metavar="ПУТЬ", help="файл пакета или папка")
    parser.add_argument("--json", action="store_true", help="вывести результат в формате JSON")


def check(parser, args) -> None:
    if bool(args.school) == bool(args.all):
        parser.error("укажите либо --school КОД (одна школа), либо --all (все школы реестра)")


def _check_code(store: Store, code: str) -> None:
    """At the office, a code the registry does not hold is refused with the codes it holds."""
    from app.office.district import registry_schools, unknown_codes_message

    installation = store.installation()
    if installation is None or installation.mode != "municipality":
        return  # the exchange says what is wrong with the database itself
    known = registry_schools(store)
    if code not in {s.code for s in known}:
        raise UserError(unknown_codes_message([code], known))


def contents_text(counts: dict[str, int]) -> str:
    """«комментарии куратора — 2, рекомендации — 1, …» in the manifest's order."""
    from app.office.feedback_view import instrument_label
    from app.sync.preview_records import SECTION_LABELS

    parts = []
    for key, count in counts.items():
        label = SECTION_LABELS.get(key) or instrument_label(key)
        parts.append(f"{label[:1].lower()}{label[1:]} — {count}")
    return ", ".join(parts)


def _described(path: Path) -> dict:
    from app.sync.container import peek_manifest

    manifest = peek_manifest(path) or {}
    return {
        "file": str(path),
        "school_code": (manifest.get("recipient") or {}).get("code", ""),
        "sequence": manifest.get("sequence"),
        "counts": manifest.get("counts") or {},
        "encrypted": manifest.get("encryption") is not None,
    }


def run(args, store: Store) -> int:
    from app.sync.container import SUFFIX as PACKAGE_SUFFIX
    from app.sync.exchange import write_feedback, write_feedback_all

    out = Path(args.out)
    if args.all:
        written = write_feedback_all(store, out)
    else:
        code = args.school.strip()
        _check_code(store, code)
        # As --all does: the folder is made (a refusal of the system is said by app.cli.main).
        (out.parent if out.suffix.lower() == PACKAGE_SUFFIX else out).mkdir(parents=True, exist_ok=True)
        written = [write_feedback(store, code, out)]
    packages = [_described(Path(path)) for path in written]
    if args.json:
        print(json.dumps(packages, ensure_ascii=False))
        return EXIT_OK
    for package in packages:
        secrecy = "" if package["encrypted"] else ", не зашифрован — ключ школы ещё не получен"
        print(
            f"Обратная связь для школы {package['school_code']} "
            f"({contents_text(package['counts'])}{secrecy}) записана: {package['file']}"
        )
    if not packages:
        print("В реестре нет школ — обратную связь писать некому.")
    return EXIT_OK
