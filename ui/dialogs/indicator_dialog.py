"""The form for one indicator: criterion (seed 004), name (with the seed's suggestions), unit,
whether more is better, and how its fact comes: typed by hand or counted from records (issue 19);
the service checks what is typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QWidget,
)

from app.core.store import Store
from app.programme.indicator_formulas import FORMULAS, formula_of
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
TYPED = "вписывается вручную"


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
        self.formula_combo = QComboBox()
        self.formula_combo.addItem(TYPED, None)
        self.formula_combo.setItemData(
            0, "Факт по годам вписывается в таблицу или загружается из Excel", Qt.ItemDataRole.ToolTipRole
        )
        for formula in FORMULAS:
            self.formula_combo.addItem(f"считается: {formula.title}", formula.key)
            self.formula_combo.setItemData(
                self.formula_combo.count() - 1,
                formula.source[:1].upper() + formula.source[1:],
                Qt.ItemDataRole.ToolTipRole,
            )
        self.formula_combo.setToolTip(
            "Факт показателя, который можно посчитать по записям программы, заполняется сам "
            "за каждый учебный год; план вписывается всегда"
        )

        self.add_row(form, "Критерий:", "criterion", self.criterion_combo)
        self.add_row(form, "Показатель:", "name", self.name_edit)
        self.add_row(form, "Единица измерения:", "unit", self.unit_combo)
        self.add_row(form, "Направление:", "higher_is_better", self.direction_combo)
        self.add_row(form, "Факт:", "formula", self.formula_combo)
        layout.addLayout(form)
        self.finish_form(layout)

        self.criterion_combo.currentIndexChanged.connect(self._offer_examples)
        data = indicator or IndicatorData(criterion=criterion or CRITERIA[1])
        self.criterion_combo.setCurrentIndex(max(0, self.criterion_combo.findData(data.criterion)))
        self.name_edit.setText(data.name)
        self.unit_combo.setCurrentText(data.unit)
        self.direction_combo.setCurrentIndex(0 if data.higher_is_better else 1)
        self.formula_combo.setCurrentIndex(max(0, self.formula_combo.findData(data.formula)))
        self.formula_combo.currentIndexChanged.connect(self._formula_chosen)
        self._offer_examples()
        self.name_edit.setFocus()

    def _offer_examples(self) -> None:
        examples = CRITERION_EXAMPLES.get(self.criterion_combo.currentData(), [])
        self.completer.model().setStringList(examples)  # type: ignore[attr-defined]
        self.name_edit.setToolTip("Из рекомендаций: " + "; ".join(examples) if examples else "")

    def _formula_chosen(self) -> None:
        """A counted indicator takes the formula's unit, and its title when no name is typed yet."""
        formula = formula_of(self.formula_combo.currentData())
        if formula is None:
            return
        self.unit_combo.setCurrentText(formula.unit)
        if not self.name_edit.text().strip():
            self.name_edit.setText(formula.title)

    def data(self) -> IndicatorData:
        return IndicatorData(
            name=self.name_edit.text(),
            criterion=self.criterion_combo.currentData(),
            unit=self.unit_combo.currentText(),
            higher_is_better=bool(self.direction_combo.currentData()),
            formula=self.formula_combo.currentData(),
        )

    def write(self) -> IndicatorInfo:
        if self.indicator is None:
            return add_indicator(self.store, self.school_id, self.data())
        return update_indicator(self.store, self.indicator.id, self.data())

    def stored(self, result: IndicatorInfo) -> None:
        self.indicator = result
