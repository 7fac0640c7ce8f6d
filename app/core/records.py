"""Fetching the record an id names, or refusing in Russian when it is gone."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from app.core.errors import UserError

T = TypeVar("T")

GONE = "Этой записи больше нет — обновите список."


def live(
    session: Session,
    model: type[T],
    record_id: object,
    message: str | None = None,
    *,
    include_deleted: bool = False,
) -> T:
    """The `model` record `record_id` names; a UserError (`message`, or GONE) when there is none.

    A record moved to the trash (its `deleted_at` set, for a model that has one) counts as gone,
    unless `include_deleted` (restoring from the trash).
    """
    record = session.get(model, record_id) if record_id else None
    if record is None or (not include_deleted and getattr(record, "deleted_at", None) is not None):
        raise UserError(message or GONE)
    return record
