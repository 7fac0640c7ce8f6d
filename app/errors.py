"""Errors a user can cause; every message is Russian and says what to do."""

from __future__ import annotations


class UserError(Exception):
    """Input refused. `field` names the form field the message belongs next to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(UserError):
    """One or more fields are wrong: `errors` maps field name → Russian message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        first_field, first = next(iter(self.errors.items()))
        super().__init__("; ".join(self.errors.values()), first_field)
