"""A small line chart of one indicator by academic year: fact as a solid line, plan dashed.

Drawn with QPainter: QtCharts is not part of PySide6-Essentials.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.numbers import format_number

ACTUAL_COLOR = QColor("#1f5fa8")
TARGET_COLOR = QColor("#8a8a8a")
LEGEND_TOP = 4
VALUE_LABEL_HEIGHT = 20  # a point's value is written this far above it


def nice_range(low: float, high: float) -> tuple[float, float, float]:
    """Axis bounds on round numbers (1, 2, 2,5 or 5 times a power of ten), two to five steps."""
    if high - low < 1e-9:
        low, high = low - max(abs(low) * 0.1, 1.0), high + max(abs(high) * 0.1, 1.0)
    raw = (high - low) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    if low >= 0 > first:
        first = 0.0
    return first, math.ceil(high / step) * step, step


class IndicatorChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.years: list[str] = []
        self.targets: list[float | None] = []
        self.actuals: list[float | None] = []
        self.empty_text = "Выберите показатель в таблице, чтобы увидеть его динамику."
        self.setMinimumSize(320, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(460, 170)

    def set_series(self, years: list[str], targets: list[float | None], actuals: list[float | None]) -> None:
        self.years, self.targets, self.actuals = list(years), list(targets), list(actuals)
        self.update()

    def clear(self, text: str | None = None) -> None:
        self.years, self.targets, self.actuals = [], [], []
        if text:
            self.empty_text = text
        self.update()

    def _values(self) -> list[float]:
        return [v for v in self.targets + self.actuals if v is not None]

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text_color = palette.color(QPalette.ColorRole.Text)
        values = self._values()
        if not self.years or not values:
            painter.setPen(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            message = self.empty_text if not self.years else "Значений пока нет."
            painter.drawText(
                self.rect().adjusted(8, 8, -8, -8),
                Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter,
                message,
            )
            return
        metrics = self.fontMetrics()
        low, high, step = nice_range(min(values), max(values))
        ticks = [low + step * k for k in range(round((high - low) / step) + 1)]
        left = max(metrics.horizontalAdvance(format_number(v, max_decimals=1)) for v in ticks) + 12
        # The legend has a band of its own on top; under it, room for a value label over a point
        # at the top of the scale, so neither a value nor the top tick («100») runs into the legend.
        top = self._legend_height() + VALUE_LABEL_HEIGHT + 2
        plot = QRectF(left, top, self.width() - left - 14, self.height() - top - metrics.height() - 10)
        inset = 36.0  # room for the first and last year's labels inside the plot

        def point(i: int, value: float) -> QPointF:
            width = plot.width() - 2 * inset
            x = (
                plot.left()
                + inset
                + (width * i / (len(self.years) - 1) if len(self.years) > 1 else width / 2)
            )
            return QPointF(x, plot.bottom() - (value - low) / (high - low) * plot.height())

        grid = QPen(palette.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DotLine)
        for value in ticks:
            y = point(0, value).y()
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_color)
            label = format_number(value, max_decimals=1)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, left - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight,
                label,
            )
        for i, year in enumerate(self.years):
            x = point(i, low).x()
            label = (
                year
                if metrics.horizontalAdvance(year) < plot.width() / max(len(self.years), 1)
                else year[2:4] + "/" + year[7:]
            )
            painter.drawText(
                QRectF(x - 60, plot.bottom() + 4, 120, metrics.height()), Qt.AlignmentFlag.AlignHCenter, label
            )
        self._line(painter, self.targets, point, QPen(TARGET_COLOR, 1.5, Qt.PenStyle.DashLine), labels=False)
        self._line(painter, self.actuals, point, QPen(ACTUAL_COLOR, 2.2), labels=True)
        self._legend(painter, plot)

    def _line(self, painter: QPainter, series: list[float | None], point, pen: QPen, labels: bool) -> None:
        painter.setPen(pen)
        previous = None
        for i, value in enumerate(series):
            if value is None:
                previous = None
                continue
            here = point(i, value)
            if previous is not None:
                painter.drawLine(previous, here)
            previous = here
        painter.setBrush(pen.color())
        bold = QFont(self.font())
        bold.setBold(True)
        for i, value in enumerate(series):
            if value is None:
                continue
            here = point(i, value)
            painter.setPen(QPen(pen.color(), 1))
            painter.drawEllipse(here, 3.2, 3.2)
            if labels:
                painter.setFont(bold)
                painter.drawText(
                    QRectF(here.x() - 40, here.y() - VALUE_LABEL_HEIGHT, 80, VALUE_LABEL_HEIGHT - 4),
                    Qt.AlignmentFlag.AlignHCenter,
                    format_number(value),
                )
                painter.setFont(self.font())
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _legend_height(self) -> int:
        return LEGEND_TOP + self.fontMetrics().height() + 2

    def _legend(self, painter: QPainter, plot: QRectF) -> None:
        metrics = self.fontMetrics()
        x = plot.right() - 150
        y = LEGEND_TOP + metrics.height() / 2
        for text, pen in (
            ("факт", QPen(ACTUAL_COLOR, 2.2)),
            ("план", QPen(TARGET_COLOR, 1.5, Qt.PenStyle.DashLine)),
        ):
            painter.setPen(pen)
            painter.drawLine(QPointF(x, y), QPointF(x + 22, y))
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            painter.drawText(QPointF(x + 27, y + metrics.ascent() / 2 - 1), text)
            x += 75
