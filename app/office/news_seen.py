"""What one office user has seen of «Новое во всех школах»: the previous visit and the lines marked
«просмотрено».

Kept per person, not per office: in a file of the data folder (each staff PC has its own, and a
folder shared by several logins keeps each login apart), not in the database the staff share — the
schema stays as it is, and one person's marks never hide a line from a colleague. A damaged or
missing file is an empty history: the news is shown whole again, nothing is lost.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from app.core.errors import UserError, os_error_message
from app.core.files import write_atomically
from app.core.store import Store

FILE_NAME = "news-seen.json"
KEEP = 20_000  # marks kept per person; the oldest go first (their lines are long out of the news)


def user_name() -> str:
    try:
        return getpass.getuser() or "—"
    except (OSError, KeyError, ImportError):  # no login name in the environment
        return "—"


def _file(store: Store) -> Path:
    return Path(store.data_dir) / FILE_NAME


def _read(store: Store) -> dict:
    try:
        data = json.loads(_file(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("users"), dict) else {}


def _mine(data: dict) -> dict:
    mine = data.get("users", {}).get(user_name())
    return mine if isinstance(mine, dict) else {}


def _write(store: Store, mine: dict) -> None:
    data = _read(store) or {"users": {}}
    data["users"][user_name()] = mine
    write_atomically(_file(store), json.dumps(data, ensure_ascii=False, indent=1))


def previous_visit(store: Store) -> datetime | None:
    text = _mine(_read(store)).get("visited_at")
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def start_visit(store: Store, now: datetime | None = None) -> datetime | None:
    """The previous visit (None: the first), this one remembered as the next «previous»."""
    previous = previous_visit(store)
    mine = _mine(_read(store))
    mine["visited_at"] = (now or datetime.now(UTC)).isoformat()
    try:
        _write(store, mine)
    except OSError:
        pass  # a read-only folder: the visit is a convenience; the news is shown all the same
    return previous


def seen(store: Store) -> set[str]:
    marks = _mine(_read(store)).get("seen")
    return {m for m in marks if isinstance(m, str)} if isinstance(marks, list) else set()


def mark_seen(store: Store, keys: Iterable[str], on: bool = True) -> None:
    """Mark the lines (their NewsLine.key) as seen, or — `on` False — as not seen again."""
    mine = _mine(_read(store))
    marks = [m for m in mine.get("seen", []) if isinstance(m, str)]
    keys = list(keys)
    if on:
        known = set(marks)
        marks += [k for k in keys if k not in known]
    else:
        gone = set(keys)
        marks = [m for m in marks if m not in gone]
    mine["seen"] = marks[-KEEP:]
    try:
        _write(store, mine)
    except OSError as exc:
        raise UserError(f"Отметки «просмотрено» не сохранены: {os_error_message(exc)}") from exc
