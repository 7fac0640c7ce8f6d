"""The one way to run work off the GUI thread, and the one place a refusal is shown (Anki's
`CollectionOp`):

    Op(page, lambda progress: make_backup(store, progress=progress), "Копия не сделана")
        .success(page.made).with_progress("Копия готовится").run()

`work(progress)` runs on a thread of its own; `progress(stage, fraction)` is app/core/progress.py's
and raises `Cancelled` once the user pressed «Отмена». Its outcome comes back on the GUI thread:
`success(result)`; or, when it raised, `failure(message)` — a UserError's Russian message,
anything else a Russian sentence with its reason, never a traceback — by default a warning box over
`parent`; or, once the user cancelled, `on_cancel(what the work returned, or None)` instead of
either. Callbacks that are methods of a widget deleted meanwhile are not called (Qt drops the
connection); the run itself lives on until its thread ends.

Quick service calls made on the GUI thread show their refusal through `attempt` and `refused`;
a file the user saved is told by `tell_saved`: its name, its folder and buttons to open either.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressBar, QProgressDialog, QWidget

from app import APP_NAME
from app.core.errors import UserError, os_reason
from app.core.progress import Cancelled, Progress

T = TypeVar("T")
BUSY = -1.0  # a fraction that cannot be measured: the bar shows that work goes on
STEP = 0.01  # a hundred steps are enough for a bar
SHOW_AFTER_MS = 400  # a cancellable dialog waits this long: quick work never flashes one
_running: set[Op] = set()  # keeps runs alive until their thread ends


def show_refusal(parent: QWidget | None, message: str, title: str = APP_NAME) -> None:
    """A refusal or failure the user has to read: a warning box over `parent`."""
    QMessageBox.warning(parent, title, message)


SAVED_BOX = "saved_file"  # the object name of tell_saved's box, by which tests find it


def tell_saved(parent: QWidget | None, path: Path, what: str = "Файл сохранён") -> QMessageBox:
    """«<what>: <name>», «Папка: <folder>», with «Открыть файл», «Открыть папку» and «Закрыть».

    Window-modal but not blocking (`open()`): the caller goes on, and a new file replaces the
    box of the previous one instead of stacking boxes."""
    path = Path(path)
    owner = parent.window() if parent is not None else None
    if owner is not None:
        for previous in owner.findChildren(QMessageBox, SAVED_BOX):
            previous.close()
    box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, f"{what}: {path.name}", parent=owner)
    box.setObjectName(SAVED_BOX)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(f"Папка: {path.parent}")
    open_file = box.addButton("Открыть файл", QMessageBox.ButtonRole.ActionRole)
    open_folder = box.addButton("Открыть папку", QMessageBox.ButtonRole.ActionRole)
    close = box.addButton("Закрыть", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    open_file.clicked.connect(lambda: _open_in_system(owner, path))
    open_folder.clicked.connect(lambda: _open_in_system(owner, path.parent))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def _open_in_system(parent: QWidget | None, path: Path) -> None:
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        show_refusal(
            parent, f"Система не открыла «{path}». Найдите это место в проводнике и откройте вручную."
        )


def failure_message(exc: Exception, failure_text: str) -> str:
    """What went wrong, in Russian: a UserError's own message, otherwise «failure_text: reason»."""
    if isinstance(exc, UserError):
        return exc.message
    reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
    return f"{failure_text}: {reason or type(exc).__name__}"


def attempt(
    parent: QWidget | None,
    action: Callable[[], T],
    show: Callable[[str], object] | None = None,
    title: str = APP_NAME,
) -> T | None:
    """What `action` (a quick service call) returned, or None once its refusal is shown: by `show`
    (e.g. an error label's set_message), else in a warning box over `parent` titled `title`."""
    try:
        return action()
    except UserError as exc:
        if show is not None:
            show(exc.message)
        else:
            show_refusal(parent, exc.message, title)
        return None


def refused(
    parent: QWidget | None, action: Callable[[], object], show: Callable[[str], object] | None = None
) -> bool:
    """True once `action` was refused and the refusal shown (as `attempt`); False when it was done."""
    done = attempt(parent, lambda: action() or True, show)
    return done is None


def show_progress(bar: QProgressBar | QProgressDialog, fraction: float) -> None:
    """A fraction on a bar of 0…100, or the busy animation for BUSY."""
    if fraction < 0:
        bar.setRange(0, 0)
    else:
        bar.setRange(0, 100)
        bar.setValue(round(fraction * 100))


class ProgressDialog(QProgressDialog):
    """A window-modal progress dialog. Cancellable: «Отмена», Esc and the window's × cancel; the
    run shows it only once the work has lasted SHOW_AFTER_MS. Not cancellable: shown at once, and Esc
    and × are ignored — work that must not be interrupted, during which nothing else in the window
    may change the data."""

    def __init__(self, title: str, parent: QWidget | None, cancellable: bool):
        super().__init__(title, "Отмена" if cancellable else "", 0, 0, parent)
        self.title, self.cancellable = title, cancellable
        self.setWindowTitle(APP_NAME)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(SHOW_AFTER_MS if cancellable else 0)
        if not cancellable:
            self.setCancelButton(None)

    def follow(self, stage: str, fraction: float) -> None:
        self.setLabelText(f"{self.title}\n{stage}…")
        show_progress(self, fraction)

    def reject(self) -> None:  # Esc without «Отмена»: the work goes on, and so does the dialog
        if self.cancellable:
            super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if self.cancellable:
            super().closeEvent(event)  # tells `canceled`
        else:
            event.ignore()

    def finish(self) -> None:
        self.hide()
        self.deleteLater()


class _Job(QObject):
    """The work on the worker thread; tells its progress (thinned) and its outcome as signals."""

    progress = Signal(str, float)
    done = Signal(object, str)  # result, error message ("" when all went well or it was cancelled)

    def __init__(self, work: Callable[[Progress], object], failure_text: str, cancel: threading.Event):
        super().__init__()
        self.work, self.failure_text, self.cancel = work, failure_text, cancel
        self.last: tuple[str, float] = ("", BUSY - 1)

    def tell(self, stage: str, fraction: float | None) -> None:
        if self.cancel.is_set():
            raise Cancelled
        value = BUSY if fraction is None else max(0.0, min(float(fraction), 1.0))
        last_stage, last_value = self.last
        small_step = 0 <= last_value < value < min(last_value + STEP, 1.0)  # the end is always told
        if stage == last_stage and (value == last_value or small_step):
            return
        self.last = (stage, value)
        self.progress.emit(stage, value)

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self.tell)
        except Cancelled:
            self.done.emit(None, "")
        except Exception as exc:  # noqa: BLE001 — shown to the user, never a traceback
            self.done.emit(None, failure_message(exc, self.failure_text))
        else:
            self.done.emit(result, "")


class Op(QObject):
    """One piece of work on a thread of its own, its progress and outcome told on the GUI thread.

    `progress(stage, fraction or BUSY)` as a signal; `cancel_asked` when the user cancels.
    """

    progress = Signal(str, float)
    cancel_asked = Signal()
    _ended = Signal()
    _succeeded = Signal(object)
    _failed = Signal(str)
    _cancelled = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        work: Callable[[Progress], object],
        failure_text: str = "Действие не выполнено",
        title: str = APP_NAME,
    ):
        """`failure_text` begins the sentence for an unexpected error; `title` is the warning box's."""
        super().__init__()  # no Qt parent: the run outlives a page deleted meanwhile
        self.parent_widget, self.title = parent, title
        self.result: object = None
        self.error = ""
        self.dialog: ProgressDialog | None = None
        self._dialog_wanted: tuple[str, bool] | None = None
        self._failure_taken = False
        self._cancel = threading.Event()
        self.thread = QThread()
        self.job = _Job(work, failure_text, self._cancel)
        self.job.moveToThread(self.thread)
        self.thread.started.connect(self.job.run)
        self.job.progress.connect(self.progress)
        self.job.done.connect(self._done)

    # --- chaining ---------------------------------------------------------------------------

    def success(self, callback: Callable[[object], object]) -> Op:
        """`callback(result)` once the work has returned (and the user did not cancel)."""
        self._succeeded.connect(callback)
        return self

    def failure(self, callback: Callable[[str], object]) -> Op:
        """`callback(message)` instead of the warning box, once the work has raised."""
        self._failure_taken = True
        self._failed.connect(callback)
        return self

    def on_cancel(self, callback: Callable[[object], object]) -> Op:
        """`callback(what the work returned, or None)` once a cancelled run has ended."""
        self._cancelled.connect(callback)
        return self

    def on_progress(self, callback: Callable[[str, float], object]) -> Op:
        """`callback(stage, fraction or BUSY)` as the work tells it (at most about a hundred times)."""
        self.progress.connect(callback)
        return self

    def on_end(self, callback: Callable[[], object]) -> Op:
        """`callback()` once the work has ended, whatever its outcome, before that outcome is told."""
        self._ended.connect(callback)
        return self

    def with_progress(self, title: str, cancellable: bool = True) -> Op:
        """A window-modal progress dialog over `parent` while the work runs (ProgressDialog)."""
        self._dialog_wanted = (title, cancellable)
        return self

    # --- running ----------------------------------------------------------------------------

    def run(self) -> Op:
        if self._dialog_wanted is not None and self._parent_alive():
            title, cancellable = self._dialog_wanted
            self.dialog = ProgressDialog(title, self.parent_widget, cancellable)
            self.dialog.canceled.connect(self.cancel)
            self.progress.connect(self.dialog.follow)
            if cancellable:  # a busy bar has no value to time itself by: the run shows it
                QTimer.singleShot(SHOW_AFTER_MS, self._show_dialog)
            else:
                self.dialog.show()
        _running.add(self)
        self.thread.start()
        return self

    def running(self) -> bool:
        return self in _running

    @property
    def cancelled(self) -> bool:
        """The user asked to stop this work."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Stop at the work's next progress step; what it returns goes to `on_cancel`."""
        if self._cancel.is_set() or not self.running():
            return
        self._cancel.set()
        self._close_dialog()
        self.cancel_asked.emit()

    def wait(self) -> None:
        """Block until the work has ended (the window closes); its outcome still arrives."""
        self.thread.quit()  # the thread's loop ends once the work returns
        self.thread.wait()

    @Slot(object, str)
    def _done(self, result: object, error: str) -> None:
        self.thread.quit()
        self.thread.wait()
        _running.discard(self)
        self.result, self.error = result, error
        self._close_dialog()
        self._ended.emit()
        if self.cancelled:
            self._cancelled.emit(result)
        elif error and self._failure_taken:
            self._failed.emit(error)
        elif error:
            if self._parent_alive():  # a page gone meanwhile has no one to tell
                show_refusal(self.parent_widget, error, self.title)
        else:
            self._succeeded.emit(result)

    def _show_dialog(self) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog) and self.running():
            self.dialog.show()

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            if shiboken6.isValid(self.dialog):
                self.dialog.finish()
            self.dialog = None

    def _parent_alive(self) -> bool:
        return self.parent_widget is None or shiboken6.isValid(self.parent_widget)


def wait_for_all() -> None:
    """Block until every run has ended (the program ends: no half-written file is left)."""
    for op in list(_running):
        op.wait()
