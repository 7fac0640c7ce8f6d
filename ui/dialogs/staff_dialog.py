"""The form for one person of the staff: add or edit; the service checks what is typed."""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from app.core.store import Store
from app.school.staff import CATEGORIES, EDUCATION, StaffData, StaffMember, add_staff, update_staff
from ui.forms import FormDialog

NOT_GIVEN = "не указано"
FLAG_ROWS = (
    ("in_pos", "Включён(а) в ПОС", "Участвует в профессиональном обучающем сообществе"),
    ("has_iprp", "Есть ИПРП", "Есть индивидуальный план профессионального развития"),
    ("has_tutor", "Тьюторское сопровождение", "Педагога сопровождает тьютор"),
    (
        "teaches_by_diploma",
        "Преподаёт по квалификации из диплома",
        "Преподаёт свой предмет в соответствии с квалификацией по диплому",
    ),
)


def _optional_int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text else None


def _choice_combo(values: tuple[str, ...], empty: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(empty, None)
    for value in values:
        combo.addItem(value, value)
    return combo


class StaffDialog(FormDialog):
    """Saves through the staff service; stays open and shows the messages if something is wrong."""

    def __init__(
        self,
        store: Store,
        school_id: str,
        member: StaffMember | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.school_id = school_id
        self.member = member
        self.setWindowTitle("Изменить сведения о педагоге" if member else "Новый педагог")
        self.setMinimumWidth(620)

        layout, form = self.start_form()

        self.full_name_edit = QLineEdit()
        self.full_name_edit.setPlaceholderText("Фамилия Имя Отчество")
        self.position_edit = QLineEdit()
        self.position_edit.setPlaceholderText("например, учитель математики")
        self.subjects_edit = QLineEdit()
        self.subjects_edit.setPlaceholderText("через запятую: математика, физика")
        self.category_combo = _choice_combo(CATEGORIES, "не указана")
        self.education_combo = _choice_combo(EDUCATION, NOT_GIVEN)
        self.birth_year_edit = QLineEdit()
        self.birth_year_edit.setPlaceholderText("не указан")
        self.birth_year_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,4}")))
        self.birth_year_edit.setMaximumWidth(120)
        self.experience_edit = QLineEdit()
        self.experience_edit.setPlaceholderText("не указан")
        self.experience_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,2}")))
        self.experience_edit.setMaximumWidth(120)

        self.add_row(form, "ФИО:", "full_name", self.full_name_edit)
        self.add_row(form, "Должность:", "position", self.position_edit)
        self.add_row(form, "Предметы:", "subjects", self.subjects_edit)
        self.add_row(form, "Категория:", "category", self.category_combo)
        self.add_row(form, "Образование:", "education", self.education_combo)
        self.add_row(form, "Год рождения:", "birth_year", self.birth_year_edit)
        self.add_row(form, "Педагогический стаж, лет:", "experience_years", self.experience_edit)

        self.flags: dict[str, QCheckBox] = {}
        for i, (name, title, tooltip) in enumerate(FLAG_ROWS):
            check = QCheckBox(title)
            check.setObjectName(name)
            check.setToolTip(tooltip)
            # Not stretched across the form: a click on the empty space right of it does nothing.
            check.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self.flags[name] = check
            form.addRow("Развитие педагога:" if i == 0 else "", check)
        layout.addLayout(form)
        self.finish_form(layout)

        self._fill(member if member is not None else StaffData())
        self.full_name_edit.setFocus()

    def _fill(self, data: StaffData) -> None:
        self.full_name_edit.setText(data.full_name)
        self.position_edit.setText(data.position)
        self.subjects_edit.setText(", ".join(data.subjects))
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(data.category)))
        self.education_combo.setCurrentIndex(max(0, self.education_combo.findData(data.education)))
        self.birth_year_edit.setText("" if data.birth_year is None else str(data.birth_year))
        self.experience_edit.setText("" if data.experience_years is None else str(data.experience_years))
        for name, check in self.flags.items():
            check.setChecked(getattr(data, name))

    def data(self) -> StaffData:
        """What the form holds, as the service takes it (no checks here)."""
        return StaffData(
            full_name=self.full_name_edit.text(),
            position=self.position_edit.text(),
            subjects=[s for s in re.split(r"[,;]", self.subjects_edit.text())],
            category=self.category_combo.currentData(),
            education=self.education_combo.currentData(),
            birth_year=_optional_int(self.birth_year_edit.text()),
            experience_years=_optional_int(self.experience_edit.text()),
            **{name: check.isChecked() for name, check in self.flags.items()},
        )

    def write(self) -> StaffMember:
        if self.member is None:
            return add_staff(self.store, self.school_id, self.data())
        return update_staff(self.store, self.member.id, self.data())

    def stored(self, result: StaffMember) -> None:
        self.member = result
