"""Errors a user can cause; every message is Russian and says what to do."""

from __future__ import annotations

import errno


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


# What the system says, in Russian, for the errors a backup meets (a full disk, a locked or
# read-only folder, a file where the folder should be); any other reason is passed on as it is.
OS_REASONS = {
    errno.ENOSPC: "на диске нет места",
    errno.EACCES: "нет прав на запись в папку",
    errno.EPERM: "нет прав на запись в папку",
    errno.EROFS: "диск доступен только для чтения",
    errno.EEXIST: "на месте папки лежит файл с тем же именем",
    errno.ENOTDIR: "на месте папки лежит файл с тем же именем",
    errno.ENOENT: "папка не найдена",
}


def os_reason(exc: BaseException) -> str:
    """Why a file operation failed, in Russian where the error is a common one."""
    return OS_REASONS.get(getattr(exc, "errno", None)) or getattr(exc, "strerror", None) or str(exc)
