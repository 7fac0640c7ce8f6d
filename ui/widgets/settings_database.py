"""«База данных» in Настройки: where the data is now, and a PostgreSQL server for the next start
(an office whose staff share one database), or back to the file on this computer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.core.settings import database_setting, use_local_file, use_server
from app.core.store import Store
from ui.ops import attempt, refused
from ui.widgets.common import ErrorLabel, with_error

EXAMPLE = "postgresql://пользователь:пароль@сервер:5432/база"
HINT = (
    "Несколько компьютеров управления могут работать с одной базой на сервере PostgreSQL. "
    "Адрес проверяется подключением и действует со следующего запуска программы. Ключи обмена "
    "остаются в папке данных: на каждый компьютер скопируйте папку keys с того, где база создана."
)


def value_label(name: str) -> QLabel:
    """A value shown in a form: wraps, and can be selected and copied."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DatabaseBox(QGroupBox):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("База данных", parent)
        self.store = store
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.current_label = value_label("db_current")
        self.next_label = value_label("db_next")
        form.addRow("Сейчас:", self.current_label)
        form.addRow("При следующем запуске:", self.next_label)

        self.address_edit = QLineEdit()
        self.address_edit.setObjectName("db_address")
        self.address_edit.setPlaceholderText(EXAMPLE)
        self.address_edit.returnPressed.connect(self.save_server)
        self.address_error = ErrorLabel()
        self.address_error.setObjectName("db_error")
        server = with_error(self.address_edit, self.address_error)
        column = server.layout()
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Проверить и сохранить")
        self.save_button.clicked.connect(self.save_server)
        self.local_button = QPushButton("Работать с файлом на этом компьютере")
        self.local_button.clicked.connect(self.use_local)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.local_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.message = value_label("db_message")
        self.message.hide()
        column.addWidget(self.message)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        column.addWidget(hint)
        self.form = form
        form.addRow("Сервер PostgreSQL:", server)
        self.server_row = form.rowCount() - 1
        self.refresh()

    def refresh(self) -> None:
        setting = database_setting(self.store)
        kind = "сервер PostgreSQL" if setting.on_server else "файл на этом компьютере"
        revision = setting.schema_revision or "—"
        self.current_label.setText(f"{setting.current} ({kind}, ревизия схемы {revision})")
        if setting.next_server:
            self.next_label.setText(f"сервер {setting.next_server}")
        else:
            self.next_label.setText("файл в папке данных этого компьютера")
        self.local_button.setEnabled(setting.next_server is not None)
        self.form.setRowVisible(self.server_row, setting.server_offered)

    def save_server(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a connection may take seconds
        try:
            shown = attempt(self, lambda: use_server(self.store, self.address_edit.text()), self._refused)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if shown is None:
            return
        self.address_error.set_message(None)
        self.address_edit.clear()  # it may hold a password
        self._say(
            f"Подключение к {shown} проверено, адрес сохранён. Перезапустите программу, чтобы "
            "работать с этой базой."
        )
        self.refresh()

    def use_local(self) -> None:
        if refused(self, lambda: use_local_file(self.store), self.address_error.set_message):
            return
        self.address_error.set_message(None)
        self._say(
            "Со следующего запуска программа будет работать с файлом базы в папке данных этого компьютера."
        )
        self.refresh()

    def _refused(self, message: str) -> None:
        self.address_error.set_message(message)
        self._say(None)

    def _say(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))
