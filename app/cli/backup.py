"""`backup [--out FILE] [--json]`: a copy (ZIP: database and keys, see app/backup/copies.py) into
the backups folder, or into FILE (a folder is given the usual name); and the day's copy made
before every command that writes (app.cli.main calls `daily_copy`).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.backup.copies import SERVER_MESSAGE, SUFFIX, backup_name, daily_backup, format_size, make_backup
from app.cli.exit_codes import EXIT_OK
from app.core import paths
from app.core.errors import UserError
from app.core.lock import DataFolderLock
from app.core.store import Store

NAME = "backup"
HELP = "сделать резервную копию базы и ключей"
DESCRIPTION = (
    "Копия базы (через механизм резервного копирования SQLite) вместе с папкой ключей "
    "в одном архиве ZIP. Без --out — в папку backups папки данных."
)
NEEDS_DATABASE = True
OPENS_STORE = False  # it locks the folder and opens the database itself
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument(
        "--out", metavar="ФАЙЛ", help="куда записать копию: файл .zip или папка (например, флешка)"
    )
    parser.add_argument("--json", action="store_true", help="вывести результат в формате JSON")


def check(parser, args) -> None:
    pass


def _out_path(out: str) -> Path:
    path = Path(out).expanduser().resolve()
    if path.is_dir():
        return path / backup_name("manual", datetime.now(UTC))
    if path.suffix.lower() != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    if path.exists():
        raise UserError(f"Файл {path} уже есть. Укажите другое имя — существующие копии не перезаписываются.")
    if not path.parent.is_dir():
        raise UserError(f"Папки {path.parent} нет. Проверьте путь (вставлена ли флешка?).")
    return path


def run(args, _store) -> int:
    if args.db is not None:
        raise UserError(SERVER_MESSAGE)
    folder = paths.data_dir(args.data_dir)
    out = _out_path(args.out) if args.out else None
    with DataFolderLock(folder):
        store = Store.open(folder)
        try:
            path = make_backup(store, "manual", out)
        finally:
            store.close()
    size = path.stat().st_size
    if args.json:
        print(json.dumps({"file": str(path), "size": size}, ensure_ascii=False))
    else:
        print(f"Резервная копия записана: {path} ({format_size(size)}).")
    return EXIT_OK


def daily_copy(store: Store) -> None:
    """The day's copy before a command that writes; a failure is reported, the command goes on."""
    try:
        daily_backup(store)
    except UserError as exc:
        print(f"Внимание: {exc.message}", file=sys.stderr)
