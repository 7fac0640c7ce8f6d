"""Printing and saving reports off the GUI thread, with a busy dialog that can be cancelled.

A report changes no data, so cancelling only means its file is never handed over:
the job writes into a private temporary folder, and the result moves to the
chosen place (or opens in the viewer) only if the user did not cancel.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from app import APP_NAME
from app.core.errors import UserError

# write(fmt, path): produce the report as "pdf" or "xlsx" at path.
ReportWriter = Callable[[str, Path], object]
FILTERS = {"pdf": "Документ PDF (*.pdf)", "xlsx": "Книга Excel (*.xlsx)"}
_running: set[ReportRun] = set()  # keeps runs alive until their thread ends


class _Worker(QObject):
    done = Signal(str)  # error message, empty when all went well

    def __init__(self, write: ReportWriter, fmt: str, path: Path):
        super().__init__()
        self.write, self.fmt, self.path = write, fmt, path

    @Slot()
    def run(self) -> None:
        try:
            self.write(self.fmt, self.path)
        except UserError as exc:
            self.done.emit(exc.message)
        except Exception as exc:  # noqa: BLE001 — shown to the user, never a traceback
            self.done.emit(f"Отчёт не удалось сформировать: {exc}")
        else:
            self.done.emit("")


class ReportRun(QObject):
    """One report being written; `finished(path or None)` when it is handed over or abandoned."""

    finished = Signal(object)

    def __init__(self, parent: QWidget, write: ReportWriter, fmt: str, deliver: Callable[[Path], Path]):
        super().__init__(parent)
        self.parent_widget, self.deliver = parent, deliver
        self.folder = Path(tempfile.mkdtemp(prefix="dnevnik-report-"))
        self.cancelled = False
        self.thread = QThread()
        self.worker = _Worker(write, fmt, self.folder / f"report.{fmt}")
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.done.connect(self._done)
        self.worker.done.connect(self.thread.quit)
        self.progress = QProgressDialog("Формируется отчёт…", "Отмена", 0, 0, parent)
        self.progress.setWindowTitle(APP_NAME)
        self.progress.setMinimumDuration(400)
        self.progress.canceled.connect(self._cancel)

    def start(self) -> None:
        _running.add(self)
        self.thread.finished.connect(lambda: _running.discard(self))
        self.thread.start()

    def _cancel(self) -> None:
        self.cancelled = True
        self.finished.emit(None)

    def _done(self, error: str) -> None:
        self.progress.reset()
        result = None
        if not self.cancelled:
            if error:
                QMessageBox.warning(self.parent_widget, APP_NAME, error)
            else:
                try:
                    result = self.deliver(self.worker.path)
                except UserError as exc:
                    QMessageBox.warning(self.parent_widget, APP_NAME, exc.message)
                except OSError as exc:
                    QMessageBox.warning(
                        self.parent_widget,
                        APP_NAME,
                        f"Файл не удалось сохранить ({exc.strerror}). Выберите другую папку или имя.",
                    )
        shutil.rmtree(self.folder, ignore_errors=True)
        if not self.cancelled:
            self.finished.emit(result)


def save_report_as(parent: QWidget, write: ReportWriter, suggested_name: str) -> ReportRun | None:
    """«Сохранить как…»: ask where and in which format, then write there."""
    path, chosen = QFileDialog.getSaveFileName(
        parent, "Сохранить отчёт", suggested_name + ".pdf", ";;".join(FILTERS.values())
    )
    if not path:
        return None
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FILTERS:
        fmt = next((key for key, label in FILTERS.items() if label == chosen), "pdf")
        target = target.with_suffix("." + fmt)

    def deliver(produced: Path) -> Path:
        if not target.parent.is_dir():
            raise UserError(f"Папки «{target.parent}» нет. Выберите существующую папку.")
        shutil.move(str(produced), target)
        return target

    run = ReportRun(parent, write, fmt, deliver)
    run.start()
    return run


def print_report(parent: QWidget, write: ReportWriter, name: str) -> ReportRun:
    """«Печать»: the PDF opens in the system viewer, from which it is printed."""
    keep = Path(tempfile.gettempdir()) / "dnevnik-printouts"

    def deliver(produced: Path) -> Path:
        keep.mkdir(exist_ok=True)
        target = keep / f"{name}.pdf"
        shutil.move(str(produced), target)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            raise UserError(f"Не удалось открыть программу просмотра PDF. Файл для печати сохранён: {target}")
        return target

    run = ReportRun(parent, write, "pdf", deliver)
    run.start()
    return run
