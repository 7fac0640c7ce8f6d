"""Academic years («2020/2021»): reading what people type, the one under way, and ranges of them."""

from __future__ import annotations

import re
from datetime import date

from app.core.errors import UserError

_YEAR = re.compile(r"^\s*(\d{4})\s*[/\-–—]\s*(\d{2}|\d{4})\s*(?:уч\.?\s*г(?:од|\.)?)?\s*$")


def normalize_academic_year(text: str) -> str:
    """«2020/2021» (also from «2020-2021», «2020/21»); raises UserError with a Russian message."""
    match = _YEAR.match(str(text or ""))
    if not match:
        raise UserError(f"Учебный год пишется так: 2020/2021, а указано «{str(text or '').strip()}».")
    first, second = int(match.group(1)), match.group(2)
    second_year = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if second_year != first + 1:
        raise UserError(f"Учебный год — два соседних года, например {first}/{first + 1}.")
    if not 2000 <= first <= 2099:
        raise UserError("Учебный год — от 2000/2001 до 2099/2100.")
    return f"{first}/{first + 1}"


def current_academic_year(today: date | None = None) -> str:
    """The academic year under way: from September on, the one that has just begun."""
    today = today or date.today()
    first = today.year if today.month >= 9 else today.year - 1
    return f"{first}/{first + 1}"


def shift_year(academic_year: str, by: int) -> str:
    first = int(academic_year[:4]) + by
    return f"{first}/{first + 1}"


def years_between(first: str, last: str) -> list[str]:
    """«2019/2020» … «2021/2022», both ends included (empty when `last` comes first)."""
    return [shift_year(first, i) for i in range(int(last[:4]) - int(first[:4]) + 1)]
