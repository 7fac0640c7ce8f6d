"""Карточка школы: the school's own details, saved field by field as they are edited."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.school.school import SchoolCard, get_card, update_card
from ui.forms import show_on_form
from ui.pages.base import Page, PageContext
from ui.widgets.common import ErrorLabel, FormErrors, SavedNote
from ui.widgets.read_only import read_only_look, title_row

TEXT_ROWS = (
    ("name", "Полное наименование:", "например, Муниципальное казённое общеобразовательное учреждение …"),
    ("short_name", "Краткое наименование:", "например, МКОУ Нагольненская СШ"),
    ("code", "Код школы:", "например, 3410"),
    ("municipality", "Муниципальный район:", "например, Котельниковский муниципальный район"),
    ("settlement", "Населённый пункт:", "например, х. Нагольный"),
    ("director", "Директор:", "фамилия, имя, отчество"),
    ("deputy", "Заместитель директора по УВР:", "фамилия, имя, отчество"),
)
FLAG_ROWS = (
    ("is_shnor", "ШНОР", "Школа с низкими образовательными результатами"),
    ("is_shnsu", "ШНСУ", "Школа, функционирующая в неблагоприятных социальных условиях"),
    ("is_pilot", "пилотная", "Пилотная школа проекта"),
)
FORM_MAX_WIDTH = 820


class SchoolCardPage(Page):
    """Each line edit saves on editingFinished, each checkbox on toggle; `read_only` (the office
    reading a school's card) shows the same fields, none of them editable."""

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        store = context.store
        school_id = context.school_id
        read_only = context.read_only
        self.card: SchoolCard = get_card(store, school_id)
        self.school_id = self.card.id
        self.edits: dict[str, QLineEdit] = {}
        self.flags: dict[str, QCheckBox] = {}

        outer = QVBoxLayout(self)
        header = title_row("Карточка школы", read_only)
        header.addStretch(1)
        self.saved_note = SavedNote()
        header.addWidget(self.saved_note)
        outer.addLayout(header)
        if not read_only:
            hint = QLabel("Изменения сохраняются сразу, как только вы закончили ввод в поле.")
            hint.setStyleSheet("color: #555555;")
            outer.addWidget(hint)

        body = QWidget()
        body.setMaximumWidth(FORM_MAX_WIDTH)
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general_error = ErrorLabel()
        self.errors = FormErrors(self.general_error)
        for name, title, placeholder in TEXT_ROWS:
            edit = QLineEdit(getattr(self.card, name))
            edit.setObjectName(name)
            edit.setPlaceholderText("" if read_only else placeholder)
            edit.setReadOnly(read_only)
            if read_only:
                read_only_look(edit)
            edit.editingFinished.connect(lambda name=name: self.save_text(name))
            self.edits[name] = edit
            self.errors.add_row(form, title, name, edit)
            if name == "settlement":
                form.addRow("Статус школы:", self._flag_row())
        form.addRow(self.general_error)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 8, 0, 0)
        holder_layout.addWidget(body)  # as wide as the page allows, up to FORM_MAX_WIDTH
        holder_layout.addStretch(1)
        scroll.setWidget(holder)
        outer.addWidget(scroll, 1)

    def _flag_row(self) -> QWidget:
        box = QWidget()
        row = QVBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        for name, title, tooltip in FLAG_ROWS:
            check = QCheckBox(title)
            check.setObjectName(name)
            check.setToolTip(tooltip)
            check.setChecked(getattr(self.card, name))
            check.toggled.connect(lambda on, name=name: self.save_flag(name, on))
            if self.read_only:
                # Shown as it is (not greyed out), but neither a click nor a key changes it.
                check.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
                check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.flags[name] = check
            line.addWidget(check)
        line.addStretch(1)
        row.addLayout(line)
        error = ErrorLabel()
        self.errors.labels.update({name: error for name, _, _ in FLAG_ROWS})
        row.addWidget(error)
        return box

    def save_text(self, name: str) -> None:
        if self.read_only:
            return
        edit = self.edits[name]
        if edit.text().strip() == getattr(self.card, name):
            # Back to the saved value: nothing to save, and no error applies any more.
            self.errors.labels[name].set_message(None)
            edit.setText(getattr(self.card, name))
            return
        if self._save(name, edit.text()):
            edit.setText(getattr(self.card, name))

    def save_flag(self, name: str, on: bool) -> None:
        if on == getattr(self.card, name):
            return
        if self.read_only or not self._save(name, on):
            check = self.flags[name]
            check.blockSignals(True)
            check.setChecked(getattr(self.card, name))
            check.blockSignals(False)

    def _save(self, name: str, value: str | bool) -> bool:
        label = self.errors.labels.get(name)
        try:
            self.card = update_card(self.store, self.school_id, **{name: value})
        except UserError as exc:
            show_on_form(self.errors, exc, clear=False)
            return False
        if label is not None:
            label.set_message(None)
        self.general_error.set_message(None)
        self.saved_note.flash()
        self.data_changed.emit()
        return True

    def unsaved(self) -> str | None:
        labels = [*self.errors.labels.values(), self.general_error]
        return next((label.text() for label in labels if label.text()), None)

    def discard(self) -> None:
        self.errors.clear()
        self.refresh()

    def flush(self) -> None:
        """Save what was typed but not yet confirmed (the window is closing)."""
        for name in self.edits:
            self.save_text(name)

    def refresh(self) -> None:
        """Show the stored card again, keeping fields the user is still fixing."""
        self.card = get_card(self.store, self.school_id)
        for name, edit in self.edits.items():
            if not self.errors.message(name):
                edit.setText(getattr(self.card, name))
        for name, check in self.flags.items():
            check.blockSignals(True)
            check.setChecked(getattr(self.card, name))
            check.blockSignals(False)
