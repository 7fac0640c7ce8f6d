"""Педагоги: the school's staff, with what the staff analysis of seed 001 counts."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import select

from app.core.access import require_writable, writable
from app.core.errors import ValidationError
from app.core.store import Store
from db.enums import CATEGORIES, EDUCATION
from db.models import Staff

GONE = "Этого человека больше нет в списке педагогов — обновите список."


@dataclass
class StaffData:
    """One person as the form edits it."""

    full_name: str = ""
    position: str = ""
    subjects: list[str] = field(default_factory=list)
    category: str | None = None
    education: str | None = None
    birth_year: int | None = None
    experience_years: int | None = None
    in_pos: bool = False
    has_iprp: bool = False
    has_tutor: bool = False
    teaches_by_diploma: bool = True


@dataclass
class StaffMember(StaffData):
    id: str = ""
    active: bool = True

    @classmethod
    def of(cls, row: Staff) -> StaffMember:
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


def validate(data: StaffData, today: date | None = None) -> dict[str, str]:
    today = today or date.today()
    errors: dict[str, str] = {}
    if not data.full_name.strip():
        errors["full_name"] = "Впишите фамилию, имя и отчество педагога."
    if data.category is not None and data.category not in CATEGORIES:
        errors["category"] = "Категория — одна из: " + ", ".join(CATEGORIES) + "."
    if data.education is not None and data.education not in EDUCATION:
        errors["education"] = "Образование — «высшее» или «среднее профессиональное»."
    if data.birth_year is not None and not (1920 <= data.birth_year <= today.year - 16):
        errors["birth_year"] = f"Год рождения — от 1920 до {today.year - 16}; проверьте цифры."
    if data.experience_years is not None:
        if not 0 <= data.experience_years <= 70:
            errors["experience_years"] = "Педагогический стаж — от 0 до 70 лет."
        elif data.birth_year is not None and data.experience_years > today.year - data.birth_year - 14:
            errors["experience_years"] = (
                "Стаж больше, чем возможно при этом годе рождения; проверьте оба поля."
            )
    return errors


def _clean(data: StaffData) -> dict:
    values = {f.name: getattr(data, f.name) for f in fields(StaffData)}
    values["full_name"] = " ".join(data.full_name.split())
    values["position"] = data.position.strip()
    values["subjects"] = [s.strip() for s in data.subjects if s.strip()]
    return values


def list_staff(store: Store, school_id: str, include_inactive: bool = True) -> list[StaffMember]:
    with store.session() as s:
        query = select(Staff).where(Staff.school_id == school_id, Staff.deleted_at.is_(None))
        if not include_inactive:
            query = query.where(Staff.active.is_(True))
        rows = s.scalars(query.order_by(Staff.full_name)).all()
        return [StaffMember.of(r) for r in rows]


def add_staff(store: Store, school_id: str, data: StaffData) -> StaffMember:
    if errors := validate(data):
        raise ValidationError(errors)
    with store.session() as s:
        require_writable(s, school_id)
        row = Staff(school_id=school_id, active=True, **_clean(data))
        s.add(row)
        s.flush()
        return StaffMember.of(row)


def update_staff(store: Store, staff_id: str, data: StaffData) -> StaffMember:
    if errors := validate(data):
        raise ValidationError(errors)
    with store.session() as s:
        row = writable(s, Staff, staff_id, GONE)
        for key, value in _clean(data).items():
            setattr(row, key, value)
        return StaffMember.of(row)


def set_active(store: Store, staff_id: str, active: bool) -> StaffMember:
    """Deactivate (left the school) or bring back; diary entries stay either way."""
    with store.session() as s:
        row = writable(s, Staff, staff_id, GONE)
        row.active = active
        return StaffMember.of(row)
