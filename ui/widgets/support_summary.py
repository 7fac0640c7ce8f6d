"""«Достаточна ли поддержка»: per level, needs stated, received, overdue; then each help that came
and whether its methods reached practice, with the way into «Путь от обучения к практике»."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.support.support_summary import LevelSummary, Sufficiency

ID_ROLE = Qt.ItemDataRole.UserRole + 1
NOT_USED = QColor("#8a5a00")


def shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class LevelBox(QWidget):
    """One level: a bar of what came out of what was asked, and the counts in words."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.bar.setMaximumHeight(16)
        # A light chunk keeps the black «получено N из M» readable over it.
        self.bar.setStyleSheet(
            "QProgressBar { border: 1px solid #b8bec8; border-radius: 3px; text-align: center; }"
            "QProgressBar::chunk { background: #a8dbb2; }"
        )
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(1)
        layout.addWidget(self.title)
        layout.addWidget(self.bar)
        layout.addWidget(self.counts)

    def show_summary(self, summary: LevelSummary) -> None:
        self.title.setText(summary.label)
        self.bar.setRange(0, max(summary.stated, 1))
        self.bar.setValue(summary.received)
        self.bar.setFormat(
            f"получено {summary.received} из {summary.stated}" if summary.stated else "не заявлено"
        )
        self.counts.setText(summary.counts_text)
        self.counts.setStyleSheet("color: #b00020;" if summary.overdue else "color: palette(mid);")
        self.setToolTip(summary.verdict)


class SufficiencyPanel(QWidget):
    chosen = Signal(str)  # a received need picked in the list
    path_asked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary: Sufficiency | None = None
        box = QGroupBox("Достаточна ли поддержка")
        box_layout = QVBoxLayout(box)
        box_layout.setSpacing(4)
        self.levels = [LevelBox() for _ in range(3)]
        for level in self.levels:
            box_layout.addWidget(level)
        self.total = QLabel()
        self.total.setWordWrap(True)
        box_layout.addWidget(self.total)

        paths = QGroupBox("Полученная помощь: путь в практику")
        paths_layout = QVBoxLayout(paths)
        paths_layout.setSpacing(4)
        hint = QLabel(
            "Применяются ли в дневниках педагогов и директора методы мероприятий, "
            "через которые пришла помощь."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.path_button = QPushButton("Путь в практику…")
        self.path_button.setToolTip("Мероприятия, через которые пришла помощь, и где применяются их методы")
        self.path_button.setEnabled(False)
        paths_layout.addWidget(hint)
        paths_layout.addWidget(self.list, 1)
        paths_layout.addWidget(self.path_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addWidget(paths, 1)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemDoubleClicked.connect(lambda item: self.path_asked.emit(item.data(ID_ROLE)))
        self.path_button.clicked.connect(self._path_clicked)

    def show_summary(self, summary: Sufficiency) -> None:
        self.summary = summary
        for box, level in zip(self.levels, summary.levels, strict=True):
            box.show_summary(level)
        self.total.setText(f"<b>Всего:</b> {summary.total.verdict}")
        current = self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        for path in summary.paths:
            item = QListWidgetItem(f"{shorten(path.need.content)}\n— {path.uses_text}")
            item.setData(ID_ROLE, path.need.id)
            item.setToolTip("\n".join([path.need.content, *path.lines()]) or path.uses_text)
            if not path.used:
                item.setForeground(QBrush(NOT_USED))
            self.list.addItem(item)
        if not summary.paths:
            placeholder = QListWidgetItem("Полученной помощи пока нет.")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        self.list.blockSignals(False)
        self.select(current, emit=False)

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def select(self, need_id: str | None, emit: bool = True) -> None:
        """Follow the map's choice: the need's line when it is a received one, none otherwise."""
        self.list.blockSignals(not emit)
        found = None
        for i in range(self.list.count()):
            if need_id is not None and self.list.item(i).data(ID_ROLE) == need_id:
                found = self.list.item(i)
        self.list.setCurrentItem(found)
        if found is None:
            self.list.clearSelection()
        self.list.blockSignals(False)
        self.path_button.setEnabled(found is not None)

    def _current_changed(self, current: QListWidgetItem | None, _previous) -> None:
        need_id = current.data(ID_ROLE) if current is not None else None
        self.path_button.setEnabled(need_id is not None)
        if need_id is not None:
            self.chosen.emit(need_id)

    def _path_clicked(self) -> None:
        need_id = self.current_id()
        if need_id is not None:
            self.path_asked.emit(need_id)
