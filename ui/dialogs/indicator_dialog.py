"""The form for one indicator: criterion (seed 004), name (with the seed's suggestions), unit and
whether more is better; the service checks what is typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QWidget,
)

from app.core.store import Store
from app.programme.indicators import (
    CRITERIA,
    CRITERION_EXAMPLES,
    UNITS,
    IndicatorData,
    IndicatorInfo,
    add_indicator,
    update_indicator,
)
from ui.forms import FormDialog

DIRECTIONS = (("Чем больше, тем лучше", True), ("Чем меньше, тем лучше", False))


class IndicatorDialog(FormDialog):
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

        layout, form = self.start_form()

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

        self.add_row(form, "Критерий:", "criterion", self.criterion_combo)
        self.add_row(form, "Показатель:", "name", self.name_edit)
        self.add_row(form, "Единица измерения:", "unit", self.unit_combo)
        self.add_row(form, "Направление:", "higher_is_better", self.direction_combo)
        layout.addLayout(form)
        self.finish_form(layout)

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

    def write(self) -> IndicatorInfo:
        if self.indicator is None:
            return add_indicator(self.store, self.school_id, self.data())
        return update_indicator(self.store, self.indicator.id, self.data())

    def stored(self, result: IndicatorInfo) -> None:
        self.indicator = result
