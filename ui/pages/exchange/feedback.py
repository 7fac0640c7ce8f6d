"""«Обратная связь» (office): write a feedback package — curator comments, recommendations, the
catalogue and receipts — for one school or for every school (app.sync.exchange)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import format_moment
from app.core.errors import UserError
from app.office.feedback_view import SchoolFeedbackRow, feedback_schools
from app.sync.exchange import write_feedback, write_feedback_all
from ui.dialogs.folder_choice import FolderChoice, open_folder
from ui.ops import Op
from ui.pages.base import Page, PageContext
from ui.widgets.common import ErrorLabel, first_selected, page_title
from ui.widgets.tables import fill, text_table


class FeedbackPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.rows: list[SchoolFeedbackRow] = []
        self.written: list[Path] = []
        self.run: Op | None = None  # packages being written
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Обратная связь"))
        intro = QLabel(
            "Пакет обратной связи несёт школе комментарии куратора, адресные рекомендации, каталог "
            "мероприятий и подтверждения о полученных пакетах. Он подписан управлением и зашифрован "
            "ключом школы, если ключ известен."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        schools = QGroupBox("1. Школы")
        schools_layout = QVBoxLayout(schools)
        headers = ["Код", "Школа", "Ключ школы", "Последняя обратная связь", "Ждут отправки"]
        self.table = text_table(headers, single=True)
        self.table.itemSelectionChanged.connect(self._update)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)
        header.setSectionResizeMode(4, header.ResizeMode.ResizeToContents)
        schools_layout.addWidget(self.table)
        layout.addWidget(schools, 1)

        where = QGroupBox("2. Куда записать")
        where_layout = QVBoxLayout(where)
        self.folder_choice = FolderChoice("Папка для пакетов обратной связи")
        self.folder_choice.chosen.connect(lambda _path: self._update())
        where_layout.addWidget(self.folder_choice)
        buttons = QHBoxLayout()
        self.one_button = QPushButton("Записать для выбранной школы")
        self.one_button.clicked.connect(self.write_one)
        self.all_button = QPushButton("Записать для всех школ")
        self.all_button.clicked.connect(self.write_all)
        self.open_button = QPushButton("Открыть папку")
        self.open_button.clicked.connect(self.open_written)
        for button in (self.one_button, self.all_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        where_layout.addLayout(buttons)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        # a long folder path wraps inside the page instead of widening the window
        self.result_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.result_label.setStyleSheet("color: #1b7f3b;")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = ErrorLabel()
        where_layout.addWidget(self.result_label)
        where_layout.addWidget(self.error)
        layout.addWidget(where)
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected_code()
        self.rows = feedback_schools(self.store)
        fill(
            self.table,
            [
                [
                    r.code,
                    r.name,
                    "известен" if r.key_known else "нет — пакет не будет зашифрован",
                    format_moment(r.last_written) or "ещё не было",
                    str(r.unsent),
                ]
                for r in self.rows
            ],
        )
        for index, row in enumerate(self.rows):
            if row.code == selected:
                self.table.selectRow(index)
        self._update()

    def selected_code(self) -> str | None:
        index = first_selected(self.table)
        if index is not None and index.row() < len(self.rows):
            return self.rows[index.row()].code
        return None

    def _update(self) -> None:
        has_folder = self.folder_choice.folder is not None
        idle = has_folder and not self.writing()
        self.one_button.setEnabled(idle and self.selected_code() is not None)
        self.all_button.setEnabled(idle and bool(self.rows))
        self.open_button.setVisible(bool(self.written))

    def writing(self) -> bool:
        return self.run is not None

    def _write(self, action: Callable[[], list[Path]]) -> Op | None:
        """Write off the GUI thread; each package is written whole or not at all, so cancelling
        only drops the report (the list then says what went out)."""
        if self.writing():
            return None
        self.error.set_message(None)
        self.result_label.clear()
        self.run = Op(self, lambda _progress: _on_disk(action), "Пакеты не записаны").on_end(self._ended)
        self.run.with_progress("Записываются пакеты обратной связи…").success(self._written)
        self.run.failure(self.error.set_message)
        self._update()
        return self.run.run()

    def _ended(self) -> None:
        self.run = None
        self.refresh()

    def _written(self, written: list[Path]) -> None:
        self.written = written
        names = "<br>".join(escape(p.name) for p in self.written[:10])
        more = f"<br>… и ещё {len(self.written) - 10}" if len(self.written) > 10 else ""
        folder = escape(str(self.folder_choice.folder))
        self.result_label.setText(
            f"✓ Записано пакетов: {len(self.written)}<br>Папка: <b>{folder}</b><br>{names}{more}"
        )
        self._update()

    def write_one(self) -> None:
        code, folder = self.selected_code(), self.folder_choice.folder
        if code and folder:
            self._write(lambda: [write_feedback(self.store, code, folder)])

    def write_all(self) -> None:
        folder = self.folder_choice.folder
        if folder:
            self._write(lambda: write_feedback_all(self.store, folder))

    def open_written(self) -> None:
        if self.written:
            open_folder(self.written[0].parent)


def _on_disk(action: Callable[[], list[Path]]) -> list[Path]:
    """`action`'s packages, a failing disk told in Russian."""
    try:
        return action()
    except OSError as exc:
        raise UserError(
            f"Пакет не записан ({exc.strerror or exc}). Проверьте флешку или выберите другую папку."
        ) from exc
