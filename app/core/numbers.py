"""Numbers as the user types and reads them: a decimal comma, «3,55» as well as 3.55."""

from __future__ import annotations

import math
import re

_SPACES = re.compile(r"[\s\u00a0\u202f]+")  # «1 250» and Excel's non-breaking thousands separator


class NotANumber(ValueError):
    """The text is not a number; `str()` is a Russian message for the user."""


def parse_number(value: object) -> float | None:
    """A number from a form field or a spreadsheet cell; None when empty.

    Accepts 3.55, «3,55», «3.55», « 1 250 », «45 %»; refuses words, dates and booleans.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber("нужно число, а не «да/нет»")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = _SPACES.sub("", value).removesuffix("%")
        if not text:
            return None
        if text.count(",") + text.count(".") > 1:
            raise NotANumber(f"«{value.strip()}» — не число; дробную часть отделяйте одной запятой")
        try:
            number = float(text.replace(",", ".").replace("−", "-"))
        except ValueError:
            raise NotANumber(f"«{value.strip()}» — не число") from None
    else:
        raise NotANumber(f"«{value}» — не число")
    if not math.isfinite(number):
        raise NotANumber("нужно обычное число")
    return number


def format_number(value: float | None, min_decimals: int = 0, max_decimals: int = 2) -> str:
    """3.55 → «3,55»; 4.0 → «4» (or «4,0» with min_decimals=1); None → «»."""
    if value is None:
        return ""
    text = f"{round(value, max_decimals):.{max_decimals}f}"
    if max_decimals > 0:
        whole, fraction = text.split(".")
        fraction = fraction.rstrip("0").ljust(min_decimals, "0")
        text = f"{whole},{fraction}" if fraction else whole
    if text.lstrip("-").strip("0,") == "":
        text = text.lstrip("-")  # never «-0»
    return text


def format_change(delta: float | None, max_decimals: int = 2) -> str:
    """A change against the year before: «+3,7», «−2», «0»."""
    if delta is None:
        return ""
    text = format_number(delta, max_decimals=max_decimals)
    if text.strip("0,") == "":
        return "0"
    return text.replace("-", "−") if text.startswith("-") else "+" + text
