"""The main window as a user drives it: opened at 1366×768, pages reached through the navigation,
dialogs run by a script instead of a nested event loop, questions answered, keys typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.store import Store
from ui.shell.app import create_main_window
from ui.shell.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


def open_window(qtbot, store: Store, size: tuple[int, int] | None = (1366, 768)) -> MainWindow:
    """The main window on `store`, shown and active; `size` None leaves the size it opens at."""
    window = create_main_window(store)
    qtbot.addWidget(window)
    # pytest-qt holds widgets weakly: a window the test no longer names could be collected while
    # Qt still paints it (a segfault). Kept on qtbot, it lives until pytest-qt has closed it.
    qtbot.dnevnik_windows = [*getattr(qtbot, "dnevnik_windows", []), window]
    if size is not None:
        window.resize(*size)
    window.show()
    window.activateWindow()
    return window


def click_nav(qtbot, window: MainWindow, title: str) -> None:
    """Click a navigation entry without expecting its page to open (the question may keep the old one)."""
    key = next(f"{group}/{title}" for group, titles in window.nav_titles() if title in titles)
    item = window._item(key)
    qtbot.mouseClick(window.nav.viewport(), LEFT, pos=window.nav.visualItemRect(item).center())


def go_to(qtbot, window: MainWindow, title: str, group: str | None = None):
    """Click the navigation entry (in `group`, else the first group that has it), as a user would."""
    for name, titles in window.nav_titles():
        if title in titles and group in (None, name):
            key = f"{name}/{title}"
            break
    else:
        raise AssertionError(f"no navigation entry {title!r}")
    item = window._item(key)
    window.nav.scrollToItem(item)
    qtbot.mouseClick(window.nav.viewport(), LEFT, pos=window.nav.visualItemRect(item).center())
    assert window.stack.currentWidget() is window.pages[key]
    return window.pages[key]


def open_window_at(qtbot, store: Store, key: str, cls: type | None = None):
    """The window and its page `key` («Сервис/Настройки»), shown directly; the page is a `cls`."""
    window = open_window(qtbot, store)
    window.show_page(key)
    page = window.stack.currentWidget()
    assert cls is None or isinstance(page, cls), page
    return window, page


def script_dialog(monkeypatch, script: Callable, cls) -> list:
    """Make `cls.exec` run `script` on the shown dialog instead of a nested event loop; the dialogs
    opened are collected."""
    opened: list = []

    def exec_(dialog) -> int:
        opened.append(dialog)
        behind = QApplication.activeWindow()
        dialog.show()
        dialog.activateWindow()  # its shortcuts (Ctrl+S, Esc) work only in the active window
        QApplication.processEvents()
        script(dialog)
        result = dialog.result()
        dialog.close()
        if behind is not None:
            behind.activateWindow()  # as a closed modal dialog gives the activation back
            QApplication.processEvents()
        return result

    monkeypatch.setattr(cls, "exec", exec_)
    return opened


def answer_questions(monkeypatch, answer=QMessageBox.StandardButton.Yes) -> list[str]:
    """Patch QMessageBox.question; the texts asked are collected."""
    asked: list[str] = []

    def question(*args, **kwargs):
        asked.append(args[2])
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def focus(qtbot, widget) -> None:
    """The widget's window active and the widget focused: key presses and shortcuts then reach it."""
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def press(qtbot, widget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the user presses it: in the active window, on the focused widget (shortcuts need both)."""
    focus(qtbot, widget)
    qtbot.keyClick(widget, key, modifier)


def type_text(widget, text: str) -> None:
    """Type like a user. qtbot.keyClicks asserts on non-ASCII characters, so send each as text."""
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def saved_file_box(qtbot, widget, timeout: int = 30000) -> QMessageBox:
    """ui.ops.tell_saved's box over `widget`'s window, once it is shown."""
    from ui.ops import SAVED_BOX

    def shown() -> QMessageBox | None:
        boxes = [box for box in widget.window().findChildren(QMessageBox, SAVED_BOX) if box.isVisible()]
        return boxes[-1] if boxes else None

    qtbot.waitUntil(lambda: shown() is not None, timeout=timeout)
    return shown()
