"""What the three diaries share: filters, search, dates, the trash, curator comments."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from app.core.dates import format_day
from app.core.refs import Ref  # noqa: F401  (re-exported for the diaries)
from app.core.text import fold
from db.functions import fold as fold_column
from db.models import CuratorComment

TRASH_DAYS = 30
CHUNK = 500  # ids per IN (…) clause


@dataclass(frozen=True)
class DiaryFilter:
    """What the user narrowed a diary to. `trash` shows deleted entries instead."""

    text: str = ""
    date_from: date | None = None
    date_to: date | None = None
    level: str | None = None  # «Дневник школы» only
    staff_id: str | None = None  # «Дневник педагога» only
    trash: bool = False


@dataclass(frozen=True)
class CommentView:
    id: str
    author: str
    text: str
    written_at: datetime
    sent_at: datetime | None

    def line(self) -> str:
        return f"{self.author}, {format_day(self.written_at.date())}: {self.text}".strip(", ")


@dataclass
class Column:
    key: str
    header: str
    printed: bool = True  # in the seed's table, hence in printouts


@dataclass
class RowBase:
    id: str
    deleted_at: datetime | None
    comments: list[CommentView] = field(default_factory=list)

    @property
    def days_left_in_trash(self) -> int | None:
        if self.deleted_at is None:
            return None
        left = self.deleted_at + timedelta(days=TRASH_DAYS) - datetime.now(UTC)
        return max(0, math.ceil(left.total_seconds() / 86400))  # just deleted: 30 days, not 29

    def comments_text(self) -> str:
        return "\n".join(c.line() for c in self.comments)


def academic_year_end(today: date) -> date:
    """31 August closing the academic year that `today` falls in."""
    return date(today.year + (1 if today.month >= 9 else 0), 8, 31)


def check_not_beyond_year(value: date | None, today: date | None = None) -> str | None:
    if value is None:
        return None
    limit = academic_year_end(today or date.today())
    if value > limit:
        return (
            f"Дата {format_day(value)} — за пределами текущего учебного года "
            f"(он заканчивается {format_day(limit)}). Проверьте год."
        )
    return None


def search_clauses(text: str, columns: Sequence[ColumnElement], extra: Iterable = ()) -> list:
    """Every word must occur in some text column (case- and ё-insensitive)."""
    clauses = []
    for word in fold(text).split():
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        options = [fold_column(col).like(pattern, escape="\\") for col in columns]
        options += [make(pattern) for make in extra]
        clauses.append(or_(*options))
    return clauses


def comment_search(target: str, id_column) -> Callable[[str], ColumnElement]:
    def make(pattern: str):
        return exists().where(
            CuratorComment.target == target,
            CuratorComment.target_id == id_column,
            CuratorComment.deleted_at.is_(None),
            fold_column(CuratorComment.text).like(pattern, escape="\\"),
        )

    return make


def trash_clause(model, flt: DiaryFilter) -> ColumnElement:
    if not flt.trash:
        return model.deleted_at.is_(None)
    since = datetime.now(UTC) - timedelta(days=TRASH_DAYS)
    return model.deleted_at.is_not(None) & (model.deleted_at >= since)


def chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def comments_for(session: Session, target: str, ids: Sequence[str]) -> dict[str, list[CommentView]]:
    found: dict[str, list[CommentView]] = {}
    for part in chunks(ids):
        rows = session.scalars(
            select(CuratorComment)
            .where(
                CuratorComment.target == target,
                CuratorComment.target_id.in_(part),
                CuratorComment.deleted_at.is_(None),
            )
            .order_by(CuratorComment.created_at)
        )
        for c in rows:
            found.setdefault(c.target_id, []).append(
                CommentView(c.id, c.author, c.text, c.created_at, c.sent_at)
            )
    return found


def links_for(session: Session, link_model, own_column: str, other_column: str, ids: Sequence[str]):
    """{own id: [other id, …]} for a link table."""
    own = getattr(link_model, own_column)
    other = getattr(link_model, other_column)
    found: dict[str, list[str]] = {}
    for part in chunks(ids):
        for a, b in session.execute(select(own, other).where(own.in_(part))):
            found.setdefault(a, []).append(b)
    return found


def set_links(session: Session, link_model, own_column: str, own_id: str, other_column: str, others):
    """Make the link table hold exactly `others` for `own_id`."""
    own = getattr(link_model, own_column)
    current = set(session.scalars(select(getattr(link_model, other_column)).where(own == own_id)))
    wanted = set(others)
    for gone in current - wanted:
        session.delete(session.get(link_model, {own_column: own_id, other_column: gone}))
    for new in wanted - current:
        session.add(link_model(**{own_column: own_id, other_column: new}))
