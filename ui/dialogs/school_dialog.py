"""The registry's form for one school: register by hand before its first package, or correct."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from app.core.store import Store
from app.office.registry import RegistryRow, SchoolData, add_school, update_school
from ui.forms import FormDialog
from ui.widgets.pickers import OptionalDateEdit

# Room for a Блок 3 text of a dozen lines and more, within a 1366×768 screen; the window may be resized.
DIALOG_SIZE = (760, 560)
GROUNDS_MIN_LINES = 5


class SchoolDialog(FormDialog):
    """Saves through the registry service; stays open and shows the messages if something is wrong."""

    def __init__(self, store: Store, school: RegistryRow | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.school = school
        self.setWindowTitle("Изменить сведения о школе" if school else "Новая школа в реестре")
        self.setMinimumWidth(620)
        self.setSizeGripEnabled(True)

        layout, form = self.start_form()

        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("как в пакетах школы, например 3410")
        self.code_edit.setMaximumWidth(200)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("например, МКОУ Красноярская СШ")
        self.settlement_edit = QLineEdit()
        self.settlement_edit.setPlaceholderText("например, х. Красноярский")
        statuses = QWidget()
        line = QHBoxLayout(statuses)
        line.setContentsMargins(0, 0, 0, 0)
        self.shnor_check = QCheckBox("ШНОР")
        self.shnor_check.setToolTip("Школа с низкими образовательными результатами")
        self.shnsu_check = QCheckBox("ШНСУ")
        self.shnsu_check.setToolTip("Школа, функционирующая в неблагоприятных социальных условиях")
        self.pilot_check = QCheckBox("пилотная")
        for check in (self.shnor_check, self.shnsu_check, self.pilot_check):
            line.addWidget(check)
        line.addStretch(1)
        self.since_edit = OptionalDateEdit("с даты:")
        self.left_edit = OptionalDateEdit("дата выхода:")
        self.grounds_edit = QPlainTextEdit()
        self.grounds_edit.setPlaceholderText(
            "например, по результатам ВПР школа не входит в список ШНОР (приказ № …)"
        )
        # «Основания выхода» grows with the window: the rest of the form keeps its height.
        self.grounds_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * GROUNDS_MIN_LINES + 14)
        self.grounds_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.grounds_edit.setTabChangesFocus(True)

        self.add_row(form, "Код школы:", "code", self.code_edit)
        self.add_row(form, "Наименование:", "name", self.name_edit)
        self.add_row(form, "Населённый пункт:", "settlement", self.settlement_edit)
        form.addRow("Статус:", statuses)
        self.add_row(form, "В программе:", "in_programme_since", self.since_edit)
        self.add_row(form, "Вышла из программы:", "left_programme_on", self.left_edit)
        self.add_row(form, "Основания выхода:", "left_grounds", self.grounds_edit)
        layout.addLayout(form, 1)
        self.finish_form(layout)

        self.resize(*DIALOG_SIZE)
        self._fill(school if school is not None else SchoolData())
        self.code_edit.setFocus()

    def _fill(self, data: SchoolData) -> None:
        self.code_edit.setText(data.code)
        self.name_edit.setText(data.name)
        self.settlement_edit.setText(data.settlement)
        self.shnor_check.setChecked(data.is_shnor)
        self.shnsu_check.setChecked(data.is_shnsu)
        self.pilot_check.setChecked(data.is_pilot)
        self.since_edit.set_value(data.in_programme_since)
        self.left_edit.set_value(data.left_programme_on)
        self.grounds_edit.setPlainText(data.left_grounds)

    def data(self) -> SchoolData:
        """What the form holds, as the service takes it (no checks here)."""
        return SchoolData(
            code=self.code_edit.text(),
            name=self.name_edit.text(),
            settlement=self.settlement_edit.text(),
            is_shnor=self.shnor_check.isChecked(),
            is_shnsu=self.shnsu_check.isChecked(),
            is_pilot=self.pilot_check.isChecked(),
            in_programme_since=self.since_edit.value(),
            left_programme_on=self.left_edit.value(),
            left_grounds=self.grounds_edit.toPlainText(),
        )

    def write(self) -> RegistryRow:
        if self.school is None:
            return add_school(self.store, self.data())
        return update_school(self.store, self.school.id, self.data())

    def stored(self, result: RegistryRow) -> None:
        self.school = result
