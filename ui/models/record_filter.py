"""The one filter proxy of the record tables: sorts by the model's sort role and refilters its rows
whenever the page changes what the filter asks, on every Qt version the program runs on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QSortFilterProxyModel


class RecordFilterProxy(QSortFilterProxyModel):
    """Subclasses keep what their filter asks in attributes, change it inside `changing_filter()`
    and say in `filterAcceptsRow` which rows pass."""

    def __init__(self, sort_role: int, parent: QObject | None = None):
        super().__init__(parent)
        self.setSortRole(sort_role)

    @contextmanager
    def changing_filter(self) -> Iterator[None]:
        """Change the filter's attributes in the block; the rows are filtered again after it."""
        # Qt 6.9+ replaces invalidateFilter() with a begin/end pair; older Qt has only the former.
        modern = hasattr(self, "beginFilterChange")
        if modern:
            self.beginFilterChange()
        try:
            yield
        finally:
            if modern:
                self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
            else:
                self.invalidateFilter()
