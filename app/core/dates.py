"""Dates as people type and read them: dd.mm.yyyy, with the ways Russian offices write a date."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta, timezone

DAY_FORMAT = "%d.%m.%Y"
MOMENT_FORMAT = "%d.%m.%Y %H:%M"
# The dates a record of this program can carry: a school's programme, a training, a diary entry.
DATE_MIN = date(1950, 1, 1)
DATE_MAX = date(2099, 12, 31)

# Windows converts to local time only between these years (its localtime() fails outside them);
# a stamp in a package may carry any year 0001–9999.
LOCAL_TIME_YEARS = (1970, 3000)

_SEPARATED = re.compile(r"^(\d{1,2})\s*[./,\-\s]\s*(\d{1,2})\s*[./,\-\s]\s*(\d{2}|\d{4})$")
_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTHS_IN = "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре".split()


def format_day(value: date | None) -> str:
    """«05.03.2021»; "" for no day. A moment (datetime) is shown as the day it is on this computer."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_moment(value)
    return _day_text(value)


def _day_text(value: date) -> str:
    # Not strftime: its %Y gives «1» for the year 0001 on Linux (a package may carry any year).
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def _system_local(moment: datetime) -> datetime:
    """The OS's own conversion: fails on Windows outside LOCAL_TIME_YEARS (tests make it so on Linux)."""
    return moment.astimezone()


def local_moment(moment: datetime) -> datetime:
    """`moment` in this computer's time (a naive one is taken as UTC). The one way to do it: outside
    1970–3000 the offset of the nearest year the OS can convert is used, instead of Windows' OSError."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    low, high = LOCAL_TIME_YEARS
    if low < moment.year < high:
        return _system_local(moment)
    nearest = datetime(low + 1 if moment.year <= low else high - 1, 1, 1, tzinfo=UTC)
    offset = _system_local(nearest).utcoffset() or timedelta(0)
    try:
        return moment.astimezone(timezone(offset))
    except OverflowError:  # 0001-01-01 west of Greenwich: no such local day; shown in UTC
        return moment.astimezone(UTC)


def local_day_start(day: date) -> datetime:
    """The first moment of `day` on this computer, as an aware time (through `local_moment`)."""
    offset = local_moment(datetime.combine(day, time.min, tzinfo=UTC)).utcoffset() or timedelta(0)
    return datetime.combine(day, time.min, tzinfo=timezone(offset))


def local_day(moment: datetime) -> date:
    """The day `moment` is on this computer (a naive moment taken as UTC)."""
    return local_moment(moment).date()


def format_period(start: date | None, end: date | None) -> str:
    """«05.03.2021 – 07.03.2021», one day when both are the same (or no end), "" without a start."""
    if start is None:
        return ""
    if end is None or end == start:
        return format_day(start)
    return f"{format_day(start)} – {format_day(end)}"


def format_moment(moment: datetime | None) -> str:
    """«05.03.2021 14:30» in this computer's time; "" for none."""
    if moment is None:
        return ""
    local = local_moment(moment)
    return f"{_day_text(local)} {local.hour:02d}:{local.minute:02d}"


def read_day(text: str, lowest: date = DATE_MIN, highest: date = DATE_MAX) -> date | None:
    """The date in `text` — «20.04.2020», «20.4.2020», «20/04/2020», «20042020», «20.04.20»,
    «2020-04-20» — or None for empty text. Text that is not such a date, a day that does not
    exist, or one outside lowest…highest raises ValueError with a Russian sentence saying why."""
    text = text.strip()
    if not text:
        return None
    if match := _SEPARATED.match(text) or _DIGITS.match(text):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(f"«{text}» — не дата. Укажите её в виде дд.мм.гггг (например, 20.04.2020).")
    if not 1 <= month <= 12:
        raise ValueError(f"«{text}»: месяца {month} нет — месяц от 1 до 12.")
    days = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= days:
        word = "день" if days == 31 else "дней"
        raise ValueError(f"«{text}»: такой даты нет — в {_MONTHS_IN[month - 1]} {year} года {days} {word}.")
    value = date(year, month, day)
    if not lowest <= value <= highest:
        raise ValueError(f"«{text}»: дата должна быть от {format_day(lowest)} до {format_day(highest)}.")
    return value
