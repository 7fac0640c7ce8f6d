"""Setting up an installation: a school, or a municipal office."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.core.errors import UserError, ValidationError
from app.core.store import Store
from db.models import Installation, Municipality, School

CODE_RE = re.compile(r"^[0-9A-Za-zА-Яа-яЁё_-]{1,40}$")


def check_code(code: str) -> str | None:
    code = code.strip()
    if not code:
        return "Укажите код школы (например, 3410)."
    if not CODE_RE.match(code):
        return "Код школы — до 40 букв или цифр, без пробелов (например, 3410)."
    return None


def _refuse_if_initialized(store: Store) -> None:
    existing = store.installation()
    if existing is not None:
        raise UserError(
            f"В этой папке данных уже есть база: «{existing.name}». "
            "Укажите другую папку (--data-dir) или работайте с этой."
        )


def init_school(store: Store, code: str, name: str, municipality: str = "") -> School:
    """Make this installation a school's, with the school's card."""
    errors = {}
    if problem := check_code(code):
        errors["code"] = problem
    if not name.strip():
        errors["name"] = "Укажите полное наименование школы (например, МКОУ Нагольненская СШ)."
    if errors:
        raise ValidationError(errors)
    _refuse_if_initialized(store)
    with store.session() as s:
        office = None
        if municipality.strip():
            office = Municipality(name=municipality.strip())
            s.add(office)
            s.flush()
        school = School(
            code=code.strip(),
            name=name.strip(),
            municipality=municipality.strip(),
            municipality_id=office.id if office else None,
        )
        s.add(school)
        s.flush()
        s.add(Installation(mode="school", name=school.name, school_id=school.id))
    return school


def init_municipality(store: Store, name: str) -> Installation:
    """Make this installation a municipal office's."""
    if not name.strip():
        raise ValidationError(
            {
                "name": "Укажите наименование управления (например, Отдел образования "
                "администрации Котельниковского муниципального района)."
            }
        )
    _refuse_if_initialized(store)
    with store.session() as s:
        installation = Installation(mode="municipality", name=name.strip())
        s.add(installation)
    return installation


def own_school(store: Store) -> School | None:
    """The school this installation keeps (school mode), or None."""
    with store.session() as s:
        inst = s.scalars(select(Installation)).first()
        if inst is None or inst.school_id is None:
            return None
        return s.get(School, inst.school_id)


def rename_installation(store: Store, name: str) -> Installation:
    """The office's name as its packages carry it; a school's follows its card."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Наименование не может быть пустым — впишите его."})
    with store.session() as s:
        inst = s.scalars(select(Installation)).first()
        if inst is None:
            raise UserError("База ещё не настроена: перезапустите программу и выберите режим работы.")
        if inst.mode == "school":
            raise UserError("Наименование школы меняется в «Карточке школы».")
        inst.name = name
        return inst
