"""«Принять пакеты»: choose files or a folder, see what each would change (a dry run), apply on
confirmation, and read the outcome per file. The office takes schools' packages here, a school
its office's feedback. Both runs go off the GUI thread with a progress bar and «Отмена»;
app.sync.exchange.import_packages applies each file whole or not at all. «Показать записи…»
reads its file off the GUI thread too (ui/ops.py), with a busy bar beside the button.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.store import Store
from app.sync.exchange import FileResult, import_packages
from app.sync.preview_records import RecordPreview, preview_records
from ui.dialogs.package_outcome import (
    DONE_COLOR,
    REFUSED_COLOR,
    STATUS_LABELS,
    RecordsDialog,
    change_details,
    change_summary,
)
from ui.ops import Op, show_progress
from ui.widgets.common import ErrorLabel

FILTER = "Пакеты «Дневника школы» (*.dnevnik);;Все файлы (*)"


NO_FILE_CHOSEN = "Выберите файл в таблице, чтобы увидеть изменения по разделам."


class ImportPanel(QWidget):
    """The wizard's body; embedded in «Принять пакеты» and in ImportWizard."""

    finished_run = Signal(bool)  # dry_run

    def __init__(self, store: Store, mode: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.mode = store, mode
        self.paths: list[Path] = []
        self.results: list[FileResult] = []
        self.state = "choose"  # choose → previewing → previewed → applying → applied
        self.cancelled = False
        self._run: Op | None = None  # the packages checked or applied
        self._reading: Op | None = None  # «Показать записи…» reading its file
        self._dry_run = True
        what = "пакеты школ" if mode == "municipality" else "пакет обратной связи от управления"

        layout = QVBoxLayout(self)
        self.step_label = QLabel()
        self.step_label.setWordWrap(True)
        layout.addWidget(self.step_label)
        pick = QHBoxLayout()
        self.files_button = QPushButton("Выбрать файлы…")
        self.files_button.clicked.connect(self.choose_files)
        self.folder_button = QPushButton("Выбрать папку…")
        self.folder_button.clicked.connect(self.choose_folder)
        self.clear_button = QPushButton("Очистить список")
        self.clear_button.clicked.connect(lambda: self.set_paths([]))
        for button in (self.files_button, self.folder_button, self.clear_button):
            pick.addWidget(button)
        pick.addStretch(1)
        layout.addLayout(pick)
        self.path_list = QListWidget()
        self.path_list.setMaximumHeight(70)
        layout.addWidget(self.path_list)
        self.accept_key = QCheckBox(
            "Принять новый ключ отправителя (только если отпечаток сверен по телефону)"
        )
        self.accept_key.setToolTip(
            "Ключ принимается только после сверки: программа покажет его отпечаток, сравните его "
            "с тем, что назовёт отправитель по телефону"
        )
        self.accept_key.toggled.connect(self._accept_key_toggled)
        layout.addWidget(self.accept_key)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Файл", "Школа", "№ пакета", "Итог", "Изменения / причина"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.details = QTextBrowser()
        self._no_file_chosen()
        self.records_button = QPushButton("Показать записи…")
        self.records_button.setToolTip("Какие именно записи выбранный файл добавит, изменит и удалит")
        self.records_button.clicked.connect(self.show_records)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.details, 1)
        self.records_busy = QProgressBar(maximum=0, maximumWidth=120, textVisible=False)  # busy
        self.records_busy.hide()
        self.records_error = ErrorLabel()  # why the file could not be read
        side_row = QHBoxLayout()
        side_row.addStretch(1)
        side_row.addWidget(self.records_busy)
        side_row.addWidget(self.records_button)
        side_layout.addLayout(side_row)
        side_layout.addWidget(self.records_error)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)

        run_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.cancel_button = QPushButton("Отмена")
        self.cancel_button.clicked.connect(self.cancel)
        self.preview_button = QPushButton("Проверить пакеты")
        self.preview_button.clicked.connect(self.preview)
        self.apply_button = QPushButton("Принять")
        self.apply_button.clicked.connect(self.apply)
        policy = self.progress.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the buttons keep their place and size
        self.progress.setSizePolicy(policy)
        run_row.addWidget(self.progress, 1)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.preview_button)
        run_row.addWidget(self.apply_button)
        layout.addLayout(run_row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self._what = what
        self._update()

    # --- choosing -------------------------------------------------------

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Выберите пакеты", "", FILTER)
        if files:
            self.set_paths(self.paths + [Path(f) for f in files])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Папка с пакетами", "")
        if folder:
            self.set_paths(self.paths + [Path(folder)])

    def set_paths(self, paths: list[Path]) -> None:
        self.paths = list(dict.fromkeys(paths))
        self.path_list.clear()
        for path in self.paths:
            self.path_list.addItem(f"папка {path}" if path.is_dir() else str(path))
        self.results = []
        self.table.setRowCount(0)
        self._no_file_chosen()
        self.summary.clear()
        self.state = "choose"
        self._set_accept_key(False)  # a key compared for other files is not compared for these
        self._update()

    # --- a sender's key, compared by a person ------------------------------------

    def _set_accept_key(self, checked: bool) -> None:
        blocked = self.accept_key.blockSignals(True)
        self.accept_key.setChecked(checked)
        self.accept_key.blockSignals(blocked)

    def offered_keys(self) -> list[FileResult]:
        """The files of the last check refused for a key not yet accepted here."""
        return [r for r in self.results if r.status == "refused" and r.offered_key]

    def _accept_key_toggled(self, checked: bool) -> None:
        """A key is accepted only once a person has compared its fingerprint (spec, first-key rule)."""
        if not checked:
            return
        offered = self.offered_keys()
        if not offered:
            self._set_accept_key(False)
            self.summary.setText(
                "Сначала нажмите «Проверить пакеты»: программа покажет отпечаток нового ключа, "
                "чтобы сверить его по телефону с отправителем."
            )
            return
        at_office = self.mode == "municipality"
        lines = "\n".join(
            f"• {r.file.name}{f' (школа {r.school_code})' if at_office and r.school_code else ''}: "
            + str(r.offered_key)
            for r in offered
        )
        sender = "школой" if self.mode == "municipality" else "управлением"
        answer = QMessageBox.question(
            self,
            "Сверка отпечатка ключа",
            f"Пакеты подписаны ключом, которого здесь ещё не знают. Отпечаток ключа в пакете:\n\n"
            f"{lines}\n\nПозвоните отправителю и попросите прочитать отпечаток его ключа "
            f"(«Сервис → Настройки»). Отпечаток совпадает с тем, что назвали {sender}?\n\n"
            "Если не совпадает или сверить нельзя — нажмите «Нет»: чужой ключ принимать нельзя.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            self._set_accept_key(False)
            return
        self.preview()  # checked again with the key accepted: the rows and the pane say the same

    # --- running --------------------------------------------------------

    def preview(self) -> None:
        self._start(dry_run=True)

    def apply(self) -> None:
        self._start(dry_run=False)

    def cancel(self) -> None:
        if self._run is not None:
            self.cancelled = True
            self._run.cancel()
            self.cancel_button.setEnabled(False)
            self.summary.setText(
                "Отмена: текущий файл будет доведён до конца или не тронут, остальные — не тронуты."
            )

    def running(self) -> bool:
        return self._run is not None

    def reading(self) -> bool:
        return self._reading is not None

    def wait(self) -> None:
        """Cancel and wait for the worker and the records being read (the window closes)."""
        if self._run is not None:
            self.cancel()
            self._run.wait()
        if self._reading is not None:
            self._reading.wait()

    def _start(self, dry_run: bool) -> None:
        if not self.paths or self.running() or self.reading():
            return
        self.cancelled = False
        self.state = "previewing" if dry_run else "applying"
        self.progress.setRange(0, 0)
        self.progress.setFormat("")
        self.summary.setText("Проверка пакетов…" if dry_run else "Пакеты применяются…")
        store, paths, accept_new_key = self.store, list(self.paths), self.accept_key.isChecked()
        work = lambda progress: import_packages(store, paths, dry_run, accept_new_key, progress)  # noqa: E731
        self._run = Op(self, work, "Пакеты не удалось принять").on_progress(self._progress)
        self._run.success(self._done).on_cancel(self._done).failure(self._failed)
        self._dry_run = dry_run
        self._update()
        self._run.run()

    def _progress(self, stage: str, fraction: float) -> None:
        show_progress(self.progress, fraction)
        self.progress.setFormat(stage)

    def _failed(self, error: str) -> None:
        self._done([], error)

    def _done(self, results: list[FileResult] | None, error: str = "") -> None:
        dry_run = self._dry_run
        self._run = None
        results = results or []
        self.results = results
        self._fill(results)
        if error:
            self.summary.setText(f"<span style='color:#b00020'>{error}</span>")
        else:
            self.summary.setText(self._summary_text(results, dry_run))
        self.state = "previewed" if dry_run else "applied"
        self._update()
        self.finished_run.emit(dry_run)

    def _summary_text(self, results: list[FileResult], dry_run: bool) -> str:
        counts: dict[str, int] = {}
        for result in results:
            counts[result.status] = counts.get(result.status, 0) + 1
        parts = [f"{STATUS_LABELS.get(k, k)}: {v}" for k, v in counts.items()]
        text = ("Проверка — " if dry_run else "Готово — ") + (", ".join(parts) or "файлов нет") + "."
        if self.cancelled:
            text += " Работа отменена: необработанные файлы не тронуты."
        if dry_run and counts.get("would_import"):
            text += " База ещё не изменена — нажмите «Принять», чтобы применить."
        return text

    def _fill(self, results: list[FileResult]) -> None:
        self.table.setRowCount(len(results))
        for row, result in enumerate(results):
            cells = [
                result.file.name,
                result.school_code or "",
                str(result.sequence) if result.sequence is not None else "",
                STATUS_LABELS.get(result.status, result.status),
                result.reason if result.status == "refused" else (change_summary(result) or result.reason),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(result.file) if column == 0 else text)
                if result.status == "refused":
                    item.setForeground(QBrush(REFUSED_COLOR))
                elif result.status == "imported":
                    item.setForeground(QBrush(DONE_COLOR))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if results:
            self.table.selectRow(0)
        self._show_details()  # the pane follows the new results even if the selected row stays

    def selected_result(self) -> FileResult | None:
        rows = self.table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.results):
            return self.results[rows[0].row()]
        return None

    def _show_details(self) -> None:
        result = self.selected_result()
        if result is not None:
            self.details.setHtml(change_details(result))
        else:
            self._no_file_chosen()
        self._update()

    def _no_file_chosen(self) -> None:
        # A paragraph, not a placeholder: Qt draws a placeholder on one line, cut at the edge.
        self.details.setHtml(f"<p style='color: gray'>{NO_FILE_CHOSEN}</p>")

    def show_records(self) -> Op | None:
        """«Показать записи…»: the selected file read again as a dry run, on a thread of its own;
        its records open in a window of their own once read."""
        result = self.selected_result()
        if result is None or result.status != "would_import" or self.running() or self.reading():
            return None
        path, store = result.file, self.store
        work = lambda _progress: preview_records(store, path)  # noqa: E731
        self._reading = Op(self, work, f"Записи пакета «{path.name}» не прочитаны")
        self._reading.on_end(self._records_ended)  # methods: no call once the panel is gone
        self._reading.success(self._records_read).failure(self._records_failed)
        self.records_button.setText("Пакет читается…")
        self.records_busy.show()
        self.records_error.set_message(None)
        self._update()
        return self._reading.run()

    def _records_ended(self) -> None:
        self._reading = None
        self.records_button.setText("Показать записи…")
        self.records_busy.hide()
        self._update()

    def _records_failed(self, error: str) -> None:
        advice = "Проверьте, что файл на месте и не изменён, и нажмите «Проверить пакеты» ещё раз."
        self.records_error.set_message(f"{error.rstrip('.')}. {advice}")

    def _records_read(self, preview: RecordPreview | None) -> None:
        if preview is not None:
            RecordsDialog(preview, self).exec()

    def _update(self) -> None:
        running = self.running() or self.reading()
        steps = {
            "choose": f"Шаг 1 из 3. Выберите {self._what}: файлы *.dnevnik или папку "
            "(флешку, вложения почты).",
            "previewing": "Шаг 2 из 3. Пакеты проверяются — база не меняется.",
            "previewed": "Шаг 2 из 3. Посмотрите, что изменит каждый файл, и нажмите «Принять».",
            "applying": "Шаг 3 из 3. Пакеты применяются, каждый файл целиком или никак.",
            "applied": "Шаг 3 из 3. Итог по каждому файлу.",
        }
        self.step_label.setText(f"<b>{steps[self.state]}</b>")
        for button in (self.files_button, self.folder_button, self.clear_button):
            button.setEnabled(not running)
        self.accept_key.setEnabled(not running)
        self.preview_button.setEnabled(bool(self.paths) and not running)
        can_apply = self.state == "previewed" and any(r.status == "would_import" for r in self.results)
        self.apply_button.setEnabled(can_apply and not running)
        selected = self.selected_result() if self.results else None
        self.records_button.setEnabled(
            not running
            and self.state == "previewed"
            and selected is not None
            and selected.status == "would_import"
        )
        self.cancel_button.setEnabled(self.running())
        self.progress.setVisible(self.running() or self.state in ("previewed", "applied"))


class ImportWizard(QDialog):
    """The panel in a window of its own (a school's feedback; a package opened from Explorer)."""

    def __init__(
        self, store: Store, mode: str, paths: list[Path] | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("Принять пакеты" if mode == "municipality" else "Принять пакет обратной связи")
        self.resize(1100, 620)
        layout = QVBoxLayout(self)
        self.panel = ImportPanel(store, mode)
        layout.addWidget(self.panel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if paths:
            self.panel.set_paths(paths)

    def reject(self) -> None:
        self.panel.wait()
        super().reject()
