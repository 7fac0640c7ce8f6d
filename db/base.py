"""Declarative base, common columns and portable column types."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC (portable to SQLite), hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use UTC-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Record:
    """Every record: a UUID made where it is born, and UTC time stamps."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)


class Removable:
    # Set when the user deletes (kept in «Корзина») or when a newer snapshot
    # no longer carries the record at the office; the row itself stays.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SchoolOwned(Record, Removable):
    """A record that belongs to one school, so one office database holds many."""

    @declared_attr
    def school_id(cls) -> Mapped[str]:
        return mapped_column(
            String(36), ForeignKey("schools.id", ondelete="CASCADE"), nullable=False, index=True
        )


class MaybeSchoolOwned(Record, Removable):
    """A school's record, or the office's own for its district (school_id NULL)."""

    @declared_attr
    def school_id(cls) -> Mapped[str | None]:
        return mapped_column(
            String(36), ForeignKey("schools.id", ondelete="CASCADE"), nullable=True, index=True
        )


def one_of(column: str, values: tuple[str, ...], name: str, nullable: bool = False) -> CheckConstraint:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    expr = f"{column} IN ({quoted})"
    if nullable:
        expr = f"{column} IS NULL OR {expr}"
    return CheckConstraint(expr, name=name)


def link_column(table: str, ondelete: str = "CASCADE") -> Mapped[str]:
    return mapped_column(String(36), ForeignKey(f"{table}.id", ondelete=ondelete), primary_key=True)
