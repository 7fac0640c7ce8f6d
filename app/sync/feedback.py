"""The municipal_feedback's data.json: what the office owns and sends back to one school
(spec/package-format.md) — curator comments, recommendations, the event catalogue — built at the
office, checked and applied at the school without touching anything the school owns.

Each catalogue item also carries `support_need_ids`: the school's «Карта поддержки» needs the office
offers it for (SupportNeedOffer), so the school sees which of its needs an event answers.
`receipts` are the exchange's to fill (app.sync.exchange) and are left empty here.
"""

from __future__ import annotations

import base64
import binascii

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from app.core.errors import UserError
from app.core.records import live
from app.core.store import Store
from app.sync.checks import Problems, check_record, records_of, shown, unique_ids
from app.sync.records import (
    Changes,
    Field,
    Table,
    found_ids,
    insert_rows,
    is_date,
    is_uuid,
    mark_removed,
    record_out,
    row_in,
    upsert_rows,
)
from app.sync.snapshot_apply import plan_rows
from app.sync.snapshot_tables import day, text, title
from db.base import utcnow
from db.enums import COMMENT_TARGETS, EVENT_LEVELS
from db.models import (
    CatalogEvent,
    CuratorComment,
    Installation,
    Recommendation,
    School,
    SupportNeed,
    SupportNeedOffer,
)

COMMENTS = Table(
    "curator_comments",
    CuratorComment,
    (
        Field("target", "enum", values=COMMENT_TARGETS),
        Field("target_id", "uuid"),
        title("text"),
        text("author"),
    ),
)
RECOMMENDATIONS = Table(
    "recommendations",
    Recommendation,
    (
        title("title"),
        text("text"),
        day("issued_on", null=False),
        # Spec «Recommendations answered»: always written; absent in an older package, read as null.
        Field("due_date", "date", null=True, required=False),
        Field("activity_hint", "text", null=True, required=False),
    ),
)
CATALOG = Table(
    "event_catalog",
    CatalogEvent,
    (
        title("title"),
        text("form"),
        text("organizer"),
        Field("level", "enum", values=EVENT_LEVELS),
        day("date_from"),
        day("date_to"),
        text("key_elements"),
    ),
    owned=False,
)
RECEIPT_FIELDS = (
    Field("package_id", "uuid"),
    Field("sequence", "int", low=1),
    Field("imported_at", "stamp"),
    Field("result", "title"),
)
OFFERS = "support_need_offers"  # the key Changes counts offered needs under
ARRAYS = ("curator_comments", "recommendations", "event_catalog", "receipts")


def build_feedback(store: Store, school_id: str) -> dict:
    """The office's data.json for one school (`receipts` left empty for the exchange to fill)."""
    with store.session() as s:
        office = s.scalars(select(Installation)).first()
        if office is None or office.mode != "municipality":
            raise UserError("Обратную связь для школ пишет управление образования, а эта база — школьная.")
        live(s, School, school_id, "Этой школы нет в реестре управления — обновите список школ.")

        def live_rows(model, *where):
            query = select(model).where(model.deleted_at.is_(None), *where)
            return s.scalars(query.order_by(model.created_at, model.id)).all()

        offers: dict[str, list[str]] = {}
        query = (
            select(SupportNeedOffer.catalog_event_id, SupportNeedOffer.need_id)
            .join(SupportNeed, SupportNeed.id == SupportNeedOffer.need_id)
            .where(SupportNeed.school_id == school_id)
        )
        for event_id, need_id in s.execute(query):
            offers.setdefault(event_id, []).append(need_id)
        catalog = []
        for row in live_rows(CatalogEvent):
            item = record_out(row, CATALOG.fields)
            item["support_need_ids"] = sorted(offers.get(row.id, []))  # only this school's needs
            catalog.append(item)
        return {
            "municipality": {
                "id": office.id,
                "name": office.name,
                "encryption_key": office.encryption_public_key,
            },
            "curator_comments": [
                record_out(r, COMMENTS.fields)
                for r in live_rows(CuratorComment, CuratorComment.school_id == school_id)
            ],
            "recommendations": [
                record_out(r, RECOMMENDATIONS.fields)
                for r in live_rows(Recommendation, Recommendation.school_id == school_id)
            ],
            "event_catalog": catalog,
            "receipts": [],
        }


def _key_problem(key: object) -> str | None:
    if key is None:
        return None
    try:
        raw = base64.b64decode(key, validate=True) if isinstance(key, str) else b""
    except (binascii.Error, ValueError):
        raw = b""
    return None if len(raw) == 32 else "должно быть открытым ключом X25519 в base64 (32 байта) или null"


def validate_feedback(data: object) -> list[str]:
    """What is wrong with a municipal_feedback's data.json, in Russian; empty when it may be applied."""
    problems = Problems()
    if not isinstance(data, dict):
        return [f"data.json должен быть объектом JSON, а в пакете {shown(data)}."]
    office = data.get("municipality")
    if not isinstance(office, dict):
        problems.add("В пакете нет объекта «municipality» с данными управления.")
    else:
        check_record(problems, "«municipality»", office, (title("name"),), None, stamped=False)
        if not is_uuid(office.get("id")):
            shown_id = shown(office.get("id"))
            problems.add(
                f"«municipality»: поле «id» должно быть идентификатором (UUID), а в пакете {shown_id}."
            )
        if problem := _key_problem(office.get("encryption_key")):
            problems.add(f"«municipality»: поле «encryption_key» {problem}.")
    for table in (COMMENTS, RECOMMENDATIONS, CATALOG):
        found = records_of(problems, data, table.key)
        unique_ids(problems, table.key, found)
        for where, record in found:
            check_record(problems, where, record, table.fields, table.model)
    for where, item in records_of(problems, data, "event_catalog"):
        needs = item.get("support_need_ids", [])
        if not isinstance(needs, list) or not all(is_uuid(n) for n in needs):
            problems.add(f"{where}: поле «support_need_ids» должно быть списком идентификаторов (UUID).")
        start, end = item.get("date_from"), item.get("date_to")
        if is_date(start) and is_date(end) and end < start:
            problems.add(f"{where}: поле «date_to» — дата окончания {end} раньше даты начала {start}.")
    for where, receipt in records_of(problems, data, "receipts"):
        check_record(problems, where, receipt, RECEIPT_FIELDS, None, stamped=False)
    return problems.result()


def _owned_existing(session: Session, model: type, school_id: str) -> dict[str, tuple]:
    query = select(model.id, model.updated_at, model.deleted_at).where(model.school_id == school_id)
    return {row[0]: tuple(row[1:]) for row in session.execute(query)}


def apply_feedback(session: Session, data: dict, school_id: str | None, dry_run: bool = False) -> Changes:
    """At the school: the office's comments, recommendations and catalogue (with its offers) as
    the package has them; those the office removed are marked removed here. Nothing else changes."""
    if school_id is None:
        office = session.scalars(select(Installation)).first()
        school_id = office.school_id if office is not None else None
    school = live(
        session, School, school_id, "Обратная связь принимается в базе школы, а школа в этой базе не найдена."
    )
    changes = Changes(school_id=school.id)
    now = utcnow()
    writes = []
    for table in (COMMENTS, RECOMMENDATIONS, CATALOG):
        records = {r["id"]: r for r in data[table.key]}
        if table.owned:
            existing = _owned_existing(session, table.model, school.id)
            foreign = found_ids(session, table.model, [i for i in records if i not in existing])
            if foreign:
                raise UserError(
                    f"Обратная связь содержит запись {sorted(foreign)[0]} («{table.key}»), которая в этой "
                    "базе принадлежит другой школе. Пакет не применён: он адресован не этой школе."
                )
        else:
            query = select(CatalogEvent.id, CatalogEvent.updated_at, CatalogEvent.deleted_at)
            existing = {row[0]: tuple(row[1:]) for row in session.execute(query)}
        plan = plan_rows(table, records, existing)
        changes.note("added", table.key, len(plan.added))
        changes.note("changed", table.key, len(plan.changed))
        changes.note("removed", table.key, len(plan.removed))
        rows = []
        for record_id in records:
            row = row_in(records[record_id], table.fields)
            row["deleted_at"] = None
            if table is RECOMMENDATIONS:
                row["activity_hint"] = row["activity_hint"] or ""  # null: nothing said
            if table.owned:
                row.update(school_id=school.id, sent_at=None)
            else:
                row["municipality_id"] = school.municipality_id
            rows.append(row)
        writes.append((table, rows, plan.removed))
    added, gone = _offer_changes(session, data["event_catalog"], school.id)
    changes.note("added", OFFERS, len(added))
    changes.note("removed", OFFERS, len(gone))
    if dry_run:
        return changes
    for table, rows, removed in writes:
        upsert_rows(session, table.model, rows)
        mark_removed(session, table.model, removed, now)
    offers = SupportNeedOffer.__table__
    if gone:
        stmt = delete(offers).where(
            offers.c.need_id == bindparam("n"), offers.c.catalog_event_id == bindparam("c")
        )
        session.execute(stmt, [{"n": n, "c": c} for n, c in gone])
    insert_rows(session, SupportNeedOffer, [{"need_id": n, "catalog_event_id": c} for n, c in added])
    return changes


def _offer_changes(session: Session, catalog: list[dict], school_id: str):
    """(offers to add, offers to remove) as (need id, catalogue event id) pairs, for the school's needs."""
    needs = set(session.scalars(select(SupportNeed.id).where(SupportNeed.school_id == school_id)))
    query = (
        select(SupportNeedOffer.need_id, SupportNeedOffer.catalog_event_id)
        .join(SupportNeed, SupportNeed.id == SupportNeedOffer.need_id)
        .where(SupportNeed.school_id == school_id)
    )
    held = {tuple(row) for row in session.execute(query)}
    wanted = {(n, item["id"]) for item in catalog for n in item.get("support_need_ids", []) if n in needs}
    return sorted(wanted - held), sorted(held - wanted)


__all__ = ["ARRAYS", "apply_feedback", "build_feedback", "validate_feedback"]
