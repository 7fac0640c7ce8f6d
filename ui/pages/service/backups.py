"""«Резервные копии»: the copies with dates and sizes; make one now, to a folder, restore one.

Making, checking and restoring a copy run off the GUI thread (ui/ops.py) with a progress
bar; the page's buttons wait meanwhile. A copy is made while the window stays in use; a restore
holds the window under a progress dialog, since it replaces everything the window shows.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.backup.check import CheckReport, check_database
from app.backup.copies import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_WEEKLY,
    SERVER_MESSAGE,
    BackupInfo,
    backup_name,
    format_size,
    list_backups,
    make_backup,
    server_database,
)
from app.backup.restore import (
    Candidate,
    RestoreResult,
    check_backup,
    other_mode,
    other_school,
    restore_backup,
)
from app.core import paths
from app.core.dates import format_moment
from ui.ops import BUSY, Op, ProgressDialog, show_progress, show_refusal, tell_saved
from ui.pages.base import Page, PageContext
from ui.widgets.common import ErrorLabel, SavedNote, page_title
from ui.widgets.flow import FlowLayout
from ui.widgets.tables import record_table

PAGE_KEY = "Сервис/Резервные копии"
BACKUP_FILTER = "Резервные копии (*.zip *.db);;Все файлы (*)"
HEADERS = ["Дата и время", "Вид копии", "Размер", "Что внутри"]
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
# The main window built after a restore: a top-level widget needs a Python reference to live.
_rebuilt_windows: list[QWidget] = []


class BackupsPage(Page):
    restored = Signal()

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.backups: list[BackupInfo] = []
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Резервные копии"))

        self.about_label = QLabel()
        self.about_label.setWordWrap(True)
        self.about_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.about_label)

        tools = FlowLayout()
        self.create_button = QPushButton("Создать копию сейчас")
        self.save_button = QPushButton("Сохранить копию в папку…")
        self.save_button.setToolTip("Например, на флешку: копию можно хранить вне этого компьютера")
        self.restore_button = QPushButton("Восстановить…")
        self.restore_button.setToolTip("Вернуть базу и ключи к состоянию выбранной копии")
        self.restore_file_button = QPushButton("Восстановить из файла…")
        self.restore_file_button.setToolTip("Копия на флешке или в другой папке")
        self.open_button = QPushButton("Открыть папку копий")
        self.check_button = QPushButton("Проверка базы")
        self.check_button.setToolTip("Проверить файл базы, связи записей и читаемость каждого текста")
        for button in (self.create_button, self.save_button, self.restore_button, self.restore_file_button):
            tools.addWidget(button)
        tools.add_gap(16)
        tools.addWidget(self.check_button)
        tools.addWidget(self.open_button)
        layout.addLayout(tools)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        record_table(self.table, widths={0: 140, 1: 220, 2: 90})
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        running = QHBoxLayout()
        self.stage_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setFormat("%p %")
        running.addWidget(self.stage_label)
        running.addWidget(self.progress_bar, 1)
        layout.addLayout(running)
        self.run: Op | None = None

        bottom = QHBoxLayout()
        self.saved_note = SavedNote()
        self.error_label = ErrorLabel()
        bottom.addWidget(self.saved_note)
        bottom.addWidget(self.error_label, 1)
        layout.addLayout(bottom)

        self.create_button.clicked.connect(self.create_now)
        self.save_button.clicked.connect(self.save_to_folder)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.open_button.clicked.connect(self.open_folder)
        self.check_button.clicked.connect(self.check_now)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.refresh()

    # --- list ---------------------------------------------------------------------------------

    @property
    def on_server(self) -> bool:
        return server_database(self.store)

    def refresh(self) -> None:
        folder = paths.backups_dir(self.store.data_dir)
        if self.on_server:
            self.about_label.setText(SERVER_MESSAGE)
        else:
            self.about_label.setText(
                "Копии базы и ключей делаются сами: раз в день при запуске, перед каждой загрузкой "
                "пакетов и перед обновлением программы. Хранятся все копии последних суток и по одной "
                f"за каждый из последних {KEEP_DAILY} дней, {KEEP_WEEKLY} недель и {KEEP_MONTHLY} месяцев. "
                f"Папка копий: {folder}"
            )
        self.open_button.setEnabled(not self.on_server)
        self.table.setEnabled(not self.on_server)
        self.backups = [] if self.on_server else list_backups(self.store.data_dir)
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            cells = [
                format_moment(backup.local_time),
                backup.label,
                format_size(backup.size),
                "база и ключи" if backup.with_keys else "только база",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(PATH_ROLE, str(backup.path))
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if self.backups:
            self.table.selectRow(0)
        self._selection_changed()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.backups):
            return None
        return self.backups[rows[0].row()]

    def _selection_changed(self) -> None:
        self._update_buttons()

    def running(self) -> bool:
        return self.run is not None

    def _update_buttons(self) -> None:
        idle = not self.on_server and not self.running()
        for button in (self.create_button, self.save_button, self.restore_file_button):
            button.setEnabled(idle)
        self.check_button.setEnabled(not self.running())
        self.restore_button.setEnabled(idle and self.selected() is not None)
        for widget in (self.stage_label, self.progress_bar):
            widget.setVisible(self.running())

    @property
    def busy_dialog(self) -> ProgressDialog | None:
        """The dialog that holds the window while a restore runs."""
        return self.run.dialog if self.run is not None else None

    def _start(self, op: Op, stage: str) -> Op:
        """`op` run with its progress on the page's bar; the page's buttons wait meanwhile."""
        self.error_label.set_message(None)
        self.run = op.on_progress(self._progress).on_end(self._finished)  # methods: none once gone
        self._progress(stage, BUSY)
        self._update_buttons()
        return op.run()

    def _progress(self, stage: str, fraction: float) -> None:
        self.stage_label.setText(f"{stage}…")
        show_progress(self.progress_bar, fraction)

    def _finished(self) -> None:
        self.run = None
        self._update_buttons()

    def flush(self) -> None:
        """The window closes: a copy being made or restored is finished first."""
        if self.run is not None:
            self.run.wait()

    # --- making copies ------------------------------------------------------------------------

    def create_now(self) -> Op | None:
        return self._make(None)

    def save_to_folder(self) -> Op | None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen = QFileDialog.getExistingDirectory(self, "Куда сохранить копию (например, флешка)", start)
        if not chosen:
            return None
        return self._make(Path(chosen) / backup_name("manual", datetime.now(UTC)))

    def _make(self, out: Path | None) -> Op | None:
        """A copy of the database and keys, made while the window stays in use."""
        if self.running():
            return None
        self.flush_window()
        store = self.store

        def made(path: Path | None) -> None:
            if path is None:
                self.error_label.set_message("Копия не сделана.")
                return
            self.refresh()
            self.saved_note.flash(f"Копия сохранена: {path.name}" if out else "Копия создана")
            if out is not None:
                tell_saved(self, path, "Копия базы и ключей сохранена")

        work = lambda progress: make_backup(store, "manual", out, progress)  # noqa: E731
        op = Op(self, work, "Резервную копию сделать не удалось")
        return self._start(op.success(made).failure(self.error_label.set_message), "Копия готовится")

    def check_now(self) -> Op | None:
        """«Проверка базы» (app/backup/check.py): what it found, or that nothing is wrong."""
        if self.running():
            return None
        self.flush_window()
        store = self.store

        def told(report: CheckReport | None) -> None:
            if report is None:
                return
            if report.ok:
                QMessageBox.information(self, "Проверка базы", report.text())
            else:
                QMessageBox.warning(self, "Проверка базы", report.text())

        op = Op(self, lambda _progress: check_database(store), "Базу не удалось проверить")
        return self._start(op.success(told).failure(self.error_label.set_message), "Проверка базы")

    def open_folder(self) -> None:
        folder = paths.backups_dir(self.store.data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # --- restoring ----------------------------------------------------------------------------

    def restore_selected(self) -> Op | None:
        backup = self.selected()
        return self.restore(backup.path) if backup is not None else None

    def restore_from_file(self) -> Op | None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _ = QFileDialog.getOpenFileName(self, "Восстановить из резервной копии", start, BACKUP_FILTER)
        return self.restore(Path(chosen)) if chosen else None

    def restore(self, path: Path) -> Op | None:
        """Check the copy (the window in use meanwhile), ask, then restore it under a progress
        dialog; the window is then built anew on the restored data."""
        if self.running():
            return None
        installation = self.store.installation()
        mode = installation.mode if installation else None
        data_dir = self.store.data_dir

        def checked(candidate: Candidate | None) -> None:
            if candidate is None:
                unsuitable("Копию не удалось проверить.")
            elif (difference := other_mode(data_dir, candidate, mode)) is not None:
                if self._confirm_difference(
                    "Копия другого режима", difference, "копию ДРУГОГО режима вместо этой базы"
                ):
                    self._restore(path, other_mode_confirmed=True)
            elif (difference := other_school(data_dir, candidate)) is not None:
                if self._confirm_difference(
                    "Копия другой школы", difference, "копию ДРУГОЙ школы вместо этой"
                ):
                    self._restore(path, other_school_confirmed=True)
            elif self._confirm(candidate):
                self._restore(path)

        def unsuitable(message: str) -> None:
            show_refusal(self, message, "Копия не подходит")

        op = Op(self, lambda _progress: check_backup(data_dir, path), "Копию не удалось проверить")
        return self._start(op.success(checked).failure(unsuitable), "Проверка копии")

    def _confirm(self, candidate: Candidate) -> bool:
        answer = QMessageBox.question(
            self,
            "Восстановить из копии?",
            f"Восстановить базу и ключи: {candidate.summary}?\n\n"
            "Всё, что внесено после создания этой копии, из базы уйдёт. Текущее состояние "
            "перед этим будет сохранено в резервную копию «перед восстановлением» — к нему "
            "можно будет вернуться.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _confirm_difference(self, title: str, difference: str, what: str) -> bool:
        """The copy is another school's or of the other mode: the question names both, «Нет» by default."""
        answer = QMessageBox.question(
            self,
            title,
            f"Внимание: {difference}\n\nВосстановить {what}? Всё, что хранится "
            "в этой базе, будет заменено; текущее состояние сохранится в резервную копию.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _restore(
        self, path: Path, other_school_confirmed: bool = False, other_mode_confirmed: bool = False
    ) -> Op:
        self.flush_window()
        store = self.store

        def failed(message: str) -> None:
            show_refusal(self, message, "База не восстановлена")
            self.refresh()

        def restored(result: RestoreResult | None) -> None:
            if result is None:
                failed("База не восстановлена.")
                return
            self.restored.emit()
            window = rebuild_main_window(self)
            message = f"База восстановлена: {result.candidate_summary}."
            if result.previous_state is not None:
                message += f"\nПрежнее состояние сохранено в копии {result.previous_state.name}."
            QMessageBox.information(window, APP_NAME, message)

        work = lambda progress: restore_backup(  # noqa: E731
            store, path, progress, other_school_confirmed, other_mode_confirmed
        )
        op = Op(self, work, "Базу не удалось восстановить").success(restored).failure(failed)
        holding = op.with_progress("Восстановление базы из резервной копии", cancellable=False)
        return self._start(holding, "Восстановление")

    def flush_window(self) -> None:
        """Edits typed on other pages but not yet confirmed go into the database (and the copy)."""
        from ui.shell.main_window import MainWindow

        window = self.window()
        for page in window.pages.values() if isinstance(window, MainWindow) else ():
            if page is not self:
                page.flush()


def rebuild_main_window(page: QWidget) -> QWidget:
    """A new main window on the (restored) store in place of the page's own; it opens this page."""
    from ui.shell.app import create_main_window
    from ui.shell.main_window import MainWindow

    old = page.window()
    if not isinstance(old, MainWindow):
        return old
    window = create_main_window(old.store)
    window.setGeometry(old.geometry())
    if old.isMaximized():
        window.showMaximized()
    else:
        window.show()
    window.show_page(PAGE_KEY)
    # The old window stays referenced until its deleteLater has run (we are inside its slot).
    _rebuilt_windows[:] = [w for w in _rebuilt_windows if w is old] + [window]
    old.hide()  # not close(): closing would save the old pages' fields into the restored base
    old.deleteLater()
    return window
