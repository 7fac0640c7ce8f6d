"""Command line: `python -m app [--data-dir DIR | --db URL] COMMAND …`; no command opens the window.

The parser is built from the command modules (the shape: app.cli.command); app/__main__.py adds
the window and the commands that need it (the self-test). Exit codes (app.cli.exit_codes):
0 done, 1 input refused (the message says why), 2 usage; a reader that closed the output early
(`info | head -3`) ends the command quietly with 141, as other Unix tools do.
With --json a refusal is also a JSON object on stdout: {"status": "refused", "reason": "…"}.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app import __version__
from app.cli import (
    backup,
    check,
    demo,
    export,
    feedback,
    import_,
    info,
    init,
    keys,
    news,
    recommendations,
    report,
    restore,
)
from app.cli.args import RussianArgumentParser
from app.cli.command import CommandModule
from app.cli.exit_codes import EXIT_PIPE, EXIT_REFUSED, EXIT_USAGE
from app.core import db_address, paths
from app.core.errors import UserError, database_message, database_reason, os_error_message
from app.core.lock import AlreadyRunning, DataFolderLock, FolderInUse
from app.core.store import Store, shown_url
from db.migrate import DatabaseRefused

# The commands in the order `--help` lists them.
COMMANDS: tuple[CommandModule, ...] = (
    init,
    demo,
    info,
    report,
    export,
    import_,
    feedback,
    recommendations,
    news,
    keys,
    backup,
    restore,
    check,
)
USAGE_PREFIXES = ("Ошибка в командной строке: ", "Отказано: ")
# open_window(data_dir, db_url, open_packages=()) -> exit code: the window (app/__main__.py gives it).
OpenWindow = Callable[..., int]


EVERY = "*"


def build_parser(
    commands: Iterable[CommandModule] = COMMANDS, only: str | None = EVERY
) -> RussianArgumentParser:
    """The whole command line; `parser.commands` maps each command's name to (module, its parser).
    With `only`, just that command gets its arguments (the others are listed by name and help):
    the window starts without building every report's options (`_command_named`)."""
    parser = RussianArgumentParser(
        prog=Path(sys.executable).name
        if getattr(sys, "frozen", False)
        else "python -m app",  # built: dnevnik
        description="«Дневник школы»: без команды открывается окно программы.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"Дневник школы {__version__}",
        help="показать версию программы",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--data-dir",
        metavar="ПАПКА",
        help="папка данных (по умолчанию — папка пользователя или DNEVNIK_DATA_DIR)",
    )
    where.add_argument("--db", metavar="URL", help="адрес базы SQLAlchemy, например postgresql://…")
    # prog given: argparse would build it through the formatter, doubling «Использование:».
    subparsers = parser.add_subparsers(
        dest="command",
        metavar="КОМАНДА",
        title="команды",
        parser_class=RussianArgumentParser,
        prog=parser.prog,
    )
    parser.commands = {}
    for command in commands:
        own = subparsers.add_parser(command.NAME, help=command.HELP, description=command.DESCRIPTION)
        if only in (EVERY, command.NAME):
            command.add_arguments(own)
        parser.commands[command.NAME] = (command, own)
    return parser


def _command_named(argv: Sequence[str], commands: Iterable[CommandModule]) -> str | None:
    """The command the arguments name (the first word that is one), else None: the window."""
    names = {command.NAME for command in commands}
    return next((arg for arg in argv if arg in names), None)


def refuse_missing_database(args) -> None:
    """No database in the data folder: refused before opening it would create an empty one there."""
    if args.db is not None:
        return
    folder = paths.data_dir(args.data_dir)
    if not Store.holds_data(folder):
        raise UserError(
            f"В папке {folder} нет базы «Дневника школы». Создайте её командой init или demo, "
            "либо укажите другую папку (--data-dir)."
        )


def _open_store(args, upgrade_schema: bool = True) -> Store:
    try:
        return Store.open(Path(args.data_dir) if args.data_dir else None, args.db, upgrade_schema)
    except (SQLAlchemyError, OSError) as exc:
        # A server that does not answer, a folder that cannot be written: said, not a traceback.
        where = shown_url(args.db) if args.db else db_address.describe(paths.data_dir(args.data_dir))
        reason = database_reason(exc) or str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise UserError(
            f"Не удалось открыть базу данных ({where}): {reason}. Проверьте адрес базы (--db) "
            "или папку данных (--data-dir): она должна быть доступна для записи."
        ) from exc


def package_arguments(argv: Sequence[str]) -> list[Path]:
    """The packages a double-click passes (`program FILE.dnevnik …`: Explorer may pass several),
    else [] — every argument must be an existing .dnevnik file."""
    given = [Path(arg) for arg in argv]
    suffix = paths.PACKAGE_SUFFIX
    if not given or not all(arg.lower().endswith(suffix) and Path(arg).is_file() for arg in argv):
        return []
    return [path.resolve() for path in given]


def _missing_packages(argv: Sequence[str]) -> str | None:
    """Packages double-clicked or given that are not there (a USB stick pulled out meanwhile): the
    words for it, not a usage error."""
    if not argv or not all(arg.lower().endswith(paths.PACKAGE_SUFFIX) for arg in argv):
        return None
    gone = [arg for arg in argv if not Path(arg).is_file()]
    if not gone:
        return None
    names = ", ".join(f"«{arg}»" for arg in gone)
    return (
        f"Файл пакета не найден: {names}. Возможно, флешка извлечена или файл перемещён — "
        "вставьте флешку или найдите файл и откройте его снова."
    )


def _reason(stderr_text: str) -> str:
    """The refusal a usage check printed, without its prefix (for --json)."""
    for line in stderr_text.splitlines():
        for prefix in USAGE_PREFIXES:
            if line.startswith(prefix):
                return line[len(prefix) :].strip()
    return " ".join(stderr_text.split())


def refusal_json(reason: str) -> str:
    return json.dumps({"status": "refused", "reason": reason}, ensure_ascii=False)


def _parse_and_check(parser: RussianArgumentParser, argv: list[str]):
    args = parser.parse_args(argv)
    if args.command is not None:
        command, own = parser.commands[args.command]
        command.check(own, args)
    return args


def _parse(parser: RussianArgumentParser, argv: list[str]):
    """Arguments read and checked; with --json a refusal (exit 1 or 2) is also said as JSON."""
    if "--json" not in argv:
        return _parse_and_check(parser, argv)
    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said):
            args = _parse_and_check(parser, argv)
    except SystemExit as exc:
        sys.stderr.write(said.getvalue())
        if exc.code:
            print(refusal_json(_reason(said.getvalue())))
        raise
    sys.stderr.write(said.getvalue())
    return args


def _quiet_stdout() -> None:
    """The reader is gone: whatever is still buffered goes nowhere, without a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main(
    argv: Sequence[str] | None = None,
    *,
    open_window: OpenWindow | None = None,
    more_commands: Sequence[CommandModule] = (),
) -> int:
    """Run the command line. `open_window` opens the window when no command is given (without
    it, the help is shown); `more_commands` are command modules added to COMMANDS."""
    try:
        code = _main(list(sys.argv[1:] if argv is None else argv), open_window, (*COMMANDS, *more_commands))
        sys.stdout.flush()  # a closed pipe is found here, not at the interpreter's exit
        return code
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PIPE


def _main(argv: list[str], open_window: OpenWindow | None, commands: tuple[CommandModule, ...]) -> int:
    packages = package_arguments(argv) if open_window is not None else []
    if packages:
        return open_window(None, None, open_packages=packages)
    if open_window is not None and (missing := _missing_packages(argv)):
        return _refuse(missing, None)
    parser = build_parser(commands, only=_command_named(argv, commands))
    args = _parse(parser, argv)
    if args.command is None:
        if open_window is None:
            parser.print_help()
            return EXIT_USAGE
        return open_window(Path(args.data_dir) if args.data_dir else None, args.db)
    command, _ = parser.commands[args.command]
    try:
        if command.NEEDS_DATABASE:
            refuse_missing_database(args)
        if not command.OPENS_STORE:
            return command.run(args, None)
        return _run_on_store(command, args)
    except BrokenPipeError:
        raise
    except (UserError, DatabaseRefused, AlreadyRunning) as exc:
        return _refuse(getattr(exc, "message", None) or str(exc), args)
    except OSError as exc:
        # A path from the command line the system refuses (too long, no rights, no disk space).
        return _refuse(os_error_message(exc), args)
    except SQLAlchemyError as exc:  # the database refused past the store's door: said, not a traceback
        return _refuse(database_message(exc), args)


def _run_on_store(command: CommandModule, args) -> int:
    """The command run on the open store. A command that writes holds the data folder's lock all
    along (a server needs none); a reader (report, info, check) holds it only while the database
    is opened (and upgraded), and beside the window that holds it reads without upgrading
    anything — SQLite's WAL lets readers in while the window writes."""
    lock = None
    try:
        if args.db is None:
            lock = _lock_for(command, paths.data_dir(args.data_dir))
        store = _open_store(args, upgrade_schema=lock is not None or args.db is not None)
        try:
            if not command.WRITES and lock is not None:
                lock.release()  # opened: the window may start while a report is written
                lock = None
            if command.WRITES:
                backup.daily_copy(store)
            return command.run(args, store)
        finally:
            store.close()
    finally:
        if lock is not None:
            lock.release()


def _lock_for(command: CommandModule, folder: Path) -> DataFolderLock | None:
    """The folder's lock taken for `command`; None for a reader while the window holds it.
    A command that writes is refused then, saying why and which commands may run."""
    lock = DataFolderLock(folder)
    try:
        lock.acquire()
    except FolderInUse as exc:
        if not command.WRITES:
            return None
        raise FolderInUse(
            exc.folder,
            f"Команда {command.NAME} меняет данные и не работает при открытом окне: закройте окно "
            "«Дневника школы» и повторите. Читать базу при открытом окне можно: report, info, check.",
        ) from None
    return lock


def _refuse(message: str, args) -> int:
    print(f"Отказано: {message}", file=sys.stderr)
    if getattr(args, "json", False):
        print(refusal_json(message))
    return EXIT_REFUSED
