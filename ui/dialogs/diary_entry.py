"""What the three diary forms share: two columns of fields, curator comments, Enter/Ctrl+S to save.

Each diary's form (event_dialog, teacher_entry_dialog, director_entry_dialog) adds its
fields in `build()`, and turns them into the service's data class in `data()`. The
service checks what is typed; its messages appear next to the fields and the form
stays open with everything as typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.store import Store
from app.diaries.base import DiaryService
from app.diaries.common import RowBase
from app.school.staff import StaffMember, list_staff
from ui.dialogs.comments_panel import CommentsPanel
from ui.forms import FormDialog
from ui.widgets.common import with_error, wrapped_label
from ui.widgets.pickers import CheckList, OptionalDateEdit
from ui.widgets.read_only import read_only_look, read_only_note

DIALOG_SIZE = (1040, 660)  # fits a 1366×768 screen with the taskbar and title bar


def text_box(lines: int, placeholder: str = "") -> QPlainTextEdit:
    """A multi-line field: Enter starts a new line, Tab moves on, Ctrl+S or Ctrl+Enter saves."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def staff_label(member: StaffMember) -> str:
    return member.full_name if member.active else f"{member.full_name} (выбыл(а))"


def staff_choices(store: Store, school_id: str, keep: set[str]) -> list[StaffMember]:
    """Those who work at the school, and those in `keep` who left: an old entry stays editable."""
    return [m for m in list_staff(store, school_id, include_inactive=True) if m.active or m.id in keep]


class DiaryEntryDialog(FormDialog):
    """One entry of a diary: a new one (`row` None) or an existing one."""

    service: DiaryService
    new_title = "Новая запись"
    edit_title = "Запись дневника"

    def __init__(
        self,
        store: Store,
        school_id: str,
        row: RowBase | None = None,
        read_only: bool = False,
        comments_editable: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.school_id = school_id
        self.row = row
        self.entry_id: str | None = row.id if row is not None else None
        self.read_only = read_only
        self.saved = False
        self.headers = {c.key: c.header for c in self.service.columns}
        self.setWindowTitle(self.edit_title if row is not None else self.new_title)
        self.resize(*DIALOG_SIZE)

        outer = QVBoxLayout(self)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        self.form = self._form_layout()
        self.side = QVBoxLayout()  # the checklists, which share the column's height
        left = QVBoxLayout()
        left.addLayout(self.form)
        columns.addLayout(left, 1)
        columns.addLayout(self.side, 1)
        outer.addLayout(columns, 1)

        self.build()

        comments_box = QGroupBox(self.headers["comments"])
        box_layout = QVBoxLayout(comments_box)
        self.comments = CommentsPanel(
            store,
            self.service.comment_target,
            self.entry_id,
            row.comments if row is not None else [],
            editable=comments_editable,
        )
        box_layout.addWidget(self.comments)
        self.comments_changed = False
        self.comments.changed.connect(lambda: setattr(self, "comments_changed", True))
        # An empty «Комментарии куратора» box takes only its line; a filled one may grow.
        grows = bool(row is not None and row.comments) or comments_editable
        left.addWidget(comments_box, 1 if grows else 0)
        if not grows:
            left.addStretch(1)

        outer.addWidget(self.general_error)
        self.make_buttons()
        self.save_button.setToolTip("Сохранить запись (Enter или Ctrl+S; в многострочном поле — Ctrl+Enter)")
        self.path_button = QPushButton("Путь к практике…")
        self.path_button.setAutoDefault(False)
        self.path_button.setToolTip("Путь от обучения к практике: где применялись методы мероприятия")
        self.path_button.clicked.connect(self.show_path)
        self.path_button.setVisible(self.has_path())
        bottom = QHBoxLayout()
        bottom.addWidget(self.path_button)
        self.bottom_row = bottom
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        outer.addLayout(bottom)

        self.fill(row)
        for edit in self.findChildren(QLineEdit):
            edit.setCursorPosition(0)  # long texts show their beginning
        if read_only:
            self._make_read_only()

    # --- to be given by each diary's form -------------------------------

    def build(self) -> None:
        raise NotImplementedError

    def fill(self, row: RowBase | None) -> None:
        raise NotImplementedError

    def data(self):
        raise NotImplementedError

    def has_path(self) -> bool:
        return False

    def show_path(self) -> None:
        pass

    # --- helpers for the forms ------------------------------------------

    @staticmethod
    def _form_layout() -> QFormLayout:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: headers are long
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)
        return form

    def add_field(self, form: QFormLayout, title: str, name: str, field: QWidget) -> None:
        """A row labelled `title` (a seed header, word for word), with its error label under it."""
        self.add_row(form, wrapped_label(title + ":", field), name, field)

    def add_plain(self, form: QFormLayout, title: str, field: QWidget) -> None:
        """A row the service never complains about."""
        form.addRow(wrapped_label(title + ":", field), field)

    def add_checklist(
        self, title: str, name: str, checklist: CheckList, extra: QWidget | None = None
    ) -> None:
        error = self.add_error(name, checklist)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(checklist, 1)
        if extra is not None:
            layout.addWidget(extra)
        label = wrapped_label(title + ":", checklist.list)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)  # close to its list
        self.side.addWidget(label)
        self.side.addWidget(with_error(box, error), 1)

    def _make_read_only(self) -> None:
        """At the office a school's entry is read, not changed: only comments are written. The fields
        look it (grey, not white), and a note beside the buttons says whose data this is."""
        for field in self.findChildren(QWidget):
            if field.parent() is not None and self.comments.isAncestorOf(field):
                continue
            if isinstance(field.parent(), CheckList):
                continue  # a list's search box still searches
            if isinstance(field, (QLineEdit, QPlainTextEdit, QAbstractSpinBox)):
                field.setReadOnly(True)
                read_only_look(field)
            elif isinstance(field, (QComboBox, OptionalDateEdit)):
                field.setEnabled(False)
            elif isinstance(field, CheckList):
                field.set_read_only(True)
                read_only_look(field.list)
                self._dim_unchecked(field)
        self.read_only_note = read_only_note()
        self.bottom_row.insertWidget(1, self.read_only_note)
        self.setWindowTitle(f"{self.windowTitle()} — только просмотр")
        if self.comments.editable:  # the one thing to write here; first who writes, if not known yet
            panel = self.comments
            (panel.text_edit if panel.author_edit.text().strip() else panel.author_edit).setFocus()

    def _dim_unchecked(self, checklist: CheckList) -> None:
        """In a list that cannot be changed, what was chosen stands out (and is scrolled to); the
        rest is greyed."""
        grey = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        chosen = checklist.checked_ids()
        for ref_id in checklist.ids():
            item = checklist.item_for(ref_id)
            if item is not None and ref_id not in chosen:
                item.setForeground(grey)
        first = checklist.item_for(chosen[0]) if chosen else None
        if first is not None:
            checklist.list.scrollToItem(first, QAbstractItemView.ScrollHint.PositionAtTop)

    # --- saving ---------------------------------------------------------

    def write(self) -> str:
        data = self.data()
        if self.entry_id is None:
            self.entry_id = self.service.create(self.store, self.school_id, data)
        else:
            self.service.update(self.store, self.entry_id, data)
        return self.entry_id

    def stored(self, result: object) -> None:
        self.saved = True
