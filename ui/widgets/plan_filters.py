"""The plan page's filter bar: status (or «просроченные»), section, responsible; and the legend."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from app.programme.plan import ACTIVITY_STATUS_LABELS, OVERDUE, PlanFilter, SectionRow
from ui.models.plan_tree import OVERDUE_BACKGROUND, OVERDUE_MARK, OVERDUE_TEXT
from ui.widgets.flow import FlowLayout


class PlanFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.status_combo = QComboBox()
        self.status_combo.addItem("все статусы", None)
        for value, label in ACTIVITY_STATUS_LABELS.items():
            self.status_combo.addItem(label, value)
        self.status_combo.addItem("просроченные", OVERDUE)
        self.section_combo = QComboBox()
        self.section_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.section_combo.setMinimumContentsLength(22)
        self.responsible_edit = QLineEdit()
        self.responsible_edit.setPlaceholderText("Ответственный (Ctrl+F)")
        self.responsible_edit.setClearButtonEnabled(True)
        self.responsible_edit.setMinimumWidth(210)
        self.responsible_edit.setMaximumWidth(260)
        swatch = f"background:{OVERDUE_BACKGROUND.name()}; color:{OVERDUE_TEXT.name()};"
        legend = QLabel(
            f'<span style="{swatch}">&nbsp;{OVERDUE_MARK} просрочено&nbsp;</span> — срок прошёл, не выполнено'
        )
        legend.setToolTip("Дата срока прошла, а мероприятие не выполнено и не отменено")

        layout = FlowLayout(self)
        layout.add_group(QLabel("Статус:"), self.status_combo)
        layout.add_gap(12)
        layout.add_group(QLabel("Раздел:"), self.section_combo)
        layout.add_gap(12)
        layout.addWidget(self.responsible_edit)
        layout.add_gap(12)
        layout.addWidget(legend)

        self.status_combo.currentIndexChanged.connect(lambda: self.changed.emit())
        self.section_combo.currentIndexChanged.connect(lambda: self.changed.emit())
        self.responsible_edit.textChanged.connect(lambda: self.changed.emit())

    def set_sections(self, sections: list[SectionRow]) -> None:
        """The sections to choose from; the chosen one stays if it is still there."""
        chosen = self.section_combo.currentData()
        self.section_combo.blockSignals(True)
        self.section_combo.clear()
        self.section_combo.addItem("все разделы", None)
        for section in sections:
            self.section_combo.addItem(section.label, section.id)
            self.section_combo.setItemData(
                self.section_combo.count() - 1, section.label, Qt.ItemDataRole.ToolTipRole
            )
        self.section_combo.setCurrentIndex(max(0, self.section_combo.findData(chosen)))
        self.section_combo.blockSignals(False)

    def plan_filter(self) -> PlanFilter:
        return PlanFilter(
            status=self.status_combo.currentData(),
            section_id=self.section_combo.currentData(),
            responsible=self.responsible_edit.text(),
        )

    def clear(self) -> None:
        """Show everything again (without announcing it: the caller redraws)."""
        self.blockSignals(True)
        self.status_combo.setCurrentIndex(0)
        self.section_combo.setCurrentIndex(0)
        self.responsible_edit.clear()
        self.blockSignals(False)

    def focus_search(self) -> None:
        self.responsible_edit.setFocus()
        self.responsible_edit.selectAll()
