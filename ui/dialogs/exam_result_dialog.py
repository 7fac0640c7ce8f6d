"""The form for one assessment figure: year, procedure, subject, class (ВПР), level (ЕГЭ математика),
metric and value; the service's range checks show next to the fields."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.core.store import Store
from app.programme.assessments import (
    ASSESSMENTS,
    EXAM_LEVELS,
    EXAM_METRICS,
    SUBJECTS,
    ExamResultInfo,
    ResultData,
    add_result,
    metric_label,
    metric_range_text,
    normalize_subject,
    update_result,
)
from ui.forms import FormDialog
from ui.widgets.common import SavedNote

NO_GRADE = "— школа в целом"
NO_LEVEL = "—"


class ExamResultDialog(FormDialog):
    """Add (with «Сохранить и ещё» for a series of figures) or edit one result."""

    def __init__(
        self,
        store: Store,
        school_id: str,
        result: ExamResultInfo | None = None,
        defaults: ResultData | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.school_id = school_id
        self.editing = result  # not `result`: QDialog.result() is the dialog's outcome
        self.saved: list[ExamResultInfo] = []
        self.setWindowTitle("Изменить результат" if result else "Новый результат оценочной процедуры")
        self.setMinimumWidth(560)

        layout, form = self.start_form()

        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, date.today().year)
        self.year_spin.setMaximumWidth(100)
        self.assessment_combo = QComboBox()
        self.assessment_combo.addItems(list(ASSESSMENTS))
        self.subject_combo = QComboBox()
        self.subject_combo.setEditable(True)
        self.subject_combo.addItems(list(SUBJECTS))
        self.subject_combo.lineEdit().setPlaceholderText("выберите из списка")
        self.grade_combo = QComboBox()
        self.grade_combo.addItem(NO_GRADE, None)
        for grade in range(1, 12):
            self.grade_combo.addItem(f"{grade} класс", grade)
        self.level_combo = QComboBox()
        self.level_combo.addItem(NO_LEVEL, None)
        for level in EXAM_LEVELS:
            self.level_combo.addItem(level, level)
        self.metric_combo = QComboBox()
        for metric in EXAM_METRICS:
            self.metric_combo.addItem(metric_label(metric), metric)
        self.value_edit = QLineEdit()
        self.value_edit.setMaximumWidth(120)
        self.range_label = QLabel()
        value_row = QWidget()
        value_layout = QHBoxLayout(value_row)
        value_layout.setContentsMargins(0, 0, 0, 0)
        value_layout.addWidget(self.value_edit)
        value_layout.addWidget(self.range_label, 1)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("необязательно")

        self.add_row(form, "Год проведения:", "year", self.year_spin)
        self.add_row(form, "Процедура:", "assessment", self.assessment_combo)
        self.add_row(form, "Предмет:", "subject", self.subject_combo)
        self.add_row(form, "Класс (для ВПР):", "grade", self.grade_combo)
        self.add_row(form, "Уровень (ЕГЭ, математика):", "level", self.level_combo)
        self.add_row(form, "Показатель:", "metric", self.metric_combo)
        self.add_row(form, "Значение:", "value", value_row)
        self.add_row(form, "Примечание:", "note", self.note_edit)
        layout.addLayout(form)
        self.saved_note = SavedNote()
        self.finish_form(layout, self.saved_note)
        if result is None:
            self.cancel_button.setText("Закрыть")
        self.more_button = None
        if result is None:
            self.more_button = self.buttons.addButton(
                "Сохранить и ещё", QDialogButtonBox.ButtonRole.ApplyRole
            )
            self.more_button.setToolTip("Сохранить и сразу внести следующий показатель того же предмета")
            self.more_button.clicked.connect(self.save_and_next)

        self.assessment_combo.currentIndexChanged.connect(self._assessment_changed)
        self.subject_combo.currentTextChanged.connect(lambda _t: self._update_enabled())
        self.level_combo.currentIndexChanged.connect(self._level_changed)
        self.metric_combo.currentIndexChanged.connect(lambda _i: self._update_range())
        self._fill(result or defaults or ResultData(year=date.today().year))
        self.value_edit.setFocus()

    def _fill(self, data: ResultData | ExamResultInfo) -> None:
        self.year_spin.setValue(data.year or date.today().year)
        self.assessment_combo.setCurrentText(data.assessment)
        if data.subject:
            self.subject_combo.setCurrentText(data.subject)
        self.grade_combo.setCurrentIndex(max(0, self.grade_combo.findData(data.grade)))
        self.level_combo.setCurrentIndex(max(0, self.level_combo.findData(data.level)))
        self.metric_combo.setCurrentIndex(max(0, self.metric_combo.findData(data.metric)))
        value = (
            data.value_text
            if isinstance(data, ExamResultInfo)
            else ("" if data.value is None else str(data.value))
        )
        self.value_edit.setText(value)
        self.note_edit.setText(data.note)
        self._update_enabled()
        self._update_range()

    # --- helping the user pick what fits ----------------------------------

    def _is_ege_maths(self) -> bool:
        return (
            self.assessment_combo.currentText() == "ЕГЭ"
            and normalize_subject(self.subject_combo.currentText()) == "математика"
        )

    def _update_enabled(self) -> None:
        self.grade_combo.setEnabled(self.assessment_combo.currentText() == "ВПР")
        if not self.grade_combo.isEnabled():
            self.grade_combo.setCurrentIndex(0)
        self.level_combo.setEnabled(self._is_ege_maths())
        if not self.level_combo.isEnabled():
            self.level_combo.setCurrentIndex(0)

    def _assessment_changed(self) -> None:
        self._update_enabled()
        metric = self.metric_combo.currentData()
        if metric in ("mean_mark", "mean_score"):
            ege = self.assessment_combo.currentText() == "ЕГЭ" and self.level_combo.currentData() != "базовая"
            self._set_metric("mean_score" if ege else "mean_mark")

    def _level_changed(self) -> None:
        level = self.level_combo.currentData()
        if level is not None and self.metric_combo.currentData() in ("mean_mark", "mean_score"):
            self._set_metric("mean_mark" if level == "базовая" else "mean_score")

    def _set_metric(self, metric: str) -> None:
        self.metric_combo.setCurrentIndex(self.metric_combo.findData(metric))

    def _update_range(self) -> None:
        self.range_label.setText(metric_range_text(self.metric_combo.currentData()))

    # --- saving -----------------------------------------------------------

    def data(self) -> ResultData:
        return ResultData(
            year=self.year_spin.value(),
            assessment=self.assessment_combo.currentText(),
            subject=self.subject_combo.currentText(),
            grade=self.grade_combo.currentData(),
            level=self.level_combo.currentData(),
            metric=self.metric_combo.currentData(),
            value=self.value_edit.text(),
            note=self.note_edit.text(),
        )

    def write(self) -> ExamResultInfo:
        if self.editing is None:
            return add_result(self.store, self.school_id, self.data())
        return update_result(self.store, self.editing.id, self.data())

    def stored(self, result: ExamResultInfo) -> None:
        self.saved.append(result)

    def save_and_next(self) -> None:
        if not self.save_values():
            return
        # The same class and subject, the next metric: seed 001's row is entered in one go.
        index = self.metric_combo.currentIndex()
        if index + 1 < self.metric_combo.count():
            self.metric_combo.setCurrentIndex(index + 1)
        self.value_edit.clear()
        self.note_edit.clear()
        self.remember_values()  # what is saved is not «unsaved changes»
        self.saved_note.flash(f"Сохранено: {self.saved[-1].describe()} — {self.saved[-1].value_text}")
        self.value_edit.setFocus()

    def leave(self) -> None:
        # Figures saved with «Сохранить и ещё» stay saved; the page reloads for them.
        if self.saved:
            self.accept()
        else:
            super().leave()
