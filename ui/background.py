"""Long work off the GUI thread: a function run on a thread of its own, its progress and outcome
coming back to the window as signals, so the window stays responsive meanwhile.

The work is `work(progress)`, `progress(stage, fraction)` as in app/core/progress.py. A UserError
becomes its Russian message; anything else a Russian sentence with the reason, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

from app import APP_NAME
from app.core.errors import UserError
from app.core.progress import Progress

BUSY = -1.0  # a fraction that cannot be measured: the bar shows that work goes on
_running: set[BackgroundRun] = set()  # keeps runs alive until their thread ends


class _Job(QObject):
    progress = Signal(str, float)
    done = Signal(object, str)  # result, error message ("" when all went well)

    def __init__(self, work: Callable[[Progress], object], failure: str):
        super().__init__()
        self.work, self.failure = work, failure
        self.last: tuple[str, float] = ("", BUSY - 1)

    def tell(self, stage: str, fraction: float | None) -> None:
        value = BUSY if fraction is None else max(0.0, min(float(fraction), 1.0))
        last_stage, last_value = self.last
        small_step = 0 <= last_value < value < min(last_value + 0.01, 1.0)  # the end is always told
        if stage == last_stage and (value == last_value or small_step):
            return  # a hundred steps are enough for a bar
        self.last = (stage, value)
        self.progress.emit(stage, value)

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self.tell)
        except UserError as exc:
            self.done.emit(None, exc.message)
        except Exception as exc:  # noqa: BLE001 — shown to the user, never a traceback
            self.done.emit(None, f"{self.failure}: {exc}")
        else:
            self.done.emit(result, "")


class BackgroundRun(QObject):
    """One job on its own thread; `progress(stage, fraction or BUSY)` and `finished(result,
    error)` arrive on the GUI thread."""

    progress = Signal(str, float)
    finished = Signal(object, str)

    def __init__(self, work: Callable[[Progress], object], failure: str):
        super().__init__()  # no parent: the run outlives a page deleted meanwhile
        self.thread = QThread()
        self.job = _Job(work, failure)
        self.job.moveToThread(self.thread)
        self.thread.started.connect(self.job.run)
        self.job.progress.connect(self.progress)
        self.job.done.connect(self._done)

    def start(self) -> BackgroundRun:
        _running.add(self)
        self.thread.start()
        return self

    def wait(self) -> None:
        """Block until the job has ended (the window closes); its outcome still arrives."""
        self.thread.quit()  # the thread's loop ends once the job returns
        self.thread.wait()

    @Slot(object, str)
    def _done(self, result: object, error: str) -> None:
        self.thread.quit()
        self.thread.wait()
        _running.discard(self)
        self.finished.emit(result, error)


def show_progress(bar: QProgressBar | QProgressDialog, fraction: float) -> None:
    """A fraction on a bar of 0…100, or the busy animation for BUSY."""
    if fraction < 0:
        bar.setRange(0, 0)
    else:
        bar.setRange(0, 100)
        bar.setValue(round(fraction * 100))


class BusyDialog(QProgressDialog):
    """A window-modal progress dialog that cannot be cancelled or closed: work that must not
    be interrupted, during which nothing else in the window may change the data."""

    def __init__(self, text: str, parent: QWidget):
        super().__init__(text, "", 0, 0, parent)
        self.setWindowTitle(APP_NAME)
        self.setCancelButton(None)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.title = text

    def follow(self, stage: str, fraction: float) -> None:
        self.setLabelText(f"{self.title}\n{stage}…")
        show_progress(self, fraction)

    def reject(self) -> None:  # Esc: the work goes on, and so does the dialog
        pass

    def closeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        event.ignore()

    def finish(self) -> None:
        self.hide()
        self.deleteLater()
