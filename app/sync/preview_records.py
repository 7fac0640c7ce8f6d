"""«Показать записи…» of the import wizard: which records a package would add, change and remove,
array by array, each with a label a person recognises (a teacher's name, an event's title, a
diary entry's date and first words). A dry run: the package is read and the database only read.

The plan is the one the apply makes (app.sync.snapshot_apply at the office, app.sync.feedback at
a school), so the records listed here are exactly those the preview's counts count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.dates import format_day
from app.core.errors import UserError
from app.core.store import Store
from app.office.feedback_view import instrument_label
from app.sync.container import PackageRefused, parse_stamp, read_package
from app.sync.records import Table, record_out

MAX_WORDS = 8
SECTION_LABELS = {"event_catalog": "Каталог мероприятий управления"}


@dataclass
class SectionRecords:
    """One array of the package: labels of the records added, changed and removed."""

    key: str
    label: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


@dataclass
class RecordPreview:
    file: Path
    kind: str
    sender: str  # the school's code, or the office's name
    sequence: int
    sections: list[SectionRecords] = field(default_factory=list)

    def counts(self, kind: str) -> dict[str, int]:
        """{array: how many} for kind «added», «changed» or «removed» (as Changes counts them)."""
        return {s.key: len(getattr(s, kind)) for s in self.sections if getattr(s, kind)}

    def section(self, key: str) -> SectionRecords | None:
        return next((s for s in self.sections if s.key == key), None)


# --- labels ---------------------------------------------------------------------------------


def first_words(text: object, words: int = MAX_WORDS) -> str:
    parts = str(text or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _day(value: object) -> str:
    if isinstance(value, date):
        return format_day(value)
    if isinstance(value, str):
        try:
            return format_day(date.fromisoformat(value))
        except ValueError:
            return value
    return ""


def _joined(*parts: object) -> str:
    return " ".join(str(p).strip() for p in parts if p not in (None, "") and str(p).strip())


def _dated(day: object, text: object) -> str:
    shown = _day(day)
    return f"{shown} — {first_words(text)}" if shown else first_words(text)


LABELS: dict[str, Callable[[dict], str]] = {
    "school": lambda r: _joined(r.get("code"), f"«{r.get('name')}»"),
    "staff": lambda r: _joined(r.get("full_name"), f"({r['position']})" if r.get("position") else ""),
    "programs": lambda r: _joined(r.get("title"), f"({r.get('year_from')}–{r.get('year_to')})"),
    "plan_sections": lambda r: _joined(r.get("number"), r.get("title")),
    "plan_activities": lambda r: _joined(r.get("number"), first_words(r.get("title"), 12)),
    "support_needs": lambda r: first_words(r.get("content"), 12),
    "events": lambda r: _dated(r.get("date_from"), r.get("title")),
    "teacher_diary": lambda r: _dated(r.get("entry_date"), r.get("methods")),
    "director_diary": lambda r: _dated(r.get("entry_date"), r.get("form_of_use")),
    "indicators": lambda r: first_words(r.get("name"), 12),
    "exam_results": lambda r: _joined(
        r.get("assessment"),
        r.get("subject"),
        f"{r['grade']} кл." if r.get("grade") else "",
        r.get("year"),
        f"({r.get('metric')})",
    ),
    "survey_templates": lambda r: _joined(r.get("title"), f"(версия {r.get('version', 1)})"),
    "survey_rounds": lambda r: _dated(r.get("held_on"), r.get("title")),
    "curator_comments": lambda r: first_words(r.get("text")),
    "recommendations": lambda r: _dated(r.get("issued_on"), r.get("title")),
    "event_catalog": lambda r: _dated(r.get("date_from"), r.get("title")),
}


def record_label(key: str, record: dict, names: dict[str, dict[str, str]] | None = None) -> str:
    """A person's label for a package record (or a row read back as one) of array `key`."""
    if key == "indicator_values":
        indicator = (names or {}).get("indicators", {}).get(record.get("indicator_id"), "")
        return _joined(record.get("academic_year"), indicator or "показатель")
    make = LABELS.get(key)
    label = make(record) if make is not None else ""
    return label or str(record.get("id", ""))


# --- planning -------------------------------------------------------------------------------


def preview_records(store: Store, path: str | Path) -> RecordPreview:
    """What importing the package at `path` would add, change and remove, record by record.

    Reads only: nothing is written, not even the sender's key. Raises UserError (in Russian)
    when the package cannot be read or its data does not pass the checks.
    """
    from app.sync.receiving import _receiver

    path = Path(path)
    receiver = _receiver(store)
    try:
        package = read_package(path, receiver.private_key)
    except PackageRefused as exc:
        raise UserError(f"Пакет «{path.name}» не прочитан: {exc.reason}") from exc
    manifest, data = package.manifest, package.data
    sender = manifest["sender"]
    with Session(store.engine) as session:
        try:
            if receiver.mode == "municipality":
                problems = _snapshot_problems(data, manifest)
                preview = RecordPreview(path, manifest["kind"], sender.get("code", ""), manifest["sequence"])
                if not problems:
                    preview.sections = _snapshot_sections(session, data)
            else:
                from app.sync.feedback import validate_feedback

                problems = [] if manifest["kind"] == "municipal_feedback" else ["это не обратная связь"]
                problems = problems or validate_feedback(data)
                preview = RecordPreview(path, manifest["kind"], sender.get("name", ""), manifest["sequence"])
                if not problems:
                    preview.sections = _feedback_sections(session, data, receiver.school_id)
        finally:
            session.rollback()
    if problems:
        raise UserError(f"Пакет «{path.name}» не прошёл проверку: {'; '.join(problems[:3])}")
    return preview


def _snapshot_problems(data: dict, manifest: dict) -> list[str]:
    from app.sync.snapshot import validate_snapshot

    if manifest["kind"] != "school_snapshot":
        return ["это не пакет школы"]
    return validate_snapshot(data)


def _section(key: str) -> SectionRecords:
    return SectionRecords(key, SECTION_LABELS.get(key) or instrument_label(key))


def _removed_labels(session: Session, table: Table, ids: list[str], names: dict) -> list[str]:
    labels = []
    for record_id in ids:
        row = session.get(table.model, record_id)
        record = record_out(row, table.fields) if row is not None else {"id": record_id}
        labels.append(record_label(table.key, record, names))
    return labels


def _names(session: Session, data: dict) -> dict[str, dict[str, str]]:
    """Indicator names by id, from the package and (for removed values) the database."""
    from db.models import Indicator

    names = {r["id"]: r.get("name", "") for r in data.get("indicators", [])}
    wanted = {r["indicator_id"] for r in data.get("indicator_values", [])} - set(names)
    if wanted:
        names.update(
            dict(session.execute(select(Indicator.id, Indicator.name).where(Indicator.id.in_(wanted))).all())
        )
    return {"indicators": names}


def _fill(section: SectionRecords, session: Session, plan, names: dict) -> None:
    key, records = plan.table.key, plan.records
    section.added = [record_label(key, records[i], names) for i in plan.added]
    section.changed = [record_label(key, records[i], names) for i in records if i in plan.changed]
    section.removed = _removed_labels(session, plan.table, list(plan.removed), names)


def _snapshot_sections(session: Session, data: dict) -> list[SectionRecords]:
    # The apply's own planners, so the records listed are those its counts count.
    from app.sync.snapshot_apply import plan_snapshot
    from db.models import Indicator, IndicatorValue

    card = data["school"]
    planned = plan_snapshot(session, data)
    head = _section("school")
    if planned.card == "added":
        head.added = [record_label("school", card)]
    elif planned.card == "changed":
        head.changed = [record_label("school", card)]
    sections = [head]
    names = _names(session, data)
    for plan in planned.plans:
        if plan.table.model is IndicatorValue and plan.removed:
            # removed values name indicators the package may no longer hold
            gone = {session.get(IndicatorValue, i) for i in plan.removed} - {None}
            ids = {v.indicator_id for v in gone} - set(names["indicators"])
            if ids:
                query = select(Indicator.id, Indicator.name).where(Indicator.id.in_(ids))
                names["indicators"].update(dict(session.execute(query).all()))
        section = _section(plan.table.key)
        _fill(section, session, plan, names)
        sections.append(section)
    return [s for s in sections if not s.empty()]


def _feedback_sections(session: Session, data: dict, school_id: str | None) -> list[SectionRecords]:
    from app.sync.feedback import CATALOG, COMMENTS, OFFERS, RECOMMENDATIONS, _offer_changes, _owned_existing
    from app.sync.snapshot_apply import plan_rows
    from db.models import CatalogEvent, Installation, PackageLogEntry, SupportNeed

    if school_id is None:
        office = session.scalars(select(Installation)).first()
        school_id = office.school_id if office is not None else None
    if school_id is None:
        raise UserError("Обратная связь принимается в базе школы, а школа в этой базе не найдена.")
    sections = []
    for table in (COMMENTS, RECOMMENDATIONS, CATALOG):
        records = {r["id"]: r for r in data[table.key]}
        if table.owned:
            existing = _owned_existing(session, table.model, school_id)
        else:
            query = select(CatalogEvent.id, CatalogEvent.updated_at, CatalogEvent.deleted_at)
            existing = {row[0]: tuple(row[1:]) for row in session.execute(query)}
        section = _section(table.key)
        _fill(section, session, plan_rows(table, records, existing), {})
        sections.append(section)

    added, gone = _offer_changes(session, data["event_catalog"], school_id)
    if added or gone:
        needs = dict(session.execute(select(SupportNeed.id, SupportNeed.content)).all())
        catalog = {r["id"]: r.get("title", "") for r in data["event_catalog"]}
        catalog.update(
            {
                i: t
                for i, t in session.execute(select(CatalogEvent.id, CatalogEvent.title))
                if i not in catalog
            }
        )
        offers = _section(OFFERS)
        offers.added = [f"{catalog.get(c, c)} → {first_words(needs.get(n, n))}" for n, c in added]
        offers.removed = [f"{catalog.get(c, c)} → {first_words(needs.get(n, n))}" for n, c in gone]
        sections.append(offers)

    wanted = {r["package_id"]: r for r in data.get("receipts", [])}
    if wanted:
        query = select(PackageLogEntry).where(
            PackageLogEntry.direction == "out",
            PackageLogEntry.kind == "school_snapshot",
            PackageLogEntry.school_id == school_id,
            PackageLogEntry.confirmed_at.is_(None),
            PackageLogEntry.package_id.in_(list(wanted)),
        )
        receipts = _section("receipts")
        receipts.changed = [
            f"пакет № {e.sequence} — получен управлением "
            f"{format_day(parse_stamp(wanted[e.package_id]['imported_at']))}"
            for e in session.scalars(query.order_by(PackageLogEntry.sequence))
        ]
        sections.append(receipts)
    return [s for s in sections if not s.empty()]


__all__ = ["RecordPreview", "SectionRecords", "first_words", "preview_records", "record_label"]
