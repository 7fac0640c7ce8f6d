"""The program's entry, and the composition root: the one module of app/ that may import ui/.

It gives the command line (app.cli.main) what needs the window: opening it when no command is
given (or a package is double-clicked), and the self-test, a command that opens windows. The
installed `dnevnik` script and the built program (packaging/entry.py) enter here too.
"""

from __future__ import annotations

import io
import sys
import traceback
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


def main_windowed(argv: Sequence[str] | None = None) -> int:
    """`main` for the windowed dnevnik.exe, which has no console: what the command line would
    write to one is kept, and an ending with an error shows it in a Russian message box — a usage
    error, a refusal, an exception before the window or after it closed."""
    said = io.StringIO()
    console = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = io.StringIO(), said  # nothing to write to; stderr is shown if needed
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's usage error (2), --help and --version (0)
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except Exception as exc:  # noqa: BLE001 — the last place anything can be shown
        from ui.shell.error_box import show_unexpected_error

        show_unexpected_error("".join(traceback.format_exception(exc)))
        return 1
    finally:
        sys.stdout, sys.stderr = console
    if code not in (0, None) and said.getvalue().strip():
        from ui.shell.error_box import show_console_text

        show_console_text(code, said.getvalue())
    return code or 0


if __name__ == "__main__":
    sys.exit(main())
