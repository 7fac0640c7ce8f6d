"""Small forms of the programme pages: a new programme, a plan section's title."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.core.store import Store
from app.programme.plan_edit import add_section, rename_section
from app.programme.programme import YEAR_MAX, YEAR_MIN, PassportData, ProgrammeView, create_programme
from ui.forms import finish_form, save_with, start_form
from ui.widgets.common import with_error

SCHOOL_EXAMPLE = "например, Программа перехода школы в эффективный режим работы"
OFFICE_EXAMPLE = "например, Муниципальная программа поддержки ШНОР и ШНСУ"


def year_spin(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(YEAR_MIN, YEAR_MAX)
    spin.setValue(value)
    spin.setGroupSeparatorShown(False)
    spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("00000") + 40)
    return spin


class NewProgrammeDialog(QDialog):
    """Title and years; the rest of the passport is filled on the passport page."""

    def __init__(self, store: Store, owner: str | None, has_programmes: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.owner = owner
        self.programme: ProgrammeView | None = None
        self.setWindowTitle("Новая программа")
        self.setMinimumWidth(620)

        layout, form = start_form(self)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(SCHOOL_EXAMPLE if owner is not None else OFFICE_EXAMPLE)
        self.errors.add_row(form, "Наименование:", "title", self.title_edit)
        this_year = date.today().year
        self.year_from_spin = year_spin(this_year)
        self.year_to_spin = year_spin(this_year + 2)
        years = QWidget()
        row = QHBoxLayout(years)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("с"))
        row.addWidget(self.year_from_spin)
        row.addWidget(QLabel("по"))
        row.addWidget(self.year_to_spin)
        row.addWidget(QLabel("год"))
        row.addStretch(1)
        year_error = self.errors.add_error("year_from")
        self.errors.labels["year_to"] = year_error
        form.addRow("Сроки реализации:", with_error(years, year_error))
        self.current_check = QCheckBox("Сделать текущей (с ней работают план и показатели)")
        self.current_check.setChecked(True)
        self.current_check.setVisible(has_programmes)
        form.addRow("", self.current_check)
        layout.addLayout(form)
        _buttons, self.save_button = finish_form(self, layout)
        self.title_edit.setFocus()

    def save(self) -> None:
        data = PassportData(
            title=self.title_edit.text(),
            year_from=self.year_from_spin.value(),
            year_to=self.year_to_spin.value(),
        )
        programme = save_with(
            self.errors,
            lambda: create_programme(self.store, self.owner, data, self.current_check.isChecked()),
        )
        if programme is not None:
            self.programme = programme
            self.accept()


class SectionDialog(QDialog):
    """A new section of the plan, or a new title for one."""

    def __init__(
        self,
        store: Store,
        programme_id: str,
        section_id: str | None = None,
        title: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.programme_id = programme_id
        self.section_id = section_id
        self.setWindowTitle("Переименовать раздел" if section_id else "Новый раздел плана")
        self.setMinimumWidth(520)
        layout, form = start_form(self)
        self.title_edit = QLineEdit(title)
        self.title_edit.setPlaceholderText("например, Кадровое обеспечение")
        self.errors.add_row(form, "Название раздела:", "title", self.title_edit)
        layout.addLayout(form)
        hint = QLabel("Номер раздела ставится сам, по его месту в плане.")
        hint.setStyleSheet("color: #555555;")
        layout.addWidget(hint)
        _buttons, self.save_button = finish_form(self, layout)
        self.title_edit.setFocus()

    def save(self) -> None:
        section_id = save_with(self.errors, self._write)
        if section_id is not None:
            self.section_id = section_id
            self.accept()

    def _write(self) -> str:
        """The section's id, a new one's or the renamed one's."""
        if self.section_id is None:
            return add_section(self.store, self.programme_id, self.title_edit.text())
        rename_section(self.store, self.section_id, self.title_edit.text())
        return self.section_id
