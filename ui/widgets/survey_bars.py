"""A round's results (or two rounds compared) as horizontal stacked bars, painted with QPainter:
QtCharts is not part of PySide6-Essentials. Put it in a QScrollArea with widgetResizable."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.surveys.survey_results import (
    Change,
    Comparison,
    RoundResults,
    Tally,
    dark,
    mean_change_text,
    mean_text,
    percent,
    points_change_text,
    scale_colors,
)

MARGIN = 8
NUMBER_W = 40
GAP = 10
BAR_H = 18
THIN_BAR_H = 12
GREEN, RED, GREY = QColor("#1b7f3b"), QColor("#b00020"), QColor("#8a8a8a")
NOTE_COLOR = QColor("#8a4b00")


@dataclass
class Row:
    kind: str  # "legend", "note", "heading", "item", "total"
    number: str = ""
    text: str = ""
    tally: Tally | None = None
    before: Tally | None = None  # comparison rows: the earlier round
    figures: str = ""  # what is written right of the bar
    sub: str = ""  # a second, plain line under a heading
    change: Change | None = None
    top_change: Change | None = None


class SurveyBars(QWidget):
    """Rows of bars; `rows` is what is shown, for tests and tooltips."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[Row] = []
        self.scale: list[str] = []
        self.colors: list[str] = []
        self.comparing = False
        self.caption = ""
        self._bar_rects: list[tuple[QRectF, Row, bool]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setMouseTracking(True)

    # --- content ------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.rows, self.scale, self.comparing = [Row("note", text=text)], [], False
        self._changed()

    def show_results(self, results: RoundResults) -> None:
        self.scale, self.comparing = list(results.scale), False
        self.colors = scale_colors(len(self.scale))
        numbers = ", ".join(str(n) for n in range(1, len(self.scale) + 1))
        self.caption = (
            f"Справа — сколько человек выбрали ответ {numbers}, и индекс: средний ответ по шкале "
            f"от 0 до {len(self.scale) - 1}. Наведите мышь на полосу, чтобы увидеть подробности."
        )
        rows = [Row("legend")]
        if not results.breakdown:
            rows.append(Row("note", text=results.note))
        for section in results.sections:
            rows.append(
                Row(
                    "heading",
                    str(section.number),
                    section.title,
                    section.tally,
                    figures=self._figures(section.tally),
                    sub=self._top_line(section.tally),
                )
            )
            for item in section.items:
                rows.append(
                    Row("item", item.number, item.text, item.tally, figures=self._figures(item.tally))
                )
        rows.append(
            Row(
                "total",
                "",
                f"Вся анкета: ответили {results.respondents} чел.",
                results.overall,
                figures=self._figures(results.overall),
                sub=self._top_line(results.overall),
            )
        )
        self.rows = rows
        self._changed()

    def _figures(self, tally: Tally) -> str:
        return " · ".join(str(c) for c in tally.counts) + f"    индекс {mean_text(tally.mean)}"

    def _top_line(self, tally: Tally) -> str:
        return (
            f"индекс {mean_text(tally.mean)} из {len(self.scale) - 1} · «{self.scale[-1]}» — "
            f"{percent(tally.top_share)} ответов"
        )

    def show_comparison(self, comparison: Comparison) -> None:
        after = comparison.after
        self.scale, self.comparing = list(after.scale), True
        self.colors = scale_colors(len(self.scale))
        self.caption = (
            f"Верхняя полоса — «{comparison.before.round.title}» ({comparison.before.respondents} чел.), "
            f"нижняя — «{after.round.title}» ({after.respondents} чел.)"
        )
        rows = [Row("legend")]
        if comparison.note:
            rows.append(Row("note", text=comparison.note))
        for section in comparison.sections:
            rows.append(
                Row(
                    "heading",
                    str(section.number),
                    section.title,
                    section.after,
                    section.before,
                    change=section.mean,
                    top_change=section.top_share,
                )
            )
            for item in section.items:
                rows.append(
                    Row(
                        "item",
                        item.number,
                        item.text,
                        item.after,
                        item.before,
                        change=item.mean,
                        top_change=item.top_share,
                    )
                )
        rows.append(
            Row(
                "total",
                "",
                "Вся анкета",
                after.overall,
                comparison.before.overall,
                change=comparison.overall_mean,
                top_change=comparison.overall_top_share,
            )
        )
        self.rows = rows
        self._changed()

    def _changed(self) -> None:
        self.setMinimumHeight(self._layout(self.width() or 800)[1])
        self.updateGeometry()
        self.update()

    # --- layout -------------------------------------------------------------

    def _columns(self, width: int) -> tuple[int, int, int]:
        """Widths of the text, the bar and the figures at this widget width."""
        figures = 260 if self.comparing else 230
        bar = max(180, int((width - 2 * MARGIN) * 0.32))
        text = max(150, width - 2 * MARGIN - NUMBER_W - bar - figures - 3 * GAP)
        return text, bar, figures

    def _font(self, row: Row) -> QFont:
        font = QFont(self.font())
        if row.kind in ("heading", "total"):
            font.setBold(True)
        return font

    def _layout(self, width: int) -> tuple[list[tuple[Row, int, int]], int]:
        """Each row with its top and height, and the total height."""
        text_w, _, _ = self._columns(width)
        placed, y = [], MARGIN
        for row in self.rows:
            metrics = QFontMetrics(self._font(row))
            if row.kind == "legend":
                height = 2 * metrics.height() + 6
            elif row.kind == "note":
                rect = metrics.boundingRect(
                    QRect(0, 0, width - 2 * MARGIN, 10_000), Qt.TextFlag.TextWordWrap, row.text
                )
                height = rect.height() + 8
            else:
                rect = metrics.boundingRect(QRect(0, 0, text_w, 10_000), Qt.TextFlag.TextWordWrap, row.text)
                text_h = rect.height()
                if row.sub:
                    plain = QFontMetrics(self.font())
                    text_h += plain.boundingRect(
                        QRect(0, 0, text_w, 10_000), Qt.TextFlag.TextWordWrap, row.sub
                    ).height()
                bars = 2 * THIN_BAR_H + 3 if self.comparing else BAR_H
                height = max(text_h, bars) + (14 if row.kind == "heading" else 8)
            placed.append((row, y, height))
            y += height
        return placed, y + MARGIN

    def sizeHint(self) -> QSize:
        return QSize(800, self._layout(800)[1])

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._layout(width)[1]

    def resizeEvent(self, event) -> None:
        self.setMinimumHeight(self._layout(self.width())[1])
        super().resizeEvent(event)

    # --- painting -----------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        text_color = self.palette().color(QPalette.ColorRole.Text)
        text_w, bar_w, fig_w = self._columns(self.width())
        x_text = MARGIN + NUMBER_W
        x_bar = x_text + text_w + GAP
        x_fig = x_bar + bar_w + GAP
        self._bar_rects = []
        placed, _ = self._layout(self.width())
        for row, top, height in placed:
            painter.setFont(self._font(row))
            painter.setPen(text_color)
            if row.kind == "legend":
                self._paint_legend(painter, MARGIN, top)
                continue
            if row.kind == "note":
                painter.setPen(NOTE_COLOR)
                painter.drawText(
                    QRect(MARGIN, top, self.width() - 2 * MARGIN, height), Qt.TextFlag.TextWordWrap, row.text
                )
                continue
            pad = 10 if row.kind == "heading" else 4
            if row.kind in ("heading", "total"):
                painter.setPen(QColor("#d0d0d0"))
                painter.drawLine(MARGIN, top + 2, self.width() - MARGIN, top + 2)
                painter.setPen(text_color)
            body = QRect(0, top + pad, 0, height - pad - 4)
            painter.drawText(
                QRect(MARGIN, body.top(), NUMBER_W, body.height()), Qt.AlignmentFlag.AlignLeft, row.number
            )
            drawn = painter.drawText(
                QRect(x_text, body.top(), text_w, body.height()),
                Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft,
                row.text,
            )
            if row.sub:
                painter.save()
                painter.setFont(self.font())
                painter.setPen(GREY)
                painter.drawText(
                    QRect(x_text, drawn.bottom() + 1, text_w, body.height()),
                    Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft,
                    row.sub,
                )
                painter.restore()
            if self.comparing:
                self._paint_bar(painter, QRectF(x_bar, body.top(), bar_w, THIN_BAR_H), row.before, row, True)
                self._paint_bar(
                    painter,
                    QRectF(x_bar, body.top() + THIN_BAR_H + 3, bar_w, THIN_BAR_H),
                    row.tally,
                    row,
                    False,
                )
                self._paint_changes(painter, QRect(x_fig, body.top(), fig_w, 2 * THIN_BAR_H + 3), row)
            else:
                self._paint_bar(painter, QRectF(x_bar, body.top(), bar_w, BAR_H), row.tally, row, False)
                painter.setPen(text_color)
                painter.drawText(
                    QRect(x_fig, body.top(), fig_w, BAR_H),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    row.figures,
                )
        painter.end()

    def _paint_legend(self, painter: QPainter, x: int, y: int) -> None:
        metrics = painter.fontMetrics()
        size = metrics.height() - 4
        for n, (label, color) in enumerate(zip(self.scale, self.colors, strict=True), 1):
            painter.fillRect(QRect(x, y + 3, size, size), QColor(color))
            text = f"{n} — {label}"
            painter.drawText(x + size + 4, y + metrics.ascent(), text)
            x += size + 4 + metrics.horizontalAdvance(text) + 18
        painter.setPen(GREY)
        painter.drawText(MARGIN, y + metrics.height() + metrics.ascent(), self.caption)

    def _paint_bar(
        self, painter: QPainter, rect: QRectF, tally: Tally | None, row: Row, before: bool
    ) -> None:
        self._bar_rects.append((rect, row, before))
        if tally is None or not tally.answered:
            painter.setPen(GREY)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            painter.drawText(
                rect.adjusted(4, 0, 0, 0),
                Qt.AlignmentFlag.AlignVCenter,
                "нет в анкете" if tally is None else "нет ответов",
            )
            return
        small = QFont(painter.font())
        small.setBold(False)
        small.setPointSizeF(max(small.pointSizeF() * (0.8 if rect.height() < BAR_H else 0.9), 6.5))
        painter.save()
        painter.setFont(small)
        x = rect.left()
        for share, color in zip(tally.shares, self.colors, strict=True):
            w = rect.width() * share
            if w <= 0:
                continue
            segment = QRectF(x, rect.top(), w, rect.height())
            painter.fillRect(segment, QColor(color))
            label = percent(share)
            if painter.fontMetrics().horizontalAdvance(label) + 4 <= w:
                painter.setPen(QColor("white") if dark(color) else QColor("black"))
                painter.drawText(segment, Qt.AlignmentFlag.AlignCenter, label)
            x += w
        painter.restore()

    def _paint_changes(self, painter: QPainter, rect: QRect, row: Row) -> None:
        half = rect.height() // 2
        top_word = self.scale[-1].split()[0]
        lines = [
            (
                f"индекс {mean_text(row.change.before)} → {mean_text(row.change.after)}",
                mean_change_text(row.change),
                row.change.delta,
            ),
            (
                f"«{top_word}» {percent(row.top_change.before)} → {percent(row.top_change.after)}",
                points_change_text(row.top_change),
                row.top_change.delta,
            ),
        ]
        metrics = painter.fontMetrics()
        for i, (text, change, delta) in enumerate(lines):
            line = QRect(rect.left(), rect.top() + i * half, rect.width(), half)
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            if delta is not None and abs(delta) >= 0.005:
                painter.setPen(GREEN if delta > 0 else RED)
            painter.drawText(
                line.adjusted(metrics.horizontalAdvance(text) + 8, 0, 0, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                change,
            )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            for rect, row, before in self._bar_rects:
                if rect.contains(QPointF(event.pos())):
                    tally = row.before if before else row.tally
                    QToolTip.showText(event.globalPos(), self.tooltip(row, tally), self)
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)

    def tooltip(self, row: Row, tally: Tally | None) -> str:
        if tally is None:
            return "Этого утверждения не было в анкете того тура."
        lines = [f"{row.number} {row.text}".strip()]
        for label, count, share in zip(self.scale, tally.counts, tally.shares, strict=True):
            lines.append(f"{label}: {count} ({percent(share)})")
        return "\n".join(lines)
