"""A new round of a questionnaire («Май 2021»), or its title and date changed."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.store import Store
from app.surveys.survey_templates import list_templates
from app.surveys.surveys import RoundData, RoundInfo, create_round, update_round
from ui.forms import FormDialog
from ui.widgets.pickers import date_edit, to_qdate

MONTHS = "Январь Февраль Март Апрель Май Июнь Июль Август Сентябрь Октябрь Ноябрь Декабрь".split()


def suggested_title(day: date) -> str:
    """«Май 2021»: what a round held on that day is usually called."""
    return f"{MONTHS[day.month - 1]} {day.year}"


class RoundDialog(FormDialog):
    def __init__(
        self, store: Store, school_id: str, info: RoundInfo | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.store, self.school_id, self.info = store, school_id, info
        self.setWindowTitle("Тур анкетирования" if info else "Новый тур анкетирования")
        self.setMinimumWidth(600)
        layout, form = self.start_form()

        self.template_combo = QComboBox()
        if info is not None:
            self.template_combo.addItem(info.template_label, info.template_id)
            self.template_combo.setEnabled(False)
        else:
            for template in list_templates(store):
                self.template_combo.addItem(template.label, template.id)
        today = info.held_on if info else date.today()
        self.date_edit = date_edit(today)
        self.title_edit = QLineEdit(info.title if info else suggested_title(today))
        self.title_edit.setPlaceholderText("например, Май 2021")
        self._title_typed = info is not None
        self.title_edit.textEdited.connect(lambda _t: setattr(self, "_title_typed", True))
        self.date_edit.dateChanged.connect(self._date_changed)

        self.sheets_radio = QRadioButton("Листы: бумажные анкеты или «Анкетирование на этом компьютере»")
        self.totals_radio = QRadioButton("Только итоги: тур проведён в другом месте (например, онлайн-опрос)")
        self.source_group = QButtonGroup(self)
        self.source_group.addButton(self.sheets_radio)
        self.source_group.addButton(self.totals_radio)
        (self.totals_radio if info and info.source == "totals" else self.sheets_radio).setChecked(True)
        source_box = QWidget()
        source_layout = QVBoxLayout(source_box)
        source_layout.setContentsMargins(0, 0, 0, 0)
        source_layout.addWidget(self.sheets_radio)
        source_layout.addWidget(self.totals_radio)
        for radio in (self.sheets_radio, self.totals_radio):
            radio.setEnabled(info is None)

        self.add_row(form, "Анкета:", "template_id", self.template_combo)
        self.add_row(form, "Дата проведения:", "held_on", self.date_edit)
        self.add_row(form, "Название тура:", "title", self.title_edit)
        self.add_row(form, "Ответы вводятся:", "source", source_box)
        layout.addLayout(form)
        self.finish_form(layout)
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    def _date_changed(self, qdate) -> None:
        if not self._title_typed:
            self.title_edit.setText(suggested_title(qdate.toPython()))

    def set_date(self, day: date) -> None:
        self.date_edit.setDate(to_qdate(day))

    def data(self) -> RoundData:
        return RoundData(
            template_id=self.template_combo.currentData() or "",
            title=self.title_edit.text(),
            held_on=self.date_edit.date().toPython(),
            source="totals" if self.totals_radio.isChecked() else "sheets",
        )

    def write(self) -> RoundInfo:
        data = self.data()
        if self.info is None:
            return create_round(self.store, self.school_id, data)
        return update_round(self.store, self.info.id, data.title, data.held_on)

    def stored(self, result: RoundInfo) -> None:
        self.info = result
