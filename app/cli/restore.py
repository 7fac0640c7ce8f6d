"""`restore FILE [--yes] [--other-school] [--other-mode]`: the database and keys restored from a
backup. Asks for confirmation on the terminal unless --yes; with no terminal to ask and no --yes it
refuses (exit 1). A copy of another school or of the other mode is refused unless --other-school or
--other-mode confirms that difference. Works on a damaged database too (so it neither needs nor
opens one first).
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.backup.copies import SERVER_MESSAGE
from app.backup.restore import (
    check_backup,
    current_mode,
    other_mode,
    other_school,
    restore_in_folder,
    settle_keys,
)
from app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from app.core import paths
from app.core.db_address import configured_url
from app.core.errors import UserError
from app.core.lock import DataFolderLock
from app.core.store import Store

NAME = "restore"
HELP = "восстановить базу и ключи из резервной копии"
DESCRIPTION = (
    "Проверяет копию (целостность, версия схемы, режим), сохраняет текущее состояние "
    "в резервную копию и заменяет базу. Без --yes спрашивает подтверждение."
)
NEEDS_DATABASE = False
OPENS_STORE = False
WRITES = False
YES_ANSWERS = frozenset({"да", "д", "yes", "y"})


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="ФАЙЛ", help="резервная копия (.zip) или файл базы (.db)")
    parser.add_argument("--yes", action="store_true", help="не спрашивать подтверждения")
    parser.add_argument(
        "--other-school",
        action="store_true",
        help="копия другой школы (другой код) — восстановить её вместо этой, подтверждая это",
    )
    parser.add_argument(
        "--other-mode",
        action="store_true",
        help="копия другого режима (управления в базе школы или наоборот) — восстановить её, подтверждая это",
    )


def check(parser, args) -> None:
    pass


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


def run(args, _store) -> int:
    folder = paths.data_dir(args.data_dir)
    if args.db is not None or configured_url(folder) is not None:  # the folder names a server
        raise UserError(SERVER_MESSAGE)
    source = Path(args.file).expanduser()
    with DataFolderLock(folder):
        mode = current_mode(folder)
        candidate = check_backup(folder, source)
        for difference, option, given in (
            (other_mode(folder, candidate, mode), "--other-mode", args.other_mode),
            (other_school(folder, candidate), "--other-school", args.other_school),
        ):
            if difference and not given:
                raise UserError(
                    f"файл «{source.name}» не восстановлен: {difference} Если так и нужно, повторите "
                    f"команду с {option}. База данных не изменена."
                )
        if not args.yes:
            question = (
                f"Восстановить базу в {folder} из файла {source.name} ({candidate.summary})? "
                "Всё, что внесено после создания копии, из базы уйдёт; текущее состояние "
                "будет сохранено в резервную копию."
            )
            if not _confirmed(question):
                print("Восстановление отменено, база не изменена.")
                return EXIT_REFUSED
        result = restore_in_folder(
            folder,
            source,
            mode,
            other_school_confirmed=args.other_school,
            other_mode_confirmed=args.other_mode,
        )
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
