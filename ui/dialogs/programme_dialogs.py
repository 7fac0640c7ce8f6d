"""Small forms of the programme pages: a new programme, a plan section's title."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.core.store import Store
from app.programme.plan_edit import add_section, rename_section
from app.programme.programme import YEAR_MAX, YEAR_MIN, PassportData, ProgrammeView, create_programme
from ui.forms import FormDialog
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


class NewProgrammeDialog(FormDialog):
    """Title and years; the rest of the passport is filled on the passport page."""

    def __init__(self, store: Store, owner: str | None, has_programmes: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.owner = owner
        self.programme: ProgrammeView | None = None
        self.setWindowTitle("Новая программа")
        self.setMinimumWidth(620)

        layout, form = self.start_form()
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(SCHOOL_EXAMPLE if owner is not None else OFFICE_EXAMPLE)
        self.add_row(form, "Наименование:", "title", self.title_edit)
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
        year_error = self.add_error("year_from", years)
        self.errors.labels["year_to"] = year_error
        form.addRow("Сроки реализации:", with_error(years, year_error))
        self.current_check = QCheckBox("Сделать текущей (с ней работают план и показатели)")
        self.current_check.setChecked(True)
        self.current_check.setVisible(has_programmes)
        form.addRow("", self.current_check)
        layout.addLayout(form)
        self.finish_form(layout)
        self.title_edit.setFocus()

    def data(self) -> tuple[PassportData, bool]:
        """The passport's first lines, and whether the new programme becomes the current one."""
        passport = PassportData(
            title=self.title_edit.text(),
            year_from=self.year_from_spin.value(),
            year_to=self.year_to_spin.value(),
        )
        return passport, self.current_check.isChecked()

    def write(self) -> ProgrammeView:
        passport, current = self.data()
        return create_programme(self.store, self.owner, passport, current)

    def stored(self, result: ProgrammeView) -> None:
        self.programme = result


class SectionDialog(FormDialog):
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
        layout, form = self.start_form()
        self.title_edit = QLineEdit(title)
        self.title_edit.setPlaceholderText("например, Кадровое обеспечение")
        self.add_row(form, "Название раздела:", "title", self.title_edit)
        layout.addLayout(form)
        hint = QLabel("Номер раздела ставится сам, по его месту в плане.")
        hint.setStyleSheet("color: #555555;")
        layout.addWidget(hint)
        self.finish_form(layout)
        self.title_edit.setFocus()

    def data(self) -> str:
        return self.title_edit.text()

    def write(self) -> str:
        """The section's id, a new one's or the renamed one's."""
        if self.section_id is None:
            return add_section(self.store, self.programme_id, self.data())
        rename_section(self.store, self.section_id, self.data())
        return self.section_id

    def stored(self, result: str) -> None:
        self.section_id = result
