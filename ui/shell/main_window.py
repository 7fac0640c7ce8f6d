"""The main window: navigation on the left, the chosen page on the right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.core.errors import UserError
from app.core.settings import MODE_LABELS
from app.core.store import Store
from app.school.installation import own_school
from ui import forms
from ui.ops import attempt, show_refusal
from ui.pages import Page, PageContext, PageEntry, pages_for
from ui.shell.school_desk import SchoolDesk
from ui.widgets.common import ERROR_STYLE

DEFAULT_SIZE = (1280, 720)
NAV_WIDTH = 220
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


class PageStack(QStackedWidget):
    """The pages, as large as the page shown: a wide page seen once does not widen the others."""

    def __init__(self):
        super().__init__()
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:  # noqa: N802 — Qt's name
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 — Qt's name
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()


class MainWindow(QMainWindow):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        installation = store.installation()
        if installation is None:
            raise UserError("База не настроена: запустите программу заново и пройдите первый запуск.")
        self.mode = installation.mode
        school = own_school(store) if self.mode == "school" else None
        self.context = PageContext(store=store, mode=self.mode, school_id=school.id if school else None)
        self.entries: list[PageEntry] = pages_for(self.mode)
        self.pages: dict[str, Page] = {}

        self.nav = QTreeWidget()
        self.nav.setHeaderHidden(True)
        self.nav.setRootIsDecorated(False)
        self.nav.setItemsExpandable(False)
        self.nav.setIndentation(14)
        self.nav.setMinimumWidth(180)
        self.stack = PageStack()
        self.desk = SchoolDesk(self)  # a school opened from «Реестр школ» (municipal mode)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.desk.banner)
        # A page wider or taller than a small screen (1280×720 at 150 % scaling: 1093×614) scrolls
        # inside the window; the window itself never grows past the screen.
        self.page_area = QScrollArea()
        self.page_area.setWidgetResizable(True)
        self.page_area.setFrameShape(QFrame.Shape.NoFrame)
        self.page_area.setWidget(self.stack)
        right_layout.addWidget(self.page_area, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.nav)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        self.setCentralWidget(splitter)
        self.splitter = splitter

        self.identity_label = QLabel()
        self.statusBar().addPermanentWidget(self.identity_label)
        self.status_note = QLabel()  # work going on in the background, or its failure
        self.status_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status_note.hide()  # a long warning is cut, never widens the window; its tooltip is whole
        self.statusBar().addWidget(self.status_note, 1)
        self._build_menus()
        self._build_nav()
        splitter.setSizes([NAV_WIDTH, DEFAULT_SIZE[0] - NAV_WIDTH])
        self.fit_nav()
        self.refresh_identity()
        self.resize(*DEFAULT_SIZE)

        self.nav.currentItemChanged.connect(self._nav_changed)
        first = self._first_page_item()
        if first is not None:
            self.nav.setCurrentItem(first)

    # --- building -------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Файл")
        quit_action = QAction("В&ыход", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.quit_action = quit_action

        if self.mode == "municipality":
            schools_menu = self.menuBar().addMenu("Ш&колы")
            schools_menu.addAction(self.desk.close_action)

        help_menu = self.menuBar().addMenu("&Справка")
        about_action = QAction("&О программе", self)
        about_action.setMenuRole(QAction.MenuRole.AboutRole)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)
        self.about_action = about_action

    def _build_nav(self) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for entry in self.entries:
            group = groups.get(entry.group)
            if group is None:
                group = groups[entry.group] = self.group_item(entry.group)
                self.nav.addTopLevelItem(group)
            self.page_item(group, entry.title, entry.key)
        self.nav.expandAll()

    def fit_nav(self) -> None:
        """Widen the navigation to its longest title («Результаты оценочных процедур»), never narrower."""
        self.nav.expandAll()
        fits = self.nav.sizeHintForColumn(0) + self.nav.indentation() + 2 * self.nav.frameWidth() + 8
        self.nav.setMinimumWidth(fits)  # a wide page never squeezes a title to «Результаты оценочных пр…»
        sizes = self.splitter.sizes()
        if sizes[0] < fits:
            self.splitter.setSizes([fits, max(0, sum(sizes) - fits)])

    def group_item(self, title: str) -> QTreeWidgetItem:
        """A bold group heading of the navigation, not itself a page."""
        group = QTreeWidgetItem([title])
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        return group

    def page_item(self, group: QTreeWidgetItem, title: str, key: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(group, [title])
        item.setData(0, ENTRY_ROLE, key)
        return item

    def _first_page_item(self) -> QTreeWidgetItem | None:
        for i in range(self.nav.topLevelItemCount()):
            group = self.nav.topLevelItem(i)
            if group.childCount():
                return group.child(0)
        return None

    # --- pages ----------------------------------------------------------

    def _entry(self, key: str) -> PageEntry | None:
        return next((e for e in self.entries if e.key == key), None)

    def _nav_changed(self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        key = current.data(0, ENTRY_ROLE) if current is not None else None
        if not key:
            return
        leaving = self.stack.currentWidget()
        if isinstance(leaving, Page) and leaving is not self.pages.get(key) and not self.may_leave([leaving]):
            self.nav.blockSignals(True)  # the person stays to correct what was typed
            self.nav.setCurrentItem(previous)
            self.nav.blockSignals(False)
            return
        self.show_page(key)

    def may_leave(self, pages: list[Page]) -> bool:
        """Where something typed on the pages could not be saved, ask «Сохранить изменения?»:
        «Сохранить» tries once more (and stays if still refused), «Не сохранять» drops it,
        «Отмена» stays. (Leaving a field saves it already; closing the window flushes first.)"""
        for page in pages:
            problem = page.unsaved()
            if problem is None:
                continue
            answer = forms.ask_unsaved(self, f"Введённое не сохранено: {problem}")
            if answer == forms.STAY:
                return False
            if answer == forms.SAVE:
                page.flush()
                if page.unsaved() is not None:
                    return False
            else:
                page.discard()
        return True

    def page(self, key: str) -> Page:
        """The page for a registry key (e.g. "Школа/Педагоги") or a desk key, built on first use."""
        page = self.pages.get(key)
        if page is None:
            if self.desk.owns(key):
                page = self.desk.build(key)
            else:
                entry = self._entry(key)
                if entry is None:
                    raise KeyError(key)
                page = entry.build(self.context)
            page.data_changed.connect(self.refresh_identity)
            page.open_school_requested.connect(self.open_school)
            page.open_record_requested.connect(self.desk.open_record)
            self.pages[key] = page
            self.stack.addWidget(page)
        return page

    def show_page(self, key: str) -> Page:
        built_before = key in self.pages
        page = self.page(key)
        if self.stack.currentWidget() is not page:
            if built_before:
                page.refresh()  # another page may have changed what this one shows
            self.stack.setCurrentWidget(page)
        self.desk.banner.setVisible(self.desk.owns(key))
        item = self._item(key)
        if item is not None and self.nav.currentItem() is not item:
            self.nav.setCurrentItem(item)
        return page

    def drop_pages(self, prefix: str) -> None:
        """Save and remove the built pages whose keys start with `prefix` (a closed school's)."""
        for key in [k for k in self.pages if k.startswith(prefix)]:
            page = self.pages.pop(key)
            page.flush()
            self.stack.removeWidget(page)
            page.deleteLater()

    def open_school(self, school_id: str) -> QWidget | None:
        """«Реестр школ → Открыть школу»: the school's pages, read-only, in the navigation."""
        return attempt(self, lambda: self.desk.open(school_id), self._school_not_opened)

    def _school_not_opened(self, message: str) -> None:
        show_refusal(self, f"{message}\nОбновите реестр школ и попробуйте снова.", "Открыть школу")

    def close_school(self) -> None:
        self.desk.close()

    def _item(self, key: str) -> QTreeWidgetItem | None:
        for i in range(self.nav.topLevelItemCount()):
            group = self.nav.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, ENTRY_ROLE) == key:
                    return group.child(j)
        return None

    def nav_titles(self) -> list[tuple[str, list[str]]]:
        """What the navigation shows: (group, [titles])."""
        result = []
        for i in range(self.nav.topLevelItemCount()):
            group = self.nav.topLevelItem(i)
            result.append((group.text(0), [group.child(j).text(0) for j in range(group.childCount())]))
        return result

    def open_package(self, path: Path) -> None:
        """A .dnevnik file given at start-up: the import wizard, with that file, ready to check."""
        self.open_packages([Path(path)])

    def open_packages(self, paths: list[Path]) -> None:
        """.dnevnik files given at start-up or handed over by a second copy: the import, one batch."""
        if self.mode == "municipality":
            page = self.show_page("Обмен/Принять пакеты")
            page.open_paths([Path(path) for path in paths])
        else:
            page = self.show_page("Обмен/Получено из управления")
            page.open_wizard([Path(path) for path in paths])

    # --- identity, about, closing ----------------------------------------

    def refresh_identity(self) -> None:
        installation = self.store.installation()
        name = installation.name if installation else ""
        # Qt adds the application's display name itself («МКОУ … — Дневник школы»): named once.
        self.setWindowTitle(name)
        who = "Школа" if self.mode == "school" else "Управление"
        mode = MODE_LABELS.get(self.mode, self.mode)
        self.identity_label.setText(f"{who}: {name}   ·   режим: {mode}")

    def set_status_note(self, text: str | None, warning: bool = False) -> None:
        """A note at the left of the status bar (red for a warning); None takes it away."""
        self.status_note.setText(text or "")
        self.status_note.setToolTip(text or "")
        self.status_note.setStyleSheet(ERROR_STYLE if warning else "")
        self.status_note.setVisible(bool(text))

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "О программе",
            f"<h3>{APP_NAME}</h3>"
            f"<p>Версия {__version__}</p>"
            "<p>Дневники, программа улучшения образовательных результатов и обмен "
            "с управлением образования для школ ШНОР и ШНСУ.</p>"
            f"<p>Папка данных: {self.store.data_dir}</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        # Edits not yet confirmed with Enter or Tab are saved, not lost; what cannot be saved is asked about.
        current = self.stack.currentWidget()
        others = [page for page in self.pages.values() if page is not current]
        pages = ([current] if isinstance(current, Page) else []) + others
        for page in pages:
            page.flush()
        if not self.may_leave(pages):
            event.ignore()
            return
        super().closeEvent(event)
