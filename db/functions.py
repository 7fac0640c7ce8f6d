"""Portable SQL functions the services need."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


def fold_text(value: str | None) -> str | None:
    """Case- and ё-insensitive form of a text, for search (SQLite's lower() is ASCII-only)."""
    if value is None:
        return None
    return value.casefold().replace("ё", "е")


class fold(FunctionElement):  # noqa: N801  (reads as a SQL function)
    """fold(column): the column in fold_text() form, computed by the database."""

    type = String()
    name = "fold"
    inherit_cache = True


# Cyrillic capitals (and ё) spelled out: lower() alone folds them only under a UTF-8 locale, and a
# PostgreSQL server may have been initialised with LC_CTYPE=C.
_UPPER = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё"
_LOWER = "абвгдеежзийклмнопрстуфхцчшщъыьэюяе"


@compiles(fold)
def _fold_default(element, compiler, **kw):
    # PostgreSQL (and any other server): translate(lower(x)) — the same folding as fold_text()
    # for Cyrillic and Latin, computed by the server whatever its locale.
    return f"translate(lower({compiler.process(element.clauses, **kw)}), '{_UPPER}', '{_LOWER}')"


@compiles(fold, "sqlite")
def _fold_sqlite(element, compiler, **kw):
    # dn_fold is registered on every SQLite connection by db.engine.
    return f"dn_fold({compiler.process(element.clauses, **kw)})"
