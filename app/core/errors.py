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


# What the database itself says when it cannot write (SQLite's and PostgreSQL's words, lower case),
# in Russian: said instead of the driver's English text and SQLAlchemy's web link.
DATABASE_REASONS = (
    (
        ("readonly database", "read-only file system", "read only"),
        "файл базы данных доступен только для чтения — снимите с файла dnevnik.db и его папки защиту "
        "от записи (или скопируйте папку данных с диска, защищённого от записи, на компьютер)",
    ),
    (
        ("database or disk is full", "no space left", "disk full", "could not extend file"),
        "на диске с базой данных нет места — освободите место на диске и повторите",
    ),
    (
        ("disk i/o error", "input/output error"),
        "диск с базой данных не читается или не пишется — проверьте диск (флешку) и повторите",
    ),
    (
        ("unable to open database file",),
        "файл базы данных не открывается — проверьте, что папка данных на месте и доступна для записи",
    ),
)


def database_reason(exc: BaseException) -> str | None:
    """Why the database refused, in Russian, for the failures a user can mend (a read-only file, a
    full disk, a failing disk); None for the others."""
    said = str(getattr(exc, "orig", None) or exc).lower()
    for words, reason in DATABASE_REASONS:
        if any(word in said for word in words):
            return reason
    return None


def database_message(exc: BaseException) -> str:
    """Any failure of the database as one Russian sentence: the known reasons in Russian, another
    with the driver's first line only (no SQL, no web link)."""
    if known := database_reason(exc):
        return f"{known[0].upper()}{known[1:]}. Ничего не изменено."
    said = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300]
    return (
        f"База данных отказала ({said}). Ничего не изменено; повторите, а если не выйдет — "
        "проверьте базу командой check или восстановите её из резервной копии."
    )
