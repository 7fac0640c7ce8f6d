"""Starting the window: Qt application, Russian translation, data-folder lock, store, first start."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from app import APP_NAME, __version__
from app.core import db_address, paths
from app.core.errors import UserError, os_reason
from app.core.inbox import hand_over
from app.core.lock import AlreadyRunning, DataFolderLock, DataFolderUnavailable
from app.core.store import DatabaseFailure, DatabaseRefused, Store, shown_url
from app.diaries import purge_expired_trash
from app.sync.keys import ensure_keys
from ui.ops import wait_for_all
from ui.shell.daily_backup import DailyBackup, take_daily_backup
from ui.shell.error_box import show_unexpected_error
from ui.shell.first_start import FirstStartDialog
from ui.shell.main_window import DEFAULT_SIZE, MainWindow
from ui.shell.package_inbox import offer_packages, watch_inbox

ORGANIZATION = "DnevnikShkoly"
# Screens this small (the school PCs' 1366×768) get the window maximized.
SMALL_SCREEN = (1440, 900)
QUIT_WHEN_SHOWN_ENV = "DNEVNIK_QUIT_WHEN_SHOWN"
ICON_FILE = "dnevnik.png"

_translator: QTranslator | None = None
_gaps: QTranslator | None = None


class QtGapsTranslator(QTranslator):
    """The few strings of Qt's own file dialog that qtbase_ru leaves in English («Look in:»)."""

    RUSSIAN = {
        ("QFileDialog", "&Look in:"): "&Папка:",
        ("QFileDialog", "Look in:"): "Папка:",
        ("QFileDialog", "Files of &type:"): "&Тип файлов:",
        ("QFileDialog", "Files of type:"): "Тип файлов:",
        ("QAbstractFileIconProvider", "Folder"): "Папка",
        ("QFileSystemModel", "Folder"): "Папка",
    }

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 — Qt's signature
        return self.RUSSIAN.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802 — Qt's name
        return False


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, Russian locale and Qt's own Russian strings."""
    existing = QApplication.instance()
    qt_app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    qt_app.setOrganizationName(ORGANIZATION)
    qt_app.setApplicationName(paths.APP_DIR_NAME)
    qt_app.setApplicationDisplayName(APP_NAME)
    qt_app.setApplicationVersion(__version__)
    icon = paths.resource("icons", ICON_FILE)
    if icon.is_file():
        qt_app.setWindowIcon(QIcon(str(icon)))
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    install_russian_translation(qt_app)
    return qt_app


def install_russian_translation(qt_app: QApplication) -> bool:
    """Load qtbase_ru from Qt's folder, else from resources/translations; True if loaded."""
    global _translator
    if _translator is not None:
        return True
    folders = [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        paths.resource("translations"),
    ]
    for folder in folders:
        translator = QTranslator(qt_app)
        if translator.load("qtbase_ru", str(folder)):
            qt_app.installTranslator(translator)
            _translator = translator  # installTranslator does not keep a Python reference
            _install_gaps(qt_app)
            return True
    return False


def _install_gaps(qt_app: QApplication) -> None:
    global _gaps
    if _gaps is None:
        _gaps = QtGapsTranslator(qt_app)
        qt_app.installTranslator(_gaps)  # installed last, asked first


def create_main_window(store: Store) -> MainWindow:
    """The main window; first, what has lain in «Корзина» longer than 30 days goes for good."""
    purge_expired_trash(store)
    return MainWindow(store)


def show_main_window(window: MainWindow) -> None:
    """Maximized on a small screen, else a comfortable size in the middle."""
    screen = window.screen()
    available = screen.availableGeometry() if screen is not None else None
    if available is None or available.width() <= SMALL_SCREEN[0] or available.height() <= SMALL_SCREEN[1]:
        window.showMaximized()
        return
    window.resize(*DEFAULT_SIZE)
    frame = window.frameGeometry()
    frame.moveCenter(available.center())
    window.move(frame.topLeft())
    window.show()


def _show_unexpected_error(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Errors escaping a slot: a message box in Russian, never a bare traceback."""
    if isinstance(error, UserError):
        QMessageBox.warning(None, APP_NAME, error.message)
        return
    details = "".join(traceback.format_exception(kind, error, tb))
    sys.stderr.write(details)
    show_unexpected_error(details)


def _open_store(data_dir: Path | None, url: str | None) -> Store | None:
    # A damaged database gets the offer of the newest good backup.
    from ui.shell.damaged_database import open_store_or_offer_backup

    try:
        return open_store_or_offer_backup(data_dir, url)
    except DatabaseRefused as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
    except (DatabaseFailure, OSError) as exc:
        folder = paths.data_dir(data_dir)
        named = url is None and db_address.config_file(folder).is_file()  # «Настройки → База данных»
        where = shown_url(url) if url else db_address.describe(folder)
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, f"Не удалось открыть базу данных: {where}")
        box.setInformativeText(
            "Проверьте, что папка данных доступна для записи (или что сервер базы данных включён "
            "и адрес указан верно), и запустите программу снова."
        )
        box.setDetailedText(str(exc))
        local = None
        if named:
            local = box.addButton("Работать с файлом на этом компьютере", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if local is not None and box.clickedButton() is local:
            db_address.save_address(folder, None)  # as «Настройки» would; the server is left alone
            return _open_store(data_dir, None)
    return None


def _hand_to_running_copy(folder: Path, packages: Sequence[Path], refusal: AlreadyRunning) -> int:
    """This copy found `folder` open in another: its packages go there (app.core.inbox), and this
    copy ends without a word; without packages, or if they cannot be handed over, it says why."""
    if packages:
        try:
            hand_over(folder, packages)
        except OSError as exc:
            QMessageBox.warning(
                None,
                APP_NAME,
                f"{refusal}\n\nПакеты не удалось передать открытой программе: "
                f"{os_reason(exc)}. Загрузите их в открытом окне, в разделе «Обмен».",
            )
            return 1
        _let_the_running_copy_come_forward()
        return 0
    QMessageBox.warning(None, APP_NAME, str(refusal))
    return 1


def _let_the_running_copy_come_forward() -> None:
    # Windows lets only the process a person acted on take the foreground; this one passes it on.
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY


def _lock_data_folder(
    data_dir: Path | None, packages: Sequence[Path] = ()
) -> tuple[DataFolderLock, Path | None] | int:
    """The data folder locked for this copy, or the exit code once the person was told why not
    (or the packages were handed to the copy already open on it). A folder that cannot be
    written (a read-only disk, no rights) may be exchanged for another one."""
    while True:
        lock = DataFolderLock(paths.data_dir(data_dir))
        try:
            lock.acquire()
            return lock, data_dir
        except DataFolderUnavailable as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, str(exc))
            choose = box.addButton("Выбрать другую папку…", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("Закрыть", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not choose:
                return 1
            chosen = QFileDialog.getExistingDirectory(
                None, "Папка для данных «Дневника школы»", str(Path.home())
            )
            if not chosen:
                return 1
            data_dir = Path(chosen)
        except AlreadyRunning as exc:
            return _hand_to_running_copy(paths.data_dir(data_dir), packages, exc)


def run_gui(data_dir: Path | None, url: str | None, open_packages: Sequence[Path] = ()) -> int:
    """Run the window until it is closed; the exit code for the process.

    `open_packages`: .dnevnik files to open in the import once the window shows; when another copy
    has the data folder open, they are handed to it instead and this copy ends.
    """
    qt_app = create_application()
    lock = None
    if url is None:
        locked = _lock_data_folder(data_dir, open_packages)
        if isinstance(locked, int):
            return locked
        lock, data_dir = locked
    previous_hook = sys.excepthook
    sys.excepthook = _show_unexpected_error
    try:
        store = _open_store(data_dir, url)
        if store is None:
            return 1
        daily: DailyBackup | None = None
        try:
            if store.installation() is None:
                dialog = FirstStartDialog(store)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return 0
            ensure_keys(store)  # first start made the installation: its key pairs come with it
            window = create_main_window(store)
            show_main_window(window)
            daily = take_daily_backup(window)  # off the GUI thread, told in the status bar
            if open_packages:
                QTimer.singleShot(0, lambda: offer_packages(window, open_packages))
            if lock is not None:
                window.package_inbox = watch_inbox(window, paths.data_dir(data_dir))
            if os.environ.get(QUIT_WHEN_SHOWN_ENV):
                # `make bench` times start-up to this point, then lets the program end.
                QTimer.singleShot(0, lambda: (print("window-shown", flush=True), qt_app.quit()))
            return qt_app.exec()
        finally:
            if daily is not None:
                daily.wait()  # the program ended otherwise than by closing the window
            wait_for_all()  # a report or package still being written is finished, not cut off
            store.close()
    finally:
        sys.excepthook = previous_hook
        if lock is not None:
            lock.release()
