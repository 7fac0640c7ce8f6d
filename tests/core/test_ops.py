"""ui/ops.py, the one way work runs off the GUI thread: its outcome, its refusals shown once and in
Russian, cancelling, progress, and a run outliving the page that started it."""

from __future__ import annotations

import errno
import threading

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from app.core.errors import UserError
from app.core.progress import Cancelled
from ui import ops
from ui.ops import BUSY, Op, ProgressDialog, attempt, refused


@pytest.fixture
def boxes(monkeypatch) -> list[tuple[str, str]]:
    """Warning boxes, collected instead of shown: (title, text)."""
    shown: list[tuple[str, str]] = []
    box = lambda _parent, title, text, *a, **k: shown.append((title, text))  # noqa: E731
    monkeypatch.setattr(QMessageBox, "warning", box)
    return shown


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def finish(qtbot, op: Op) -> None:
    qtbot.waitUntil(lambda: not op.running(), timeout=10000)


def test_the_result_goes_to_success_on_the_gui_thread(qtbot, parent, boxes):
    heard: list = []
    ended: list = []
    op = Op(parent, lambda _progress: threading.current_thread()).success(heard.append)
    op.on_end(lambda: ended.append(list(heard))).run()
    finish(qtbot, op)
    assert len(heard) == 1 and heard[0] is not threading.current_thread()  # worked elsewhere
    assert ended == [[]]  # the end is told before the outcome
    assert not boxes and op.result is heard[0] and op.error == ""


def test_a_refusal_is_shown_once_in_a_warning_box_over_the_parent(qtbot, parent, boxes):
    def work(_progress):
        raise UserError("Папки «F:\\» нет. Вставьте флешку и повторите.")

    heard: list = []
    op = Op(parent, work).success(heard.append).run()
    finish(qtbot, op)
    assert boxes == [("Дневник школы", "Папки «F:\\» нет. Вставьте флешку и повторите.")]
    assert not heard


def test_any_other_failure_is_a_russian_sentence_never_a_traceback(qtbot, parent, boxes):
    def broken(_progress):
        raise RuntimeError("флешку вынули")

    def full(_progress):
        raise OSError(errno.ENOSPC, "No space left on device")

    failures: list[str] = []
    first = Op(parent, broken, "Отчёт не удалось сформировать").failure(failures.append).run()
    second = Op(parent, full, "Пакет не записан").run()
    finish(qtbot, first)
    finish(qtbot, second)
    assert failures == ["Отчёт не удалось сформировать: флешку вынули"]
    assert boxes == [("Дневник школы", "Пакет не записан: на диске нет места")]  # one box: the default
    assert "Traceback" not in failures[0] + boxes[0][1]


def test_cancel_stops_the_work_at_its_next_step_and_drops_its_outcome(qtbot, parent, boxes):
    started, steps = threading.Event(), []

    def work(progress):
        for step in range(1000):
            progress("Обработка", step / 1000)
            steps.append(step)
            started.set()
            threading.Event().wait(0.01)
        return "всё"

    heard, cancelled = [], []
    op = Op(parent, work).success(heard.append).on_cancel(cancelled.append)
    asked: list = []
    op.cancel_asked.connect(lambda: asked.append(True))
    op.run()
    assert started.wait(10)
    op.cancel()
    assert op.cancelled and asked == [True]
    finish(qtbot, op)
    assert cancelled == [None] and not heard and not boxes
    assert len(steps) < 1000  # it stopped, not ran to its end


def test_work_that_hands_over_what_it_did_gets_it_to_on_cancel(qtbot, parent):
    def work(progress):
        done = []
        try:
            for step in range(3):
                progress("Пакет", step / 3)
                done.append(step)
                if step == 0:
                    op.cancel()  # «Отмена» pressed while the first file is taken
        except Cancelled:
            pass
        return done

    cancelled: list = []
    op = Op(parent, work).on_cancel(cancelled.append)
    op.run()
    finish(qtbot, op)
    assert cancelled == [[0]]


def test_progress_reaches_the_window_a_hundred_times_at_most_and_always_its_end(qtbot):
    def work(progress):
        for step in range(1, 10_001):
            progress("Копирование базы", step / 10_000)
        progress("Упаковка копии", None)
        return "готово"

    heard: list[tuple[str, float]] = []
    outcome: list[object] = []
    op = Op(None, work, "Не удалось").on_progress(lambda stage, done: heard.append((stage, done)))
    op.success(outcome.append).run()
    qtbot.waitUntil(lambda: bool(outcome))
    assert outcome == ["готово"]
    copying = [done for stage, done in heard if stage == "Копирование базы"]
    assert 90 <= len(copying) <= 101 and copying[-1] == 1.0
    assert heard[-1] == ("Упаковка копии", BUSY)


def test_the_run_survives_its_page_deleted_meanwhile(qtbot, boxes):
    class Page(QLabel):
        def shown(self, result) -> None:
            self.setText(str(result))

    page = Page()
    release = threading.Event()
    heard: list = []

    def work(_progress):
        assert release.wait(10)
        return "готово"

    op = Op(page, work).success(page.shown).success(heard.append).run()
    failing = Op(page, lambda _progress: (release.wait(10), 1 / 0)).run()
    page.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(page))
    release.set()
    finish(qtbot, op)
    finish(qtbot, failing)
    assert heard == ["готово"]  # the page's own method is not called once it is gone
    assert not boxes  # nobody left to tell


def test_a_dialog_that_cannot_be_cancelled_ignores_esc_and_close(qtbot, parent):
    release = threading.Event()
    op = Op(parent, lambda _progress: release.wait(10)).with_progress("Восстановление", cancellable=False)
    parent.show()
    op.run()
    dialog = op.dialog
    assert isinstance(dialog, ProgressDialog) and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    dialog.reject()
    event = QCloseEvent()
    dialog.closeEvent(event)
    assert dialog.isVisible() and not event.isAccepted() and not op.cancelled
    release.set()
    finish(qtbot, op)
    assert op.dialog is None


def test_a_cancellable_dialog_shows_only_once_the_work_has_lasted(qtbot, parent):
    release = threading.Event()
    op = Op(parent, lambda _progress: release.wait(10)).with_progress("Формируется отчёт…")
    parent.show()
    op.run()
    assert op.dialog is not None and not op.dialog.isVisible()  # quick work never flashes one
    qtbot.waitUntil(lambda: op.dialog.isVisible(), timeout=5000)
    release.set()
    finish(qtbot, op)
    assert op.dialog is None


def test_the_dialogs_cancel_cancels_the_work(qtbot, parent):
    release = threading.Event()
    cancelled: list = []
    op = Op(parent, lambda progress: (release.wait(10), progress("После", 1.0)))
    op.with_progress("Формируется отчёт").on_cancel(cancelled.append).run()
    assert op.dialog is not None
    op.dialog.canceled.emit()  # «Отмена» clicked
    assert op.cancelled and op.dialog is None
    release.set()
    finish(qtbot, op)
    assert cancelled == [None]


def test_waiting_for_all_runs_blocks_until_they_end(qtbot):
    release = threading.Event()
    ended = threading.Event()

    def work(_progress):
        release.wait(10)
        ended.set()

    op = Op(None, work).run()
    threading.Timer(0.2, release.set).start()
    ops.wait_for_all()
    assert ended.is_set() and op.thread.isFinished()
    finish(qtbot, op)
    QApplication.processEvents()


def test_attempt_returns_the_result_or_shows_the_refusal(parent, boxes):
    assert attempt(parent, lambda: 42) == 42
    assert boxes == []

    def refuse():
        raise UserError("Запись уже удалена. Обновите список.")

    said: list[str] = []
    assert attempt(parent, refuse, said.append) is None
    assert said == ["Запись уже удалена. Обновите список."] and boxes == []
    assert attempt(parent, refuse) is None
    assert boxes == [("Дневник школы", "Запись уже удалена. Обновите список.")]
    assert refused(parent, refuse, said.append) is True
    assert refused(parent, lambda: None) is False  # a service that returns nothing, done
