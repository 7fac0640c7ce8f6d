"""The catalogue's form for one event: add or change; stays open and says beside each field what
is wrong until the event can be saved."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.core.store import Store
from app.office.catalogue import (
    LEVEL_LABELS,
    CatalogueData,
    CatalogueRow,
    add_event,
    update_event,
)
from ui.forms import FormDialog
from ui.widgets.common import with_error
from ui.widgets.pickers import OptionalDateEdit

FORMS = ("семинар", "вебинар", "практикум", "мастер-класс", "курсы повышения квалификации", "конференция")


class CatalogueDialog(FormDialog):
    """Saves through app.office.catalogue; `item` is the saved row once accepted."""

    def __init__(self, store: Store, item: CatalogueRow | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.item = item
        self.setWindowTitle("Мероприятие каталога" if item else "Новое мероприятие каталога")
        self.setMinimumWidth(680)

        layout, form = self.start_form()

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("например, Семинар «Формирование учебной мотивации»")
        self.form_combo = QComboBox()
        self.form_combo.setEditable(True)
        self.form_combo.addItems(FORMS)
        self.form_combo.lineEdit().setPlaceholderText("выберите или впишите свою")
        self.organizer_edit = QLineEdit()
        self.organizer_edit.setPlaceholderText("например, МКУ «Информационно-методический центр»")
        self.level_combo = QComboBox()
        for value, label in LEVEL_LABELS.items():
            self.level_combo.addItem(label, value)
        self.from_edit = OptionalDateEdit("с")
        self.to_edit = OptionalDateEdit("по")
        dates = QWidget()
        line = QHBoxLayout(dates)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.from_edit)
        line.addSpacing(16)
        line.addWidget(self.to_edit)
        line.addStretch(1)
        dates_error = self.add_error("date_from", dates)
        self.errors.labels["date_to"] = dates_error
        self.key_edit = QPlainTextEdit()
        self.key_edit.setPlaceholderText("чему учит мероприятие: приёмы, технологии, материалы")
        self.key_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.key_edit.setTabChangesFocus(True)

        self.add_row(form, "Название:", "title", self.title_edit)
        self.add_row(form, "Форма проведения:", "form", self.form_combo)
        self.add_row(form, "Организатор:", "organizer", self.organizer_edit)
        self.add_row(form, "Уровень:", "level", self.level_combo)
        form.addRow("Сроки проведения:", with_error(dates, dates_error))
        self.add_row(form, "Основные элементы:", "key_elements", self.key_edit)
        layout.addLayout(form)
        self.finish_form(layout)

        self._fill(item.data() if item is not None else CatalogueData())
        self.title_edit.setFocus()

    def _fill(self, data: CatalogueData) -> None:
        self.title_edit.setText(data.title)
        self.form_combo.setCurrentText(data.form)
        self.organizer_edit.setText(data.organizer)
        self.level_combo.setCurrentIndex(max(0, self.level_combo.findData(data.level)))
        self.from_edit.set_value(data.date_from)
        self.to_edit.set_value(data.date_to)
        self.key_edit.setPlainText(data.key_elements)

    def data(self) -> CatalogueData:
        """What the form holds, as the service takes it (no checks here)."""
        return CatalogueData(
            title=self.title_edit.text(),
            form=self.form_combo.currentText(),
            organizer=self.organizer_edit.text(),
            level=self.level_combo.currentData(),
            date_from=self.from_edit.value(),
            date_to=self.to_edit.value(),
            key_elements=self.key_edit.toPlainText(),
        )

    def write(self) -> CatalogueRow:
        if self.item is None:
            return add_event(self.store, self.data())
        return update_event(self.store, self.item.id, self.data())

    def stored(self, result: CatalogueRow) -> None:
        self.item = result
