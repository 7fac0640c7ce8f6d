"""The three diaries of seed 004 and the links that make the training→practice chain."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, SchoolOwned, link_column, one_of
from db.enums import EVENT_LEVELS


class Event(SchoolOwned, Base):
    """«Дневник школы»: one training event attended by the school's people."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        one_of("level", EVENT_LEVELS, "level"),
        CheckConstraint("date_to IS NULL OR date_to >= date_from", name="dates_in_order"),
        # A diary page lists a school's live entries by date without sorting them: see migration 0004.
        Index("ix_events_school_order", "school_id", "date_from", "id", "deleted_at"),
    )

    title: Mapped[str] = mapped_column(Text, nullable=False)
    form: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    organizer: Mapped[str] = mapped_column(Text, default="", nullable=False)
    level: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    date_from: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    date_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    participants_note: Mapped[str] = mapped_column(Text, default="", nullable=False)
    key_elements: Mapped[str] = mapped_column(Text, default="", nullable=False)
    program_elements_note: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # The office's catalogue event this attendance answers, if any.
    catalog_event_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("catalog_events.id", ondelete="SET NULL"), nullable=True
    )


class EventParticipant(Base):
    __tablename__ = "event_participants"
    event_id: Mapped[str] = link_column("events")
    staff_id: Mapped[str] = link_column("staff")


class EventActivity(Base):
    """«Соответствующие им элементы школьной программы»: the plan activities an event serves."""

    __tablename__ = "event_activities"
    event_id: Mapped[str] = link_column("events")
    activity_id: Mapped[str] = link_column("plan_activities")


class TeacherDiaryEntry(SchoolOwned, Base):
    """«Дневник педагога»: how a teacher used a method and what came of it."""

    __tablename__ = "teacher_diary"
    __table_args__ = (
        CheckConstraint("length(methods) > 0", name="methods_not_empty"),
        Index("ix_teacher_diary_school_order", "school_id", "entry_date", "id", "deleted_at"),
    )

    # No ON DELETE: a person with diary entries is deactivated, never deleted.
    staff_id: Mapped[str] = mapped_column(String(36), ForeignKey("staff.id"), nullable=False, index=True)
    entry_date: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    methods: Mapped[str] = mapped_column(Text, nullable=False)
    where_used: Mapped[str] = mapped_column(Text, default="", nullable=False)
    results: Mapped[str] = mapped_column(Text, default="", nullable=False)
    teacher_comment: Mapped[str] = mapped_column(Text, default="", nullable=False)


class TeacherDiaryEvent(Base):
    """«Источник»: the events whose methods a teacher diary entry uses."""

    __tablename__ = "teacher_diary_events"
    entry_id: Mapped[str] = link_column("teacher_diary")
    event_id: Mapped[str] = link_column("events")


class TeacherDiaryActivity(Base):
    __tablename__ = "teacher_diary_activities"
    entry_id: Mapped[str] = link_column("teacher_diary")
    activity_id: Mapped[str] = link_column("plan_activities")


class DirectorDiaryEntry(SchoolOwned, Base):
    """«Дневник директора»: a management form used, where, and its results."""

    __tablename__ = "director_diary"
    __table_args__ = (
        CheckConstraint("length(form_of_use) > 0", name="form_not_empty"),
        Index("ix_director_diary_school_order", "school_id", "entry_date", "id", "deleted_at"),
    )

    entry_date: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    form_of_use: Mapped[str] = mapped_column(Text, nullable=False)
    where_used: Mapped[str] = mapped_column(Text, default="", nullable=False)
    results: Mapped[str] = mapped_column(Text, default="", nullable=False)
    director_comment: Mapped[str] = mapped_column(Text, default="", nullable=False)


class DirectorDiaryEvent(Base):
    __tablename__ = "director_diary_events"
    entry_id: Mapped[str] = link_column("director_diary")
    event_id: Mapped[str] = link_column("events")


class DirectorDiaryActivity(Base):
    __tablename__ = "director_diary_activities"
    entry_id: Mapped[str] = link_column("director_diary")
    activity_id: Mapped[str] = link_column("plan_activities")
