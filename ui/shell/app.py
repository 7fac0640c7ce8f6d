"""Starting the window: Qt application, Russian translation, data-folder lock, store, first start."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from app import APP_NAME, __version__
from app.core import db_address, paths
from app.core.errors import UserError
from app.core.lock import AlreadyRunning, DataFolderLock, DataFolderUnavailable
from app.core.store import DatabaseFailure, DatabaseRefused, Store, shown_url
from app.diaries import purge_expired_trash
from app.sync.keys import ensure_keys
from ui.ops import wait_for_all
from ui.shell.daily_backup import DailyBackup, take_daily_backup
from ui.shell.first_start import FirstStartDialog
from ui.shell.main_window import DEFAULT_SIZE, MainWindow

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
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "Произошла непредвиденная ошибка.")
    box.setInformativeText(
        "Последнее действие могло не выполниться. Введённые ранее данные сохранены. "
        "Если ошибка повторяется, сообщите о ней, приложив подробности."
    )
    box.setDetailedText(details)
    box.exec()


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


def offer_package(window: MainWindow, package: Path) -> None:
    """A package the program was started with (a double-click): to the import wizard with it."""
    open_package = getattr(window, "open_package", None)
    if callable(open_package):
        open_package(package)
        return
    QMessageBox.information(
        window,
        APP_NAME,
        f"Пакет «{package.name}» пока нельзя открыть отсюда. Его можно будет загрузить "
        "в разделе «Обмен», когда этот раздел появится в программе.",
    )


def _lock_data_folder(data_dir: Path | None) -> tuple[DataFolderLock, Path | None] | None:
    """The data folder locked for this copy, or None once the person was told why not. A folder
    that cannot be written (a read-only disk, no rights) may be exchanged for another one."""
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
                return None
            chosen = QFileDialog.getExistingDirectory(
                None, "Папка для данных «Дневника школы»", str(Path.home())
            )
            if not chosen:
                return None
            data_dir = Path(chosen)
        except AlreadyRunning as exc:
            QMessageBox.warning(None, APP_NAME, str(exc))
            return None


def run_gui(data_dir: Path | None, url: str | None, open_package: Path | None = None) -> int:
    """Run the window until it is closed; the exit code for the process.

    `open_package`: a .dnevnik file to open in the import wizard once the window shows.
    """
    qt_app = create_application()
    lock = None
    if url is None:
        locked = _lock_data_folder(data_dir)
        if locked is None:
            return 1
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
            if open_package is not None:
                QTimer.singleShot(0, lambda: offer_package(window, open_package))
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
