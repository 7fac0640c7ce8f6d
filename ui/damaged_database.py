"""Opening the store at start-up: the day's backup, and for a damaged database the offer of the
newest good backup (the damaged file is moved aside, never written to)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from app import APP_NAME, paths
from app.backup import BackupInfo, daily_backup, describe, format_size
from app.backup_restore import database_damaged, newest_good_backup, restore_in_folder
from app.errors import UserError
from app.store import DatabaseRefused, Store

BACKUP_FILTER = "Резервные копии (*.zip *.db);;Все файлы (*)"
CHOOSE_OTHER = 2  # the dialog's result: the user picks a copy elsewhere


def open_store_or_offer_backup(data_dir: Path | None, url: str | None) -> Store | None:
    """Store.open; a damaged database gets the offer of a backup (None: the program ends).

    Other refusals and errors are raised as before, for the caller to show.
    """
    try:
        store = Store.open(data_dir, url)
    except (DatabaseRefused, SQLAlchemyError):
        folder = paths.data_dir(data_dir)
        if url is not None or not database_damaged(folder):
            raise
        store = offer_good_backup(folder, data_dir)
        if store is None:
            return None
    take_daily_backup(store)
    return store


def take_daily_backup(store: Store, parent: QWidget | None = None) -> None:
    """The day's copy at start-up; a failure is told once, the program goes on."""
    try:
        daily_backup(store)
    except UserError as exc:
        QMessageBox.warning(parent, APP_NAME, exc.message)


class DamagedDatabaseDialog(QDialog):
    """«База повреждена»: restore the newest good copy, choose another, or quit."""

    def __init__(self, folder: Path, newest: BackupInfo | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME}: база данных повреждена")
        layout = QVBoxLayout(self)
        text = (
            f"Файл базы данных {paths.db_file(folder)} повреждён (например, после отключения "
            "питания или сбоя диска). Программа не будет в него писать."
        )
        if newest is not None:
            text += (
                f"\n\nПоследняя исправная резервная копия: {describe(newest)}, "
                f"{format_size(newest.size)}. Восстановить базу из неё? Изменения, внесённые после "
                "создания копии, будут потеряны. Повреждённый файл не удаляется: он будет перенесён "
                f"в папку {folder / 'damaged'}."
            )
        else:
            text += (
                f"\n\nИсправных резервных копий в папке {paths.backups_dir(folder)} нет. Если копия "
                "есть на флешке или в другой папке, выберите её; иначе обратитесь к специалисту, "
                "не удаляя папку данных."
            )
        self.message = QLabel(text)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumWidth(520)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.restore_button = QPushButton("Восстановить из этой копии")
        self.restore_button.setVisible(newest is not None)
        self.choose_button = QPushButton("Выбрать другую копию…")
        self.quit_button = QPushButton("Выйти")
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout.addLayout(buttons)
        self.restore_button.clicked.connect(self.accept)
        self.choose_button.clicked.connect(lambda: self.done(CHOOSE_OTHER))
        self.quit_button.clicked.connect(self.reject)
        (self.restore_button if newest is not None else self.choose_button).setDefault(True)


def _choose_file() -> Path | None:
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _ = QFileDialog.getOpenFileName(None, "Резервная копия для восстановления", start, BACKUP_FILTER)
    return Path(chosen) if chosen else None


def offer_good_backup(folder: Path, data_dir: Path | None) -> Store | None:
    """Ask, restore, reopen; None when the user declines or nothing could be restored."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        newest = newest_good_backup(folder)
    finally:
        QGuiApplication.restoreOverrideCursor()
    while True:
        result = DamagedDatabaseDialog(folder, newest).exec()
        if result == QDialog.DialogCode.Accepted and newest is not None:
            chosen = newest.path
        elif result == CHOOSE_OTHER:
            chosen = _choose_file()
            if chosen is None:
                continue
        else:
            return None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            outcome = restore_in_folder(folder, chosen)
        except UserError as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(None, "База не восстановлена", exc.message)
            continue
        QGuiApplication.restoreOverrideCursor()
        store = Store.open(data_dir)  # an older copy is brought to this program's schema here
        aside = f"\nПовреждённый файл перенесён в {outcome.set_aside}." if outcome.set_aside else ""
        QMessageBox.information(None, APP_NAME, f"База восстановлена: {outcome.candidate_summary}.{aside}")
        return store
