"""A table header of two lines: a group label (a year) spanning its columns above their own labels
(«план», «факт», «±»), as in the seeds' tables of values by year."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget


class GroupedHeader(QHeaderView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._groups: list[tuple[int, int, str]] = []  # first section, how many, label
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSectionsClickable(False)

    def set_groups(self, groups: list[tuple[int, int, str]]) -> None:
        self._groups = list(groups)
        self.updateGeometry()
        self.viewport().update()

    def group_of(self, section: int) -> tuple[int, int, str] | None:
        for group in self._groups:
            first, count, _label = group
            if first <= section < first + count:
                return group
        return None

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        line = self.fontMetrics().height() + 10
        hint.setHeight(max(hint.height(), 2 * line if self._groups else line))
        return hint

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        group = self.group_of(logical_index)
        if group is None:
            super().paintSection(painter, rect, logical_index)
            return
        half = rect.height() // 2
        first, count, label = group
        left = self.sectionViewportPosition(first)
        right = self.sectionViewportPosition(first + count - 1) + self.sectionSize(first + count - 1)
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = QRect(left, rect.top(), right - left, half)
        option.text = label
        option.textAlignment = Qt.AlignmentFlag.AlignCenter
        option.section = first
        option.position = QStyleOptionHeader.SectionPosition.OnlyOneSection
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        super().paintSection(
            painter, QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half), logical_index
        )
