"""«Отправить в управление» (school): what goes out, where to write it, the package, and the list
of packages sent with the office's confirmation. The writing is app.sync.exchange.export_snapshot.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import format_day, format_moment
from app.core.errors import UserError
from app.core.store import Store
from app.office.feedback_view import instrument_label
from app.sync.exchange import ExportResult, export_snapshot, outgoing_summary, sent_packages
from ui.dialogs.folder_choice import FolderChoice, open_folder
from ui.ops import Op, attempt
from ui.pages.base import Page, PageContext
from ui.widgets.common import ErrorLabel, page_title
from ui.widgets.tables import fill, text_table


def write_package(store: Store, folder: Path) -> ExportResult:
    """export_snapshot, a failing disk told in Russian. It writes atomically (a temporary file, then
    a rename, the temporary removed whatever happens), so it always runs to its end."""
    try:
        return export_snapshot(store, folder)
    except OSError as exc:
        raise UserError(
            f"Пакет не записан ({exc.strerror or exc}). Проверьте, что флешка вставлена и не "
            "заполнена, или выберите другую папку."
        ) from exc


class SendPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.last_result: ExportResult | None = None
        self.run: Op | None = None  # the package being written
        outer = QVBoxLayout(self)
        outer.addWidget(page_title("Отправить в управление"))
        intro = QLabel(
            "Пакет — это подписанная копия данных школы для управления образования. "
            "Запишите его на флешку или в папку и передайте в управление (лично или по почте)."
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)

        top = QHBoxLayout()
        what = QGroupBox("1. Что уйдёт в пакете")
        what_layout = QVBoxLayout(what)
        self.counts = text_table(["Раздел", "Записей"])
        self.counts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.counts.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        what_layout.addWidget(self.counts)
        self.last_label = QLabel()
        self.last_label.setWordWrap(True)
        self.encryption_label = QLabel()
        self.encryption_label.setWordWrap(True)
        what_layout.addWidget(self.last_label)
        what_layout.addWidget(self.encryption_label)
        top.addWidget(what, 1)

        where = QGroupBox("2. Куда записать и 3. Запись")
        where_layout = QVBoxLayout(where)
        self.folder_choice = FolderChoice("Папка для пакета")
        self.folder_choice.chosen.connect(lambda _path: self._update())
        where_layout.addWidget(self.folder_choice)
        write_row = QHBoxLayout()
        self.write_button = QPushButton("Записать пакет")
        self.write_button.setDefault(True)
        self.write_button.clicked.connect(self.write)
        self.open_button = QPushButton("Открыть папку")
        self.open_button.clicked.connect(self.open_written)
        write_row.addWidget(self.write_button)
        write_row.addWidget(self.open_button)
        write_row.addStretch(1)
        where_layout.addLayout(write_row)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        # a long folder path wraps inside the page instead of widening the window
        self.result_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = ErrorLabel()
        where_layout.addWidget(self.result_label)
        where_layout.addWidget(self.error)
        where_layout.addStretch(1)
        top.addWidget(where, 1)
        outer.addLayout(top, 3)

        sent = QGroupBox("Отправленные пакеты")
        sent_layout = QVBoxLayout(sent)
        self.sent = text_table(["№", "Записан", "Файл", "Получен управлением"])
        self.sent.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.sent.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        sent_layout.addWidget(self.sent)
        outer.addWidget(sent, 2)
        self.refresh()

    def refresh(self) -> None:
        summary = attempt(self, lambda: outgoing_summary(self.store), self.error.set_message)
        if summary is not None:
            fill(self.counts, [[instrument_label(k), str(v)] for k, v in summary.counts.items()])
            if summary.last_sequence is None:
                self.last_label.setText("Пакетов ещё не было: этот будет первым.")
            else:
                self.last_label.setText(
                    f"Последний пакет: № {summary.last_sequence} "
                    f"от {format_moment(summary.last_written_at)}. "
                    f"Новый получит № {summary.last_sequence + 1}."
                )
            if summary.encrypted:
                self.encryption_label.setText(
                    "Пакет будет зашифрован: прочесть его сможет только управление."
                )
                self.encryption_label.setStyleSheet("color: #1b7f3b;")
            else:
                self.encryption_label.setText(
                    "Ключ управления не загружен — пакет будет подписан, но не зашифрован. "
                    "Загрузите ключ управления в «Сервис → Настройки»."
                )
                self.encryption_label.setStyleSheet("color: #8a5a00;")
        fill(
            self.sent,
            [
                [
                    str(p.sequence),
                    format_moment(p.written_at),
                    p.file_name,
                    f"получен управлением {format_day(p.confirmed_at)}" if p.confirmed_at else "ещё нет",
                ]
                for p in sent_packages(self.store)
            ],
        )
        self._update()

    def _update(self) -> None:
        self.write_button.setEnabled(self.folder_choice.folder is not None and not self.writing())
        self.open_button.setVisible(self.last_result is not None)

    def writing(self) -> bool:
        return self.run is not None

    def write(self) -> Op | None:
        """Write the package off the GUI thread, with a busy dialog that can be cancelled."""
        folder = self.folder_choice.folder
        if folder is None or self.writing():
            return None
        self.error.set_message(None)
        self.result_label.clear()
        store = self.store
        self.run = Op(self, lambda _progress: write_package(store, folder), "Пакет не записан")
        self.run.with_progress("Записывается пакет для управления…").on_end(self._ended)
        self.run.success(self._written).failure(self.error.set_message).on_cancel(self._cancelled)
        self.run.cancel_asked.connect(self._say_cancelled)
        self._update()
        return self.run.run()

    def cancel(self) -> None:
        """The package is written whole or not at all anyway; cancelling only drops the report."""
        if self.run is not None:
            self.run.cancel()

    def _say_cancelled(self) -> None:
        self.result_label.setText("Запись отменена: результат не показывается.")
        self.result_label.setStyleSheet("")

    def wait(self) -> None:
        """Wait for a package being written (the window closes)."""
        if self.run is not None:
            self.cancel()
            self.run.wait()

    def _ended(self) -> None:
        self.run = None
        self._update()

    def _cancelled(self, _result: ExportResult | None) -> None:
        self.refresh()  # «Отправленные пакеты» stays true to what is on the disk

    def _written(self, result: ExportResult) -> None:
        self.last_result = result
        lock = "зашифрован" if result.encrypted else "не зашифрован"
        path = Path(result.path)
        self.result_label.setText(
            f"✓ Пакет № {result.sequence} записан ({lock}): <b>{escape(path.name)}</b><br>"
            f"Папка: {escape(str(path.parent))}<br>Передайте этот файл в управление."
        )
        self.result_label.setStyleSheet("color: #1b7f3b;")
        self.refresh()

    def open_written(self) -> None:
        if self.last_result is not None:
            open_folder(Path(self.last_result.path).parent)
