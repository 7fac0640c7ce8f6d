"""Scaffolding shared by the add/edit dialogs: the form, Save/Cancel, saving through a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from app.core.errors import UserError, ValidationError
from ui.widgets.common import ErrorLabel, FormErrors

T = TypeVar("T")


def save_buttons(dialog: QDialog, save) -> tuple[QDialogButtonBox, QWidget]:
    """«Сохранить» (the default button, runs `save`) and «Отмена» (closes the dialog)."""
    std = QDialogButtonBox.StandardButton
    buttons = QDialogButtonBox(std.Save | std.Cancel)
    button = buttons.button(std.Save)
    button.setText("Сохранить")
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


def start_form(dialog: QDialog) -> tuple[QVBoxLayout, QFormLayout]:
    """The dialog's column and its form; gives the dialog `general_error` and `errors` (FormErrors)."""
    layout = QVBoxLayout(dialog)
    dialog.general_error = ErrorLabel()
    dialog.errors = FormErrors(dialog.general_error)
    return layout, grown_form()


def finish_form(dialog: QDialog, layout: QVBoxLayout) -> tuple[QDialogButtonBox, QWidget]:
    """The general error label and Save/Cancel (Save runs `dialog.save`) at the foot of the column."""
    layout.addWidget(dialog.general_error)
    buttons, save_button = save_buttons(dialog, dialog.save)
    layout.addWidget(buttons)
    return buttons, save_button


def save_with(errors: FormErrors, action: Callable[[], T]) -> T | None:
    """What `action` (a service call that returns something) returned, or None once the service's
    refusal is shown: a ValidationError's messages beside their fields, a UserError's below the form."""
    try:
        return action()
    except ValidationError as exc:
        errors.show(exc.errors)
    except UserError as exc:
        errors.show_general(exc.message)
    return None
