"""The one form dialog: fields with their errors beside them, «Сохранить»/«Отмена», saving through a
service, and the question «Сохранить изменения?» before typed input is lost.

Every entry dialog is a `FormDialog`. A subclass lays out its fields with `add_row` (the name is the
one the service uses in `ValidationError` / `UserError(field=...)`), says in `data()` what the form
holds, calls the service in `write()` and keeps what it returned in `stored()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError, ValidationError
from ui.widgets.common import ErrorLabel, FormErrors
from ui.widgets.date_field import DateField

T = TypeVar("T")

SAVE_TIP = "Сохранить (Enter или Ctrl+S; в многострочном поле — Ctrl+Enter)"
UNSAVED_QUESTION = "Сохранить изменения?"
UNSAVED_DETAIL = "В форме есть изменения, которые ещё не сохранены."
# The answers to «Сохранить изменения?».
SAVE, DISCARD, STAY = "save", "discard", "stay"


def save_buttons(dialog: QDialog, save, save_text: str = "Сохранить") -> tuple[QDialogButtonBox, QWidget]:
    """«Сохранить» (the default button, runs `save`) and «Отмена» (closes the dialog)."""
    std = QDialogButtonBox.StandardButton
    # Made in the dialog (not parentless until laid out): only then is «Сохранить» the dialog's own
    # default button, which Enter presses even after the focus left another button.
    buttons = QDialogButtonBox(std.Save | std.Cancel, dialog)
    button = buttons.button(std.Save)
    button.setText(save_text)
    button.setDefault(True)
    buttons.button(std.Cancel).setText("Отмена")
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons, button


def grown_form() -> QFormLayout:
    """A form whose fields take the dialog's whole width."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def show_on_form(errors: FormErrors, exc: UserError, clear: bool = True) -> None:
    """A service's refusal on the form: a ValidationError's messages beside their fields, a
    UserError beside the field it names, or below the form. `clear=False`: the other fields'
    messages stay (pages that save one field at a time)."""
    if isinstance(exc, ValidationError):
        errors.show(exc.errors, clear)
    elif exc.field and exc.field in errors.labels:
        errors.show({exc.field: exc.message}, clear)
    else:
        errors.show_general(exc.message, clear)


def save_with(errors: FormErrors, action: Callable[[], T]) -> T | None:
    """What `action` (a service call that returns something) returned, or None once the service's
    refusal is shown (see `show_on_form`)."""
    try:
        return action()
    except UserError as exc:
        show_on_form(errors, exc)
    return None


def change_signals(widget: QWidget) -> list | None:
    """The signals by which an input says its value changed; None for a widget that only holds inputs."""
    changed = getattr(widget, "changed", None)  # the composite pickers (CheckList, OptionalDateEdit)
    if changed is not None and hasattr(changed, "connect"):
        return [changed]
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        return [widget.textChanged]
    if isinstance(widget, QComboBox):
        return [widget.currentIndexChanged, widget.currentTextChanged]
    if isinstance(widget, QDateTimeEdit):
        return [widget.dateTimeChanged]
    if isinstance(widget, QAbstractSpinBox):
        return [widget.valueChanged] if hasattr(widget, "valueChanged") else []
    if isinstance(widget, QAbstractButton):
        return [widget.toggled]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        return [model.dataChanged, model.rowsInserted, model.rowsRemoved, model.rowsMoved]
    return None


def on_change(widget: QWidget, slot: Callable[[], object]) -> None:
    """Runs `slot` whenever the input `widget` (or any input inside it) changes its value."""
    signals = change_signals(widget)
    if signals is None:
        for child in widget.children():
            if isinstance(child, QWidget):
                on_change(child, slot)
        return
    for signal in signals:
        signal.connect(lambda *_args: slot())


def ask_unsaved(parent: QWidget, detail: str = UNSAVED_DETAIL) -> str:
    """«Сохранить изменения?» with «Сохранить», «Не сохранять», «Отмена»: SAVE, DISCARD or STAY."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(parent.windowTitle() or "Дневник школы")
    box.setText(UNSAVED_QUESTION)
    box.setInformativeText(detail)
    save = box.addButton("Сохранить", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Не сохранять", QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton("Отмена", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(stay)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return SAVE
    return DISCARD if clicked is discard else STAY


def _date_problem(field: DateField) -> str | None:
    """Why a date field the person can type into holds no date; None when it does or is switched off."""
    if not field.isEnabled() or field.isReadOnly():
        return None
    return field.problem()


_NOT_YET = object()  # no snapshot of the values yet: the dialog has not been shown


class FormDialog(QDialog):
    """An entry form. Leaving it (Esc, «Отмена», the window's close button) with values that differ
    from those it was opened with asks «Сохранить изменения?»; with nothing changed it just closes."""

    read_only = False  # a form that only shows: «Закрыть», nothing to save or to ask about

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.general_error = ErrorLabel()
        self.errors = FormErrors(self.general_error)
        self.fields: dict[str, QWidget] = {}
        self._opened_with: object = _NOT_YET

    # --- building the form ------------------------------------------------

    def start_form(self) -> tuple[QVBoxLayout, QFormLayout]:
        """The dialog's column and a form whose fields take its width (the caller adds the form)."""
        return QVBoxLayout(self), grown_form()

    def add_row(
        self,
        form: QFormLayout,
        title: str | QWidget,
        name: str,
        field: QWidget,
        errors: FormErrors | None = None,
    ) -> ErrorLabel:
        """A row for the field the service calls `name`, with its error under it; the error goes
        as soon as the field changes."""
        error = (errors or self.errors).add_row(form, title, name, field)
        if errors is None:  # another FormErrors (a second form in the dialog) keeps its own names
            self.fields[name] = field
        on_change(field, lambda: error.set_message(None))
        return error

    def add_error(self, name: str, *watched: QWidget) -> ErrorLabel:
        """An error label for a field laid out by hand (the caller places it); it goes as soon as
        one of the `watched` inputs changes."""
        error = self.errors.add_error(name)
        if watched:
            self.fields.setdefault(name, watched[0])
        for widget in watched:
            on_change(widget, lambda: error.set_message(None))
        return error

    def make_buttons(self, save_text: str = "Сохранить") -> QDialogButtonBox:
        """«Сохранить» (default: Enter; also Ctrl+S and Ctrl+Enter) and «Отмена» (Esc); a read-only
        form has only «Закрыть»."""
        self.buttons, self.save_button = save_buttons(self, self.save, save_text)
        self.save_button.setToolTip(SAVE_TIP)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setToolTip("Закрыть без сохранения (Esc)")
        if self.read_only:
            self.save_button.hide()
            self.cancel_button.setText("Закрыть")
            self.cancel_button.setToolTip("Закрыть (Esc)")
            self.cancel_button.setDefault(True)
        for keys in (QKeySequence.StandardKey.Save, QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")):
            QShortcut(keys, self, self.save)
        return self.buttons

    def finish_form(self, layout: QVBoxLayout, *notes: QWidget, save_text: str = "Сохранить") -> None:
        """The general error, any `notes`, and the buttons at the foot of the column."""
        layout.addWidget(self.general_error)
        for note in notes:
            layout.addWidget(note)
        layout.addWidget(self.make_buttons(save_text))

    # --- what the form holds ----------------------------------------------

    def data(self) -> object:
        """What the form holds, as the service takes it (no checks here); compared to tell a change."""
        raise NotImplementedError

    def remember_values(self) -> None:
        """What the form holds now counts as unchanged (done when it is shown, and after a save that
        keeps it open)."""
        self._opened_with = self.data()

    def has_changes(self) -> bool:
        if self.read_only or self._opened_with is _NOT_YET:
            return False
        try:
            return self.data() != self._opened_with
        except ValueError:  # a field holds what is not a value yet (a date half typed): a change
            return True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        if self._opened_with is _NOT_YET:
            self.remember_values()
        super().showEvent(event)

    # --- saving -----------------------------------------------------------

    def write(self) -> object:
        """Saves through the service and returns what it saved."""
        raise NotImplementedError

    def stored(self, result: object) -> None:
        """Keeps what `write` returned (the saved record, its id) for the page that opened the form."""

    def fit_messages(self) -> None:
        """Grow (never shrink) to hold the messages now shown under the fields: a message shown
        whole, the fields keeping their height."""
        self.layout().activate()
        wanted = self.sizeHint()
        self.resize(max(self.width(), wanted.width()), max(self.height(), wanted.height()))

    def refused(self, exc: UserError) -> None:
        """After the service's refusal is shown: the first field it names gets the focus."""
        name = next(iter(exc.errors)) if isinstance(exc, ValidationError) else exc.field
        field = self.fields.get(name or "")
        for inner in ("list", "edit"):  # the input inside a picker (CheckList, OptionalDateEdit)
            candidate = getattr(field, inner, None)
            if isinstance(candidate, QWidget):
                field = candidate
                break
        if isinstance(field, QWidget):
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def date_problems(self) -> dict[str, str]:
        """The date fields whose text is not a date (the field's name → why; "" for a date field
        laid out without a name): nothing is saved while one of them is not a date."""
        problems: dict[str, str] = {}
        named: set[DateField] = set()
        for name, field in self.fields.items():
            inner = [field] if isinstance(field, DateField) else field.findChildren(DateField)
            named.update(inner)
            for date_field in inner:
                if problem := _date_problem(date_field):
                    problems.setdefault(name, problem)
        for date_field in self.findChildren(DateField):
            if date_field not in named and (problem := _date_problem(date_field)):
                problems.setdefault("", problem)
        return problems

    def save_values(self) -> bool:
        """Saves through the service and keeps what it saved; on a refusal shows why. The one way a
        form saves: `save` closes after it, «Сохранить и ещё» stays open."""
        try:
            if problems := self.date_problems():
                raise ValidationError(problems)
            result = self.write()
        except UserError as exc:
            show_on_form(self.errors, exc)
            self.refused(exc)
            self.fit_messages()
            return False
        self.errors.clear()
        self.stored(result)
        return True

    def save(self) -> bool:
        """Saves and closes; on a refusal stays open with the messages shown."""
        if not self.read_only and not self.save_values():
            return False
        self.accept()
        return True

    # --- leaving ----------------------------------------------------------

    def reject(self) -> None:
        """Esc, «Отмена» and the window's close button (QDialog.closeEvent calls reject) come here."""
        if self.has_changes():
            answer = ask_unsaved(self)
            if answer == STAY:
                return
            if answer == SAVE:
                self.save()
                return
        self.leave()

    def leave(self) -> None:
        """Closes without saving what is typed."""
        super().reject()
