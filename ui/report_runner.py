"""Printing and saving reports off the GUI thread (ui/ops.py), with a busy dialog that can be
cancelled.

A report changes no data, so cancelling only means its file is never handed over:
the work writes into a private temporary folder, and the result moves to the
chosen place (or opens in the viewer) only if the user did not cancel.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLayout, QMessageBox, QPushButton, QWidget

from app.core.errors import UserError
from app.core.files import free_path, safe_file_name
from ui.ops import Op, attempt, tell_saved
from ui.widgets.common import page_title

# write(fmt, path): produce the report as "pdf" or "xlsx" at path.
ReportWriter = Callable[[str, Path], object]
FILTERS = {"pdf": "Документ PDF (*.pdf)", "xlsx": "Книга Excel (*.xlsx)"}


def run_report(parent: QWidget, write: ReportWriter, fmt: str, deliver: Callable[[Path], Path]) -> Op:
    """`write` the report into a temporary folder off the GUI thread, then `deliver(produced)` it
    (move it to its place) unless the user cancelled; a refusal of either is shown over `parent`."""
    folder = Path(tempfile.mkdtemp(prefix="dnevnik-report-"))
    produced = folder / f"report.{fmt}"
    cut: list[str] = []  # cells an XLSX had to cut: told once the file is in its place

    def work(_progress) -> object:
        from app.reports.table_xlsx import cut_cells  # openpyxl only when a report is written

        with cut_cells() as cells:
            written = write(fmt, produced)
        cut.extend(cells)
        return written

    op = Op(parent, work, "Отчёт не удалось сформировать")

    def ended() -> None:
        if op.error or op.cancelled:  # nothing to hand over
            shutil.rmtree(folder, ignore_errors=True)

    def handed_over(_written: object) -> None:
        try:
            if shiboken6.isValid(parent):  # a page gone meanwhile wants its report no more
                if attempt(parent, lambda: _deliver(deliver, produced)) is not None and cut:
                    _tell_cut(parent, cut)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return op.with_progress("Формируется отчёт…").on_end(ended).success(handed_over).run()


def _tell_cut(parent: QWidget, cells: list[str]) -> None:
    from app.reports.table_xlsx import cut_warning

    warning = cut_warning(cells) or ""
    QMessageBox.warning(parent, "Текст обрезан", warning[0].upper() + warning[1:])


def _deliver(deliver: Callable[[Path], Path], produced: Path) -> Path:
    try:
        return deliver(produced)
    except OSError as exc:
        raise UserError(
            f"Файл не удалось сохранить ({exc.strerror}). Выберите другую папку или имя."
        ) from exc


def save_report_as(parent: QWidget, write: ReportWriter, suggested_name: str) -> Op | None:
    """«Сохранить как…»: ask where and in which format, then write there."""
    path, chosen = QFileDialog.getSaveFileName(
        parent,
        "Сохранить отчёт",
        safe_file_name(suggested_name, "Отчёт") + ".pdf",
        ";;".join(FILTERS.values()),
    )
    if not path:
        return None
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FILTERS:
        fmt = next((key for key, label in FILTERS.items() if label == chosen), "pdf")
        target = target.with_suffix("." + fmt)
    return run_report(parent, write, fmt, lambda produced: move_into_place(produced, target, parent))


def move_into_place(produced: Path, target: Path, parent: QWidget | None = None) -> Path:
    """The report written aside moved to the place the user chose; with `parent`, the user is
    told where it went (ui.ops.tell_saved)."""
    if not target.parent.is_dir():
        raise UserError(f"Папки «{target.parent}» нет. Выберите существующую папку.")
    shutil.move(str(produced), target)
    if parent is not None:
        tell_saved(parent, target, "Отчёт сохранён")
    return target


def print_report(parent: QWidget, write: ReportWriter, name: str) -> Op:
    """«Печать»: the PDF opens in the system viewer, from which it is printed. Each printout gets
    a file of its own: the viewer may still hold the previous one open (Windows then refuses to
    replace it), and the name comes from a title that may hold «:» or «?»."""
    keep = Path(tempfile.gettempdir()) / "dnevnik-printouts"

    def deliver(produced: Path) -> Path:
        keep.mkdir(exist_ok=True)
        target = free_path(keep, safe_file_name(name, "Отчёт"), ".pdf")
        shutil.move(str(produced), target)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            raise UserError(f"Не удалось открыть программу просмотра PDF. Файл для печати сохранён: {target}")
        return target

    return run_report(parent, write, "pdf", deliver)


@dataclass(frozen=True)
class Printout:
    """A report a page prints: `name` (its file's name, and the choice's label where a page has
    several) and `writer`, made with what the page shows when a button is pressed; `file_name`,
    where given, names the file after what the page shows then (a diary's title, a round's)."""

    name: str
    writer: Callable[[], ReportWriter]
    file_name: Callable[[], str] | None = None

    def named(self) -> str:
        return self.file_name() if self.file_name is not None else self.name


class PrintButtons:
    """A page's «Печать» (Ctrl+P) and «Сохранить как…», and with several printouts the choice of
    which one; each runs through the catalogue's writer the page gives (app.reports.catalog)."""

    def __init__(self, page: QWidget, printouts: list[Printout], what: str):
        self.page = page
        self.printouts = printouts
        self.run: Op | None = None  # the last report's work, for a test to wait on
        self.choice = QComboBox()
        self.choice.setToolTip("Какой отчёт печатать или сохранять")
        for printout in printouts:
            self.choice.addItem(printout.name)
        self.print_button = QPushButton("Печать")
        self.print_button.setToolTip(f"Открыть {what} в PDF для печати (Ctrl+P)")
        self.save_as_button = QPushButton("Сохранить как…")
        self.save_as_button.setToolTip(f"Сохранить {what} в PDF или Excel")
        self.print_button.clicked.connect(self.print_chosen)
        self.save_as_button.clicked.connect(self.save_chosen)
        QShortcut(QKeySequence.StandardKey.Print, page, self.print_chosen)

    def title_row(self, title: str) -> QHBoxLayout:
        """The page's title with the buttons at the right: the head of an office analysis page."""
        head = QHBoxLayout()
        head.addWidget(page_title(title))
        head.addStretch(1)
        self.add_to(head)
        return head

    def add_to(self, layout: QLayout) -> None:
        """Into the page's title row or its tool row (a FlowLayout that wraps)."""
        if len(self.printouts) > 1:
            layout.addWidget(self.choice)
        layout.addWidget(self.print_button)
        layout.addWidget(self.save_as_button)

    def chosen(self) -> Printout:
        return self.printouts[max(self.choice.currentIndex(), 0)]

    def print_chosen(self) -> None:
        printout = self.chosen()
        self.run = attempt(self.page, lambda: print_report(self.page, printout.writer(), printout.named()))

    def save_chosen(self) -> None:
        printout = self.chosen()
        self.run = attempt(self.page, lambda: save_report_as(self.page, printout.writer(), printout.named()))
