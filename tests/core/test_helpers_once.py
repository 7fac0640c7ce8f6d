"""The helpers every module shares: text folding, dates, atomic files, fetching a record."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import literal, select

from app.core.dates import format_day, format_moment, format_period
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


def test_days_read_dd_mm_yyyy():
    assert format_day(date(2021, 3, 5)) == "05.03.2021"
    assert format_day(None) == ""
    assert format_period(date(2021, 3, 5), date(2021, 3, 7)) == "05.03.2021 – 07.03.2021"
    assert format_period(date(2021, 3, 5), date(2021, 3, 5)) == format_period(date(2021, 3, 5), None)
    assert format_period(None, date(2021, 3, 7)) == ""


def test_a_moment_is_shown_in_local_time():
    moment = datetime(2021, 3, 5, 23, 30, tzinfo=UTC)
    local = moment.astimezone()
    assert format_day(moment) == f"{local:%d.%m.%Y}"
    assert format_moment(moment) == f"{local:%d.%m.%Y %H:%M}"
    assert format_moment(None) == ""
