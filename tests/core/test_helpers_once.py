"""The helpers every module shares: text folding, dates, atomic files, fetching a record."""

from __future__ import annotations

from sqlalchemy import literal, select

from app.core.text import fold
from db.functions import fold as fold_column


def test_fold_ignores_case_yo_and_runs_of_spaces():
    assert fold("  Ёлкина   Елена\tЁ. ") == "елкина елена е."
    assert fold("Рус. Яз.") == fold("рус. яз.")
    assert fold(None) == ""
    assert fold(2021) == "2021"


def test_fold_keeps_white_space_when_asked():
    assert fold(" Иванов  И.И. ", spaces=False) == " иванов  и.и. "


def test_fold_is_what_the_database_computes(store):
    with store.session() as s:
        assert s.scalar(select(fold_column(literal("ЁЛКИНА Ёж")))) == fold("ЁЛКИНА Ёж")
