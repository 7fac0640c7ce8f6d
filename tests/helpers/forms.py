"""The question «Сохранить изменения?» in tests: answered by a stand-in, never by a nested event loop.

Every test gets the stand-in (tests/conftest.py): it answers «Не сохранять» — what Esc did before the
question existed — so a test that leaves a form with typed input (or pytest-qt closing the form at
teardown) never waits for a click. A test about the question sets its answer with `answer_unsaved`.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui import forms


def answer_unsaved(monkeypatch, answer: str = forms.DISCARD) -> list[str]:
    """Every «Сохранить изменения?» is answered with `answer` (forms.SAVE, DISCARD or STAY); the
    titles of the dialogs that asked are collected in the returned list."""
    asked: list[str] = []

    def ask(parent, _detail: str = forms.UNSAVED_DETAIL) -> str:
        asked.append(parent.windowTitle())
        return answer

    monkeypatch.setattr(forms, "ask_unsaved", ask)
    return asked


def click_in_next_message_box(button_text: str, seen: list[QMessageBox]) -> None:
    """Once a message box is up, click its button `button_text`; the box is kept in `seen`."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append(box)
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, click)
