"""Where a package goes: removable drives first (quick buttons), then «Выбрать папку…».

Which drives are removable is app.core.drives' rule; this widget only shows them. Every other
drive (a D: partition, a network drive) is reached through «Выбрать папку…».
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStorageInfo, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core import drives as system_drives


@dataclass(frozen=True)
class Drive:
    path: Path
    label: str


def _same_root(root: str) -> str:
    return os.path.normcase(os.path.normpath(root))


def removable_drives() -> list[Drive]:
    """The removable drives (a USB stick, a card) that are mounted and ready to write to."""
    removable = {_same_root(str(root)) for root in system_drives.removable_roots()}
    drives = []
    for volume in QStorageInfo.mountedVolumes():
        root = volume.rootPath()
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly():
            continue
        if _same_root(root) not in removable:
            continue
        name = volume.displayName() or root
        label = root if name == root else f"{name} ({root})"
        drives.append(Drive(Path(root), label))
    return drives


def open_folder(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class FolderChoice(QWidget):
    """Removable drives as buttons, then «Выбрать папку…»; `chosen(Path)` when a folder is picked."""

    chosen = Signal(object)

    def __init__(self, dialog_title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.dialog_title = dialog_title
        self.folder: Path | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.drives_label = QLabel("Съёмные диски:")
        layout.addWidget(self.drives_label)
        self.drive_row = QHBoxLayout()
        layout.addLayout(self.drive_row)
        self.drive_buttons: list[QPushButton] = []
        other = QHBoxLayout()
        self.browse_button = QPushButton("Выбрать папку…")
        self.browse_button.clicked.connect(self.browse)
        other.addWidget(self.browse_button)
        other.addStretch(1)
        layout.addLayout(other)
        self.folder_label = QLabel("Папка не выбрана.")
        self.folder_label.setWordWrap(True)
        layout.addWidget(self.folder_label)
        self.refresh_drives()

    def refresh_drives(self) -> None:
        for button in self.drive_buttons:
            button.deleteLater()
        self.drive_buttons = []
        drives = removable_drives()
        for drive in drives:
            button = QPushButton(f"Съёмный диск {drive.label}")
            button.clicked.connect(lambda _=False, p=drive.path: self.set_folder(p))
            self.drive_row.addWidget(button)
            self.drive_buttons.append(button)
        if drives:
            self.drive_row.addStretch(1)
        self.drives_label.setText(
            "Съёмные диски:" if drives else "Съёмных дисков не найдено — вставьте флешку или выберите папку."
        )

    def browse(self) -> None:
        start = str(self.folder) if self.folder else ""
        path = QFileDialog.getExistingDirectory(self, self.dialog_title, start)
        if path:
            self.set_folder(Path(path))

    def set_folder(self, path: Path) -> None:
        self.folder = path
        self.folder_label.setText(f"Папка: <b>{path}</b>")
        self.chosen.emit(path)
