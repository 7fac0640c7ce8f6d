"""What the office owns (comments, recommendations, catalogue) and the log of packages."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, Removable, SchoolOwned, UTCDateTime, link_column, one_of
from db.enums import (
    COMMENT_TARGETS,
    EVENT_LEVELS,
    PACKAGE_DIRECTIONS,
    PACKAGE_KINDS,
    PACKAGE_RESULTS,
    RESPONSE_STATUSES,
)


class CuratorComment(SchoolOwned, Base):
    """A curator's comment on a teacher or director diary entry or on an event."""

    __tablename__ = "curator_comments"
    __table_args__ = (
        one_of("target", COMMENT_TARGETS, "target"),
        CheckConstraint("length(text) > 0", name="text_not_empty"),
    )

    target: Mapped[str] = mapped_column(String(20), nullable=False)
    # Points into teacher_diary, director_diary or events, by `target`.
    target_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    # At the office: when it last went out in a feedback package (NULL: new).
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Recommendation(SchoolOwned, Base):
    """«Адресные рекомендации» from the office to one school."""

    __tablename__ = "recommendations"
    __table_args__ = (CheckConstraint("length(title) > 0", name="title_not_empty"),)

    title: Mapped[str] = mapped_column(Text, nullable=False)
    text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # By when, and what the office expects to see done (spec «Recommendations answered»).
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    activity_hint: Mapped[str] = mapped_column(Text, default="", server_default="", nullable=False)


class RecommendationResponse(SchoolOwned, Base):
    """The school's answer to one recommendation: its status, a note and when it was given.

    The school writes it; it travels in the snapshot (`recommendation_responses`) to the office.
    """

    __tablename__ = "recommendation_responses"
    __table_args__ = (one_of("status", RESPONSE_STATUSES, "status"),)

    recommendation_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("recommendations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    note: Mapped[str] = mapped_column(Text, default="", nullable=False)
    answered_on: Mapped[date] = mapped_column(Date, nullable=False)


def _answers_column() -> Mapped[str]:
    """The recommendation a school record answers (indexed: the office looks up by it)."""
    return mapped_column(
        String(36), ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class PlanActivityRecommendation(Base):
    """`recommendation_ids` of a plan activity: the recommendations it answers."""

    __tablename__ = "plan_activity_recommendations"
    activity_id: Mapped[str] = link_column("plan_activities")
    recommendation_id: Mapped[str] = _answers_column()


class EventRecommendation(Base):
    __tablename__ = "event_recommendations"
    event_id: Mapped[str] = link_column("events")
    recommendation_id: Mapped[str] = _answers_column()


class TeacherDiaryRecommendation(Base):
    __tablename__ = "teacher_diary_recommendations"
    entry_id: Mapped[str] = link_column("teacher_diary")
    recommendation_id: Mapped[str] = _answers_column()


class DirectorDiaryRecommendation(Base):
    __tablename__ = "director_diary_recommendations"
    entry_id: Mapped[str] = link_column("director_diary")
    recommendation_id: Mapped[str] = _answers_column()


class CatalogEvent(Record, Removable, Base):
    """The office's catalogue of trainings it offers to its schools."""

    __tablename__ = "catalog_events"
    __table_args__ = (
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        one_of("level", EVENT_LEVELS, "level"),
        CheckConstraint(
            "date_to IS NULL OR date_from IS NULL OR date_to >= date_from", name="dates_in_order"
        ),
    )

    municipality_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=True
    )
    title: Mapped[str] = mapped_column(Text, nullable=False)
    form: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    organizer: Mapped[str] = mapped_column(Text, default="", nullable=False)
    level: Mapped[str] = mapped_column(String(20), nullable=False)
    date_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    date_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    key_elements: Mapped[str] = mapped_column(Text, default="", nullable=False)


class SupportNeedOffer(Base):
    """A catalogue event the office offers in answer to a school's «Карта поддержки» need.

    The office owns the link (it travels with its catalogue in the feedback package), so the
    school sees the offer without the office touching the school's own need.
    """

    __tablename__ = "support_need_offers"
    need_id: Mapped[str] = link_column("support_needs")
    catalog_event_id: Mapped[str] = link_column("catalog_events")


class PackageLogEntry(Record, Base):
    """Every package this installation wrote or read, with the outcome."""

    __tablename__ = "package_log"
    __table_args__ = (
        one_of("direction", PACKAGE_DIRECTIONS, "direction"),
        one_of("kind", PACKAGE_KINDS, "kind", nullable=True),
        one_of("result", PACKAGE_RESULTS, "result"),
        CheckConstraint("sequence IS NULL OR sequence >= 1", name="sequence_positive"),
    )

    direction: Mapped[str] = mapped_column(String(3), nullable=False)
    kind: Mapped[str | None] = mapped_column(String(30), nullable=True)
    package_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    sequence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    school_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("schools.id", ondelete="CASCADE"), nullable=True, index=True
    )
    sender_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    signing_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    file_name: Mapped[str] = mapped_column(Text, default="", nullable=False)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    package_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    result: Mapped[str] = mapped_column(String(20), nullable=False)
    message: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # School side: when the office's receipt for this package arrived.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class StatusDecision(Record, Base):
    """The office's decision on a school's status in the programme, with its date and grounds:
    included among the ШНОР, or out of the programme (from «Идентификация школ»)."""

    __tablename__ = "status_decisions"
    __table_args__ = (
        one_of("change", ("include", "leave"), "change"),
        CheckConstraint("length(grounds) > 0", name="grounds_not_empty"),
    )

    school_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("schools.id", ondelete="CASCADE"), nullable=False, index=True
    )
    change: Mapped[str] = mapped_column(String(10), nullable=False)
    decided_on: Mapped[date] = mapped_column(Date, nullable=False)
    grounds: Mapped[str] = mapped_column(Text, nullable=False)
