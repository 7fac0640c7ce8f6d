"""The day's backup at start-up, made off the GUI thread once the main window is on screen.

The status bar tells that the copy is being made and clears when it is done; a copy that failed
leaves a warning there and the work goes on. Closing the window meanwhile waits for the copy to
end, the window saying so: SQLite's backup API keeps the copy consistent while the program writes.
Whether a copy is due today is app/backup/copies/copies.py's rule (`daily_backup`).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Slot

from app.backup.copies import daily_backup, server_database
from ui.ops import Op
from ui.shell.main_window import MainWindow

MAKING = "Создаётся ежедневная резервная копия…"
CLOSING = "Программа закроется, как только будет готова ежедневная резервная копия…"
FAILED = "Ежедневная резервная копия не сделана"
FAILURE = "Не удалось сделать резервную копию"
BY_HAND = "Копию можно сделать вручную: «Сервис → Резервные копии»."
SAY_AFTER_MS = 300  # a start with today's copy made already ends sooner: nothing to tell then


class DailyBackup(QObject):
    """The day's copy being made for `window`; `wait()` before the store is closed."""

    def __init__(self, window: MainWindow):
        super().__init__()  # no parent: outlives a window rebuilt after a restore
        self.window = window
        self.run: Op | None = None
        self.closing = False  # the user closed the window: it closes once the copy is done
        self.error = ""

    def running(self) -> bool:
        return self.run is not None

    def start(self) -> DailyBackup:
        store = self.window.store
        work = lambda progress: daily_backup(store, progress=progress)  # noqa: E731
        self.run = Op(self.window, work, FAILURE).on_progress(self._progress)
        self.run.success(self._finished).failure(self._failed)  # told in the status bar, no box
        self.window.installEventFilter(self)
        QTimer.singleShot(SAY_AFTER_MS, self._say_making)
        self.run.run()
        return self

    def wait(self) -> None:
        """Block until the copy has ended (the program ends: no half-written copy is left)."""
        if self.run is not None:
            self.run.wait()

    def _window_alive(self) -> bool:
        return shiboken6.isValid(self.window)

    def _tell(self, text: str | None, warning: bool = False) -> None:
        if self._window_alive():
            self.window.set_status_note(text, warning)

    @Slot()
    def _say_making(self) -> None:
        if self.running() and not self.closing:
            self._tell(MAKING)

    @Slot(str, float)
    def _progress(self, _stage: str, fraction: float) -> None:
        text = CLOSING if self.closing else MAKING
        self._tell(f"{text} {round(fraction * 100)} %" if fraction >= 0 else text)

    @Slot(str)
    def _failed(self, error: str) -> None:
        self._finished(None, error)

    @Slot(object)
    def _finished(self, _path: object, error: str = "") -> None:
        self.run, self.error = None, error
        if not self._window_alive():
            return
        self.window.removeEventFilter(self)
        # What to do comes first: a long reason is cut at the window's edge (its tooltip is whole).
        self._tell(f"{FAILED}. {BY_HAND} {error}" if error else None, warning=bool(error))
        if self.closing:
            self.window.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt's name
        """The window's close while the copy is made: it stays, saying it closes once done."""
        if watched is self.window and event.type() == QEvent.Type.Close and self.running():
            self.closing = True
            self._tell(CLOSING)
            event.ignore()
            return True
        return super().eventFilter(watched, event)


def take_daily_backup(window: MainWindow) -> DailyBackup | None:
    """Start the day's copy of the window's database, the window in use meanwhile.

    None for a database on a server (the server's to back up). A copy already made today is not
    made again (`daily_backup` decides on the copy's thread: it reads the backups folder).
    """
    if server_database(window.store):
        return None
    return DailyBackup(window).start()
