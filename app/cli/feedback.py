"""`feedback --school КОД | --all --out ПУТЬ` as app.cli.main runs it: the registry's codes named when
a code is unknown, the folder of --out made in both forms, and what went into each package
(comments, recommendations, catalogue events, receipts — the counts of its manifest).

The packages themselves are written by app.sync.exchange (write_feedback, write_feedback_all).
"""

from __future__ import annotations

import json
from pathlib import Path

from app.core.errors import UserError
from app.core.store import Store

EXIT_OK = 0
PACKAGE_SUFFIX = ".dnevnik"


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


def cmd_feedback(args, store: Store) -> int:
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
