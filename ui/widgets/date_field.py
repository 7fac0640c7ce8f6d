"""The program's one date field: a line of text that takes a date the way Russian offices write
it — «20.04.2020», «20.4.2020», «20042020», a pasted «2020-04-20» — or one picked from the
calendar, and keeps exactly that date. Text that is not a date is never turned into another
date: the field says what is wrong (`problem()`) and `date()` is invalid until it is corrected.

Stock QDateEdit edits by sections: a dot typed at the wrong moment, or a click into the middle of
the field, silently makes «20.04.2020» another day. This field has no sections.

Its interface is the part of QDateEdit's that the forms use (`date`, `setDate`, `dateChanged`,
minimum date with a special text for «не задано»), so a form reads it as it read QDateEdit.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractSpinBox, QCalendarWidget, QFrame, QLineEdit, QVBoxLayout, QWidget

from app.core.dates import DATE_MAX, DATE_MIN, read_day

DISPLAY_FORMAT = "dd.MM.yyyy"


def _calendar_icon() -> QIcon:
    """A small calendar sheet, drawn: no icon file for the frozen program to miss."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QPen(QColor("#555555"), 1))
    painter.drawRect(QRect(1, 2, 13, 12))
    painter.fillRect(QRect(2, 3, 12, 3), QColor("#c0392b"))
    for row in range(2):
        for col in range(3):
            painter.fillRect(QRect(3 + col * 4, 8 + row * 3, 2, 2), QColor("#555555"))
    painter.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    """A date typed or picked; `dateChanged(QDate)` each time the text becomes another valid date."""

    dateChanged = Signal(QDate)  # noqa: N815 — QDateEdit's name, which the forms connect to

    def __init__(self, value: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._minimum = QDate(DATE_MIN.year, DATE_MIN.month, DATE_MIN.day)
        self._maximum = QDate(DATE_MAX.year, DATE_MAX.month, DATE_MAX.day)
        self._special = ""
        self._last = QDate()
        self.popup: QFrame | None = None
        self.calendar: QCalendarWidget | None = None  # made on first use
        self.setPlaceholderText("дд.мм.гггг")
        self._tip = "Дата: например, 20.04.2020 или 20042020; или выберите её в календаре (F4)"
        self.setToolTip(self._tip)
        self.calendar_action = QAction(_calendar_icon(), "Выбрать в календаре", self)
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00.00.00000") + 40)
        self.textChanged.connect(self._text_changed)
        self.editingFinished.connect(self._tidy)
        self.setDate(QDate(value.year, value.month, value.day) if value else QDate.currentDate())

    # --- what the forms read and write -------------------------------------------------------
    def date(self) -> QDate:
        """The date the text holds; the minimum date when it shows the special text; an invalid
        QDate while the text is not a date (see `problem()`)."""
        text = self.text().strip()
        if self._special and text == self._special:
            return QDate(self._minimum)
        try:
            day = read_day(text, DATE_MIN, DATE_MAX)
        except ValueError:
            return QDate()
        if day is None:
            return QDate()
        return QDate(day.year, day.month, day.day)

    def value(self) -> date | None:
        """The date, or None when the field is empty or its text is not a date."""
        current = self.date()
        return current.toPython() if current.isValid() else None

    def problem(self) -> str | None:
        """What is wrong with the text, in Russian; None when it is a date."""
        text = self.text().strip()
        if self._special and text == self._special:
            return None
        try:
            day = read_day(text, DATE_MIN, DATE_MAX)
        except ValueError as exc:
            return str(exc)
        if day is None:
            return "Укажите дату в виде дд.мм.гггг (например, 20.04.2020)."
        return None

    def setDate(self, value: QDate) -> None:  # noqa: N802 — QDateEdit's name
        if self._special and value == self._minimum:
            self.setText(self._special)
        elif value.isValid():
            self.setText(value.toString(DISPLAY_FORMAT))
        else:
            self.clear()

    def minimumDate(self) -> QDate:  # noqa: N802
        return QDate(self._minimum)

    def setMinimumDate(self, value: QDate) -> None:  # noqa: N802
        self._minimum = QDate(value)

    def maximumDate(self) -> QDate:  # noqa: N802
        return QDate(self._maximum)

    def setSpecialValueText(self, text: str) -> None:  # noqa: N802
        """The text shown for the minimum date (today: «не задано» of an optional date)."""
        self._special = text

    def setButtonSymbols(self, symbols: QAbstractSpinBox.ButtonSymbols) -> None:  # noqa: N802
        """NoButtons hides the calendar, as it hid QDateEdit's arrow (a read-only field)."""
        self.calendar_action.setVisible(symbols != QAbstractSpinBox.ButtonSymbols.NoButtons)

    def setCalendarPopup(self, enabled: bool) -> None:  # noqa: N802 — QDateEdit's name
        self.calendar_action.setVisible(enabled and not self.isReadOnly())

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802
        super().setReadOnly(read_only)
        self.calendar_action.setVisible(not read_only)

    # --- the calendar ------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        if self.isReadOnly() or not self.isEnabled():
            return
        if self.calendar is None:
            self.popup = QFrame(self, Qt.WindowType.Popup)
            self.popup.setFrameShape(QFrame.Shape.Box)
            self.calendar = QCalendarWidget(self.popup)
            self.calendar.setLocale(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
            layout = QVBoxLayout(self.popup)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.calendar)
        self.calendar.setDateRange(
            self._minimum.addDays(1) if self._special else self._minimum, self._maximum
        )
        current = self.date()
        if current.isValid() and not (self._special and current == self._minimum):
            self.calendar.setSelectedDate(current)
        self.popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self.popup.show()
        self.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self.popup.hide()
        self.setDate(day)
        self.setFocus()

    # --- keeping the signal honest -----------------------------------------------------------
    def _text_changed(self, _text: str) -> None:
        current = self.date()
        self._show_problem()
        if current.isValid() and current != self._last:
            self._last = current
            self.dateChanged.emit(current)
        elif not current.isValid():
            self._last = QDate()

    def _tidy(self) -> None:
        """On leaving the field a date reads dd.mm.yyyy («20.4.2020» → «20.04.2020»)."""
        current = self.date()
        if current.isValid() and not self.isReadOnly():
            shown = self._special if self._special and current == self._minimum else None
            wanted = shown or current.toString(DISPLAY_FORMAT)
            if self.text() != wanted:
                self.setText(wanted)

    def setToolTip(self, text: str) -> None:  # noqa: N802 — Qt's name
        """The field's own hint; while the text is not a date, the reason comes first."""
        self._tip = text
        problem = self.problem() if self.text().strip() else None
        super().setToolTip(f"{problem}\n{text}" if problem else text)

    def _show_problem(self) -> None:
        wrong = bool(self.text().strip()) and self.problem() is not None
        self.setStyleSheet("QLineEdit { border: 1px solid #c0392b; }" if wrong else "")
        self.setToolTip(self._tip)
