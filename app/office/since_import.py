"""«Новое с прошлого импорта»: what a school's last imported package added, changed and removed.

The office keeps no history of a school's records, but every record holds the school's own
`created_at`/`updated_at` from the package, and the office stamps `deleted_at` when a package no
longer carries a record (app.sync.snapshot_apply). The package log says when each package was made
and imported. So, against the previous imported package (made at P, imported at I₀) and the last
one (imported at I₁):

- new: live, created_at ≥ P; changed: live, updated_at ≥ P, not new. Package stamps are whole
  seconds: a record saved in the very second the previous package was written counts as changed
  rather than being missed;
- removed: deleted_at after I₀ and not after I₁ (at the office nothing of a school's is deleted
  otherwise).

With no previous package everything the first one brought is new. An indicator value the school
cleared leaves no row at the office and the school card is one row, so for those two the counts
the import logged are shown instead of records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.dates import format_day, format_period
from app.core.numbers import format_number
from app.core.store import Store
from app.office.feedback_view import SNAPSHOT, instrument_label
from db.enums import EXAM_METRIC_LABELS, SUPPORT_LEVEL_LABELS
from db.models import (
    DirectorDiaryEntry,
    Event,
    ExamResult,
    Indicator,
    IndicatorValue,
    PackageLogEntry,
    PlanActivity,
    PlanSection,
    Programme,
    Staff,
    SupportNeed,
    SurveyRound,
    TeacherDiaryEntry,
)

NEW, CHANGED, REMOVED = "new", "changed", "removed"
KIND_LABELS = {NEW: "новое", CHANGED: "изменено", REMOVED: "удалено"}
# The import log's counts (Changes.as_dict) under the same three names.
LOG_KINDS = {NEW: "added", CHANGED: "changed", REMOVED: "removed"}
SHORT = 90  # characters of a long text kept in a title


@dataclass(frozen=True)
class ChangedRecord:
    instrument: str  # the package's array: «teacher_diary», «events» …
    kind: str  # NEW, CHANGED or REMOVED
    title: str
    record_id: str | None  # None: a count from the import log, not one record
    when: datetime | None  # the school's stamp, or for a removal the office's
    count: int = 1  # a count from the import log stands for that many records
    status: str = ""  # the record's status, where it has one (a plan activity, a support need)

    @property
    def instrument_label(self) -> str:
        return instrument_label(self.instrument)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class SinceImport:
    """The last imported package of a school, the one before it, and what the last one changed."""

    sequence: int | None
    made_at: datetime | None
    imported_at: datetime
    previous_sequence: int | None = None
    previous_made_at: datetime | None = None
    records: list[ChangedRecord] = field(default_factory=list)

    @property
    def first(self) -> bool:
        return self.previous_made_at is None

    def count(self, kind: str) -> int:
        return sum(r.count for r in self.records if r.kind == kind)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _numbered(number: str, title: str) -> str:
    return _short(f"{number} {title}" if number else title)


@dataclass(frozen=True)
class _Source:
    key: str
    model: type
    title: Callable[[object, dict[str, str]], str]
    order: tuple = ()


SOURCES = (
    _Source(
        "staff", Staff, lambda r, _n: ", ".join(p for p in (r.full_name, r.position) if p), ("full_name",)
    ),
    _Source("programs", Programme, lambda r, _n: _short(f"{r.title} ({r.year_from}–{r.year_to})")),
    _Source("plan_sections", PlanSection, lambda r, _n: _numbered(r.number, r.title), ("number",)),
    _Source("plan_activities", PlanActivity, lambda r, _n: _numbered(r.number, r.title), ("number",)),
    _Source(
        "support_needs",
        SupportNeed,
        lambda r, _n: _short(f"{SUPPORT_LEVEL_LABELS.get(r.level, r.level)} уровень: {r.content}"),
    ),
    _Source(
        "events",
        Event,
        lambda r, _n: _short(f"{format_period(r.date_from, r.date_to)}, {r.title}"),
        ("date_from",),
    ),
    _Source(
        "teacher_diary",
        TeacherDiaryEntry,
        lambda r, names: _short(f"{format_day(r.entry_date)}, {names.get(r.staff_id, '')}: {r.methods}"),
        ("entry_date",),
    ),
    _Source(
        "director_diary",
        DirectorDiaryEntry,
        lambda r, _n: _short(f"{format_day(r.entry_date)}: {r.form_of_use}"),
        ("entry_date",),
    ),
    _Source("indicators", Indicator, lambda r, _n: _short(r.name), ("position",)),
    _Source(
        "exam_results",
        ExamResult,
        lambda r, _n: (
            f"{r.assessment} {r.year}, {r.subject}"
            + (f", {r.grade} кл." if r.grade else "")
            + (f", {r.level}" if r.level else "")
            + f": {EXAM_METRIC_LABELS.get(r.metric, r.metric)} {format_number(r.value)}"
        ),
        ("year", "assessment", "subject"),
    ),
    _Source(
        "survey_rounds",
        SurveyRound,
        lambda r, _n: _short(f"{r.title} ({format_day(r.held_on)})"),
        ("held_on",),
    ),
)
# Shown from the import log's counts: no row tells these apart (see the module's note).
LOGGED = {
    ("school", CHANGED): "сведения о школе изменены",
    ("indicator_values", REMOVED): "удалено значений: {n} (какие именно — в базе управления не остаётся)",
}


_IMPORTED = (
    PackageLogEntry.direction == "in",
    PackageLogEntry.kind == SNAPSHOT,
    PackageLogEntry.result == "imported",
)


def _imports(session: Session, school_id: str) -> list[PackageLogEntry]:
    """The school's imported packages, the last first."""
    return list(
        session.scalars(
            select(PackageLogEntry)
            .where(*_IMPORTED, PackageLogEntry.school_id == school_id)
            .order_by(PackageLogEntry.created_at.desc())
            .limit(2)
        )
    )


def since_last_import(store: Store, school_id: str) -> SinceImport | None:
    """What the school's last imported package brought; None when none was imported."""
    with store.session() as s:
        imports = _imports(s, school_id)
        if not imports:
            return None
        return _compare(s, school_id, imports[1] if len(imports) > 1 else None, imports[0])


def since_moment(
    store: Store, moment: datetime, sources: tuple[_Source, ...] = SOURCES
) -> dict[str, SinceImport]:
    """For every school with a package imported after `moment`: what the packages imported since
    changed, against the last one imported before it (none: all it brought is new). The office's
    week across its schools («Новое во всех школах»), read as `since_last_import` reads one school."""
    moment = _aware(moment)
    before: dict[str, PackageLogEntry] = {}
    after: dict[str, PackageLogEntry] = {}
    with store.session() as s:
        entries = s.scalars(
            select(PackageLogEntry)
            .where(*_IMPORTED, PackageLogEntry.school_id.is_not(None))
            .order_by(PackageLogEntry.created_at)
        )
        for entry in entries:
            (after if _aware(entry.created_at) > moment else before)[entry.school_id] = entry
        return {
            school_id: _compare(s, school_id, before.get(school_id), last, sources, whole=False)
            for school_id, last in after.items()
        }


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _compare(
    session: Session,
    school_id: str,
    previous: PackageLogEntry | None,
    last: PackageLogEntry,
    sources: tuple[_Source, ...] = SOURCES,
    whole: bool = True,
) -> SinceImport:
    """What `last` holds that `previous` did not; `whole`: with indicator values and the log's counts."""
    result = SinceImport(last.sequence, last.package_created_at, last.created_at)
    since = removed_after = None
    if previous is not None:
        result.previous_sequence = previous.sequence
        result.previous_made_at = since = previous.package_created_at or previous.created_at
        removed_after = previous.created_at
    names = dict(session.execute(select(Staff.id, Staff.full_name).where(Staff.school_id == school_id)).all())
    for source in sources:
        result.records += _changed(session, source, school_id, since, removed_after, last.created_at, names)
    if whole:
        result.records += _values(session, school_id, since)
        result.records += _logged_counts(last)
    return result


def _changed(
    session: Session,
    source: _Source,
    school_id: str,
    since: datetime | None,
    removed_after: datetime | None,
    imported_at: datetime,
    names: dict[str, str],
) -> list[ChangedRecord]:
    model = source.model
    order = [model.created_at, model.id]
    live = select(model).where(model.school_id == school_id, model.deleted_at.is_(None))
    if since is not None:
        live = live.where(model.updated_at >= since)
    found = []
    for row in _sorted(session.scalars(live.order_by(*order)), source.order):
        kind = NEW if since is None or row.created_at >= since else CHANGED
        status = getattr(row, "status", "")
        found.append(
            ChangedRecord(source.key, kind, source.title(row, names), row.id, row.updated_at, status=status)
        )
    gone = select(model).where(
        model.school_id == school_id, model.deleted_at.is_not(None), model.deleted_at <= imported_at
    )
    if removed_after is not None:
        gone = gone.where(model.deleted_at > removed_after)
    for row in _sorted(session.scalars(gone.order_by(*order)), source.order):
        found.append(ChangedRecord(source.key, REMOVED, source.title(row, names), row.id, row.deleted_at))
    return _by_kind(found)


def _by_kind(found: list[ChangedRecord]) -> list[ChangedRecord]:
    """New, then changed, then removed; a stable sort, so each keeps the table's order."""
    return sorted(found, key=lambda r: list(KIND_LABELS).index(r.kind))


def _natural(value: object) -> tuple:
    """Dates, numbers and words in order, «1.2» before «1.10»."""
    if isinstance(value, str):
        return tuple(
            (0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", value)
        )
    return ((-1, 0, ""),) if value is None else ((0, value, ""),)


def _sorted(rows, names: tuple[str, ...]) -> list:
    return sorted(rows, key=lambda row: tuple(_natural(getattr(row, name)) for name in names))


def _values(session: Session, school_id: str, since: datetime | None) -> list[ChangedRecord]:
    query = (
        select(IndicatorValue, Indicator.name)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(Indicator.school_id == school_id, Indicator.deleted_at.is_(None))
        .order_by(Indicator.position, Indicator.name, IndicatorValue.academic_year)
    )
    if since is not None:
        query = query.where(IndicatorValue.updated_at >= since)
    found = []
    for value, name in session.execute(query):
        kind = NEW if since is None or value.created_at >= since else CHANGED
        figures = f"цель {format_number(value.target) or '—'}, факт {format_number(value.actual) or '—'}"
        title = f"{_short(name)}, {value.academic_year}: {figures}"
        found.append(ChangedRecord("indicator_values", kind, title, value.id, value.updated_at))
    return _by_kind(found)


def _logged_counts(entry: PackageLogEntry) -> list[ChangedRecord]:
    try:
        counts = json.loads(entry.message or "{}")
    except ValueError:
        return []
    found = []
    for (instrument, kind), text in LOGGED.items():
        part = counts.get(LOG_KINDS[kind]) if isinstance(counts, dict) else None
        n = part.get(instrument) if isinstance(part, dict) else None
        if isinstance(n, int) and n > 0:
            found.append(ChangedRecord(instrument, kind, text.format(n=n), None, entry.created_at, n))
    return found
