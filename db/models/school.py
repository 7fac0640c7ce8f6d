"""The installation, the schools it knows, their offices and their staff."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, SchoolOwned, one_of
from db.enums import CATEGORIES, EDUCATION, MODES


class Installation(Record, Base):
    """This copy of the program: its mode and its identity in packages (one row)."""

    __tablename__ = "installation"
    __table_args__ = (
        one_of("mode", MODES, "mode"),
        CheckConstraint("singleton = 1", name="singleton"),
    )

    singleton: Mapped[int] = mapped_column(Integer, default=1, nullable=False, unique=True)
    mode: Mapped[str] = mapped_column(String(20), nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    # School mode: the school this installation keeps.
    school_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("schools.id", ondelete="SET NULL"), nullable=True
    )
    # Public halves of the installation's key pairs; private halves live in the data folder.
    signing_public_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    encryption_public_key: Mapped[str | None] = mapped_column(String(100), nullable=True)


class Municipality(Record, Base):
    """A municipal office known to this installation: a school's office, or at an office its
    own row (id = the installation's id) holding the district report's header (seed 004)."""

    __tablename__ = "municipalities"
    __table_args__ = (
        CheckConstraint(
            "schools_total IS NULL OR (schools_total >= 0 AND schools_total <= 100000)",
            name="schools_total_range",
        ),
    )

    name: Mapped[str] = mapped_column(String(300), nullable=False)
    signing_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    encryption_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # «Наименование муниципального района» as the district report prints it ("" = from the schools).
    district_name: Mapped[str] = mapped_column(String(300), default="", server_default="", nullable=False)
    # «Общее количество ОО в муниципальном районе»: entered by the office, not counted.
    schools_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The office's criteria for identifying schools with low results (app/office/identification).
    identification_criteria: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class School(Record, Base):
    """A school: the only one in school mode, one of the registry in municipal mode."""

    __tablename__ = "schools"
    __table_args__ = (
        CheckConstraint("length(code) > 0", name="code_not_empty"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
        CheckConstraint(
            "left_programme_on IS NULL OR in_programme_since IS NULL "
            "OR left_programme_on >= in_programme_since",
            name="left_after_joined",
        ),
    )

    code: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    short_name: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    municipality: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    municipality_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("municipalities.id", ondelete="SET NULL"), nullable=True
    )
    settlement: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    is_shnor: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_shnsu: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_pilot: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    director: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    deputy: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    # Registry of the office (seed 002, seed 004 Блок 3).
    in_programme_since: Mapped[date | None] = mapped_column(Date, nullable=True)
    left_programme_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    left_grounds: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # The school's signing key as the office learnt it.
    signing_key: Mapped[str | None] = mapped_column(String(100), nullable=True)

    @property
    def statuses(self) -> list[str]:
        flags = (("ШНОР", self.is_shnor), ("ШНСУ", self.is_shnsu), ("пилотная", self.is_pilot))
        return [label for label, on in flags if on]


class Staff(SchoolOwned, Base):
    """A teacher or manager of the school, with what seed 001's staff analysis counts."""

    __tablename__ = "staff"
    __table_args__ = (
        CheckConstraint("length(full_name) > 0", name="full_name_not_empty"),
        one_of("category", CATEGORIES, "category", nullable=True),
        one_of("education", EDUCATION, "education", nullable=True),
        CheckConstraint(
            "birth_year IS NULL OR (birth_year >= 1920 AND birth_year <= 2015)", name="birth_year"
        ),
        CheckConstraint(
            "experience_years IS NULL OR (experience_years >= 0 AND experience_years <= 70)",
            name="experience_years",
        ),
    )

    full_name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    position: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    subjects: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    category: Mapped[str | None] = mapped_column(String(40), nullable=True)
    education: Mapped[str | None] = mapped_column(String(60), nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    experience_years: Mapped[int | None] = mapped_column(Integer, nullable=True)
    in_pos: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    has_iprp: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # Seed 000 also tracks tutor support and teaching the diploma subject.
    has_tutor: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    teaches_by_diploma: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
