"""Excel templates and import for a page: save a template, pick a filled file, see what will be
added and changed (or which rows are wrong), and only then import it in one go."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.store import Store
from app.imports.xlsx_import import ImportPreview, apply_import
from ui.ops import Op, attempt, tell_saved
from ui.widgets.common import ERROR_STYLE, ErrorLabel

XLSX_FILTER = "Книга Excel (*.xlsx)"


def _documents() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if c == 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setMinimumSectionSize(64)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


class ImportPreviewDialog(QDialog):
    """Shows a preview; «Импортировать» is offered only for a clean file with something new."""

    def __init__(self, store: Store, preview: ImportPreview, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.preview = preview
        self.saved = 0
        self.setWindowTitle("Импорт из Excel — проверка файла")
        self.resize(900, 520)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Файл: «{preview.source}»"))
        self.summary_label = QLabel(preview.summary())
        self.summary_label.setWordWrap(True)
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        if preview.errors:
            self.summary_label.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.summary_label)

        if preview.errors:
            self.errors_table = _table(
                ["Строка", "Что не так"], [[str(e.row), e.message] for e in preview.errors]
            )
            layout.addWidget(self.errors_table, 1)
        lines = [[str(a.row), "добавить: " + a.what, "", a.new] for a in preview.added]
        lines += [[str(c.row), "изменить: " + c.what, c.old, c.new] for c in preview.changed]
        lines.sort(key=lambda line: int(line[0]))
        self.changes_table = _table(["Строка", "Что", "Было", "Станет"], lines)
        if lines:
            if preview.errors:
                layout.addWidget(QLabel("Строки без ошибок (будут импортированы после исправления файла):"))
            layout.addWidget(self.changes_table, 2)
        else:
            self.changes_table.hide()
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)

        std = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(std.Ok | std.Cancel)
        self.import_button = self.buttons.button(std.Ok)
        self.import_button.setText("Импортировать")
        self.import_button.setEnabled(preview.can_import)
        self.buttons.button(std.Cancel).setText("Закрыть" if not preview.can_import else "Отмена")
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def apply(self) -> None:
        if not self.preview.can_import:
            return
        saved = attempt(self, lambda: apply_import(self.store, self.preview), self.error_label.set_message)
        if saved is None:
            return
        self.saved = saved
        self.accept()


def save_template(parent: QWidget, default_name: str, write: Callable[[Path], Path]) -> Path | None:
    """Ask where, write the template there; None if cancelled or refused (the user is told why)."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Сохранить шаблон Excel", str(_documents() / default_name), XLSX_FILTER
    )
    if not chosen:
        return None
    path = Path(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")
    written = attempt(parent, lambda: write(path), title="Шаблон не сохранён")
    if written is not None:
        tell_saved(parent, path, "Шаблон Excel сохранён")
    return written


def import_from_excel(
    parent: QWidget, store: Store, read: Callable[[Path], ImportPreview], imported: Callable[[int], object]
) -> Op | None:
    """Pick a file, read and check it off the GUI thread, show the preview; `imported(saved)` once
    values were saved (a cancelled read or a declined preview changes nothing)."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Импорт из Excel", str(_documents()), f"{XLSX_FILTER};;Все файлы (*)"
    )
    if not chosen:
        return None
    path = Path(chosen)

    def checked(preview: ImportPreview) -> None:
        dialog = ImportPreviewDialog(store, preview, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            imported(dialog.saved)

    op = Op(parent, lambda _progress: read(path), "Файл не удалось прочитать", title="Файл не принят")
    return op.with_progress(f"Проверяется файл «{path.name}»…").success(checked).run()
