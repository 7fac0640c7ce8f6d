"""The program's entry, and the composition root: the one module of app/ that may import ui/.

It gives the command line (app.cli.main) what needs the window: opening it when no command is
given (or a package is double-clicked), and the self-test, a command that opens windows. The
installed `dnevnik` script and the built program (packaging/entry.py) enter here too.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from app.cli.main import main as run_command_line


def open_window(data_dir: Path | None, db_url: str | None, open_packages: Sequence[Path] = ()) -> int:
    """The main window; Qt is imported only now, so the commands start without it."""
    from ui.shell import app as shell

    return shell.run_gui(data_dir, db_url, open_packages=list(open_packages))


def main(argv: Sequence[str] | None = None) -> int:
    from ui import selftest  # no Qt at import: it imports Qt only when it runs

    return run_command_line(argv, open_window=open_window, more_commands=(selftest,))


if __name__ == "__main__":
    sys.exit(main())
