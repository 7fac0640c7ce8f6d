"""The shape every command module of the command line has (app.cli.main builds the parser from it).

A command module (app/cli/init.py, …, and ui/selftest.py, which app/__main__.py adds) defines:

- `NAME`: the command's word («export»); `HELP`: one line for the list of commands;
  `DESCRIPTION`: the longer text of its own --help, or None;
- `NEEDS_DATABASE`: a data folder without a database is refused before anything is created there;
- `OPENS_STORE`: `run` gets the open store, the data folder locked for it; False: `run` gets None
  and opens what it needs itself (backup, restore, the self-test);
- `WRITES`: the day's copy of the database is made before it runs, and it holds the data folder's
  lock all along (refused while the window is open); a command that does not write (report, info,
  check) reads beside the window, which holds the lock (SQLite's WAL lets readers in);
- `add_arguments(parser)`: its arguments; `check(parser, args)`: misuse refused with
  parser.error() (exit 2) before anything is opened;
- `run(args, store) -> int`: the exit code (app.cli.exit_codes).
"""

from __future__ import annotations

from typing import Protocol

from app.cli.args import RussianArgumentParser
from app.core.store import Store


class CommandModule(Protocol):
    NAME: str
    HELP: str
    DESCRIPTION: str | None
    NEEDS_DATABASE: bool
    OPENS_STORE: bool
    WRITES: bool

    def add_arguments(self, parser: RussianArgumentParser) -> None: ...

    def check(self, parser: RussianArgumentParser, args) -> None: ...

    def run(self, args, store: Store | None) -> int: ...
