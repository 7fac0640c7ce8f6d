"""Indicators by academic year (seeds 000, 004) and assessment results (seed 004 Блок 1, seed 001)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, MaybeSchoolOwned, Record, SchoolOwned, one_of
from db.enums import ASSESSMENTS, EXAM_LEVELS, EXAM_METRICS


class Indicator(MaybeSchoolOwned, Base):
    """A monitoring indicator under one of the criteria groups."""

    __tablename__ = "indicators"
    __table_args__ = (CheckConstraint("length(name) > 0", name="name_not_empty"),)

    program_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("programs.id", ondelete="SET NULL"), nullable=True, index=True
    )
    criterion: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    unit: Mapped[str] = mapped_column(String(40), default="%", nullable=False)
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # The key of a count from records (app/programme/indicator_formulas.py); None: typed by hand.
    formula: Mapped[str | None] = mapped_column(String(40), nullable=True)


class IndicatorValue(Record, Base):
    """An indicator's target and actual value in one academic year (one per year)."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        UniqueConstraint("indicator_id", "academic_year"),
        CheckConstraint("length(academic_year) = 9 AND academic_year LIKE '____/____'", name="academic_year"),
    )

    indicator_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("indicators.id", ondelete="CASCADE"), nullable=False
    )
    academic_year: Mapped[str] = mapped_column(String(9), nullable=False)
    target: Mapped[float | None] = mapped_column(Float, nullable=True)
    actual: Mapped[float | None] = mapped_column(Float, nullable=True)


class ExamResult(SchoolOwned, Base):
    """One figure of an assessment: e.g. ВПР 2021, русский язык, 5 класс, средняя оценка 4,0."""

    __tablename__ = "exam_results"
    __table_args__ = (
        one_of("assessment", ASSESSMENTS, "assessment"),
        one_of("level", EXAM_LEVELS, "level", nullable=True),
        one_of("metric", EXAM_METRICS, "metric"),
        CheckConstraint("year >= 2000 AND year <= 2100", name="year"),
        CheckConstraint("grade IS NULL OR (grade >= 1 AND grade <= 11)", name="grade"),
        CheckConstraint("length(subject) > 0", name="subject_not_empty"),
        CheckConstraint("metric <> 'mean_mark' OR (value >= 0 AND value <= 5)", name="mean_mark_range"),
        CheckConstraint("metric <> 'mean_score' OR (value >= 0 AND value <= 100)", name="mean_score_range"),
        CheckConstraint(
            "metric NOT IN ('confirmed_pct', 'lowered_pct', 'failed_pct') OR (value >= 0 AND value <= 100)",
            name="pct_range",
        ),
        CheckConstraint(
            "metric NOT IN ('students', 'participants') OR value >= 0", name="count_not_negative"
        ),
    )

    year: Mapped[int] = mapped_column(Integer, nullable=False)
    assessment: Mapped[str] = mapped_column(String(10), nullable=False)
    subject: Mapped[str] = mapped_column(String(120), nullable=False)
    grade: Mapped[int | None] = mapped_column(Integer, nullable=True)
    level: Mapped[str | None] = mapped_column(String(20), nullable=True)
    metric: Mapped[str] = mapped_column(String(20), nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    note: Mapped[str] = mapped_column(Text, default="", nullable=False)


# NULL grade or level must still collide, hence COALESCE in the unique index.
Index(
    "uq_exam_results_key",
    ExamResult.school_id,
    ExamResult.year,
    ExamResult.assessment,
    ExamResult.subject,
    func.coalesce(ExamResult.grade, 0),
    func.coalesce(ExamResult.level, ""),
    ExamResult.metric,
    unique=True,
)
