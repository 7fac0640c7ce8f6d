"""Whose programme a director's report prints: the school's, or the office's district one."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.errors import UserError
from app.core.store import Store
from app.school.installation import own_school
from app.school.school import get_card


@dataclass(frozen=True)
class ReportOwner:
    school_id: str | None  # None: the municipal office's own district programme
    name: str  # the school's or the office's name, in every footer

    @property
    def is_office(self) -> bool:
        return self.school_id is None


def report_owner(store: Store, school_id: str | None = None) -> ReportOwner:
    """The installation's school, or in municipal mode the office itself; refused if not set up.
    `school_id`: a school the office reads on the curator's desk (the window's choice)."""
    installation = store.installation()
    if installation is None:
        raise UserError("База пуста: школа ещё не настроена. Создайте её командой init или demo.")
    if school_id is not None:
        return ReportOwner(school_id, get_card(store, school_id).name)
    if installation.mode == "school":
        school = own_school(store)
        if school is None:
            raise UserError("Школа этой базы не найдена: проверьте «Карточку школы».")
        return ReportOwner(school.id, school.name)
    return ReportOwner(None, installation.name)


def school_owner(store: Store, title: str, school_id: str | None = None) -> ReportOwner:
    """The installation's school (or the desk's) for a report only a school has; the office is refused."""
    owner = report_owner(store, school_id)
    if owner.is_office:
        raise UserError(
            f"Отчёт «{title}» печатается в базе школы: он считается по её записям, а у базы "
            "управления образования своей школы нет. Откройте базу школы."
        )
    return owner
