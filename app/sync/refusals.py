"""Why an apply failed, in Russian: what the database or the system said, put as a person reads it.

A package that passed every check may still break on the way in (a full disk, a read-only
database, a value the database cannot hold); the reason shown never carries the library's text.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError

from app.core.errors import os_reason

# What SQLite and PostgreSQL say (lower case), and what the person is told.
DATABASE_SAYS = (
    ("disk is full", "на диске нет места — освободите место и примите пакет снова"),
    ("no space left", "на диске нет места — освободите место и примите пакет снова"),
    ("readonly database", "база доступна только для чтения — проверьте права на папку данных"),
    ("read-only", "база доступна только для чтения — проверьте права на папку данных"),
    ("database is locked", "база занята другой программой — закройте её и примите пакет снова"),
    ("too large", "в пакете есть число больше, чем помещается в базу — файл испорчен или подделан"),
    ("out of range", "в пакете есть число больше, чем помещается в базу — файл испорчен или подделан"),
)
INTERNAL = "внутренняя ошибка программы; подробности записаны в журнал обмена (exchange-log.jsonl)"


def apply_failure_reason(exc: BaseException) -> str:
    """A Russian reason for an exception raised while a checked package was applied."""
    if isinstance(exc, UnicodeError):
        return "в тексте пакета есть недопустимые символы (не Юникод) — файл испорчен или подделан"
    if isinstance(exc, OverflowError):
        return DATABASE_SAYS[5][1]
    said = str(getattr(exc, "orig", None) or exc).lower()
    for words, reason in DATABASE_SAYS:
        if words in said:
            return reason
    if isinstance(exc, IntegrityError):
        return "записи пакета противоречат записям базы (нарушено ограничение целостности)"
    if isinstance(exc, OSError):
        return os_reason(exc)
    if isinstance(exc, DBAPIError):
        return "база данных отказала в записи; подробности записаны в журнал обмена (exchange-log.jsonl)"
    return INTERNAL
