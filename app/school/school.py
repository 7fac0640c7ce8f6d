"""The school card: read and change the school's own details."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select

from app.core.access import require_writable
from app.core.errors import ValidationError
from app.core.records import live
from app.core.store import Store
from app.school.installation import check_code
from db.models import Installation, School


@dataclass
class SchoolCard:
    """What the card page shows and edits."""

    id: str
    code: str
    name: str
    short_name: str
    municipality: str
    settlement: str
    is_shnor: bool
    is_shnsu: bool
    is_pilot: bool
    director: str
    deputy: str

    @classmethod
    def of(cls, school: School) -> SchoolCard:
        return cls(**{f.name: getattr(school, f.name) for f in fields(cls)})


TEXT_FIELDS = ("code", "name", "short_name", "municipality", "settlement", "director", "deputy")
FLAG_FIELDS = ("is_shnor", "is_shnsu", "is_pilot")


def get_card(store: Store, school_id: str | None = None) -> SchoolCard:
    with store.session() as s:
        if school_id is None:
            inst = s.scalars(select(Installation)).first()
            school_id = inst.school_id if inst else None
        school = live(s, School, school_id, "Школа не найдена: база не настроена как база школы.")
        return SchoolCard.of(school)


def validate_card(changes: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    if "code" in changes and (problem := check_code(str(changes["code"]))):
        errors["code"] = problem
    if "name" in changes and not str(changes["name"]).strip():
        errors["name"] = "Наименование школы не может быть пустым — впишите его."
    unknown = set(changes) - set(TEXT_FIELDS) - set(FLAG_FIELDS)
    if unknown:
        errors[sorted(unknown)[0]] = f"Поле «{sorted(unknown)[0]}» в карточке школы не существует."
    return errors


def update_card(store: Store, school_id: str, **changes) -> SchoolCard:
    """Save changed fields of the card; nothing is saved if any field is wrong."""
    if errors := validate_card(changes):
        raise ValidationError(errors)
    with store.session() as s:
        require_writable(s, school_id)
        school = live(
            s,
            School,
            school_id,
            "Школа не найдена — возможно, база была заменена. Откройте программу заново.",
        )
        if "code" in changes:
            code = str(changes["code"]).strip()
            clash = s.scalars(select(School).where(School.code == code, School.id != school_id)).first()
            if clash is not None:
                raise ValidationError({"code": f"Код {code} уже занят школой «{clash.name}»."})
        for key, value in changes.items():
            setattr(school, key, bool(value) if key in FLAG_FIELDS else str(value).strip())
        if "name" in changes:
            inst = s.scalars(select(Installation)).first()
            if inst is not None and inst.school_id == school_id:
                inst.name = school.name
        return SchoolCard.of(school)
