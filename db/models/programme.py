"""The improvement programme: passport, plan sections and activities, support needs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, MaybeSchoolOwned, SchoolOwned, link_column, one_of
from db.enums import ACTIVITY_STATUSES, SUPPORT_LEVELS, SUPPORT_STATUSES


class Programme(MaybeSchoolOwned, Base):
    """A programme and its passport: a school's, or the office's district one."""

    __tablename__ = "programs"
    __table_args__ = (
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        CheckConstraint("year_from >= 2000 AND year_from <= 2100", name="year_from"),
        CheckConstraint("year_to >= year_from AND year_to <= 2100", name="year_to"),
    )

    title: Mapped[str] = mapped_column(Text, nullable=False)
    year_from: Mapped[int] = mapped_column(Integer, nullable=False)
    year_to: Mapped[int] = mapped_column(Integer, nullable=False)
    goal: Mapped[str] = mapped_column(Text, default="", nullable=False)
    tasks: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    indicators_text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    expected_results: Mapped[str] = mapped_column(Text, default="", nullable=False)
    developers: Mapped[str] = mapped_column(Text, default="", nullable=False)
    executors: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # Seeds 002–003's other passport rows; not in the exchange package (its spec fixes the fields).
    head: Mapped[str] = mapped_column(Text, default="", server_default="", nullable=False)
    participants: Mapped[str] = mapped_column(Text, default="", server_default="", nullable=False)
    grounds: Mapped[str] = mapped_column(Text, default="", server_default="", nullable=False)
    stages: Mapped[str] = mapped_column(Text, default="", server_default="", nullable=False)
    approved_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)


class PlanSection(MaybeSchoolOwned, Base):
    """A numbered section of the plan of measures («1. Ресурсное обеспечение»)."""

    __tablename__ = "plan_sections"
    __table_args__ = (CheckConstraint("length(title) > 0", name="title_not_empty"),)

    program_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("programs.id", ondelete="CASCADE"), nullable=False, index=True
    )
    number: Mapped[str] = mapped_column(String(20), nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)


class PlanActivity(MaybeSchoolOwned, Base):
    """One measure of the plan (1.1, 1.2 …) with its status and what was done."""

    __tablename__ = "plan_activities"
    __table_args__ = (
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        one_of("status", ACTIVITY_STATUSES, "status"),
        CheckConstraint("status = 'done' OR done_on IS NULL", name="done_on_only_when_done"),
    )

    program_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("programs.id", ondelete="CASCADE"), nullable=False, index=True
    )
    section_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("plan_sections.id", ondelete="CASCADE"), nullable=False, index=True
    )
    number: Mapped[str] = mapped_column(String(20), nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    deadline_text: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    responsible: Mapped[str] = mapped_column(Text, default="", nullable=False)
    expected_result: Mapped[str] = mapped_column(Text, default="", nullable=False)
    control_form: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    status: Mapped[str] = mapped_column(String(20), default="planned", nullable=False, index=True)
    actual_result: Mapped[str] = mapped_column(Text, default="", nullable=False)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class SupportNeed(SchoolOwned, Base):
    """«Карта поддержки»: help a programme task needs, at which level, from whom, by when."""

    __tablename__ = "support_needs"
    __table_args__ = (
        CheckConstraint("length(content) > 0", name="content_not_empty"),
        one_of("level", SUPPORT_LEVELS, "level"),
        one_of("status", SUPPORT_STATUSES, "status"),
    )

    program_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("programs.id", ondelete="SET NULL"), nullable=True, index=True
    )
    task: Mapped[str] = mapped_column(Text, default="", nullable=False)
    level: Mapped[str] = mapped_column(String(20), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    provider: Mapped[str] = mapped_column(Text, default="", nullable=False)
    due_text: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="needed", nullable=False)


class SupportNeedActivity(Base):
    __tablename__ = "support_need_activities"
    need_id: Mapped[str] = link_column("support_needs")
    activity_id: Mapped[str] = link_column("plan_activities")


class SupportNeedEvent(Base):
    """The events of «Дневник школы» through which a need's help came."""

    __tablename__ = "support_need_events"
    need_id: Mapped[str] = link_column("support_needs")
    event_id: Mapped[str] = link_column("events")
