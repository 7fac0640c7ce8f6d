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


# What the system says, in Russian, for the errors a user meets with files and folders (a full disk,
# a locked or read-only folder, a file where a folder should be); both the backups and the command
# line say them through os_reason.
OS_REASONS = {
    errno.ENOENT: "нет такого файла или папки",
    errno.EACCES: "нет прав на доступ к файлу или папке",
    errno.EPERM: "нет прав на доступ к файлу или папке",
    errno.ENAMETOOLONG: "слишком длинное имя файла",
    errno.ENOSPC: "на диске нет места",
    errno.EROFS: "диск доступен только для чтения",
    errno.EISDIR: "это папка, а не файл",
    errno.ENOTDIR: "на месте папки лежит файл с тем же именем",
    errno.EEXIST: "на месте папки лежит файл с тем же именем",
}


def os_reason(exc: BaseException) -> str:
    """Why a file operation failed, in Russian; a rare reason keeps the system's words in brackets."""
    known = OS_REASONS.get(getattr(exc, "errno", None))
    if known:
        return known
    said = getattr(exc, "strerror", None) or str(exc)
    return f"ошибка ввода-вывода ({said})" if said else "ошибка ввода-вывода"


def os_error_message(exc: OSError) -> str:
    """An operating system's refusal of a path, in Russian: what and where, and what to do."""
    where = f" ({str(exc.filename)[:200]})" if exc.filename else ""
    return f"{os_reason(exc)}{where}. Проверьте путь и повторите."
