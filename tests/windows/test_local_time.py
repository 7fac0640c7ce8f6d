"""Stamps outside 1970–3000 (a package may carry years 0001–9999) are shown, not an OSError as
Windows' localtime() gives (issue 22 item 5); the fixture makes the OS conversion fail so on Linux."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from app.core.dates import format_day, format_moment, local_day, local_moment
from app.school.installation import init_municipality
from db.models import PackageLogEntry, School
from tests.helpers.window import go_to, open_window
from ui.models.registry_table import COL_NAME

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(1, 1, 1, 12, tzinfo=UTC), "01.01.0001"),
        (datetime(1969, 12, 31, 12, tzinfo=UTC), "31.12.1969"),
        (datetime(9999, 12, 31, 12, tzinfo=UTC), "31.12.9999"),
        (datetime(3000, 6, 1, 12), "01.06.3000"),  # naive: taken as UTC
    ],
)
def test_moments_far_from_now_are_shown(moment, day):
    assert format_day(moment) == day
    assert format_moment(moment).startswith(day)
    assert local_day(moment) == date(*reversed([int(p) for p in day.split(".")]))


def test_the_edges_of_time_do_not_overflow():
    assert local_moment(datetime.min.replace(tzinfo=UTC)).year == 1
    assert local_moment(datetime.max.replace(tzinfo=UTC)).year == 9999
    east = timezone(timedelta(hours=3))
    assert local_moment(datetime(2024, 5, 1, 12, tzinfo=east)) == datetime(2024, 5, 1, 9, tzinfo=UTC)


def test_the_registry_shows_schools_whose_packages_carry_any_year(qtbot, store):
    init_municipality(store, "Отдел образования Котельниковского района")
    with store.session() as s:
        for code, year in (("3410", 1), ("3411", 9999)):
            school = School(code=code, name=f"Школа {year}")
            s.add(school)
            s.flush()
            made = datetime(year, 6, 1, tzinfo=UTC)
            s.add(
                PackageLogEntry(
                    direction="in",
                    school_id=school.id,
                    sequence=1,
                    result="imported",
                    package_created_at=made,
                )
            )
    window = open_window(qtbot, store)
    page = go_to(qtbot, window, "Реестр школ")
    shown = sorted(page.proxy.index(r, COL_NAME).data() for r in range(page.proxy.rowCount()))
    assert shown == ["Школа 1", "Школа 9999"]


def _local_conversions(tree: ast.AST) -> list[int]:
    """Lines converting to the computer's time by hand: `.astimezone()` with no zone, fromtimestamp."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        if (name == "astimezone" and not node.args and not node.keywords) or name in (
            "fromtimestamp",
            "localtime",
        ):
            found.append(node.lineno)
    return found


def test_local_time_is_reached_only_through_app_core_dates():
    offenders = []
    for folder in ("app", "ui", "db"):
        for path in sorted((REPO / folder).rglob("*.py")):
            if path == REPO / "app" / "core" / "dates.py":
                continue
            lines = _local_conversions(ast.parse(path.read_text(encoding="utf-8")))
            offenders += [f"{path.relative_to(REPO)}:{line}" for line in lines]
    assert offenders == [], "use app.core.dates.local_moment / local_day (Windows fails outside 1970–3000)"
