"""The map itself: a row per programme task, three columns — «Школа сама», «Муниципальный уровень»,
«Региональный уровень» — and a card per need. Needs past their date and not received stand out.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.support.support import LEVEL_LABELS, LEVELS, NeedRow, SupportMap
from app.support.support_summary import Sufficiency

STATUS_COLORS = {"needed": "#5f6368", "agreed": "#8a5a00", "received": "#1b7f3b", "not_received": "#b00020"}
CARD_STYLE = """
QFrame#needCard { background: #ffffff; border: 1px solid #c8ccd2; border-radius: 4px; }
QFrame#needCard[overdue="true"] { background: #fdecee; border: 1px solid #e3a1a9;
    border-left: 4px solid #b00020; }
QFrame#needCard[selected="true"] { border: 2px solid #2a6ad0; }
QFrame#needCard[overdue="true"][selected="true"] { border: 2px solid #2a6ad0;
    border-left: 4px solid #b00020; }
"""
TASK_STYLE = "background: #e8ecf2; padding: 4px 6px; font-weight: bold;"
MUTED = "#5f6368"


def shorten(text: str, limit: int = 70) -> str:
    """Long event titles cut on the card; the card's tip and the need's form show them whole."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def card_html(need: NeedRow, uses: int | None) -> str:
    """What a card says; `uses` is the number of diary entries using the help (received needs)."""
    color = STATUS_COLORS.get(need.status, MUTED)
    parts = [f"<b>{escape(need.content)}</b>"]
    if need.provider:
        parts.append(f"<span style='color:{MUTED}'>От кого:</span> {escape(need.provider)}")
    if need.due_label:
        due = f"<span style='color:{MUTED}'>Срок:</span> {escape(need.due_label)}"
        if need.overdue:
            due = f"<span style='color:#b00020'><b>Срок прошёл:</b> {escape(need.due_label)}</span>"
        parts.append(due)
    parts.append(f"<span style='color:{color}'>● <b>{escape(need.status_label)}</b></span>")
    if need.events:
        names = "; ".join(escape(shorten(e.label)) for e in need.events)
        parts.append(f"<span style='color:{MUTED}'>Через:</span> {names}")
    if uses is not None:
        if uses:
            parts.append(f"<span style='color:#1b7f3b'>В практике: записей {uses}</span>")
        else:
            parts.append("<span style='color:#8a5a00'>Методы пока не применялись</span>")
    if need.offers and need.status != "received":
        offers = "; ".join(escape(shorten(o.label)) for o in need.offers)
        parts.append(f"<span style='color:#1d4f91'>Управление предлагает: {offers}</span>")
    return "<br>".join(parts)


class NeedCard(QFrame):
    """One need: click to choose it, double-click or Enter to open it, Del to delete it
    (`read_only`: Enter and a double click still ask to open it, Del asks nothing)."""

    chosen = Signal(str)
    opened = Signal(str)
    delete_asked = Signal(str)

    def __init__(
        self, need: NeedRow, uses: int | None, parent: QWidget | None = None, *, read_only: bool = False
    ):
        super().__init__(parent)
        self.need = need
        self.read_only = read_only
        self.setObjectName("needCard")
        self.setProperty("overdue", "true" if need.overdue else "false")
        self.setProperty("selected", "false")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label = QLabel(card_html(need, uses))
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        tip = [f"{need.level_label} · {need.status_label}" + (" · срок прошёл" if need.overdue else "")]
        tip += [f"Через: {e.label}" for e in need.events] + [
            f"Предлагает управление: {o.label}" for o in need.offers
        ]
        if not read_only:
            tip.append("Двойной щелчок или Enter — открыть, Del — удалить")
        elif need.events:
            tip.append("Двойной щелчок или Enter — путь в практику")
        self.setToolTip("\n".join(tip))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.label)

    def set_selected(self, on: bool) -> None:
        self.setProperty("selected", "true" if on else "false")
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.chosen.emit(self.need.id)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.opened.emit(self.need.id)

    def focusInEvent(self, event) -> None:  # noqa: N802
        self.chosen.emit(self.need.id)
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.opened.emit(self.need.id)
        elif event.key() == Qt.Key.Key_Delete and not self.read_only:
            self.delete_asked.emit(self.need.id)
        else:
            super().keyPressEvent(event)


class SupportMapView(QWidget):
    """Column headings that stay in place over a scrolling grid of tasks × levels; `read_only`
    leaves out the «+ Добавить» under each cell."""

    chosen = Signal(str)
    opened = Signal(str)
    delete_asked = Signal(str)
    add_asked = Signal(str, str)  # task text, level

    def __init__(self, parent: QWidget | None = None, *, read_only: bool = False):
        super().__init__(parent)
        self.read_only = read_only
        self.cards: dict[str, NeedCard] = {}
        self.add_buttons: dict[tuple[str, str], QPushButton] = {}
        self.selected_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        heads = QHBoxLayout()
        heads.setContentsMargins(0, 0, self.scroll.verticalScrollBar().sizeHint().width() + 2, 0)
        for level in LEVELS:
            head = QLabel(LEVEL_LABELS[level])
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            head.setStyleSheet("background: #d5dbe5; padding: 5px; font-weight: bold;")
            heads.addWidget(head, 1)
        layout.addLayout(heads)
        layout.addWidget(self.scroll, 1)
        self.setStyleSheet(CARD_STYLE)

    def show_map(self, found: SupportMap, summary: Sufficiency) -> None:
        uses = {p.need.id: p.uses for p in summary.paths}
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        self.cards.clear()
        self.add_buttons.clear()
        row = 0
        for group in found.groups:
            title = QLabel(group.title)
            title.setWordWrap(True)
            title.setStyleSheet(TASK_STYLE)
            title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            grid.addWidget(title, row, 0, 1, len(LEVELS))
            row += 1
            for column, level in enumerate(LEVELS):
                cell = QVBoxLayout()
                cell.setSpacing(4)
                for need in group.needs[level]:
                    card = NeedCard(need, uses.get(need.id), read_only=self.read_only)
                    card.chosen.connect(self.select)
                    card.opened.connect(self.opened)
                    card.delete_asked.connect(self.delete_asked)
                    self.cards[need.id] = card
                    cell.addWidget(card)
                if not self.read_only:
                    add = QPushButton("+ Добавить")
                    add.setFlat(True)
                    add.setAutoDefault(False)
                    add.setToolTip(f"Новая потребность: {LEVEL_LABELS[level]}, {group.short_title.lower()}")
                    add.setStyleSheet("text-align: left; color: #1d4f91; padding: 2px 4px;")
                    add.clicked.connect(lambda _=False, t=group.task, lv=level: self.add_asked.emit(t, lv))
                    self.add_buttons[(group.task, level)] = add
                    cell.addWidget(add)
                cell.addStretch(1)
                grid.addLayout(cell, row, column)
            row += 1
        for column in range(len(LEVELS)):
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(row, 1)
        position = self.scroll.verticalScrollBar().value()
        old = self.scroll.takeWidget()
        self.scroll.setWidget(body)
        if old is not None:
            old.deleteLater()
        self.scroll.verticalScrollBar().setValue(position)
        if self.selected_id not in self.cards:
            self.selected_id = None
        self.select(self.selected_id)

    def select(self, need_id: str | None) -> None:
        self.selected_id = need_id
        for card_id, card in self.cards.items():
            card.set_selected(card_id == need_id)
        if need_id is not None:
            self.chosen.emit(need_id)

    def focus_card(self, need_id: str) -> None:
        card = self.cards.get(need_id)
        if card is not None:
            self.scroll.ensureWidgetVisible(card)
            card.setFocus(Qt.FocusReason.OtherFocusReason)
            self.select(need_id)
