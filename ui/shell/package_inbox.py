"""The running copy's side of app.core.inbox: packages handed over by a second copy (a double-click
on a .dnevnik while the program is open) open in the import, several at once as one batch."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from app import APP_NAME
from app.core.inbox import inbox_dir, take_handed

# Explorer starts one copy per chosen file, a few milliseconds apart: they are waited for.
GATHER_MS = 400


def offer_packages(window: QWidget, packages: Sequence[Path]) -> None:
    """Packages to open (given at start or handed over): to the import, all in one batch."""
    open_packages = getattr(window, "open_packages", None)
    if callable(open_packages):
        open_packages(list(packages))
        return
    names = ", ".join(f"«{package.name}»" for package in packages)
    QMessageBox.information(
        window,
        APP_NAME,
        f"Пакеты {names} пока нельзя открыть отсюда. Их можно будет загрузить "
        "в разделе «Обмен», когда этот раздел появится в программе.",
    )


def bring_forward(window: QWidget) -> None:
    """The window in front of the Explorer window the person double-clicked in."""
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


class PackageInbox(QObject):
    """Watches `<data dir>/inbox/`; what arrives goes to `deliver` as one list, after a short wait."""

    def __init__(
        self, data_folder: Path, deliver: Callable[[list[Path]], None], parent: QObject | None = None
    ):
        super().__init__(parent)
        self.data_folder = data_folder
        self.deliver = deliver
        folder = inbox_dir(data_folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.watcher = QFileSystemWatcher([str(folder)], self)
        self.gather = QTimer(self)
        self.gather.setSingleShot(True)
        self.gather.setInterval(GATHER_MS)
        self.gather.timeout.connect(self.take)
        self.watcher.directoryChanged.connect(lambda _folder: self.gather.start())
        self.gather.start()  # handed over while this copy was still starting

    def take(self) -> None:
        packages = take_handed(self.data_folder)
        if packages:
            self.deliver(packages)


def watch_inbox(window: QWidget, data_folder: Path) -> PackageInbox:
    """Packages handed to this copy open in `window`'s import, the window brought forward."""

    def deliver(packages: list[Path]) -> None:
        bring_forward(window)
        offer_packages(window, packages)

    return PackageInbox(data_folder, deliver, window)
