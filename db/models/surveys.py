"""Questionnaires: templates, rounds, anonymous answer sheets."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, SchoolOwned, new_id, one_of
from db.enums import ROUND_SOURCES


class SurveyTemplate(Record, Base):
    """A questionnaire; a template with answers is never edited in place, only versioned."""

    __tablename__ = "survey_templates"
    __table_args__ = (
        UniqueConstraint("code", "version"),
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    code: Mapped[str] = mapped_column(String(80), nullable=False)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    intro: Mapped[str] = mapped_column(Text, default="", nullable=False)
    scale: Mapped[list] = mapped_column(JSON, nullable=False)
    sections: Mapped[list] = mapped_column(JSON, nullable=False)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


class SurveyRound(SchoolOwned, Base):
    """A round of a questionnaire at a school («Май 2021»), from sheets or typed-in totals."""

    __tablename__ = "survey_rounds"
    __table_args__ = (
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        one_of("source", ROUND_SOURCES, "source"),
        CheckConstraint("respondents >= 0", name="respondents_not_negative"),
    )

    template_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("survey_templates.id"), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    source: Mapped[str] = mapped_column(String(20), default="sheets", nullable=False)
    closed: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # For rounds of source 'totals' (and as received at the office): the totals.
    respondents: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    counts: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)


class SurveyResponse(Base):
    """One anonymous answer sheet. Deliberately no time stamps and no author:
    nothing may tie a sheet to a person or to the order sheets were entered in."""

    __tablename__ = "survey_responses"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    round_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("survey_rounds.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # item id → index on the scale (0 = lowest), or null for no answer.
    answers: Mapped[dict] = mapped_column(JSON, nullable=False)
