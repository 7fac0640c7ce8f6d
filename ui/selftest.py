"""`selftest`: open the main window offscreen and visit every page of both modes on fresh data.

Meant for the built program (packaging/smoke_test.sh) as much as for the sources: it proves
that what the program reads at run time — migrations, demo data, Qt's translation, every page
module — is really there. Exit 0 only if nothing raised; one line per page visited.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from app.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from app.core import paths

# A page may load rows or redraw through queued events: let them run before the next page.
SETTLE_SECONDS = 0.05
# Warnings the offscreen platform gives for any window; they say nothing about the program.
OFFSCREEN_CHATTER = ("propagateSizeHints",)


# The command's shape (app.cli.command); app/__main__.py adds it to the command line.
NAME = "selftest"
HELP = "самопроверка: открыть окно без экрана и пройти все страницы обоих режимов"
DESCRIPTION = (
    "Создаёт во временной папке демонстрационную школу и управление образования, "
    "открывает главное окно без экрана и проходит все страницы. Данные пользователя "
    "не затрагиваются (--data-dir не используется)."
)
NEEDS_DATABASE = False
OPENS_STORE = False
WRITES = False


def add_arguments(parser) -> None:
    pass


def check(parser, args) -> None:
    pass


class Failures:
    """Everything that went wrong, from direct calls, slots (sys.excepthook) and threads."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, text: str) -> None:
        self.items.append(f"{where}: {text}")

    def from_exception(self, where: str, error: BaseException) -> None:
        details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        self.add(where, details.rstrip())


def run(args, _store) -> int:
    # Before any Qt import: no screen is needed (or wanted) for the check.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures = Failures()
    where = ["запуск"]

    def excepthook(kind, error, tb) -> None:
        failures.add(where[0], "".join(traceback.format_exception(kind, error, tb)).rstrip())

    def thread_hook(hook_args) -> None:
        error = hook_args.exc_value
        if error is not None:
            failures.from_exception(f"{where[0]} (поток)", error)

    previous_hook, previous_thread_hook = sys.excepthook, threading.excepthook
    sys.excepthook, threading.excepthook = excepthook, thread_hook
    previous_qt_handler = _route_qt_messages(failures, where)
    try:
        with tempfile.TemporaryDirectory(prefix="dnevnik-selftest-", ignore_cleanup_errors=True) as tmp:
            _check_everything(Path(tmp), failures, where)
    except Exception as exc:  # the check itself must end with a verdict, not a traceback
        failures.from_exception(where[0], exc)
    finally:
        sys.excepthook, threading.excepthook = previous_hook, previous_thread_hook
        _restore_qt_messages(previous_qt_handler)

    if failures.items:
        print(f"Самопроверка не пройдена: ошибок {len(failures.items)}.", file=sys.stderr)
        for item in failures.items:
            print(f"— {item}", file=sys.stderr)
        return EXIT_REFUSED
    print("Самопроверка пройдена.")
    return EXIT_OK


def _check_everything(tmp: Path, failures: Failures, where: list[str]) -> None:
    from app.demo.office import build_office_demo
    from app.demo.school import build_demo

    _check_resources(failures)
    from ui.shell.app import create_application, install_russian_translation

    qt_app = create_application(["dnevnik-selftest"])
    if install_russian_translation(qt_app):
        print("Перевод Qt (qtbase_ru): загружен")
    else:
        failures.add("перевод Qt", "qtbase_ru не найден ни в папке Qt, ни в resources/translations")

    def school(store) -> None:
        build_demo(store)

    def office(store) -> None:
        build_office_demo(store)

    for label, folder, fill in (
        ("Школа (демонстрационные данные)", tmp / "school", school),
        ("Управление образования", tmp / "office", office),
    ):
        where[0] = label
        _check_mode(qt_app, label, folder, fill, failures, where)


def _route_qt_messages(failures: Failures, where: list[str]):
    """Qt's critical messages count as failures; its warnings are shown, minus offscreen chatter."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind, _context, message: str) -> None:
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            failures.add(where[0], f"Qt: {message}")
        elif kind == QtMsgType.QtWarningMsg and not any(part in message for part in OFFSCREEN_CHATTER):
            print(f"Qt: {message}", file=sys.stderr)

    return qInstallMessageHandler(handler)


def _restore_qt_messages(previous) -> None:
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(previous)


def _check_resources(failures: Failures) -> None:
    from app.core.info import program_schema_revision

    wanted = {
        "шрифты": paths.resource("fonts"),
        "шаблоны анкет": paths.resource("templates"),
        "демонстрационные данные": paths.resource("demo"),
    }
    for name, folder in wanted.items():
        if not folder.is_dir() or not any(folder.iterdir()):
            failures.add("ресурсы", f"нет папки «{name}»: {folder}")
    try:
        print(f"Миграции базы: последняя ревизия {program_schema_revision()}")
    except Exception as exc:
        failures.from_exception("миграции базы", exc)


def _check_mode(qt_app, label: str, folder: Path, fill: Callable, failures: Failures, where: list) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.core.store import Store
    from ui.ops import wait_for_all
    from ui.shell.app import create_main_window

    print(f"{label}:")
    store = Store.open(folder)
    window = None
    # A modal box on a page nobody touched is a fault (and offscreen it would wait forever).
    watchdog = QTimer()
    watchdog.setInterval(100)

    def close_modal() -> None:
        box = QApplication.activeModalWidget()
        if box is not None:
            text = getattr(box, "text", lambda: "")()
            failures.add(where[0], f"открылось окно «{box.windowTitle()}»: {text}")
            box.close()

    watchdog.timeout.connect(close_modal)
    watchdog.start()
    try:
        fill(store)
        window = create_main_window(store)
        window.show()
        _settle(qt_app)
        keys = [f"{group}/{title}" for group, titles in window.nav_titles() for title in titles]
        if not keys:
            failures.add(label, "в навигации нет ни одной страницы")
        for key in keys:
            _visit(qt_app, window, key, failures, where)
        if keys:  # back to the first page: a page shown again refreshes itself
            _visit(qt_app, window, keys[0], failures, where, again=True)
        for key in _open_desk(qt_app, window, failures, where):
            _visit(qt_app, window, key, failures, where, title=f"Стол куратора / {window.desk.title(key)}")
        window.close()
        _settle(qt_app)
    finally:
        watchdog.stop()
        wait_for_all()  # work a page started (a report, a copy) ends before the store closes
        if window is not None:
            window.deleteLater()
        _settle(qt_app)
        store.close()


def _open_desk(qt_app, window, failures: Failures, where: list) -> list[str]:
    """In municipal mode: the first school of the registry opened on the curator's desk; its page keys."""
    if window.mode != "municipality":
        return []
    from app.office.registry import list_registry

    where[0] = "стол куратора"
    try:
        schools = list_registry(window.store)
        if not schools:
            print("  — в реестре нет школ: стол куратора не проверен")
            return []
        window.open_school(schools[0].id)
        _settle(qt_app)
    except Exception as exc:
        failures.from_exception(where[0], exc)
        return []
    return window.desk.keys()


def _visit(
    qt_app, window, key: str, failures: Failures, where: list, again: bool = False, title: str | None = None
) -> None:
    title = title or key.replace("/", " / ", 1)
    where[0] = f"страница «{title}»"
    before = len(failures.items)
    started = time.perf_counter()
    try:
        window.show_page(key)
        _settle(qt_app)
    except Exception as exc:
        failures.from_exception(where[0], exc)
    verdict = "ок" if len(failures.items) == before else "ОШИБКА"
    note = " (повторно)" if again else ""
    print(f"  {verdict:<6} {title}{note} — {time.perf_counter() - started:.2f} с", flush=True)


def _settle(qt_app) -> None:
    deadline = time.perf_counter() + SETTLE_SECONDS
    while True:
        qt_app.processEvents()
        if time.perf_counter() >= deadline:
            break
        time.sleep(0.005)
