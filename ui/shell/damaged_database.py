"""Opening the store at start-up: a damaged database gets the offer of the newest good backup
(the damaged file is moved aside, never written to).

Looking for a good copy and restoring one run off the GUI thread (ui/ops.py): the dialog
stays responsive and shows each stage on its progress bar, its buttons wait meanwhile, and it
cannot be closed half-way. The store is opened on the restored database by the same work, so an
older copy is brought to this program's schema before the dialog closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.backup.copies import BackupInfo, describe, format_size
from app.backup.restore import (
    STAGE_UPGRADE,
    RestoreResult,
    database_damaged,
    newest_good_backup,
    restore_in_folder,
)
from app.core import paths
from app.core.errors import UserError
from app.core.progress import Progress
from app.core.store import DatabaseFailure, DatabaseRefused, Store
from ui.ops import BUSY, Op, show_progress, show_refusal

BACKUP_FILTER = "Резервные копии (*.zip *.db);;Все файлы (*)"
STAGE_SEARCH = "Поиск исправной резервной копии"


def open_store_or_offer_backup(data_dir: Path | None, url: str | None) -> Store | None:
    """Store.open; a damaged database gets the offer of a backup (None: the program ends).

    Other refusals and errors are raised as before, for the caller to show.
    """
    try:
        store = Store.open(data_dir, url)
    except (DatabaseRefused, DatabaseFailure):
        folder = paths.data_dir(data_dir)
        if url is not None or not database_damaged(folder):
            raise
        store = offer_good_backup(folder, data_dir)
        if store is None:
            return None
    return store  # the day's copy is made once the window shows (ui/shell/daily_backup.py)


@dataclass
class Restored:
    """A restore done and the store opened on its database."""

    outcome: RestoreResult
    store: Store


def restore_and_open(folder: Path, data_dir: Path | None, copy: Path, progress: Progress) -> Restored:
    """The copy over the damaged database, then the store on it (upgraded to this program)."""
    outcome = restore_in_folder(folder, copy, progress=progress)
    progress(STAGE_UPGRADE, None)
    try:
        store = Store.open(data_dir)
    except DatabaseRefused as exc:
        raise UserError(str(exc)) from exc
    return Restored(outcome, store)


class DamagedDatabaseDialog(QDialog):
    """«База повреждена»: restore the newest good copy, choose another, or quit.

    Accepted once a copy is restored and opened (`restored`); rejected when the user quits.
    """

    def __init__(self, folder: Path, data_dir: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder, self.data_dir = folder, data_dir
        self.newest: BackupInfo | None = None
        self.restored: Restored | None = None
        self.run: Op | None = None
        self.setWindowTitle(f"{APP_NAME}: база данных повреждена")
        layout = QVBoxLayout(self)
        self.message = QLabel(self._damaged_text())
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumWidth(520)
        layout.addWidget(self.message)
        self.stage_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setFormat("%p %")
        for widget in (self.stage_label, self.progress_bar):
            keep_place = widget.sizePolicy()
            keep_place.setRetainSizeWhenHidden(True)  # the buttons stay put when work starts
            widget.setSizePolicy(keep_place)
            layout.addWidget(widget)
        buttons = QHBoxLayout()
        self.restore_button = QPushButton("Восстановить из этой копии")
        self.restore_button.hide()  # until a good copy is found
        self.choose_button = QPushButton("Выбрать другую копию…")
        self.quit_button = QPushButton("Выйти")
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout.addLayout(buttons)
        self.restore_button.clicked.connect(self.restore_newest)
        self.choose_button.clicked.connect(self.choose_and_restore)
        self.quit_button.clicked.connect(self.reject)
        search = Op(
            self, lambda _progress: newest_good_backup(folder), "Резервные копии не удалось проверить"
        )
        self._start(search.success(self._found).failure(self._not_found), STAGE_SEARCH)

    def _damaged_text(self) -> str:
        return (
            f"Файл базы данных {paths.db_file(self.folder)} повреждён (например, после отключения "
            "питания или сбоя диска). Программа не будет в него писать."
        )

    # --- work off the GUI thread ----------------------------------------------------------------

    def running(self) -> bool:
        return self.run is not None

    def _start(self, op: Op, stage: str) -> Op:
        """`op` run with its stages on the dialog's bar; the buttons wait meanwhile."""
        self.run = op.on_progress(self._progress).on_end(self._ended)
        self._progress(stage, BUSY)
        self._update_buttons()
        return op.run()

    def _ended(self) -> None:
        self.run = None
        self._update_buttons()

    def _progress(self, stage: str, fraction: float) -> None:
        self.stage_label.setText(f"{stage}…")
        show_progress(self.progress_bar, fraction)

    def _update_buttons(self) -> None:
        idle = not self.running()
        for button in (self.restore_button, self.choose_button, self.quit_button):
            button.setEnabled(idle)
        self.stage_label.setVisible(not idle)
        self.progress_bar.setVisible(not idle)

    def reject(self) -> None:  # «Выйти», Esc, the window's ×: not while the work goes on
        if not self.running():
            super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if self.running():
            event.ignore()
        else:
            super().closeEvent(event)

    # --- the offer ------------------------------------------------------------------------------

    def _not_found(self, error: str) -> None:
        self._found(None, error)

    def _found(self, newest: BackupInfo | None, error: str = "") -> None:
        self.newest = newest
        text = self._damaged_text()
        if newest is not None:
            text += (
                f"\n\nПоследняя исправная резервная копия: {describe(newest)}, "
                f"{format_size(newest.size)}. Восстановить базу из неё? Изменения, внесённые после "
                "создания копии, будут потеряны. Повреждённый файл не удаляется: он будет перенесён "
                f"в папку {self.folder / 'damaged'}."
            )
        else:
            why = f" ({error})" if error else ""
            text += (
                f"\n\nИсправных резервных копий в папке {paths.backups_dir(self.folder)} нет{why}. "
                "Если копия есть на флешке или в другой папке, выберите её; иначе обратитесь к "
                "специалисту, не удаляя папку данных."
            )
        self.message.setText(text)
        self.restore_button.setVisible(newest is not None)
        self.adjustSize()  # the longer text fits
        (self.restore_button if newest is not None else self.choose_button).setDefault(True)

    def restore_newest(self) -> Op | None:
        return self.restore(self.newest.path) if self.newest is not None else None

    def choose_and_restore(self) -> Op | None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Резервная копия для восстановления", start, BACKUP_FILTER
        )
        return self.restore(Path(chosen)) if chosen else None

    def restore(self, copy: Path) -> Op | None:
        """Restore `copy` and open the store on it, the dialog responsive meanwhile."""
        if self.running():
            return None
        folder, data_dir = self.folder, self.data_dir
        work = lambda progress: restore_and_open(folder, data_dir, copy, progress)  # noqa: E731
        op = Op(self, work, "Базу не удалось восстановить").success(self._restored).failure(self._failed)
        return self._start(op, "Восстановление базы из резервной копии")

    def _failed(self, error: str) -> None:
        show_refusal(self, error, "База не восстановлена")

    def _restored(self, restored: Restored | None) -> None:
        if restored is None:
            self._failed("База не восстановлена.")
            return
        self.restored = restored
        self.accept()


def offer_good_backup(folder: Path, data_dir: Path | None) -> Store | None:
    """Ask, restore, reopen; None when the user declines or nothing could be restored."""
    dialog = DamagedDatabaseDialog(folder, data_dir)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.restored is None:
        return None
    outcome = dialog.restored.outcome
    aside = f"\nПовреждённый файл перенесён в {outcome.set_aside}." if outcome.set_aside else ""
    QMessageBox.information(None, APP_NAME, f"База восстановлена: {outcome.candidate_summary}.{aside}")
    return dialog.restored.store
