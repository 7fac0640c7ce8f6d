"""Pickers the diary forms and filters share: a filterable checklist, dates with a «не задано» state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from app.core.text import fold
from app.diaries.common import Ref
from ui.widgets.date_field import DateField

DATE_FORMAT = "dd.MM.yyyy"
ID_ROLE = Qt.ItemDataRole.UserRole + 1
# A filter box appears above lists longer than this.
FILTER_FROM = 8


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def date_edit(value: date | None = None) -> DateField:
    """A date field (typed with dots or picked from the calendar), shown dd.MM.yyyy."""
    return DateField(value or date.today())


class OptionalDateEdit(QWidget):
    """A date that may be left «не задано»: a check box switches the date field on."""

    changed = Signal()
    NOT_SET = "не задано"

    def __init__(self, title: str, default: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(title)
        self.edit = date_edit(default)
        self._remembered = self.edit.date()
        # The minimum date stands for «no date»: the field then reads «не задано».
        self.edit.setMinimumDate(QDate(1900, 1, 1))
        self.edit.setSpecialValueText(self.NOT_SET)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        self.check.toggled.connect(self._toggled)
        self.check.clicked.connect(self._clicked)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit() if self.check.isChecked() else None)
        self._toggled(False)

    def _toggled(self, on: bool) -> None:
        self.edit.blockSignals(True)
        if on:
            self.edit.setDate(self._remembered)
        else:
            if self.edit.date().isValid() and self.edit.date() != self.edit.minimumDate():
                self._remembered = self.edit.date()
            self.edit.setDate(self.edit.minimumDate())
        self.edit.blockSignals(False)
        self.edit.setEnabled(on)
        self.changed.emit()

    def _clicked(self, on: bool) -> None:
        if on:  # a person switched the date on: what they type next replaces the remembered date
            self.edit.setFocus()
            self.edit.selectAll()

    def value(self) -> date | None:
        """The date switched on; None when off or while its text is not a date (a form refuses
        to save then, see `problem()`; a filter simply has no bound)."""
        return self.edit.value() if self.check.isChecked() else None

    def problem(self) -> str | None:
        """Why the date switched on is not a date; None when it is, or when no date is wanted."""
        return self.edit.problem() if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        if value is not None:
            self._remembered = to_qdate(value)
        if self.check.isChecked() == (value is not None):
            self._toggled(value is not None)
        else:
            self.check.setChecked(value is not None)


class ElidedComboBox(QComboBox):
    """A chooser of long names (programmes): narrower than its text, it shows the beginning and the
    end («2020–2022: Программа перехода … (текущая)»), never a text cut off mid-word; the whole name
    is in the tooltip its owner sets."""

    def shown_text(self) -> str:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        room = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        return self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideMiddle, room.width())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 — Qt's name
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class CheckList(QWidget):
    """A checkable multi-select over Refs, with a filter box when the list is long."""

    changed = Signal()
    toggled = Signal(str, bool)  # one item's id and whether it is now checked, as a person clicks

    def __init__(self, empty_text: str = "Выбрать не из чего.", parent: QWidget | None = None):
        super().__init__(parent)
        self.empty_text = empty_text
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Найти в списке…")
        self.filter_edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)  # plan activities are long: read whole, not scrolled sideways
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: palette(mid);")
        self._read_only = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.list.itemChanged.connect(self._item_changed)

    def set_items(self, refs: Iterable[Ref], checked: Iterable[str] = ()) -> None:
        wanted = set(checked)
        self.list.blockSignals(True)
        self.list.clear()
        for ref in refs:
            item = QListWidgetItem(ref.label)
            item.setData(ID_ROLE, ref.id)
            item.setToolTip(ref.label)
            item.setCheckState(Qt.CheckState.Checked if ref.id in wanted else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if self.list.count() == 0:
            placeholder = QListWidgetItem(self.empty_text)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        self.list.blockSignals(False)
        self.filter_edit.setVisible(self.list.count() > FILTER_FROM)
        self.set_read_only(self._read_only)
        self._apply_filter(self.filter_edit.text())
        self._update_count()

    def _items(self) -> list[QListWidgetItem]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [item for item in items if item.data(ID_ROLE) is not None]

    def ids(self) -> list[str]:
        return [item.data(ID_ROLE) for item in self._items()]

    def checked_ids(self) -> list[str]:
        return [item.data(ID_ROLE) for item in self._items() if item.checkState() == Qt.CheckState.Checked]

    def checked_labels(self) -> list[str]:
        return [item.text() for item in self._items() if item.checkState() == Qt.CheckState.Checked]

    def set_checked(self, ids: Iterable[str], checked: bool = True) -> None:
        wanted = set(ids)
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for item in self._items():
            if item.data(ID_ROLE) in wanted:
                item.setCheckState(state)

    def item_for(self, ref_id: str) -> QListWidgetItem | None:
        return next((item for item in self._items() if item.data(ID_ROLE) == ref_id), None)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        self.list.blockSignals(True)
        for item in self._items():
            item.setFlags(flags)
        self.list.blockSignals(False)

    def _apply_filter(self, text: str) -> None:
        words = fold(text).split()
        for item in self._items():
            label = fold(item.text(), spaces=False)
            item.setHidden(not all(w in label for w in words))

    def _item_changed(self, item: QListWidgetItem) -> None:
        self._update_count()
        self.changed.emit()
        if item.data(ID_ROLE) is not None:
            self.toggled.emit(item.data(ID_ROLE), item.checkState() == Qt.CheckState.Checked)

    def _update_count(self) -> None:
        n = len(self.checked_ids())
        self.count_label.setText(f"выбрано: {n}" if n else "")
