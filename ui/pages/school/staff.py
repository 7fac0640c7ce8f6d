"""Педагоги: the school's staff table with a form to add and edit, and «выбыл(а)» / «вернуть»."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.reports.catalog import ReportOptions, writer
from app.school.installation import own_school
from app.school.staff import StaffMember, list_staff, set_active
from ui.dialogs.staff_dialog import FLAG_ROWS, StaffDialog
from ui.models.staff_table import (
    COL_BIRTH_YEAR,
    COL_CATEGORY,
    COL_EDUCATION,
    COL_EXPERIENCE,
    COL_IPRP,
    COL_NAME,
    COL_POS,
    COL_POSITION,
    COL_SUBJECTS,
    StaffFilterProxy,
    StaffTableModel,
)
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import (
    ErrorLabel,
    ask_and_do,
    select_source_row,
    selected_source_row,
    widget_shortcut,
)
from ui.widgets.read_only import hide_all, title_row
from ui.widgets.tables import record_list, set_empty_text

__all__ = ["StaffDialog", "StaffPage"]

# Chosen so that every column fits at 1366×768 next to the navigation; «Статус» takes the rest.
EMPTY_STAFF = "Педагогов пока нет. Нажмите «Добавить» (Ctrl+N), чтобы внести первого."
COLUMN_WIDTHS = {
    COL_NAME: 255,
    COL_POSITION: 155,
    COL_SUBJECTS: 140,
    COL_CATEGORY: 100,
    COL_EDUCATION: 105,
    COL_BIRTH_YEAR: 85,
    COL_EXPERIENCE: 80,
    COL_POS: 48,
    COL_IPRP: 52,
}


class StaffPage(Page):
    """`read_only`: the office reads the school's staff — no adding, editing or «выбыл(а)»."""

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        store = context.store
        school_id = context.school_id
        read_only = context.read_only
        if school_id is None:
            school = own_school(store)
            if school is None:
                raise UserError("Список педагогов есть только у базы школы.")
            school_id = school.id
        self.school_id = school_id

        layout = QVBoxLayout(self)
        head = title_row("Педагоги", read_only)
        head.addStretch(1)
        self.printing = PrintButtons(
            self,
            [Printout("Кадровый состав", lambda: writer(store, "staff", ReportOptions(school_id=school_id)))],
            "анализ кадрового состава",
        )
        self.printing.add_to(head)
        layout.addLayout(head)

        tools = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Поиск по ФИО (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(240)
        self.search_edit.setMaximumWidth(320)
        self.show_inactive_check = QCheckBox("Показывать выбывших")
        self.add_button = QPushButton("Добавить")
        self.add_button.setToolTip("Добавить педагога (Ctrl+N)")
        self.edit_button = QPushButton("Изменить")
        self.edit_button.setToolTip("Изменить сведения о выбранном педагоге (Enter или двойной щелчок)")
        self.active_button = QPushButton("Выбыл(а)")
        tools.addWidget(self.search_edit)
        tools.addWidget(self.show_inactive_check)
        tools.addStretch(1)
        tools.addWidget(self.add_button)
        tools.addWidget(self.edit_button)
        tools.addWidget(self.active_button)
        layout.addLayout(tools)

        self.model = StaffTableModel(self)
        self.proxy = StaffFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = record_list(self.proxy, COL_NAME, COLUMN_WIDTHS, alternating=True)
        layout.addWidget(self.table, 1)

        # On the desk the form is not opened: what the table has no column for is said here.
        self.details_label = QLabel()
        self.details_label.setVisible(read_only)
        layout.addWidget(self.details_label)
        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.error_label = ErrorLabel()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.error_label, 1)
        layout.addLayout(bottom)

        self.search_edit.textChanged.connect(self.proxy.set_name_filter)
        self.show_inactive_check.toggled.connect(self._show_inactive_toggled)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.proxy.modelReset.connect(self._update_buttons)
        self.proxy.rowsRemoved.connect(self._update_buttons)

        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        if read_only:
            # The table and the line under it show the whole form: nothing to open or change.
            hide_all(self.add_button, self.edit_button, self.active_button)
        else:
            self.table.doubleClicked.connect(lambda _index: self.edit())
            QShortcut(QKeySequence.StandardKey.New, self, self.add)
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                widget_shortcut(QKeySequence(key), self.table, self.edit)

        self.reload()

    # --- data -----------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        current = select_id or (m.id if (m := self.selected()) else None)
        members = list_staff(self.store, self.school_id, include_inactive=True)
        self.model.set_rows(members)
        active = sum(1 for m in members if m.active)
        text = f"Работают: {active}"
        if len(members) > active:
            text += f", выбыли: {len(members) - active}"
        self.count_label.setText(text)
        if current is not None:
            self.select(current)
        self._update_buttons()

    def refresh(self) -> None:
        self.reload()

    def select(self, staff_id: str) -> bool:
        return select_source_row(self.table, self.proxy, self.model.row_of(staff_id), COL_NAME)

    def selected(self) -> StaffMember | None:
        row = selected_source_row(self.table, self.proxy)
        return self.model.member(row) if row is not None else None

    # --- actions --------------------------------------------------------

    def add(self) -> None:
        if self.read_only:
            return
        dialog = StaffDialog(self.store, self.school_id, parent=self)
        if dialog.exec() == StaffDialog.DialogCode.Accepted and dialog.member is not None:
            if self.search_edit.text():
                self.search_edit.clear()  # the new person must be visible
            self.reload(select_id=dialog.member.id)

    def edit(self) -> None:
        member = self.selected()
        if member is None or self.read_only:
            return
        dialog = StaffDialog(self.store, self.school_id, member, parent=self)
        if dialog.exec() == StaffDialog.DialogCode.Accepted:
            self.reload(select_id=member.id)

    def toggle_active(self) -> None:
        member = self.selected()
        if member is None or self.read_only:
            return
        if member.active:
            title = "Педагог выбыл"
            question = (
                f"Отметить, что {member.full_name} больше не работает в школе?\n\n"
                "Записи в дневниках сохранятся. Вернуть педагога можно в любой момент: "
                "включите «Показывать выбывших» и нажмите «Вернуть»."
            )
        else:
            title = "Вернуть педагога"
            question = f"Отметить, что {member.full_name} снова работает в школе?"
        act = lambda: set_active(self.store, member.id, not member.active)  # noqa: E731
        done = ask_and_do(self, title, question, act, self.error_label.set_message)
        if done is False:
            self.reload()
        elif done:
            self.error_label.set_message(None)
            self.reload(select_id=member.id)

    # --- view state -----------------------------------------------------

    def _show_inactive_toggled(self, show: bool) -> None:
        current = self.selected()
        self.proxy.set_show_inactive(show)
        if current is not None:
            self.select(current.id)
        self._update_buttons()

    def _empty_text(self) -> str:
        """What the empty table says: nobody yet (and how to add), or nobody matching the search."""
        if self.model.rowCount() > 0:
            return "Никто не подходит под поиск — измените его или отметьте «Показывать выбывших»."
        if self.read_only:
            return "Сведений о педагогах школы пока нет."
        return EMPTY_STAFF

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _update_buttons(self) -> None:
        set_empty_text(self.table, self._empty_text())
        member = self.selected()
        if self.read_only:
            self.details_label.setText(_details(member))
        self.edit_button.setEnabled(member is not None)
        self.active_button.setEnabled(member is not None)
        if member is not None and not member.active:
            self.active_button.setText("Вернуть")
            self.active_button.setToolTip("Отметить, что педагог снова работает в школе")
        else:
            self.active_button.setText("Выбыл(а)")
            self.active_button.setToolTip("Отметить, что педагог больше не работает в школе")


def _details(member: StaffMember | None) -> str:
    """The form's flags the table has no column for, for the selected person."""
    if member is None:
        return ""
    shown = [
        f"{title}: {'да' if getattr(member, name) else 'нет'}"
        for name, title, _tip in FLAG_ROWS
        if name in ("has_tutor", "teaches_by_diploma")
    ]
    return f"{member.full_name} — " + "; ".join(shown)
