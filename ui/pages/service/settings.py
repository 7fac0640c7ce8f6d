"""Настройки: this installation's mode and name, program version, where the data lives (and the
database for the next start: settings_database.py), the exchange keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError, ValidationError
from app.core.settings import InstallationOverview, overview
from app.core.store import Store
from app.school.installation import rename_installation
from app.sync import keys
from ui.ops import attempt, tell_saved
from ui.pages.base import Page, PageContext
from ui.widgets.common import ErrorLabel, SavedNote, page_title, with_error
from ui.widgets.settings_database import DatabaseBox
from ui.widgets.settings_database import value_label as _value_label

FORM_MAX_WIDTH = 900
SHOWN_SCHOOL_KEYS = 8
KEY_FILTER = "Файл ключа (*.json);;Все файлы (*)"


def _write_key(store: Store, path: Path) -> Path:
    """This installation's public keys written to `path`, a failing disk told in Russian."""
    try:
        return keys.export_public(store, path)
    except OSError as exc:
        raise UserError(f"Файл не записан ({exc.strerror or exc}). Выберите другую папку.") from exc


def nobr(fingerprint: str | None) -> str:
    """A fingerprint kept on one line: its groups are read out one after another."""
    return (fingerprint or "").replace(" ", "&nbsp;")


class SettingsPage(Page):
    """The office renames itself here; a school's name follows «Карточка школы»."""

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        store = context.store
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
        self.backups_label = _value_label("backups")
        form.addRow("Версия программы:", self.version_label)
        form.addRow("Папка данных:", self.data_dir_label)
        form.addRow("Резервные копии:", self.backups_label)
        open_folder = QPushButton("Открыть папку данных")
        open_folder.clicked.connect(self.open_data_dir)
        button_row = QHBoxLayout()
        button_row.addWidget(open_folder)
        button_row.addStretch(1)
        form.addRow("", button_row)
        outer.addWidget(body)
        self.database_box = DatabaseBox(store)
        self.database_box.setMaximumWidth(FORM_MAX_WIDTH)
        self.database_label = self.database_box.current_label
        outer.addWidget(self.database_box)
        outer.addWidget(self._keys_box())
        outer.addStretch(1)
        self.refresh()

    def _keys_box(self) -> QWidget:
        """Keys for the exchange: own fingerprints (read over the phone), key files out and in."""
        box = QGroupBox("Ключи обмена пакетами")
        box.setMaximumWidth(FORM_MAX_WIDTH)
        form = QFormLayout(box)
        self.own_keys_label = _value_label("own_keys")
        self.other_keys_label = _value_label("other_keys")
        form.addRow("Ключи этой программы:", self.own_keys_label)
        self.other_keys_title = QLabel()
        form.addRow(self.other_keys_title, self.other_keys_label)
        row = QHBoxLayout()
        self.export_key_button = QPushButton("Сохранить мой ключ в файл…")
        self.export_key_button.clicked.connect(self.export_key)
        self.import_key_button = QPushButton("Загрузить ключ из файла…")
        self.import_key_button.clicked.connect(self.import_key)
        row.addWidget(self.export_key_button)
        row.addWidget(self.import_key_button)
        row.addStretch(1)
        form.addRow("", row)
        self.key_message = _value_label("key_message")
        self.key_error = ErrorLabel()
        form.addRow("", self.key_message)
        form.addRow("", self.key_error)
        return box

    def refresh_keys(self) -> None:
        prints = keys.fingerprints(self.store)
        own = f"подпись: <b>{nobr(prints['signing']) or '—'}</b>"
        if prints["mode"] == "municipality":
            own += f"<br>шифрование: <b>{nobr(prints['encryption']) or '—'}</b>"
        self.own_keys_label.setText(own + "<br>Сверяя ключ по телефону, читайте отпечаток подписи.")
        if prints["mode"] == "school":
            self.other_keys_title.setText("Ключ управления:")
            office = prints["office"]
            if office and office["signing"]:
                self.other_keys_label.setText(f"{office['name']}: <b>{nobr(office['signing'])}</b>")
            else:
                self.other_keys_label.setText(
                    "ещё не загружен — загрузите файл ключа управления, иначе пакеты не будут зашифрованы."
                )
        else:
            self.other_keys_title.setText("Ключи школ:")
            schools = prints["schools"]
            lines = [
                f"{s['code']} {s['name']}: <b>{nobr(s['signing'])}</b>"
                if s["signing"]
                else f"{s['code']} {s['name']}: нет"
                for s in schools[:SHOWN_SCHOOL_KEYS]
            ]
            if len(schools) > SHOWN_SCHOOL_KEYS:
                lines.append(f"… и ещё {len(schools) - SHOWN_SCHOOL_KEYS} (все — в «Обмен → Обратная связь»)")
            self.other_keys_label.setText("<br>".join(lines) or "школ в реестре пока нет")

    def export_key(self) -> None:
        inst = self.store.installation()
        suggested = "ключ_управления.json" if inst and inst.mode == "municipality" else "ключ_школы.json"
        path, _ = QFileDialog.getSaveFileName(self, "Сохранить мой ключ", suggested, KEY_FILTER)
        if not path:
            return
        written = attempt(self, lambda: _write_key(self.store, Path(path)), self.key_error.set_message)
        if written is None:
            return
        self.key_error.set_message(None)
        self.key_message.setText(
            f"Ключ сохранён в файл {Path(written).name}. Передайте его другой стороне обмена."
        )
        tell_saved(self, Path(written), "Ключ сохранён")

    def import_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Загрузить ключ", "", KEY_FILTER)
        if not path:
            return
        mismatch: list[str] = []  # the key differs from the one known: asked about below

        def refusal(message: str) -> None:
            if "не совпадает" in message:
                mismatch.append(message)
            else:
                self.key_error.set_message(message)

        taken = attempt(self, lambda: keys.import_key(self.store, Path(path)), refusal)
        if taken is None:
            if not mismatch:
                return
            answer = QMessageBox.question(
                self,
                "Новый ключ",
                f"{mismatch[0]}\n\nПринять новый ключ? "
                "Делайте это, только если отпечаток сверен по телефону.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            accept = lambda: keys.import_key(self.store, Path(path), accept_new=True)  # noqa: E731
            taken = attempt(self, accept, self.key_error.set_message)
            if taken is None:
                return
        self.key_error.set_message(None)
        self.key_message.setText(taken.message)
        self.refresh_keys()

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
        self.database_box.refresh()
        self.backups_label.setText(self.info.backups_dir)
        self.refresh_keys()

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
