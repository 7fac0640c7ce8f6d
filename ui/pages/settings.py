"""Настройки: this installation's mode and name, program version, where the data lives."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, ValidationError
from app.services.installation import rename_installation
from app.services.settings import InstallationOverview, overview
from app.store import Store
from ui.widgets import ErrorLabel, SavedNote, page_title, with_error

FORM_MAX_WIDTH = 900


def _value_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SettingsPage(QWidget):
    """The office renames itself here; a school's name follows «Карточка школы»."""

    data_changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.info: InstallationOverview | None = overview(store)

        outer = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(page_title("Настройки"))
        header.addStretch(1)
        self.saved_note = SavedNote()
        header.addWidget(self.saved_note)
        outer.addLayout(header)

        body = QWidget()
        body.setMaximumWidth(FORM_MAX_WIDTH)
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.mode_label = _value_label("mode")
        form.addRow("Режим работы:", self.mode_label)

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.name_edit.editingFinished.connect(self.save_name)
        self.name_error = ErrorLabel()
        self.name_error.setObjectName("name_error")
        self.name_hint = QLabel("Наименование школы меняется в «Карточке школы».")
        self.name_hint.setStyleSheet("color: #555555;")
        name_box = with_error(self.name_edit, self.name_error)
        name_box.layout().addWidget(self.name_hint)
        form.addRow("Наименование:", name_box)

        self.version_label = _value_label("version")
        self.data_dir_label = _value_label("data_dir")
        self.database_label = _value_label("database")
        self.backups_label = _value_label("backups")
        form.addRow("Версия программы:", self.version_label)
        form.addRow("Папка данных:", self.data_dir_label)
        form.addRow("База данных:", self.database_label)
        form.addRow("Резервные копии:", self.backups_label)
        open_folder = QPushButton("Открыть папку данных")
        open_folder.clicked.connect(self.open_data_dir)
        button_row = QHBoxLayout()
        button_row.addWidget(open_folder)
        button_row.addStretch(1)
        form.addRow("", button_row)
        outer.addWidget(body)
        outer.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        self.info = overview(self.store)
        if self.info is None:
            return
        office = self.info.mode == "municipality"
        self.mode_label.setText(self.info.mode_label.capitalize())
        if not self.name_error.text():
            self.name_edit.setText(self.info.name)
        self.name_edit.setReadOnly(not office)
        self.name_hint.setVisible(not office)
        self.version_label.setText(self.info.program_version)
        self.data_dir_label.setText(self.info.data_dir)
        revision = self.info.schema_revision or "—"
        self.database_label.setText(f"{self.info.database} (ревизия схемы {revision})")
        self.backups_label.setText(self.info.backups_dir)

    def save_name(self) -> None:
        if self.info is None or self.name_edit.isReadOnly():
            return
        if self.name_edit.text().strip() == self.info.name:
            self.name_error.set_message(None)
            return
        try:
            rename_installation(self.store, self.name_edit.text())
        except ValidationError as exc:
            self.name_error.set_message(exc.errors.get("name", exc.message))
            return
        except UserError as exc:
            self.name_error.set_message(exc.message)
            return
        self.name_error.set_message(None)
        self.saved_note.flash()
        self.refresh()
        self.data_changed.emit()

    def flush(self) -> None:
        self.save_name()

    def open_data_dir(self) -> None:
        if self.info is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.info.data_dir))
