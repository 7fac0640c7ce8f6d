"""«Идентификация школ»: the office's criteria, and a school's status decision confirmed by a
person with its date and grounds. The rules are in app.office.identification."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.core.store import Store
from app.office.identification import (
    CHANGE_LABELS,
    INCLUDE,
    Criteria,
    decide_status,
    get_criteria,
    save_criteria,
)
from app.programme.assessments import ASSESSMENTS
from app.programme.subjects import SUBJECTS
from ui.forms import FormDialog
from ui.widgets.pickers import date_edit


class CriteriaDialog(FormDialog):
    """What the office counts as low results: the assessments and subjects compared with the
    district's average, and the two limits of seed 001 (7 % below the threshold)."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Критерии идентификации школ")
        self.setMinimumWidth(560)
        criteria = get_criteria(store)
        layout, form = self.start_form()
        self.assessment_boxes = {name: QCheckBox(name) for name in ASSESSMENTS}
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for name, box in self.assessment_boxes.items():
            box.setChecked(name in criteria.assessments)
            line.addWidget(box)
        line.addStretch(1)
        self.subjects_edit = QLineEdit(", ".join(criteria.subjects))
        self.subjects_edit.setToolTip(
            "Через запятую, например: математика, русский язык. Предметы: " + ", ".join(SUBJECTS)
        )
        self.failed_edit = QLineEdit(_number(criteria.failed_limit))
        self.failed_edit.setToolTip(
            "Доля участников ОГЭ/ЕГЭ, не преодолевших минимальный порог (ВПР: не справились), %"
        )
        self.lowered_edit = QLineEdit(_number(criteria.lowered_limit))
        self.lowered_edit.setToolTip("Доля участников ВПР, получивших отметку ниже годовой, %")
        self.two_years_box = QCheckBox("критерий выполнен два года подряд")
        self.two_years_box.setChecked(criteria.two_years)
        self.add_row(form, "Процедуры:", "assessments", row)
        self.add_row(form, "Предметы:", "subjects", self.subjects_edit)
        self.add_row(form, "Не преодолели порог, больше %:", "failed_limit", self.failed_edit)
        self.add_row(form, "ВПР: понизили отметку, больше %:", "lowered_limit", self.lowered_edit)
        self.add_row(form, "Учитывать:", "two_years", self.two_years_box)
        layout.addLayout(form)
        hint = QLabel(
            "Средний результат школы сравнивается со средним по району по каждой процедуре, "
            "предмету, классу и году (с весами по числу участников, если их указали все школы)."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        self.finish_form(layout, hint)

    def data(self) -> Criteria:
        return Criteria(
            assessments=tuple(name for name, box in self.assessment_boxes.items() if box.isChecked()),
            subjects=tuple(part.strip() for part in self.subjects_edit.text().split(",") if part.strip()),
            failed_limit=self.failed_edit.text().strip(),
            lowered_limit=self.lowered_edit.text().strip(),
            two_years=self.two_years_box.isChecked(),
        )

    def write(self) -> Criteria:
        return save_criteria(self.store, self.data())


class StatusDialog(FormDialog):
    """A status change the identification proposes (or the office decides), confirmed by a person:
    the date of the decision and its grounds (the figures, the order's number)."""

    def __init__(
        self,
        store: Store,
        school_id: str,
        change: str = INCLUDE,
        school_name: str = "",
        grounds: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store, self.school_id, self.change = store, school_id, change
        self.setWindowTitle(f"Статус школы: {CHANGE_LABELS[change]}")
        self.setMinimumWidth(620)
        layout, form = self.start_form()
        about = QLabel(
            f"{school_name}: {CHANGE_LABELS[change]}. В «Реестре школ» изменятся статус и даты; "
            "решение сохранится с датой и основаниями."
        )
        about.setWordWrap(True)
        layout.addWidget(about)
        self.date_edit = date_edit(date.today())
        self.grounds_edit = QPlainTextEdit(grounds)
        self.grounds_edit.setPlaceholderText("Например: приказ № 12 от 31.08.2021; цифры критериев")
        self.grounds_edit.setMinimumHeight(120)
        self.add_row(form, "Дата решения:", "decided_on", self.date_edit)
        self.add_row(form, "Основания:", "grounds", self.grounds_edit)
        layout.addLayout(form)
        self.finish_form(layout, save_text="Подтвердить")

    def data(self) -> tuple:
        return (self.date_edit.value(), self.grounds_edit.toPlainText())

    def write(self) -> None:
        decided_on, grounds = self.data()
        decide_status(self.store, self.school_id, self.change, decided_on, grounds)


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")
