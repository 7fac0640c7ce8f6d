"""The improvement programme's passport: a school's programmes, or the office's district ones.

The owner of a programme is a school (school mode: the installation's own school) or the
municipal office itself (municipal mode: `school_id` NULL). An owner may keep several
programmes over the years; exactly one of them is current.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.access import require_writable, writable
from app.core.errors import UserError, ValidationError
from app.core.records import live
from app.core.store import Store
from app.programme.plan import diary_link_exists
from db.base import utcnow
from db.models import Installation, PlanActivity, PlanSection, Programme

GONE = "Эта программа удалена или не найдена — выберите программу заново."
YEAR_MIN, YEAR_MAX = 2000, 2100
TEXT_FIELDS = (
    "title",
    "goal",
    "indicators_text",
    "expected_results",
    "developers",
    "executors",
    "head",
    "participants",
    "grounds",
    "stages",
)
# Kept at the school only: the exchange package's spec fixes the programme's fields without them.
LOCAL_PASSPORT_FIELDS = ("head", "participants", "grounds", "stages")
PASSPORT_FIELDS = (*TEXT_FIELDS, "year_from", "year_to", "tasks", "approved_on")


@dataclass
class PassportData:
    """The passport as the form edits it (seeds 001–003)."""

    title: str = ""
    year_from: int = 0
    year_to: int = 0
    goal: str = ""
    tasks: list[str] = field(default_factory=list)
    indicators_text: str = ""
    expected_results: str = ""
    developers: str = ""
    executors: str = ""
    head: str = ""  # «Руководитель программы» (seed 003)
    participants: str = ""  # «Основные участники программы» (seed 003)
    grounds: str = ""  # «Основания для разработки программы» (seed 002)
    stages: str = ""  # «Сроки и этапы реализации» beside the years (seeds 002–003)
    approved_on: date | None = None


@dataclass
class ProgrammeView(PassportData):
    id: str = ""
    school_id: str | None = None
    is_current: bool = False

    @classmethod
    def of(cls, row: Programme) -> ProgrammeView:
        view = cls(**{f.name: getattr(row, f.name) for f in fields(cls)})
        view.tasks = list(row.tasks or [])
        return view

    @property
    def years(self) -> str:
        return f"{self.year_from}–{self.year_to}"

    @property
    def label(self) -> str:
        """How the programme chooser names it."""
        current = " (текущая)" if self.is_current else ""
        return f"{self.years}: {self.title}{current}"


def programme_owner(store: Store) -> str | None:
    """Whose programmes this installation keeps: its school's id, or None for the office's own."""
    with store.session() as s:
        inst = s.scalars(select(Installation)).first()
        if inst is None:
            raise UserError("База ещё не настроена: перезапустите программу и выберите режим работы.")
        if inst.mode == "school":
            if inst.school_id is None:
                raise UserError("Школа этой базы не найдена: проверьте «Карточку школы».")
            return inst.school_id
        return None


def _of_owner(owner: str | None):
    return Programme.school_id.is_(None) if owner is None else Programme.school_id == owner


def _live(owner: str | None):
    return select(Programme).where(_of_owner(owner), Programme.deleted_at.is_(None))


def validate_passport(changes: dict, today: date | None = None) -> dict[str, str]:
    """Messages for the wrong fields among `changes` (a subset of the passport's fields)."""
    today = today or date.today()
    errors: dict[str, str] = {}
    unknown = sorted(set(changes) - set(PASSPORT_FIELDS))
    if unknown:
        errors[unknown[0]] = f"Поля «{unknown[0]}» в паспорте программы нет."
    if "title" in changes and not str(changes["title"] or "").strip():
        errors["title"] = "Впишите наименование программы."
    for key in ("year_from", "year_to"):
        if key in changes:
            value = changes[key]
            if not isinstance(value, int) or isinstance(value, bool) or not YEAR_MIN <= value <= YEAR_MAX:
                errors[key] = f"Год — число от {YEAR_MIN} до {YEAR_MAX}."
    if "year_from" in changes and "year_to" in changes and not errors.keys() & {"year_from", "year_to"}:
        if changes["year_from"] > changes["year_to"]:
            errors["year_to"] = "Год окончания не может быть раньше года начала."
    if "tasks" in changes:
        tasks = changes["tasks"]
        if not isinstance(tasks, list | tuple) or not all(isinstance(t, str) for t in tasks):
            errors["tasks"] = "Задачи — список строк."
        elif any(not t.strip() for t in tasks):
            number = next(i for i, t in enumerate(tasks, 1) if not t.strip())
            errors["tasks"] = f"Задача {number} пустая: впишите её текст или удалите её."
    if "approved_on" in changes and changes["approved_on"] is not None:
        value = changes["approved_on"]
        if not isinstance(value, date):
            errors["approved_on"] = "Дата утверждения — дата вида 31.08.2020."
        elif value > today:
            errors["approved_on"] = "Дата утверждения не может быть позже сегодняшнего дня."
        elif value.year < YEAR_MIN:
            errors["approved_on"] = f"Дата утверждения — не раньше {YEAR_MIN} года."
    return errors


def _clean(changes: dict) -> dict:
    values = {}
    for key, value in changes.items():
        if key in TEXT_FIELDS:
            value = str(value or "").strip()
            if key == "title":
                value = " ".join(value.split())
        elif key == "tasks":
            value = [" ".join(t.split()) for t in value]
        values[key] = value
    return values


def list_programmes(store: Store, owner: str | None) -> list[ProgrammeView]:
    """The owner's programmes, newest first."""
    with store.session() as s:
        rows = s.scalars(_live(owner).order_by(Programme.year_from.desc(), Programme.created_at.desc()))
        return [ProgrammeView.of(r) for r in rows]


def current_programme(store: Store, owner: str | None) -> ProgrammeView | None:
    with store.session() as s:
        row = s.scalars(
            _live(owner).where(Programme.is_current.is_(True)).order_by(Programme.year_from.desc())
        ).first()
        return ProgrammeView.of(row) if row is not None else None


def get_programme(store: Store, programme_id: str) -> ProgrammeView:
    with store.session() as s:
        return ProgrammeView.of(live(s, Programme, programme_id, GONE))


def _make_current(session: Session, row: Programme) -> None:
    others = session.scalars(
        _live(row.school_id).where(Programme.id != row.id, Programme.is_current.is_(True))
    )
    for other in others:
        other.is_current = False
    row.is_current = True


def create_programme(
    store: Store, owner: str | None, data: PassportData, make_current: bool = True
) -> ProgrammeView:
    """A new programme; the owner's first one is current whatever `make_current` says."""
    values = {f.name: getattr(data, f.name) for f in fields(PassportData)}
    if errors := validate_passport(values):
        raise ValidationError(errors)
    with store.session() as s:
        require_writable(s, owner)
        has_current = s.scalar(
            select(func.count()).select_from(_live(owner).where(Programme.is_current.is_(True)).subquery())
        )
        row = Programme(school_id=owner, is_current=False, **_clean(values))
        s.add(row)
        s.flush()
        if make_current or not has_current:
            _make_current(s, row)
        s.flush()
        return ProgrammeView.of(row)


def update_programme(store: Store, programme_id: str, **changes) -> ProgrammeView:
    """Save changed passport fields; nothing is saved if any is wrong (years checked as a pair)."""
    with store.session() as s:
        row = writable(s, Programme, programme_id, GONE)
        checked = dict(changes)
        # The years are checked against the stored other year when only one of them changes.
        if "year_from" in changes or "year_to" in changes:
            checked.setdefault("year_from", row.year_from)
            checked.setdefault("year_to", row.year_to)
        if errors := validate_passport(checked):
            if "year_to" in errors and "year_to" not in changes:
                errors["year_from"] = "Год начала не может быть позже года окончания."
                del errors["year_to"]
            raise ValidationError(errors)
        for key, value in _clean(changes).items():
            setattr(row, key, value)
        s.flush()
        return ProgrammeView.of(row)


def set_current(store: Store, programme_id: str) -> ProgrammeView:
    with store.session() as s:
        row = writable(s, Programme, programme_id, GONE)
        _make_current(s, row)
        s.flush()
        return ProgrammeView.of(row)


def linked_activity_count(session: Session, programme_id: str) -> int:
    """Plan activities of the programme (deleted ones too) that diary entries or events link to."""
    query = select(func.count(PlanActivity.id)).where(
        PlanActivity.program_id == programme_id, diary_link_exists(PlanActivity.id)
    )
    return session.scalar(query) or 0


def delete_programme(store: Store, programme_id: str) -> None:
    """Delete a programme with its plan, unless the diaries link to its activities.

    If it was current, the newest remaining programme becomes current.
    """
    with store.session() as s:
        row = writable(s, Programme, programme_id, GONE)
        linked = linked_activity_count(s, programme_id)
        if linked:
            raise UserError(
                f"Программу нельзя удалить: на мероприятия её плана ({linked}) ссылаются записи "
                "дневников. Сделайте текущей другую программу — эта останется в списке для истории."
            )
        now = utcnow()
        row.deleted_at = now
        row.is_current = False
        for model in (PlanSection, PlanActivity):
            for item in s.scalars(
                select(model).where(model.program_id == programme_id, model.deleted_at.is_(None))
            ):
                item.deleted_at = now
        s.flush()
        successor = s.scalars(
            _live(row.school_id).order_by(Programme.is_current.desc(), Programme.year_from.desc())
        ).first()
        if successor is not None and not successor.is_current:
            _make_current(s, successor)
