"""`backup` and `restore` on the command line, and the day's copy before commands that write.

`python -m app backup [--out FILE]` — a copy (ZIP: database and keys, see app/backup/copies/copies.py) into
the backups folder, or into FILE (a folder is given the usual name).
`python -m app restore FILE [--yes]` — asks for confirmation on the terminal unless --yes;
with no terminal to ask and no --yes it refuses (exit 1). Works on a damaged database too.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.backup.copies import (
    SERVER_MESSAGE,
    SUFFIX,
    backup_name,
    daily_backup,
    format_size,
    make_backup,
)
from app.backup.restore import check_backup, current_mode, restore_in_folder, settle_keys
from app.core import paths
from app.core.db_address import configured_url
from app.core.errors import UserError
from app.core.lock import DataFolderLock
from app.core.store import Store

EXIT_OK, EXIT_REFUSED = 0, 1
# Commands that only read: no day's copy before them (restore and backup make their own).
NO_DAILY_COPY = frozenset({"info", "report", "backup", "restore"})
YES_ANSWERS = frozenset({"да", "д", "yes", "y"})


def register(commands) -> dict:
    from app.cli.main import ExtraCommand

    backup = commands.add_parser(
        "backup",
        help="сделать резервную копию базы и ключей",
        description=(
            "Копия базы (через механизм резервного копирования SQLite) вместе с папкой ключей "
            "в одном архиве ZIP. Без --out — в папку backups папки данных."
        ),
    )
    backup.add_argument(
        "--out", metavar="ФАЙЛ", help="куда записать копию: файл .zip или папка (например, флешка)"
    )
    backup.add_argument("--json", action="store_true", help="вывести результат в формате JSON")

    restore = commands.add_parser(
        "restore",
        help="восстановить базу и ключи из резервной копии",
        description=(
            "Проверяет копию (целостность, версия схемы, режим), сохраняет текущее состояние "
            "в резервную копию и заменяет базу. Без --yes спрашивает подтверждение."
        ),
    )
    restore.add_argument("file", metavar="ФАЙЛ", help="резервная копия (.zip) или файл базы (.db)")
    restore.add_argument("--yes", action="store_true", help="не спрашивать подтверждения")
    return {
        "backup": ExtraCommand(backup, cmd_backup, needs_store=False),
        "restore": ExtraCommand(restore, cmd_restore, needs_store=False),
    }


def _folder(args) -> Path:
    if args.db is not None:
        raise UserError(SERVER_MESSAGE)
    folder = paths.data_dir(args.data_dir)
    if not Store.holds_data(folder):
        raise UserError(
            f"В папке {folder} нет базы «Дневника школы». Укажите папку данных (--data-dir) "
            "или создайте базу командой init или demo."
        )
    return folder


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


def cmd_backup(args, _store) -> int:
    folder = _folder(args)
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


def _confirmed(question: str) -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(
            "подтверждение не получено: команда запущена не из терминала. "
            "Чтобы восстановить без вопроса, добавьте --yes."
        )
    try:
        answer = input(f"{question} [да/нет]: ")
    except EOFError:
        return False
    return answer.strip().lower() in YES_ANSWERS


def cmd_restore(args, _store) -> int:
    folder = paths.data_dir(args.data_dir)
    if args.db is not None or configured_url(folder) is not None:  # the folder names a server
        raise UserError(SERVER_MESSAGE)
    source = Path(args.file).expanduser()
    with DataFolderLock(folder):
        mode = current_mode(folder)
        candidate = check_backup(folder, source, mode)
        if not args.yes:
            question = (
                f"Восстановить базу в {folder} из файла {source.name} ({candidate.summary})? "
                "Всё, что внесено после создания копии, из базы уйдёт; текущее состояние "
                "будет сохранено в резервную копию."
            )
            if not _confirmed(question):
                print("Восстановление отменено, база не изменена.")
                return EXIT_REFUSED
        result = restore_in_folder(folder, source, mode)
        store = Store.open(folder)  # brings an older copy to this program's schema
        try:
            settle_keys(store)
        finally:
            store.close()
    print(f"База восстановлена: {result.candidate_summary}.")
    if result.previous_state is not None:
        print(f"Прежнее состояние сохранено в резервной копии {result.previous_state}.")
    if result.set_aside is not None:
        print(f"Повреждённый файл базы перенесён в {result.set_aside}.")
    return EXIT_OK


def start_of_day_backup(command: str | None, store: Store) -> None:
    """The day's copy before a command that writes; a failure is reported, the command goes on."""
    if command in NO_DAILY_COPY:
        return
    try:
        daily_backup(store)
    except UserError as exc:
        print(f"Внимание: {exc.message}", file=sys.stderr)
