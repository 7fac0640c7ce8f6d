"""The municipal demo: the Kotelnikovo district's office (seed 004) with its three schools.

Every school's database is built in a temporary folder (resources/demo/<school>.json; Нагольненская
is the school demo itself), takes the office's key file and writes its package; the office imports
the three packages as a methodologist would, so it knows each school's key afterwards. The office's
own part — its district programme, catalogue, comments, a recommendation and the registry's dates —
is resources/demo/kotelnikovo.json. The schools' folders are removed when the demo is built.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from app.core.errors import UserError
from app.core.store import Store
from app.demo.builder import DemoBuilder, load_demo_data, refuse_if_not_empty, written_after
from app.demo.school import build_demo
from app.diaries.comments import TARGET_MODELS, add_comment
from app.office.district import save_district_header
from app.office.recommendations import RecommendationData, add_recommendation
from app.office.registry import SchoolData, list_registry, update_school
from app.school.installation import init_municipality
from app.support.support_office import link_offer
from app.sync.exchange import export_snapshot, import_packages
from app.sync.keys import export_public, import_key, keys_dir
from db.base import Base
from db.models import CatalogEvent, CuratorComment, Event, StatusDecision, SupportNeedOffer

OFFICE_FILE = "kotelnikovo.json"
CATALOG_FIELDS = ("id", "title", "form", "organizer", "level", "date_from", "date_to", "key_elements")


@dataclass
class SchoolPackage:
    """What the office keeps of a school's temporary database besides its package: the school's
    name and the office's own records the school held (the catalogue it was sent, the offers
    made on its needs)."""

    name: str
    catalogue: list[dict] = field(default_factory=list)
    offers: list[tuple[str, str]] = field(default_factory=list)  # (need id, catalogue event id)


@dataclass
class OfficeDemo:
    name: str
    schools: list[str]


def build_office_demo(store: Store) -> OfficeDemo:
    """Fill an empty store with the demo office; on any error the store is left empty again.
    Nothing in it depends on today's date: the demo keeps the seeds' years, as the school demo."""
    data = load_demo_data(OFFICE_FILE)
    with store.session() as s:
        refuse_if_not_empty(s)
        empty = [t for t in Base.metadata.sorted_tables if not s.scalar(select(func.count()).select_from(t))]
    keys_before = set(keys_dir(store).glob("*"))
    try:
        with tempfile.TemporaryDirectory(prefix="dnevnik-demo-", ignore_cleanup_errors=True) as tmp:
            work = Path(tmp)
            init_municipality(store, data["name"])
            office_key = export_public(store, work / "office-key.json")
            packages = work / "packages"
            packages.mkdir()
            schools = [
                _school_package(name, office_key, work / Path(name).stem, packages)
                for name in data["schools"]
            ]
            _add_catalogue(store, data["catalog"], schools)
            _import(store, packages, len(schools))
        _add_office_content(store, data, schools)
    except BaseException:
        _undo(store, empty, keys_before)
        raise
    return OfficeDemo(data["name"], [school.name for school in schools])


def _school_package(file_name: str, office_key: Path, folder: Path, packages: Path) -> SchoolPackage:
    """Build one school's database, let it take the office's key, write its package to `packages`."""
    school_store = Store.open(folder)
    try:
        data = load_demo_data(file_name)
        # The school demo answers a recommendation its office gave it; this office never gave that
        # one, and a package answering an unknown recommendation is refused (spec): no answer here.
        data.get("recommendation", {}).pop("answer", None)
        school = build_demo(school_store, data)
        import_key(school_store, office_key)
        export_snapshot(school_store, packages)
        with school_store.session() as s:
            catalogue = [
                {name: getattr(row, name) for name in CATALOG_FIELDS}
                for row in s.scalars(select(CatalogEvent).where(CatalogEvent.deleted_at.is_(None)))
            ]
            links = select(SupportNeedOffer.need_id, SupportNeedOffer.catalog_event_id)
            offers = [(need_id, event_id) for need_id, event_id in s.execute(links)]
        return SchoolPackage(school.name, catalogue, offers)
    finally:
        school_store.close()


def _add_catalogue(store: Store, own: list[dict], schools: Iterable[SchoolPackage]) -> None:
    """The office's catalogue before the import, so the schools' events stay linked to it: what the
    schools were sent earlier (same ids), then the office's further events."""
    with store.session() as s:
        taken: set[str] = set()
        for school in schools:
            for item in school.catalogue:
                if item["id"] not in taken:
                    taken.add(item["id"])
                    s.add(CatalogEvent(municipality_id=None, **item))
        DemoBuilder(s, None, None).add_catalog(own)


def _import(store: Store, packages: Path, expected: int) -> None:
    results = import_packages(store, [packages])
    refused = [r for r in results if r.status != "imported"]
    if refused or len(results) != expected:
        why = "; ".join(f"{r.file.name}: {r.reason or 'не принят'}" for r in refused)
        why = why or "не все пакеты найдены"
        raise UserError(f"Пакеты демонстрационных школ не приняты ({why}). База управления не создана.")


def _add_office_content(store: Store, data: dict, schools: list[SchoolPackage]) -> None:
    """What the office itself keeps: programme, plan, indicators, the district report's header,
    registry dates, comments, a recommendation and the offers on the schools' needs."""
    registry = {row.code: row for row in list_registry(store)}
    with store.session() as s:
        builder = DemoBuilder(s, None, None)
        programme = builder.add_programme(data["programme"], data["sections"])
        builder.add_indicators(programme, data["indicators"], None)
    save_district_header(store, data["district"]["name"], data["district"]["schools_total"])
    rec = data["recommendation"]
    issued = RecommendationData(rec["title"], rec["text"], date.fromisoformat(rec["issued_on"]))
    add_recommendation(store, registry[rec["school"]].id, issued)
    for code, entry in data["registry"].items():
        row = registry[code]
        values = {f.name: getattr(row, f.name) for f in fields(SchoolData)}
        values.update(
            in_programme_since=date.fromisoformat(entry["in_programme_since"]),
            left_programme_on=date.fromisoformat(entry["left_programme_on"]),
            left_grounds=entry["left_grounds"],
        )
        update_school(store, row.id, SchoolData(**values))
        _record_decision(store, row.id, entry)
    for item in data["curator_comments"]:
        target_id = _comment_target(store, registry[item["school"]].id, item["target"], item["on"])
        comment = add_comment(store, item["target"], target_id, item["text"], data["curator"])
        _date_comment(store, comment.id, written_after(date.fromisoformat(item["on"])))
    offered: dict[str, list[str]] = {}
    for school in schools:
        for need_id, event_id in school.offers:
            offered.setdefault(event_id, []).append(need_id)
    for event_id, need_ids in offered.items():
        link_offer(store, need_ids, event_id)


def _record_decision(store: Store, school_id: str, entry: dict) -> None:
    """The registry's dates as the office's status decisions (what «Выявление» records): in the
    programme since, out of it on, each with its grounds."""
    with store.session() as s:
        stamp = written_after(date.fromisoformat(entry["in_programme_since"]))
        s.add(
            StatusDecision(
                school_id=school_id,
                change="include",
                decided_on=date.fromisoformat(entry["in_programme_since"]),
                grounds="Включена в список ШНОР по итогам ВПР, ОГЭ и ЕГЭ.",
                created_at=stamp,
                updated_at=stamp,
            )
        )
        stamp = written_after(date.fromisoformat(entry["left_programme_on"]))
        s.add(
            StatusDecision(
                school_id=school_id,
                change="leave",
                decided_on=date.fromisoformat(entry["left_programme_on"]),
                grounds=entry["left_grounds"],
                created_at=stamp,
                updated_at=stamp,
            )
        )


def _comment_target(store: Store, school_id: str, target: str, on: str) -> str:
    """The school's diary entry (or event) of that day, as the office received it."""
    model = TARGET_MODELS[target]
    column = model.date_from if model is Event else model.entry_date
    with store.session() as s:
        query = select(model.id).where(model.school_id == school_id, column == date.fromisoformat(on))
        return s.scalars(query.order_by(model.id)).one()


def _date_comment(store: Store, comment_id: str, written: datetime) -> None:
    """The demo's comment dated in the data's years, not on the day the demo was built."""
    with store.session() as s:
        comment = s.get(CuratorComment, comment_id)
        comment.created_at = comment.updated_at = written


def _undo(store: Store, empty: list, keys_before: set[Path]) -> None:
    """Take back what a failed build wrote: rows of the tables that were empty, new key files."""
    try:
        with store.session() as s:
            for table in reversed(empty):
                s.execute(table.delete())
        for path in set(keys_dir(store).glob("*")) - keys_before:
            path.unlink(missing_ok=True)
    except Exception:  # the build's own error is the one to report
        pass
