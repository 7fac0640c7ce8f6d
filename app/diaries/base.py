"""The machinery every diary shares: ids in order, rows by id, delete to the trash, restore.

A diary page keeps only the ordered ids (`list_ids`) and asks for rows as they
scroll into view (`fetch`), so a diary of 100 000 entries opens at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from app.core.access import writable
from app.core.errors import UserError
from app.core.store import Store
from app.diaries.common import (
    TRASH_DAYS,
    Column,
    DiaryFilter,
    RowBase,
    chunks,
    comment_search,
    comments_for,
    search_clauses,
    trash_clause,
)
from db.models import CuratorComment


class DiaryService:
    """Subclasses name the model, its columns, and how a row is built."""

    model: type
    comment_target: str
    title: str  # «Дневник школы» …
    columns: list[Column]
    gone_message = "Эта запись уже удалена или не найдена — обновите список."

    # -- to be given by subclasses ---------------------------------------
    def date_column(self) -> ColumnElement:
        raise NotImplementedError

    def text_columns(self) -> list[ColumnElement]:
        raise NotImplementedError

    def sort_expression(self, key: str) -> ColumnElement:
        raise NotImplementedError

    def extra_filters(self, flt: DiaryFilter) -> list:
        return []

    def search_extras(self) -> list:
        """Further places a search word may match, beyond text_columns()."""
        return [comment_search(self.comment_target, self.model.id)]

    def base_query(self, school_id: str):
        return select(self.model.id).where(self.model.school_id == school_id)

    def build_rows(self, session: Session, records: list) -> list[RowBase]:
        raise NotImplementedError

    # -- shared -------------------------------------------------------------
    def date_filters(self, flt: DiaryFilter) -> list:
        column = self.date_column()
        found = []
        if flt.date_from is not None:
            found.append(column >= flt.date_from)
        if flt.date_to is not None:
            found.append(column <= flt.date_to)
        return found

    def _filtered(self, school_id: str, flt: DiaryFilter):
        query = self.base_query(school_id).where(trash_clause(self.model, flt))
        query = query.where(*self.date_filters(flt), *self.extra_filters(flt))
        if flt.text.strip():
            query = query.where(*search_clauses(flt.text, self.text_columns(), self.search_extras()))
        return query

    def list_ids(
        self,
        store: Store,
        school_id: str,
        flt: DiaryFilter | None = None,
        sort_key: str | None = None,
        descending: bool = True,
        limit: int | None = None,
    ) -> list[str]:
        """Ids of the entries the filter lets through, in the asked order (newest first by default);
        only the first `limit` of them when it is given (what a page shows first)."""
        query = self._filtered(school_id, flt or DiaryFilter())
        order = self.sort_expression(sort_key) if sort_key else self.date_column()
        order = order.desc() if descending else order.asc()
        tie = self.model.id.desc() if descending else self.model.id.asc()
        query = query.order_by(order, tie)
        if limit is not None:
            query = query.limit(limit)
        with store.session() as s:
            # Ids are plain text: read straight from the driver's cursor, 100 000 of them without
            # a Python object per row on the way (`make bench`, diary page).
            result = s.connection().execute(query)
            return [row[0] for row in result.cursor.fetchall()]

    def count_ids(self, store: Store, school_id: str, flt: DiaryFilter | None = None) -> int:
        """How many ids `list_ids` gives for this filter."""
        query = self._filtered(school_id, flt or DiaryFilter())
        with store.session() as s:
            return s.execute(select(func.count()).select_from(query.subquery())).scalar_one()

    def count(self, store: Store, school_id: str) -> int:
        with store.session() as s:
            query = (
                select(func.count())
                .select_from(self.model)
                .where(self.model.school_id == school_id, self.model.deleted_at.is_(None))
            )
            return s.execute(query).scalar_one()

    def fetch(self, store: Store, ids: Sequence[str]) -> dict[str, RowBase]:
        """Rows for these ids (in any order); ids that vanished are left out."""
        found: dict[str, RowBase] = {}
        with store.session() as s:
            for part in chunks(list(ids)):
                records = list(s.scalars(select(self.model).where(self.model.id.in_(part))))
                for row in self.build_rows(s, records):
                    found[row.id] = row
            comments = comments_for(s, self.comment_target, list(found))
        for row_id, row in found.items():
            row.comments = comments.get(row_id, [])
        return found

    def rows(
        self,
        store: Store,
        school_id: str,
        flt: DiaryFilter | None = None,
        sort_key=None,
        descending: bool = False,
    ) -> list[RowBase]:
        """All rows the filter lets through, in order: for printouts (oldest first by default)."""
        ids = self.list_ids(store, school_id, flt, sort_key, descending)
        fetched = self.fetch(store, ids)
        return [fetched[i] for i in ids if i in fetched]

    def get_row(self, store: Store, entry_id: str) -> RowBase:
        row = self.fetch(store, [entry_id]).get(entry_id)
        if row is None:
            raise UserError(self.gone_message)
        return row

    def delete(self, store: Store, entry_id: str) -> None:
        """Into «Корзина»: restorable for TRASH_DAYS days."""
        with store.session() as s:
            writable(s, self.model, entry_id, self.gone_message).deleted_at = datetime.now(UTC)

    def restore(self, store: Store, entry_id: str) -> None:
        with store.session() as s:
            gone = "Эта запись уже удалена из корзины окончательно."
            writable(s, self.model, entry_id, gone, include_deleted=True).deleted_at = None

    def purge_expired(self, store: Store, now: datetime | None = None) -> int:
        """Remove for good what has lain in the trash longer than TRASH_DAYS."""
        limit = (now or datetime.now(UTC)) - timedelta(days=TRASH_DAYS)
        with store.session() as s:
            ids = list(s.scalars(select(self.model.id).where(self.model.deleted_at < limit)))
            for part in chunks(ids):
                s.execute(
                    delete(CuratorComment).where(
                        CuratorComment.target == self.comment_target, CuratorComment.target_id.in_(part)
                    )
                )
                s.execute(delete(self.model).where(self.model.id.in_(part)))
        return len(ids)
