"""Реестр школ: every school the office follows, with how its packages and its plan are going.

A school comes into the registry with its first imported package, or by hand before that
(the methodologist types its code and name; the package later finds it by the code).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from app.core.dates import local_day
from app.core.errors import UserError, ValidationError
from app.core.records import live
from app.core.store import Store
from app.office.identification import identify
from app.office.recommendation_answers import CLOSED
from app.sync.keys import fingerprint
from db.models import PackageLogEntry, PlanActivity, Programme, Recommendation, RecommendationResponse, School

STALE_DAYS = 30
NO_KEY = "ключ не получен"
FINISHED = ("done", "cancelled")


@dataclass
class SchoolData:
    """A school as the registry's form edits it."""

    code: str = ""
    name: str = ""
    settlement: str = ""
    is_shnor: bool = False
    is_shnsu: bool = False
    is_pilot: bool = False
    in_programme_since: date | None = None
    left_programme_on: date | None = None
    left_grounds: str = ""


@dataclass
class RegistryRow(SchoolData):
    """One line of the registry."""

    id: str = ""
    key_fingerprint: str = NO_KEY
    has_key: bool = False
    last_sequence: int | None = None
    last_package_on: date | None = None
    days_silent: int | None = None
    activities: int = 0
    done: int = 0
    overdue: int = 0
    # «Выявление школ с низкими результатами» with the office's criteria over the default years:
    # how many criteria the school meets, of how many could be checked (None: no data for any).
    criteria_met: int | None = None
    criteria_checked: int = 0
    overdue_recommendations: int = 0  # due date passed, not «выполнена» or «отклонена»

    @property
    def status(self) -> str:
        flags = (("ШНОР", self.is_shnor), ("ШНСУ", self.is_shnsu), ("пилотная", self.is_pilot))
        return ", ".join(label for label, on in flags if on)

    @property
    def stale(self) -> bool:
        """Silent for more than STALE_DAYS days, or never sent a package."""
        return self.days_silent is None or self.days_silent > STALE_DAYS

    @property
    def left(self) -> bool:
        return self.left_programme_on is not None

    @property
    def done_share(self) -> float | None:
        return self.done / self.activities if self.activities else None

    @property
    def overdue_share(self) -> float | None:
        return self.overdue / self.activities if self.activities else None

    @property
    def attention(self) -> list[str]:
        """Why the school needs the office's attention now (empty: it does not); a school that left
        the programme needs none."""
        if self.left:
            return []
        return [reason for check in ATTENTION if (reason := check(self))]


def _silent(row: RegistryRow) -> str | None:
    if row.days_silent is None:
        return "ещё не прислала ни одного пакета"
    return f"молчит {row.days_silent} дн. (больше {STALE_DAYS})" if row.stale else None


def _overdue_plan(row: RegistryRow) -> str | None:
    return f"просрочено мероприятий плана: {row.overdue}" if row.overdue else None


def _overdue_recommendations(row: RegistryRow) -> str | None:
    count = row.overdue_recommendations
    return f"просрочено рекомендаций управления: {count}" if count else None


def _low_results(row: RegistryRow) -> str | None:
    if not row.criteria_met:
        return None
    return f"низкие результаты: выполнено критериев {row.criteria_met} из {row.criteria_checked}"


# Each reason a school needs attention: a function of its row, giving the reason's words or None.
# One more reason is one more line here (and, if it needs a figure, one more field of RegistryRow).
ATTENTION: tuple[Callable[[RegistryRow], str | None], ...] = (
    _silent,
    _overdue_plan,
    _overdue_recommendations,
    _low_results,
)


def list_registry(store: Store, today: date | None = None) -> list[RegistryRow]:
    """Every school in the office database, sorted by name."""
    today = today or date.today()
    with store.session() as s:
        schools = s.scalars(select(School).order_by(School.name)).all()

        # The newest imported package of each school (by sequence, then by time).
        last: dict[str, PackageLogEntry] = {}
        entries = s.scalars(
            select(PackageLogEntry).where(
                PackageLogEntry.direction == "in",
                PackageLogEntry.result == "imported",
                PackageLogEntry.school_id.is_not(None),
            )
        ).all()
        for entry in entries:
            known = last.get(entry.school_id)
            if known is None or _package_key(entry) > _package_key(known):
                last[entry.school_id] = entry

        # Live activities of each school's current programme.
        current = (
            select(Programme.id)
            .where(Programme.is_current.is_(True), Programme.deleted_at.is_(None))
            .scalar_subquery()
        )
        live = (
            PlanActivity.deleted_at.is_(None),
            PlanActivity.school_id.is_not(None),
            PlanActivity.program_id.in_(current),
        )
        totals = dict(
            s.execute(
                select(PlanActivity.school_id, func.count()).where(*live).group_by(PlanActivity.school_id)
            ).all()
        )
        done = dict(
            s.execute(
                select(PlanActivity.school_id, func.count())
                .where(*live, PlanActivity.status == "done")
                .group_by(PlanActivity.school_id)
            ).all()
        )
        overdue = dict(
            s.execute(
                select(PlanActivity.school_id, func.count())
                .where(*live, PlanActivity.due_date < today, PlanActivity.status.not_in(FINISHED))
                .group_by(PlanActivity.school_id)
            ).all()
        )

        rows = []
        for school in schools:
            row = RegistryRow(
                id=school.id,
                **{f.name: getattr(school, f.name) for f in fields(SchoolData)},
                activities=totals.get(school.id, 0),
                done=done.get(school.id, 0),
                overdue=overdue.get(school.id, 0),
            )
            if school.signing_key:
                row.key_fingerprint = fingerprint(school.signing_key) or NO_KEY
                row.has_key = row.key_fingerprint != NO_KEY
            entry = last.get(school.id)
            if entry is not None:
                row.last_sequence = entry.sequence
                row.last_package_on = local_day(entry.package_created_at or entry.created_at)
                row.days_silent = max(0, (today - row.last_package_on).days)
            rows.append(row)
    _add_identification(store, rows)
    _add_overdue_recommendations(store, rows, today)
    return rows


def _add_overdue_recommendations(store: Store, rows: list[RegistryRow], today: date) -> None:
    with store.session() as s:
        late = s.execute(
            select(Recommendation.school_id, RecommendationResponse.status)
            .outerjoin(RecommendationResponse, RecommendationResponse.recommendation_id == Recommendation.id)
            .where(
                Recommendation.deleted_at.is_(None),
                Recommendation.due_date.is_not(None),
                Recommendation.due_date < today,
            )
        ).all()
    counts: dict[str, int] = {}
    for school_id, status in late:
        if status not in CLOSED:
            counts[school_id] = counts.get(school_id, 0) + 1
    for row in rows:
        row.overdue_recommendations = counts.get(row.id, 0)


def _add_identification(store: Store, rows: list[RegistryRow]) -> None:
    if not rows:
        return
    try:
        found = identify(store)
    except UserError:  # nothing to identify by (no results yet): the column stays empty
        return
    by_id = {school.school_id: school for school in found.schools}
    for row in rows:
        school = by_id.get(row.id)
        if school is not None:
            checked = [r for r in school.results.values() if r.met is not None]
            row.criteria_checked = len(checked)
            row.criteria_met = sum(1 for r in checked if r.met) if checked else None


def _package_key(entry: PackageLogEntry) -> tuple:
    moment = entry.package_created_at or entry.created_at
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (entry.sequence or 0, moment or datetime.min.replace(tzinfo=UTC))


# --- by hand ----------------------------------------------------------------


def _clean(data: SchoolData) -> dict:
    values = {f.name: getattr(data, f.name) for f in fields(SchoolData)}
    values["code"] = "".join(data.code.split())
    values["name"] = " ".join(data.name.split())
    values["settlement"] = " ".join(data.settlement.split())
    values["left_grounds"] = data.left_grounds.strip()
    return values


def validate(store: Store, data: SchoolData, school_id: str | None = None) -> dict[str, str]:
    values = _clean(data)
    errors: dict[str, str] = {}
    if not values["code"]:
        errors["code"] = "Впишите код школы — тот, что стоит в её пакетах (например, 3410)."
    elif len(values["code"]) > 40:
        errors["code"] = "Код школы — не длиннее 40 знаков."
    else:
        with store.session() as s:
            other = s.scalars(select(School).where(School.code == values["code"])).first()
            if other is not None and other.id != school_id:
                errors["code"] = f"Код {values['code']} уже есть в реестре: «{other.name}»."
    if not values["name"]:
        errors["name"] = "Впишите наименование школы (например, МКОУ Красноярская СШ)."
    elif len(values["name"]) > 300:
        errors["name"] = "Наименование — не длиннее 300 знаков; сократите его."
    if len(values["settlement"]) > 200:
        errors["settlement"] = "Населённый пункт — не длиннее 200 знаков."
    since, left = values["in_programme_since"], values["left_programme_on"]
    if since is not None and left is not None and left < since:
        errors["left_programme_on"] = "Дата выхода из программы раньше даты включения; проверьте обе."
    if left is None and values["left_grounds"]:
        errors["left_programme_on"] = "Основания выхода указаны — укажите и дату выхода из программы."
    if left is not None and not values["left_grounds"]:
        errors["left_grounds"] = "Укажите основания выхода из программы (они войдут в Блок 3 отчёта)."
    return errors


def _row_of(store: Store, school_id: str) -> RegistryRow:
    for row in list_registry(store):
        if row.id == school_id:
            return row
    raise UserError("Этой школы больше нет в реестре — обновите список.")


def add_school(store: Store, data: SchoolData) -> RegistryRow:
    """Register a school by hand, before its first package."""
    if errors := validate(store, data):
        raise ValidationError(errors)
    with store.session() as s:
        row = School(**_clean(data))
        s.add(row)
        s.flush()
        school_id = row.id
    return _row_of(store, school_id)


def update_school(store: Store, school_id: str, data: SchoolData) -> RegistryRow:
    if errors := validate(store, data, school_id):
        raise ValidationError(errors)
    with store.session() as s:
        row = live(s, School, school_id, "Этой школы больше нет в реестре — обновите список.")
        for key, value in _clean(data).items():
            setattr(row, key, value)
    return _row_of(store, school_id)
