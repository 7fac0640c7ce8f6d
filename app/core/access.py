"""Who may change what: the one rule every service that changes data asks, and the window too.

A school's database holds only its own records, and the school changes them all. At the municipal
office a school's own records (its card, staff, programme and plan, diaries, indicators, results,
support map, questionnaires) arrive with its packages and are only read: only a newer package of
the school changes them. The office's own records — curator comments, recommendations, the
registry, the catalogue and its district programme (records with no school) — are the office's.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import UserError
from app.core.records import live
from app.core.store import Store
from db.models import Installation

T = TypeVar("T")

OFFICE = "municipality"
SCHOOL_RECORDS_AT_OFFICE = (
    "В управлении образования данные школы только читаются: педагогов, программу и план, дневники, "
    "показатели, результаты, карту поддержки и анкетирование ведёт сама школа, а сюда они приходят "
    "с её пакетом. Чтобы что-то исправить, попросите школу изменить это у себя и прислать новый пакет; "
    "к записям школы можно написать комментарий куратора или рекомендацию."
)


class ReadOnlyRecords(UserError):
    """A change refused because the records belong to a school and this is the office."""

    def __init__(self, message: str = SCHOOL_RECORDS_AT_OFFICE):
        super().__init__(message)


def _mode(session: Session) -> str | None:
    return session.scalars(select(Installation.mode)).first()


def may_change(session: Session, school_id: str | None) -> bool:
    """Whether this installation may change records owned by `school_id` (None: the office's own)."""
    return school_id is None or _mode(session) != OFFICE


def can_change(store: Store, school_id: str | None) -> bool:
    """The same rule for the window: may the pages of `school_id` change what they show?"""
    with store.session() as s:
        return may_change(s, school_id)


def require_writable(session: Session, school_id: str | None) -> None:
    """Refuse (ReadOnlyRecords) a change to a school's records at the office."""
    if not may_change(session, school_id):
        raise ReadOnlyRecords()


def writable(
    session: Session,
    model: type[T],
    record_id: object,
    message: str | None = None,
    *,
    include_deleted: bool = False,
) -> T:
    """`live()` for a change: the record, refused when gone or when it is a school's at the office."""
    record = live(session, model, record_id, message, include_deleted=include_deleted)
    require_writable(session, getattr(record, "school_id", None))
    return record
