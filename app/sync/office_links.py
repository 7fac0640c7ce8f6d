"""The office's own records that point at a school's records: catalogue offers on «Карта
поддержки» needs and curator comments on diary entries and events.

When a snapshot marks such school records removed (a reinstalled school's first package replaces
everything), the office's records are never lost: each is moved to the record the snapshot brings
with the same content, or stays on the removed one (kept, and told before «Принять»).
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.sync.records import chunks, row_in
from db.models import CuratorComment, SupportNeedOffer

# array → (the office's model, its column holding the school record's id, the comment's target)
OFFICE_LINKS = {
    "support_needs": (SupportNeedOffer, "need_id", None),
    "teacher_diary": (CuratorComment, "target_id", "teacher_diary"),
    "director_diary": (CuratorComment, "target_id", "director_diary"),
    "events": (CuratorComment, "target_id", "events"),
}
# What makes a record «the same» when it comes back under a new id.
SAME_CONTENT = {
    "support_needs": ("level", "task", "content"),
    "teacher_diary": ("entry_date", "methods"),
    "director_diary": ("entry_date", "form_of_use"),
    "events": ("title", "date_from"),
}
LABELS = {SupportNeedOffer: "support_need_offers", CuratorComment: "curator_comments"}


def _linked(session: Session, key: str, ids: list[str]) -> list[tuple]:
    """(link row key…, school record id) of the office's records on these school records."""
    model, column, target = OFFICE_LINKS[key]
    found = []
    for part in chunks(ids):
        if model is SupportNeedOffer:
            query = select(model.need_id, model.catalog_event_id).where(model.need_id.in_(part))
            found += [((need, event), need) for need, event in session.execute(query)]
        else:
            query = select(model.id, model.target_id).where(
                model.target == target, model.target_id.in_(part), model.deleted_at.is_(None)
            )
            found += [((comment_id,), target_id) for comment_id, target_id in session.execute(query)]
    return found


def _matches(session: Session, plan) -> dict[str, str]:
    """Removed record id → the added record with the same content (the first, if several)."""
    key = plan.table.key
    names = SAME_CONTENT[key]
    model = plan.table.model
    removed = {}
    columns = [model.id] + [getattr(model, n) for n in names]
    for part in chunks(list(plan.removed)):
        for row in session.execute(select(*columns).where(model.id.in_(part))):
            removed[row[0]] = tuple(row[1:])
    fields = [f for f in plan.table.fields if f.name in names]
    added: dict[tuple, str] = {}
    for record_id in plan.added:
        row = row_in(plan.records[record_id], fields)
        added.setdefault(tuple(row[n] for n in names), record_id)
    return {old: added[sign] for old, sign in removed.items() if sign in added}


def office_records_on_removed(session: Session, plans: list, changes) -> None:
    """Count, per kind of office record, those on records the snapshot removes: how many move to
    the same record brought back (`relinked`) and how many stay on the removed one (`kept`)."""
    for plan in plans:
        key = plan.table.key
        if key not in OFFICE_LINKS or not plan.removed:
            continue
        linked = _linked(session, key, list(plan.removed))
        if not linked:
            continue
        matches = _matches(session, plan)
        label = LABELS[OFFICE_LINKS[key][0]]
        moved = sum(1 for _row, school_record in linked if school_record in matches)
        if moved:
            changes.relinked[label] = changes.relinked.get(label, 0) + moved
        if len(linked) - moved:
            changes.kept[label] = changes.kept.get(label, 0) + len(linked) - moved


def relink_office_records(session: Session, plans: list) -> None:
    """Move the office's records from removed school records to those brought back the same."""
    for plan in plans:
        key = plan.table.key
        if key not in OFFICE_LINKS or not plan.removed or not plan.added:
            continue
        matches = _matches(session, plan)
        model, column, _target = OFFICE_LINKS[key]
        for link_key, school_record in _linked(session, key, list(matches)):
            new_id = matches[school_record]
            if model is SupportNeedOffer:
                need, event = link_key
                held = session.get(SupportNeedOffer, (new_id, event))
                if held is None:
                    session.execute(
                        update(model.__table__)
                        .where(model.need_id == need, model.catalog_event_id == event)
                        .values(need_id=new_id)
                    )
            else:
                table = model.__table__
                session.execute(  # the comment itself is not edited: its stamp stays
                    update(table)
                    .where(table.c.id == link_key[0])
                    .values({column: new_id, "updated_at": table.c.updated_at})
                )
