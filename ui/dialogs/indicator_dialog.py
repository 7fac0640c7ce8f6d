"""The form for one indicator: criterion (seed 004), name (with the seed's suggestions), unit and
whether more is better; the service checks what is typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, ValidationError
from app.services.indicators import (
    CRITERIA,
    CRITERION_EXAMPLES,
    UNITS,
    IndicatorData,
    IndicatorInfo,
    add_indicator,
    update_indicator,
)
from app.store import Store
from ui.widgets import ErrorLabel, FormErrors

DIRECTIONS = (("Чем больше, тем лучше", True), ("Чем меньше, тем лучше", False))


class IndicatorDialog(QDialog):
    def __init__(
        self,
        store: Store,
        school_id: str | None,
        indicator: IndicatorInfo | None = None,
        criterion: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.school_id = school_id
        self.indicator = indicator
        self.setWindowTitle("Изменить показатель" if indicator else "Новый показатель")
        self.setMinimumWidth(640)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general_error = ErrorLabel()
        self.errors = FormErrors(self.general_error)

        self.criterion_combo = QComboBox()
        for title in CRITERIA:
            self.criterion_combo.addItem(title, title)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("например, Качество знаний")
        self.completer = QCompleter([], self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name_edit.setCompleter(self.completer)
        self.unit_combo = QComboBox()
        self.unit_combo.setEditable(True)
        self.unit_combo.addItems(list(UNITS))
        self.unit_combo.setMaximumWidth(140)
        self.direction_combo = QComboBox()
        for title, value in DIRECTIONS:
            self.direction_combo.addItem(title, value)

        self.errors.add_row(form, "Критерий:", "criterion", self.criterion_combo)
        self.errors.add_row(form, "Показатель:", "name", self.name_edit)
        self.errors.add_row(form, "Единица измерения:", "unit", self.unit_combo)
        self.errors.add_row(form, "Направление:", "higher_is_better", self.direction_combo)
        layout.addLayout(form)
        layout.addWidget(self.general_error)

        std = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(std.Save | std.Cancel)
        self.save_button = self.buttons.button(std.Save)
        self.save_button.setText("Сохранить")
        self.save_button.setDefault(True)
        self.buttons.button(std.Cancel).setText("Отмена")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.criterion_combo.currentIndexChanged.connect(self._offer_examples)
        data = indicator or IndicatorData(criterion=criterion or CRITERIA[1])
        self.criterion_combo.setCurrentIndex(max(0, self.criterion_combo.findData(data.criterion)))
        self.name_edit.setText(data.name)
        self.unit_combo.setCurrentText(data.unit)
        self.direction_combo.setCurrentIndex(0 if data.higher_is_better else 1)
        self._offer_examples()
        self.name_edit.setFocus()

    def _offer_examples(self) -> None:
        examples = CRITERION_EXAMPLES.get(self.criterion_combo.currentData(), [])
        self.completer.model().setStringList(examples)  # type: ignore[attr-defined]
        self.name_edit.setToolTip("Из рекомендаций: " + "; ".join(examples) if examples else "")

    def data(self) -> IndicatorData:
        return IndicatorData(
            name=self.name_edit.text(),
            criterion=self.criterion_combo.currentData(),
            unit=self.unit_combo.currentText(),
            higher_is_better=bool(self.direction_combo.currentData()),
        )

    def save(self) -> None:
        try:
            if self.indicator is None:
                self.indicator = add_indicator(self.store, self.school_id, self.data())
            else:
                self.indicator = update_indicator(self.store, self.indicator.id, self.data())
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        except UserError as exc:
            self.errors.show_general(exc.message)
            return
        self.accept()
