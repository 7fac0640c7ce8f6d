"""At the office: a checked school_snapshot into the database, inside the caller's transaction.

Every record is upserted by id with set-based statements (INSERT … ON CONFLICT, executemany);
a record of the school absent from the snapshot is marked removed and kept, with the curator
comments on it; one present again comes back. A dry run counts the same without writing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import null, select
from sqlalchemy.orm import Session

from app.core.errors import UserError
from app.programme.subjects import normalize_subject
from app.surveys.builtin_templates import (
    builtin_template_id,
    ensure_builtin_templates,
    load_builtin_templates,
)
from app.sync.answers import check_answers
from app.sync.office_links import office_records_on_removed, relink_office_records
from app.sync.records import (
    Changes,
    Link,
    Table,
    delete_ids,
    found_ids,
    insert_rows,
    mark_removed,
    parse_stamp,
    replace_links,
    row_in,
    rows_in,
    school_links,
    upsert_rows,
)
from app.sync.snapshot_tables import SCHOOL_FIELDS, STATUS_FLAGS, TABLES
from db.base import new_id, utcnow
from db.models import CatalogEvent, ExamResult, Indicator, IndicatorValue, School, SurveyTemplate

# Exam results and indicator values are unique by a key besides id (see _key_moves).
EXAM_KEY = ("year", "assessment", "subject", "grade", "level", "metric")


@dataclass
class Plan:
    """What applying one array does."""

    table: Table
    records: dict[str, dict]
    existing: dict[str, tuple] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)  # stamped anew, back from removed, or links differ
    removed: list[str] = field(default_factory=list)
    purged: set[str] = field(default_factory=set)  # deleted for good before the inserts
    links: dict[Link, dict[str, set[str]]] = field(default_factory=dict)


@dataclass
class SnapshotPlan:
    """What applying a snapshot does, before anything is written: the one plan that both the
    apply and the import preview read, so the two never tell different stories."""

    school: School | None  # the school on record (None: a new one)
    card: str | None  # "added", "changed" or None for the school card
    plans: list[Plan]
    remap: dict[str, str]  # package template id → the id here

    def changes(self) -> Changes:
        changes = Changes()
        if self.card:
            changes.note(self.card, "school", 1)
        for plan in self.plans:
            changes.note("added", plan.table.key, len(plan.added))
            changes.note("changed", plan.table.key, len(plan.changed))
            changes.note("removed", plan.table.key, len(plan.removed))
        changes.school_id = self.school.id if self.school is not None else None
        return changes


def plan_snapshot(session: Session, data: dict, school_id: str | None = None) -> SnapshotPlan:
    """Plan a validated snapshot for the school (found by `school_id`, else by its code)."""
    card = data["school"]
    school = _find_school(session, card, school_id)
    state = None
    if school is None:
        state = "added"
    elif any(getattr(school, k) != v for k, v in _card_values(card).items()):
        state = "changed"
    held_id = school.id if school is not None else None  # a new school holds nothing to compare
    check_answers(session, data, held_id, card["code"])  # only recommendations given to this school
    remap: dict[str, str] = {}
    plans = []
    for table in TABLES:
        records = {r["id"]: r for r in data[table.key]}
        if table.key == "survey_templates":
            plan = _plan_templates(session, table, records, remap, card["code"])
        else:
            if table.model is ExamResult:
                records = _subjects_as_listed(records, card["code"])
            plan = _plan(session, table, records, held_id, card["code"], data)
        plans.append(plan)
    return SnapshotPlan(school, state, plans, remap)


def apply_snapshot(
    session: Session, data: dict, school_id: str | None = None, dry_run: bool = False
) -> Changes:
    """Apply a validated snapshot for the school (found by `school_id`, else by its code; new: added)."""
    planned = plan_snapshot(session, data, school_id)
    changes = planned.changes()
    office_records_on_removed(session, planned.plans, changes)
    if dry_run:
        return changes
    card, school = data["school"], planned.school
    values = _card_values(card)
    if school is None:
        taken = session.get(School, card["id"]) is not None
        school = School(id=new_id() if taken else card["id"], **values)
        session.add(school)
        session.flush()
    elif planned.card == "changed":
        for key, value in values.items():
            setattr(school, key, value)
        session.flush()
    changes.school_id = school.id
    _write(session, planned.plans, school.id, planned.remap)
    relink_office_records(session, planned.plans)
    return changes


def _subjects_as_listed(records: dict[str, dict], code: str) -> dict[str, dict]:
    """The spec's subject names: spelt as this program's list spells them, so every table finds
    them; a subject not on the list stays exactly as the school wrote it. The package's records
    are left as they came (copies are changed)."""
    seen: dict[tuple, str] = {}
    listed = {}
    for record_id, record in records.items():
        written = record["subject"]
        subject = normalize_subject(written) or written
        record = listed[record_id] = dict(record, subject=subject) if subject != written else record
        key = _exam_key(record)
        if key in seen and seen[key] != written:
            raise UserError(
                f"Пакет школы {code}: результаты «{seen[key]}» и «{written}» ({record['assessment']} "
                f"{record['year']}) — один и тот же предмет, записанный по-разному, с разными "
                "значениями. Пакет не применён: оставьте в школе одну из записей и запишите пакет заново."
            )
        seen[key] = written
    return listed


def _card_values(card: dict) -> dict:
    values = {f.name: card[f.name] if f.name in card else f.default for f in SCHOOL_FIELDS}
    for label, flag in STATUS_FLAGS.items():
        values[flag] = label in card["statuses"]
    return values


def _find_school(session: Session, card: dict, school_id: str | None) -> School | None:
    by_code = session.scalars(select(School).where(School.code == card["code"])).first()
    school = session.get(School, school_id) if school_id else None
    if school is None:
        return by_code
    if by_code is not None and by_code.id != school.id:
        raise UserError(
            f"Код школы {card['code']} из пакета в реестре управления уже у школы «{by_code.name}». "
            "Исправьте код в реестре или в карточке школы и примите пакет снова."
        )
    return school


def _existing(session: Session, table: Table, office_id: str | None) -> dict[str, tuple]:
    """id → (updated_at, deleted_at, key…) of the school's rows in this table."""
    if office_id is None:
        return {}
    model = table.model
    if model is IndicatorValue:
        query = (
            select(model.id, model.updated_at, null(), model.indicator_id, model.academic_year)
            .join(Indicator, Indicator.id == model.indicator_id)
            .where(Indicator.school_id == office_id)
        )
    else:
        key = [getattr(model, n) for n in EXAM_KEY] if model is ExamResult else []
        query = select(model.id, model.updated_at, model.deleted_at, *key).where(model.school_id == office_id)
    return {row[0]: tuple(row[1:]) for row in session.execute(query)}


def plan_rows(table: Table, records: dict[str, dict], existing: dict[str, tuple]) -> Plan:
    """Added, changed (stamped anew, or back from removed) and removed (live here, absent there)."""
    plan = Plan(table, records, existing)
    plan.added = [i for i in records if i not in existing]
    for record_id, record in records.items():
        if record_id in existing:
            updated_at, deleted_at = existing[record_id][:2]
            if updated_at != parse_stamp(record["updated_at"]) or deleted_at is not None:
                plan.changed.add(record_id)
    plan.removed = [i for i, state in existing.items() if i not in records and state[1] is None]
    return plan


def _plan(
    session: Session, table: Table, records: dict, office_id: str | None, code: str, data: dict
) -> Plan:
    existing = _existing(session, table, office_id)
    if clash := found_ids(session, table.model, [i for i in records if i not in existing]):
        raise UserError(
            f"Пакет школы {code}: запись {sorted(clash)[0]} массива «{table.key}» в базе управления "
            "принадлежит другой школе или самому управлению — пакет не может её изменить. Пакет не "
            "применён: проверьте, не перенесена ли база одной школы на компьютер другой."
        )
    plan = plan_rows(table, records, existing)
    gone = [i for i in existing if i not in records]
    if table.model is IndicatorValue:
        # A value has no «removed» mark: one the school cleared goes, unless its indicator went too.
        indicators = {r["id"] for r in data["indicators"]}
        plan.removed = [i for i in gone if existing[i][2] in indicators]
        plan.purged = _key_moves(records, existing, _value_key) | set(plan.removed)
    if table.model is ExamResult:
        plan.purged = _key_moves(records, existing, _exam_key)
        # A result whose key the snapshot gives to a record of another id is replaced, not removed:
        # the same year, assessment, subject and class are there (counted once, as new).
        plan.removed = [i for i in plan.removed if i not in plan.purged]
    for link in table.links:
        held = school_links(session, link, table.model, office_id) if office_id else {}
        wanted = {}
        for record_id, record in records.items():
            others = set(record[link.key])
            if others != held.get(record_id, set()):
                wanted[record_id] = others
                if record_id in plan.existing:
                    plan.changed.add(record_id)
        plan.links[link] = wanted
    return plan


def _exam_key(values) -> tuple:
    if isinstance(values, dict):
        values = [values.get(n) for n in EXAM_KEY]
    year, assessment, subject, grade, level, metric = values
    return (year, assessment, subject, grade or 0, level or "", metric)


def _value_key(values) -> tuple:
    return (values["indicator_id"], values["academic_year"]) if isinstance(values, dict) else tuple(values)


def _key_moves(records: dict, existing: dict[str, tuple], key_of) -> set[str]:
    """Rows to delete before the upsert so no unique key is held twice on the way: those whose key
    the snapshot changes, and those gone from it whose key it now gives to another record."""
    held = {i: key_of(state[2:]) for i, state in existing.items()}
    wanted = {i: key_of(r) for i, r in records.items()}
    keys = set(wanted.values())
    return {
        i
        for i, key in held.items()
        if (i in wanted and wanted[i] != key) or (i not in wanted and key in keys)
    }


def _plan_templates(
    session: Session, table: Table, records: dict, remap: dict[str, str], school_code: str
) -> Plan:
    """The spec's shared templates: a school's template is the office's (the built-in one, or one
    the office sent out) only when its scale and every section and item are the same; otherwise
    it is the school's own, kept under an id and a code of that school and never written over
    another template. `remap` gets the package's id → the id here, for the rounds."""
    plan = Plan(table, {})
    if not records:
        return plan
    own = {record_id: school_template_id(school_code, record_id) for record_id in records}
    wanted = list(records) + list(own.values())
    held = {t["id"]: t for t in session.execute(_TEMPLATES.where(SurveyTemplate.id.in_(wanted))).mappings()}
    by_code: dict[str, list] = {}
    codes = list({r["code"] for r in records.values()})
    for t in session.execute(_TEMPLATES.where(SurveyTemplate.code.in_(codes))).mappings():
        by_code.setdefault(t["code"], []).append(t)
    for template in _builtin_templates():  # the office's own, from this program, even before it holds them
        versions = {t["version"] for t in by_code.get(template["code"], ())}
        if template["code"] in codes and template["version"] not in versions:
            by_code.setdefault(template["code"], []).append(template)
            held.setdefault(template["id"], template)
    for record_id, record in records.items():
        same = held.get(record_id)
        if same is None or not same_questionnaire(same, record):
            same = next((t for t in by_code.get(record["code"], ()) if same_questionnaire(t, record)), None)
        if same is not None:
            remap[record_id] = same["id"]  # the same questionnaire, held here already
            continue
        own_id = remap[record_id] = own[record_id]
        mine = dict(record, id=own_id, code=school_template_code(record["code"], school_code))
        plan.records[own_id] = mine
        if own_id not in held:
            plan.added.append(own_id)
        else:
            row = row_in(mine, table.fields)
            if any(held[own_id][f.name] != row[f.name] for f in table.fields):
                plan.changed.add(own_id)
    return plan


_TEMPLATES = select(SurveyTemplate.__table__)


def _builtin_templates() -> list[dict]:
    return [
        {**doc, "id": builtin_template_id(doc["code"], doc["version"])} for doc in load_builtin_templates()
    ]


def _questionnaire(scale, sections) -> tuple:
    """What makes two templates one questionnaire: the scale, and each section's title and items."""
    shape = []
    for section in sections if isinstance(sections, list) else ():
        items = section.get("items") if isinstance(section, dict) else None
        shape.append(
            (
                section.get("title") if isinstance(section, dict) else None,
                tuple(
                    (i.get("id"), i.get("text")) if isinstance(i, dict) else (None, None)
                    for i in (items if isinstance(items, list) else ())
                ),
            )
        )
    return (tuple(scale) if isinstance(scale, list) else (), tuple(shape))


def same_questionnaire(held, record: dict) -> bool:
    return _questionnaire(held["scale"], held["sections"]) == _questionnaire(
        record["scale"], record["sections"]
    )


def school_template_id(school_code: str, record_id: str) -> str:
    """The id under which the office keeps a school's own template: one per school and record,
    so two schools (or a school and the office) never share a row by sending the same id."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"dnevnik-shkoly/school/{school_code}/template/{record_id}"))


def school_template_code(code: str, school_code: str) -> str:
    """«code@3410»: a school's own template beside the office's of the same code."""
    suffix = f"@{school_code}"[:40]
    return code[: 80 - len(suffix)] + suffix


def _rows(plan: Plan, ids, office_id: str, known_catalog: set[str], remap: dict[str, str]) -> list[dict]:
    rows = rows_in([plan.records[record_id] for record_id in ids], plan.table.fields)
    key, owned = plan.table.key, plan.table.owned
    for row in rows:
        if owned:
            row["school_id"] = office_id
            row["deleted_at"] = None
        if key == "events" and row["catalog_event_id"] not in known_catalog:
            row["catalog_event_id"] = None  # not (or no longer) in this office's catalogue
        elif key == "survey_rounds":
            # The office holds totals only, never sheets.
            row.update(
                template_id=remap.get(row["template_id"], row["template_id"]), source="totals", closed=True
            )
        elif key == "survey_templates":
            row["builtin"] = False  # a school's own; the built-in ones are the office's
    return rows


def _write(session: Session, plans: list[Plan], office_id: str, remap: dict[str, str]) -> None:
    now: datetime = utcnow()
    wanted_catalog = {
        r.get("catalog_event_id") for p in plans if p.table.key == "events" for r in p.records.values()
    } - {None}
    known_catalog = found_ids(session, CatalogEvent, wanted_catalog)
    for plan in plans:
        model = plan.table.model
        if plan.table.key == "survey_templates":
            if remap:
                ensure_builtin_templates(session)  # the shared ones the rounds may now point at
            insert_rows(session, model, _rows(plan, plan.added, office_id, known_catalog, remap))
            rows = _rows(plan, plan.changed, office_id, known_catalog, remap)
            upsert_rows(session, model, [{k: v for k, v in r.items() if k != "builtin"} for r in rows])
            continue
        delete_ids(session, model, plan.purged)
        # Every record is written, not only those stamped anew: two edits within one second
        # share a stamp, and the office must still hold what the snapshot says. Those new here
        # (no row of any school has their ids, _plan made sure) go in by plain INSERT, which
        # SQLite runs in well under half the time of INSERT … ON CONFLICT.
        added = set(plan.added)
        insert_rows(session, model, _rows(plan, plan.added, office_id, known_catalog, remap))
        held = [i for i in plan.records if i not in added]
        upsert_rows(session, model, _rows(plan, held, office_id, known_catalog, remap))
        if plan.table.owned:
            mark_removed(session, model, [i for i in plan.removed if i not in plan.purged], now)
    for plan in plans:
        for link, wanted in plan.links.items():
            replace_links(session, link, wanted, new=plan.added)
