"""План мероприятий: the current programme's plan by numbered sections, with statuses, what is
late, filters, a progress line per section and the diary links of the selected activity."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.programme.plan import (
    ActivityRow,
    SectionRow,
    filter_plan,
    plan_of,
    plan_progress,
    progress_text,
)
from app.programme.plan_edit import delete_activity, delete_section, move_activity, move_section
from app.reports.catalog import ReportOptions, writer
from ui.dialogs.activity_dialog import ActivityDialog
from ui.dialogs.programme_dialogs import SectionDialog
from ui.models.plan_tree import (
    COL_CONTROL,
    COL_DEADLINE,
    COL_LINKS,
    COL_NUMBER,
    COL_RESPONSIBLE,
    COL_STATUS,
    COL_TITLE,
    ID_ROLE,
    KIND_ROLE,
    PlanTreeModel,
)
from ui.ops import refused
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel, ask_yes, first_selected, select_index, widget_shortcut
from ui.widgets.flow import FlowLayout
from ui.widgets.plan_filters import PlanFilterBar
from ui.widgets.plan_links import ActivityLinksPanel
from ui.widgets.programme_chooser import ProgrammeChooser
from ui.widgets.read_only import hide_all, title_row
from ui.widgets.tables import record_table

COLUMN_WIDTHS = {
    COL_NUMBER: 62,
    COL_TITLE: 300,
    COL_DEADLINE: 130,
    COL_RESPONSIBLE: 160,
    COL_CONTROL: 120,
    COL_STATUS: 105,
    COL_LINKS: 84,
}
EMPTY_PLAN = "В плане пока нет разделов. Нажмите «+ Раздел», затем «+ Мероприятие»."
NOTHING_FOUND = "Ни одно мероприятие не подходит под отбор — измените или сбросьте его."
NO_PROGRAMME = "Программы ещё нет: создайте её на странице «Паспорт программы»."
READ_ONLY_EMPTY_PLAN = "В плане этой программы пока нет мероприятий."
READ_ONLY_NO_PROGRAMME = "У школы пока нет программы улучшения образовательных результатов."


class PlanPage(Page):
    """`read_only`: the office reads a school's plan — filters, links and the path to practice
    stay; nothing is added, changed, deleted or moved (Enter opens the path instead of the form)."""

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        store = context.store
        owner = context.school_id
        read_only = context.read_only
        self.owner = owner
        self.sections: list[SectionRow] = []  # the whole plan
        self.collapsed: set[str] = set()

        layout = QVBoxLayout(self)
        header = title_row("План мероприятий", read_only)
        header.addSpacing(16)
        self.chooser = ProgrammeChooser(store, owner, self)
        header.addWidget(self.chooser, 1)
        self.printing = PrintButtons(
            self,
            [
                Printout("Программа и план мероприятий", lambda: self._report_writer("plan")),
                Printout("Отчёт о реализации программы", lambda: self._report_writer("implementation")),
            ],
            "план или отчёт о его реализации",
        )
        layout.addLayout(header)

        self.filters = PlanFilterBar(self)
        layout.addWidget(self.filters)

        tools = FlowLayout()
        self.add_section_button = QPushButton("+ Раздел")
        self.add_section_button.setToolTip("Добавить раздел плана в конец")
        self.add_button = QPushButton("+ Мероприятие")
        self.add_button.setToolTip("Добавить мероприятие после выбранного (Ctrl+N)")
        self.edit_button = QPushButton("Изменить")
        self.edit_button.setToolTip("Изменить выбранное (Enter или двойной щелчок)")
        self.delete_button = QPushButton("Удалить")
        self.delete_button.setToolTip("Удалить выбранное (Del)")
        self.up_button = QPushButton("▲ Выше")
        self.up_button.setToolTip("Переместить выше (Alt+↑); номера пересчитаются")
        self.down_button = QPushButton("▼ Ниже")
        self.down_button.setToolTip("Переместить ниже (Alt+↓); номера пересчитаются")
        for button in (self.add_section_button, self.add_button, self.edit_button, self.delete_button):
            tools.addWidget(button)
        tools.add_gap(12)
        tools.addWidget(self.up_button)
        tools.addWidget(self.down_button)
        tools.add_gap(24)
        self.progress_label = QLabel()
        tools.addWidget(self.progress_label)
        tools.add_gap(24)
        self.printing.add_to(tools)
        layout.addLayout(tools)

        self.hint_label = QLabel()
        self.hint_label.setStyleSheet("color: #555555;")
        layout.addWidget(self.hint_label)
        self.model = PlanTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        record_table(self.tree, widths=COLUMN_WIDTHS, stretch_last=True, elide=True)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(14)
        self.tree.setExpandsOnDoubleClick(False)
        self.links = ActivityLinksPanel(store, self)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.links)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 170])
        splitter.setCollapsible(0, False)
        layout.addWidget(splitter, 1)
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)

        self.chooser.changed.connect(lambda: self.reload())
        self.filters.changed.connect(lambda: self.show_plan())
        self.chooser.failed.connect(self.error_label.set_message)
        self.add_section_button.clicked.connect(self.add_section)
        self.add_button.clicked.connect(self.add_activity)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(+1))
        self.tree.doubleClicked.connect(lambda _index: self.open_selected())
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.tree.collapsed.connect(lambda index: self.collapsed.add(index.data(ID_ROLE)))
        self.tree.expanded.connect(lambda index: self.collapsed.discard(index.data(ID_ROLE)))

        QShortcut(QKeySequence.StandardKey.Find, self, self.filters.focus_search)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            widget_shortcut(QKeySequence(key), self.tree, self.open_selected)
        if read_only:
            hide_all(
                self.add_section_button,
                self.add_button,
                self.edit_button,
                self.delete_button,
                self.up_button,
                self.down_button,
            )
        else:
            QShortcut(QKeySequence.StandardKey.New, self, self.add_activity)
            QShortcut(QKeySequence("Alt+Up"), self, lambda: self.move(-1))
            QShortcut(QKeySequence("Alt+Down"), self, lambda: self.move(+1))
            widget_shortcut(QKeySequence(Qt.Key.Key_Delete), self.tree, self.delete)

        self.reload()

    # --- data -----------------------------------------------------------------

    @property
    def programme_id(self) -> str | None:
        return self.chooser.programme_id

    def _report_writer(self, kind: str):
        options = ReportOptions(
            school_id=self.owner, programme_id=self.programme_id, plan_filter=self.filters.plan_filter()
        )
        return writer(self.store, kind, options)

    def refresh(self) -> None:
        self.chooser.reload()
        self.reload()

    def reload(self, select: tuple[str, str] | None = None) -> None:
        """Read the plan again and show it, keeping (or moving to) the selected row."""
        select = select or self.selected()
        self.sections = plan_of(self.store, self.programme_id) if self.programme_id else []
        self.filters.set_sections(self.sections)
        self.show_plan(select)

    def show_plan(self, select: tuple[str, str] | None = None) -> None:
        select = select or self.selected()
        shown = filter_plan(self.sections, self.filters.plan_filter())
        self.model.set_plan(shown)
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            self.tree.setExpanded(index, index.data(ID_ROLE) not in self.collapsed)
        done, total = plan_progress(self.sections)
        self.progress_label.setText(f"Весь план: {progress_text(done, total).lower()}" if total else "")
        has_programme = self.programme_id is not None
        if not has_programme:
            self.hint_label.setText(READ_ONLY_NO_PROGRAMME if self.read_only else NO_PROGRAMME)
        elif not self.sections:
            self.hint_label.setText(READ_ONLY_EMPTY_PLAN if self.read_only else EMPTY_PLAN)
        elif not shown:
            self.hint_label.setText(NOTHING_FOUND)
        self.hint_label.setVisible(not has_programme or not self.sections or not shown)
        self.add_section_button.setEnabled(has_programme)
        if select is not None:
            self.select_item(*select)
        self._selection_changed()

    def select(self, record_id: str) -> bool:
        """An activity or a section of the plan shown, by its id."""
        return self.select_item("activity", record_id) or self.select_item("section", record_id)

    def select_item(self, kind: str, ident: str) -> bool:
        index = self.model.find(kind, ident)
        if not index.isValid():
            return False
        if index.parent().isValid():
            self.tree.expand(index.parent())
        select_index(self.tree, index)
        return True

    def selected(self) -> tuple[str, str] | None:
        index = first_selected(self.tree)
        return (index.data(KIND_ROLE), index.data(ID_ROLE)) if index is not None else None

    def selected_activity(self) -> ActivityRow | None:
        chosen = self.selected()
        if chosen is None or chosen[0] != "activity":
            return None
        return next((a for s in self.sections for a in s.activities if a.id == chosen[1]), None)

    def _section(self, section_id: str) -> SectionRow | None:
        return next((s for s in self.sections if s.id == section_id), None)

    # --- actions -----------------------------------------------------------------

    def add_section(self) -> None:
        if self.programme_id is None or self.read_only:
            return
        dialog = SectionDialog(self.store, self.programme_id, parent=self)
        if dialog.exec() == SectionDialog.DialogCode.Accepted:
            self.reload(select=("section", dialog.section_id))

    def add_activity(self) -> None:
        if self.programme_id is None or self.read_only:
            return
        if not self.sections:
            self.error_label.set_message("Сначала добавьте раздел плана кнопкой «+ Раздел».")
            return
        chosen = self.selected()
        after = self.selected_activity()
        if after is not None:
            section_id = after.section_id
        elif chosen is not None:
            section_id = chosen[1]
        else:
            section_id = self.sections[-1].id
        dialog = ActivityDialog(
            self.store, self.sections, section_id, after_id=after.id if after else None, parent=self
        )
        if dialog.exec() == ActivityDialog.DialogCode.Accepted and dialog.activity is not None:
            self._done(("activity", dialog.activity.id))

    def open_selected(self) -> None:
        """Enter or a double click: the form, or on the desk the activity's path to practice."""
        if not self.read_only:
            self.edit()
        elif self.selected_activity() is not None:
            self.links.open_path()

    def edit(self) -> None:
        chosen = self.selected()
        if chosen is None or self.read_only:
            return
        if chosen[0] == "section":
            section = self._section(chosen[1])
            if section is None or self.programme_id is None:
                return
            dialog = SectionDialog(self.store, self.programme_id, section.id, section.title, parent=self)
            if dialog.exec() == SectionDialog.DialogCode.Accepted:
                self._done(chosen)
            return
        activity = self.selected_activity()
        if activity is None:
            return
        dialog = ActivityDialog(self.store, self.sections, activity.section_id, activity, parent=self)
        if dialog.exec() == ActivityDialog.DialogCode.Accepted:
            self._done(chosen)

    def delete(self) -> None:
        chosen = self.selected()
        if chosen is None or self.read_only:
            return
        if chosen[0] == "section":
            section = self._section(chosen[1])
            if section is None:
                return
            count = len(section.activities)
            question = f"Удалить раздел «{section.label}»"
            question += f" вместе с его мероприятиями ({count})?" if count else "?"
            if any(a.linked for a in section.activities):
                question += (
                    "\n\nМероприятия, с которыми связаны записи дневников, исчезнут из плана, "
                    "а связи сохранятся."
                )
            action = lambda: delete_section(self.store, section.id)  # noqa: E731
        else:
            activity = self.selected_activity()
            if activity is None:
                return
            question = f"Удалить мероприятие {activity.label}?\n\nНомера следующих мероприятий сдвинутся."
            if activity.linked:
                question += (
                    f"\n\nС ним связаны мероприятия «Дневника школы» ({activity.events}) и записи дневников "
                    f"({activity.entries}). Мероприятие исчезнет из плана, а связи сохранятся в дневниках."
                )
            action = lambda: delete_activity(self.store, activity.id)  # noqa: E731
        if not ask_yes(
            self,
            "Удаление",
            question,
        ):
            return
        if refused(self, action, self._refusal):
            return
        self.error_label.set_message(None)
        self.reload()

    def move(self, delta: int) -> None:
        chosen = self.selected()
        if chosen is None or self.read_only:
            return
        mover = move_section if chosen[0] == "section" else move_activity
        if refused(self, lambda: mover(self.store, chosen[1], delta), self._refusal):
            return
        self._done(chosen)

    def _refusal(self, message: str) -> None:
        """A refused change: the plan as it stands now, and why."""
        self.reload()
        self.error_label.set_message(message)

    def _done(self, select: tuple[str, str]) -> None:
        """After a change: show the plan with the changed row selected, even if the filter hid it."""
        self.error_label.set_message(None)
        self.reload(select=select)
        if not self.model.find(*select).isValid():
            self.filters.clear()
            self.show_plan(select)
        self.tree.setFocus()

    # --- view state ----------------------------------------------------------------

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.edit_button.setEnabled(chosen is not None)
        self.delete_button.setEnabled(chosen is not None)
        self.up_button.setEnabled(chosen is not None)
        self.down_button.setEnabled(chosen is not None)
        self.add_button.setEnabled(self.programme_id is not None and bool(self.sections))
        activity = self.selected_activity()
        self.links.show_activity(
            activity.id if activity else None,
            activity.number if activity else "",
            section_selected=chosen is not None,
        )
