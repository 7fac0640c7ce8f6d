"""Паспорт программы: the chosen programme's passport (seeds 001–003), saved field by field as
it is edited; the programmes of past years kept alongside, one of them current."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.programme.programme import ProgrammeView, update_programme
from app.reports.catalog import ReportOptions, writer
from ui.dialogs.programme_dialogs import year_spin
from ui.forms import show_on_form
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel, FormErrors, SavedNote, with_error, wrapped_label
from ui.widgets.passport_fields import TaskList
from ui.widgets.pickers import OptionalDateEdit
from ui.widgets.programme_chooser import ProgrammeChooser
from ui.widgets.read_only import title_row
from ui.widgets.text_area import TextArea

TEXT_ROWS = (
    ("title", "Наименование:", 2, "например, Программа перехода школы в эффективный режим работы"),
    (
        "grounds",
        "Основания для разработки:",
        3,
        "законы, указы и программы, на основании которых разработана",
    ),
    ("developers", "Основные разработчики:", 2, "кто разработал программу"),
    ("head", "Руководитель:", 1, "например, директор школы"),
    ("executors", "Исполнители:", 2, "основные исполнители программы"),
    ("participants", "Основные участники:", 2, "например, администрация, педагоги, обучающиеся, родители"),
    ("goal", "Цель:", 3, "цель программы"),
)
LATER_TEXT_ROWS = (
    ("stages", "Сроки и этапы реализации:", 3, "этапы программы по годам"),
    ("indicators_text", "Основные показатели (индикаторы):", 4, "по каким показателям оценивается программа"),
    ("expected_results", "Ожидаемые результаты:", 4, "что изменится по итогам программы"),
)
FORM_MAX_WIDTH = 980
EMPTY_SCHOOL = (
    "У школы ещё нет программы улучшения образовательных результатов в этой базе.\n\n"
    "В паспорте программы — наименование, разработчики и исполнители, цель, задачи, основные "
    "показатели, сроки реализации и ожидаемые результаты; к нему строится план мероприятий."
)
EMPTY_OFFICE = (
    "У управления образования ещё нет своей программы для района (муниципальной программы "
    "поддержки ШНОР и ШНСУ).\n\nВ паспорте программы — наименование, разработчики и исполнители, "
    "цель, задачи, основные показатели, сроки реализации и ожидаемые результаты."
)


class PassportPage(Page):
    """`read_only`: the office reads a school's passports — every field shown, none editable,
    no new, deleted or «current» programme."""

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        store = context.store
        owner = context.school_id
        read_only = context.read_only
        self.owner = owner
        self.shown: ProgrammeView | None = None
        self.texts: dict[str, TextArea] = {}

        outer = QVBoxLayout(self)
        header = title_row("Паспорт программы", read_only)
        header.addStretch(1)
        self.saved_note = SavedNote()
        header.addWidget(self.saved_note)
        self.printing = PrintButtons(
            self, [Printout("Программа и план мероприятий", self._plan_writer)], "паспорт и план"
        )
        self.printing.add_to(header)
        outer.addLayout(header)
        self.chooser = ProgrammeChooser(store, owner, self, with_actions=not read_only)
        outer.addWidget(self.chooser)
        self.general_error = ErrorLabel()
        outer.addWidget(self.general_error)
        self.errors = FormErrors(self.general_error)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._empty_state())
        self.stack.addWidget(self._form())
        outer.addWidget(self.stack, 1)

        self.chooser.changed.connect(self.show_programme)
        self.chooser.failed.connect(self.general_error.set_message)
        self.show_programme()

    def _plan_writer(self):
        options = ReportOptions(school_id=self.owner, programme_id=self.chooser.programme_id)
        return writer(self.store, "plan", options)

    # --- building ---------------------------------------------------------------

    def _empty_state(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addStretch(1)
        text = QLabel(EMPTY_SCHOOL if self.owner is not None else EMPTY_OFFICE)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setMaximumWidth(640)
        self.create_button = QPushButton("Создать программу")
        self.create_button.setDefault(True)
        font = self.create_button.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.create_button.setFont(font)
        self.create_button.clicked.connect(self.chooser.new_programme)
        self.create_button.setVisible(not self.read_only)
        for widget in (text, self.create_button):
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(widget)
            row.addStretch(1)
            layout.addLayout(row)
            layout.addSpacing(12)
        layout.addStretch(2)
        return box

    def _text_row(self, form: QFormLayout, name: str, title: str, lines: int, placeholder: str) -> None:
        edit = TextArea(lines, "" if self.read_only else placeholder)
        edit.setReadOnly(self.read_only)
        edit.setObjectName(name)
        edit.editing_finished.connect(lambda name=name: self.save_text(name))
        self.texts[name] = edit
        self.errors.add_row(form, wrapped_label(title, edit), name, edit)

    def _form(self) -> QWidget:
        body = QWidget()
        body.setMaximumWidth(FORM_MAX_WIDTH)
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for row in TEXT_ROWS[:1]:
            self._text_row(form, *row)

        self.year_from_spin = year_spin(2020)
        self.year_to_spin = year_spin(2022)
        self.approved_edit = OptionalDateEdit("утверждена")
        years = QWidget()
        line = QHBoxLayout(years)
        line.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel("с"), self.year_from_spin, QLabel("по"), self.year_to_spin, QLabel("год")):
            line.addWidget(widget)
        line.addSpacing(24)
        line.addWidget(self.approved_edit)
        line.addStretch(1)
        year_error = self.errors.add_error("year_from")
        self.errors.labels["year_to"] = year_error
        self.errors.labels["approved_on"] = year_error
        form.addRow("Сроки реализации:", with_error(years, year_error))
        for spin, name in ((self.year_from_spin, "year_from"), (self.year_to_spin, "year_to")):
            spin.editingFinished.connect(lambda spin=spin, name=name: self.save_year(spin, name))
        # Typed: saved when the field is left, never a half-typed date («01.01.18» of «01.01.1850»);
        # the box ticked or a day picked in the calendar: saved at once.
        self.approved_edit.changed.connect(
            lambda: None if self.approved_edit.edit.hasFocus() else self.save_approved()
        )
        self.approved_edit.edit.editingFinished.connect(self._approved_typed)
        if self.read_only:
            for spin in (self.year_from_spin, self.year_to_spin):
                spin.setReadOnly(True)
                spin.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
            # The date stays legible; neither its box nor its field can be changed.
            self.approved_edit.check.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self.approved_edit.check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.approved_edit.edit.setReadOnly(True)
            self.approved_edit.edit.setCalendarPopup(False)
            self.approved_edit.edit.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)

        for row in TEXT_ROWS[1:]:
            self._text_row(form, *row)
        self.task_list = TaskList()
        self.task_list.set_read_only(self.read_only)
        self.task_list.edited.connect(self.save_tasks)
        self.errors.add_row(form, "Задачи:", "tasks", self.task_list)
        for row in LATER_TEXT_ROWS:
            self._text_row(form, *row)

        hint = QLabel("Изменения сохраняются сразу, как только вы закончили ввод в поле.")
        hint.setStyleSheet("color: #555555;")
        hint.setVisible(not self.read_only)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 4, 0, 0)
        holder_layout.addWidget(hint)
        holder_layout.addWidget(body)
        holder_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        return scroll

    # --- showing ------------------------------------------------------------------

    def show_programme(self) -> None:
        """Show the programme the chooser names (or the empty state)."""
        self.flush()
        self.errors.clear()
        self.shown = self.chooser.programme
        self.stack.setCurrentIndex(0 if self.shown is None else 1)
        if self.shown is not None:
            self._fill(self.shown)

    def _fill(self, programme: ProgrammeView, keep_errors: bool = False) -> None:
        for name, edit in self.texts.items():
            if not (keep_errors and self.errors.message(name)):
                edit.setText(getattr(programme, name))
        for spin, name in ((self.year_from_spin, "year_from"), (self.year_to_spin, "year_to")):
            if not (keep_errors and self.errors.message(name)):
                spin.blockSignals(True)
                spin.setValue(getattr(programme, name))
                spin.blockSignals(False)
        self.approved_edit.blockSignals(True)
        self.approved_edit.set_value(programme.approved_on)
        self.approved_edit.blockSignals(False)
        self.task_list.set_tasks(programme.tasks)

    def refresh(self) -> None:
        self.chooser.reload()
        if self.chooser.programme is None or self.shown is None or self.chooser.programme.id != self.shown.id:
            self.show_programme()
        else:
            self.shown = self.chooser.programme
            self._fill(self.shown, keep_errors=True)

    # --- saving ----------------------------------------------------------------------

    def save_text(self, name: str) -> None:
        if self.shown is None:
            return
        edit = self.texts[name]
        if edit.text().strip() == getattr(self.shown, name):
            self.errors.labels[name].set_message(None)
            return
        if self._save(name, edit.text()):
            edit.setText(getattr(self.shown, name))

    def save_year(self, spin: QSpinBox, name: str) -> None:
        if self.shown is None:
            return
        if spin.value() == getattr(self.shown, name):
            self.errors.labels[name].set_message(None)
            return
        self._save(name, spin.value())

    def _approved_typed(self) -> None:
        """A date that is not one stays typed, its reason beside the years; nothing is saved."""
        problem = self.approved_edit.edit.problem() if self.approved_edit.check.isChecked() else None
        if problem is not None:
            self.errors.labels["approved_on"].set_message(f"Дата утверждения: {problem}")
        else:
            self.save_approved()

    def save_approved(self) -> None:
        if self.shown is not None and self.approved_edit.value() != self.shown.approved_on:
            self._save("approved_on", self.approved_edit.value())

    def save_tasks(self, tasks: list[str]) -> None:
        if self.shown is not None and tasks != self.shown.tasks and self._save("tasks", tasks):
            self.task_list.set_tasks(self.shown.tasks)

    def _save(self, name: str, value) -> bool:
        assert self.shown is not None
        if self.read_only:
            return False
        try:
            self.shown = update_programme(self.store, self.shown.id, **{name: value})
        except UserError as exc:
            show_on_form(self.errors, exc, clear=False)
            return False
        self.errors.labels[name].set_message(None)
        self.general_error.set_message(None)
        self.saved_note.flash()
        if name == "title" or name.startswith("year"):
            self.chooser.reload(select_id=self.shown.id)  # its label shows them
        return True

    def unsaved(self) -> str | None:
        labels = [*self.errors.labels.values(), self.general_error]
        return next((label.text() for label in labels if label.text()), None)

    def discard(self) -> None:
        self.errors.clear()
        self.refresh()

    def flush(self) -> None:
        """Save what was typed but not yet confirmed (another programme chosen, window closing)."""
        if self.shown is None or self.read_only:
            return
        for name in self.texts:
            self.save_text(name)
        self.save_year(self.year_from_spin, "year_from")
        self.save_year(self.year_to_spin, "year_to")
