"""The curator's desk: a school opened from «Реестр школ» shows its pages in the navigation.

One school is open at a time; opening another replaces it. Thirteen entries for each open school
would not fit the 768 pixels of a small screen beside the office's own groups, and one group named
after the school leaves no doubt whose pages are read. Its pages are built with
PageContext(store, MUNICIPALITY, school_id, read_only=…) — read-only as app.core.access says
of a school's records at the office — under keys of their own
(«school:<id>/<group>/<title>»), so they never meet the office's own pages (whose context has no
school: the office's district programme). Closing the school saves what its pages hold and drops them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTreeWidgetItem, QWidget

from app.core.access import can_change
from app.school.school import SchoolCard, get_card
from ui.pages import MUNICIPALITY, Page, PageContext, PageEntry, desk_pages

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow

PREFIX = "school:"
REGISTRY_GROUP = "Школы"
REGISTRY_KEY = "Школы/Реестр школ"
# Where a record named by «Новое с прошлого импорта» or «Новое во всех школах» is shown on the desk.
RECORD_PAGES = {
    "events": "Дневники/Дневник школы",
    "teacher_diary": "Дневники/Дневник педагога",
    "director_diary": "Дневники/Дневник директора",
    "plan_activities": "Программа/План мероприятий",
    "support_needs": "Программа/Карта поддержки",
    "recommendations": "Школа/Адресные рекомендации",
}
BANNER_STYLE = "#deskBanner { background: #eef3e6; border: 1px solid #c5d3b0; border-radius: 3px; }"


def school_label(card: SchoolCard) -> str:
    return f"Школа: {card.short_name or card.name}"


class DeskBanner(QFrame):
    """Above a desk page: whose pages these are, and «Закрыть школу»."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("deskBanner")
        self.setStyleSheet(BANNER_STYLE)
        line = QHBoxLayout(self)
        line.setContentsMargins(8, 3, 4, 3)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)  # never wider than the page: the navigation keeps its width
        self.close_button = QPushButton("Закрыть школу")
        self.close_button.setToolTip("Убрать страницы этой школы из навигации (Ctrl+W)")
        self.close_button.setAutoDefault(False)
        line.addWidget(self.label, 1)
        line.addWidget(self.close_button)
        self.hide()

    def set_school(self, card: SchoolCard) -> None:
        where = ", ".join(part for part in (f"код {card.code}", card.settlement) if part)
        self.label.setText(f"Открыта школа: <b>{_html(card.name)}</b> ({_html(where)})")
        self.label.setToolTip(
            "Данные школы из её пакетов здесь только читаются; управление пишет к ним комментарии "
            "куратора и адресные рекомендации — они уходят в школу с обратной связью."
        )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SchoolDesk:
    """The open school's navigation group, pages and banner, for the main window."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.school_id: str | None = None
        self.card: SchoolCard | None = None
        self.context: PageContext | None = None
        self.entries: dict[str, PageEntry] = {}  # desk key → registry entry
        self.group: QTreeWidgetItem | None = None
        self.banner = DeskBanner()
        self.banner.close_button.clicked.connect(self.close)
        self.close_action = QAction("&Закрыть школу", window)
        self.close_action.setShortcut(QKeySequence("Ctrl+W"))
        self.close_action.setEnabled(False)
        self.close_action.triggered.connect(self.close)

    # --- keys and pages --------------------------------------------------

    def owns(self, key: str) -> bool:
        return key.startswith(PREFIX)

    def key(self, entry_key: str) -> str:
        return f"{PREFIX}{self.school_id}/{entry_key}"

    def keys(self) -> list[str]:
        return list(self.entries)

    def title(self, key: str) -> str:
        """«Нагольненская СШ / Дневник педагога», for messages about a desk page."""
        entry = self.entries.get(key)
        name = self.card.short_name or self.card.name if self.card else ""
        return f"{name} / {entry.title}" if entry else key

    def build(self, key: str) -> Page:
        entry = self.entries.get(key)
        if entry is None or self.context is None:
            raise KeyError(key)
        return entry.build(self.context)

    # --- open and close -----------------------------------------------------

    def open(self, school_id: str) -> QWidget:
        """Open the school (replacing another open one) and show its first page."""
        if school_id != self.school_id:
            card = get_card(self.window.store, school_id)
            self.close()
            self.school_id, self.card = school_id, card
            store = self.window.store
            self.context = PageContext(
                store, MUNICIPALITY, school_id, read_only=not can_change(store, school_id)
            )
            self.entries = {self.key(entry.key): entry for entry in desk_pages()}
            self._add_group(card)
            self.banner.set_school(card)
            self.close_action.setEnabled(True)
        return self.window.show_page(self.keys()[0])

    def close(self) -> None:
        if self.school_id is None:
            return
        window = self.window
        current = window.stack.currentWidget()
        prefix = f"{PREFIX}{self.school_id}/"
        if any(window.pages.get(key) is current for key in self.entries):
            window.show_page(REGISTRY_KEY)  # away from the pages about to go
        window.drop_pages(prefix)
        if self.group is not None:
            nav = window.nav
            nav.takeTopLevelItem(nav.indexOfTopLevelItem(self.group))
        self.school_id = self.card = self.context = self.group = None
        self.entries = {}
        self.banner.hide()
        self.close_action.setEnabled(False)

    def _add_group(self, card: SchoolCard) -> None:
        nav = self.window.nav
        index = 0
        for i in range(nav.topLevelItemCount()):
            if nav.topLevelItem(i).text(0) == REGISTRY_GROUP:
                index = i + 1
        group = self.window.group_item(school_label(card))
        group.setToolTip(0, f"{card.name}, код {card.code} — открыта из «Реестра школ»; закрыть: Ctrl+W")
        nav.insertTopLevelItem(index, group)
        for key, entry in self.entries.items():
            self.window.page_item(group, entry.title, key)
        self.group = group
        self.window.fit_nav()

    # --- a record named on the desk -------------------------------------------

    def open_record(self, instrument: str, record_id: str) -> None:
        """Show a record in its page of the desk (a diary entry whatever the diary's filter was)."""
        entry_key = RECORD_PAGES.get(instrument)
        if entry_key is None or self.school_id is None:
            return
        page = self.window.show_page(self.key(entry_key))
        if page.select(record_id) or not hasattr(page, "clear_filter"):
            return  # a page without a filter shows the record already, or cannot name it
        page.clear_filter()
        page.select(record_id)
