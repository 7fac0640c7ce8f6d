"""The one shape of a page: built from a `PageContext`, refreshed when shown, flushed before it goes.

Every page of the navigation derives from `Page` and takes `(context, parent=None)`; what differs
between pages (whose data, which mode, read-only on the curator's desk) comes from the context.
The main window and the desk call `refresh()`, `flush()` and `select()` and connect the signals
below on every page alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.core.store import Store


@dataclass(frozen=True)
class PageContext:
    """What a page needs to know: the store, the mode, and whose data it shows."""

    store: Store
    mode: str
    # The school whose data the page shows; None at the office for its own district programme.
    school_id: str | None = None
    # On the office's curator desk a school's pages are read: nothing the school owns changes.
    read_only: bool = False


class Page(QWidget):
    """A page of the navigation. Subclasses override what they need; the defaults do nothing.

    `self.read_only` starts as the context's (the desk's pages of what the school owns follow it; a
    page may narrow it, as the diaries do at the office)."""

    # The installation's name or other shared details changed (the window's title follows).
    data_changed = Signal()
    # «Открыть школу» on the registry: the window opens the school on the curator's desk.
    open_school_requested = Signal(str)
    # A record named on the desk: (the package's array, the record's id), shown in its diary page.
    open_record_requested = Signal(str, str)

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.store = context.store
        self.read_only = context.read_only

    def refresh(self) -> None:
        """Read again what another page may have changed; called each time the page is shown again."""

    def flush(self) -> None:
        """Save what is being edited and not yet saved (before the window closes or the page goes)."""

    def unsaved(self) -> str | None:
        """Why what is typed on the page could not be saved (the refusal shown beside a field), or
        None when all of it is saved. Asked after `flush()` when the page is left or the window
        closes: the person is then asked «Сохранить изменения?» instead of losing the text."""
        return None

    def discard(self) -> None:
        """«Не сохранять»: what could not be saved is dropped and the stored values shown again."""
        self.refresh()

    def select(self, record_id: str) -> bool:
        """Show the record with this id, if the page lists it; True if it is now selected."""
        return False
