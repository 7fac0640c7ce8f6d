"""Shared by the exchange data tests: an office store, export and import in memory, full dumps,
what a school holds next to what the office holds, table by table, and the package exchange's
fixtures (a demo school, an office with keys, a stick to write to)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.store import Store
from app.demo.school import build_demo
from app.programme.programme import LOCAL_PASSPORT_FIELDS
from app.programme.subjects import normalize_subject
from app.school.installation import init_municipality, init_school
from app.surveys.survey_templates import Template
from app.surveys.surveys import MIN_RESPONDENTS, count_sheets
from app.sync import keys
from app.sync.feedback import apply_feedback, build_feedback, validate_feedback
from app.sync.snapshot import apply_snapshot, build_snapshot, validate_snapshot
from db.base import Base
from db.models import (
    DirectorDiaryActivity,
    DirectorDiaryEntry,
    DirectorDiaryEvent,
    Event,
    EventActivity,
    EventParticipant,
    ExamResult,
    Indicator,
    IndicatorValue,
    PlanActivity,
    PlanSection,
    Programme,
    School,
    Staff,
    SupportNeed,
    SupportNeedActivity,
    SupportNeedEvent,
    SurveyResponse,
    SurveyRound,
    SurveyTemplate,
    TeacherDiaryActivity,
    TeacherDiaryEntry,
    TeacherDiaryEvent,
)

OFFICE_NAME = "Отдел образования администрации Котельниковского района"
SCHOOL_MODELS = (
    Staff,
    Programme,
    PlanSection,
    PlanActivity,
    SupportNeed,
    Event,
    TeacherDiaryEntry,
    DirectorDiaryEntry,
    Indicator,
    ExamResult,
)
# (link table, its parent, the parent's column, the other column, the other's model)
LINKS = (
    (SupportNeedActivity, SupportNeed, "need_id", "activity_id", PlanActivity),
    (SupportNeedEvent, SupportNeed, "need_id", "event_id", Event),
    (EventParticipant, Event, "event_id", "staff_id", Staff),
    (EventActivity, Event, "event_id", "activity_id", PlanActivity),
    (TeacherDiaryEvent, TeacherDiaryEntry, "entry_id", "event_id", Event),
    (TeacherDiaryActivity, TeacherDiaryEntry, "entry_id", "activity_id", PlanActivity),
    (DirectorDiaryEvent, DirectorDiaryEntry, "entry_id", "event_id", Event),
    (DirectorDiaryActivity, DirectorDiaryEntry, "entry_id", "activity_id", PlanActivity),
)
# school_id differs by design; catalog_event_id points into the office's own catalogue.
IGNORED = {"school_id", "deleted_at", "catalog_event_id"}
NOT_CARRIED = {"programs": set(LOCAL_PASSPORT_FIELDS)}  # a school's own, not in the package (spec)
OFFICE_OWNED = {"curator_comments", "recommendations", "catalog_events", "support_need_offers", "package_log"}


def open_office(path, with_keys: bool = False) -> Store:
    """A fresh office in the data folder `path` (on PostgreSQL when conftest's `on_backend` made
    the folder name a server database); `with_keys` makes its key pairs, as packages need."""
    office = Store.open(path)
    init_municipality(office, OFFICE_NAME)
    if with_keys:
        keys.ensure_keys(office)
    return office


def open_school(folder: Path, demo: bool = True, code: str = "3410") -> Store:
    """The demo school in `folder`, or (demo=False) an empty school with the code `code`."""
    store = Store.open(folder)
    if demo:
        build_demo(store)
    else:
        init_school(store, code, "МКОУ Переустановленная СШ", "Котельниковский район")
    return store


def only(results):
    """The one result of an import that was given one file."""
    assert len(results) == 1, results
    return results[0]


# --- fixtures of the package exchange tests: import `*_fixture` into the test module, ask for the name


@pytest.fixture(name="school")
def school_fixture(tmp_path, on_backend):
    store = open_school(on_backend(tmp_path / "school"))
    yield store
    store.close()


@pytest.fixture(name="office")
def office_fixture(tmp_path, on_backend):
    store = open_office(on_backend(tmp_path / "office"), with_keys=True)
    yield store
    store.close()


@pytest.fixture(name="outbox")
def outbox_fixture(tmp_path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


def export(store: Store, school_id: str) -> dict:
    """A snapshot as the office reads it: through JSON text."""
    return json.loads(json.dumps(build_snapshot(store, school_id), ensure_ascii=False))


def import_snapshot(office: Store, data: dict, dry_run: bool = False, school_id: str | None = None):
    assert validate_snapshot(data) == []
    with office.session() as s:
        return apply_snapshot(s, data, school_id, dry_run=dry_run)


def send_feedback(office: Store, office_school_id: str, school: Store, dry_run: bool = False):
    data = json.loads(json.dumps(build_feedback(office, office_school_id), ensure_ascii=False))
    assert validate_feedback(data) == []
    with school.session() as s:
        return apply_feedback(s, data, None, dry_run=dry_run)


def school_id_by_code(store: Store, code: str) -> str:
    with store.session() as s:
        return s.scalars(select(School.id).where(School.code == code)).one()


def dump(store: Store, skip: set[str] = frozenset()) -> dict[str, list]:
    """Every row of every table (but `skip`), for «nothing changed» comparisons."""
    with store.session() as s:
        return {
            table.name: sorted(
                (tuple(str(v) for v in row) for row in s.execute(select(table))), key=lambda r: r
            )
            for table in Base.metadata.sorted_tables
            if table.name not in skip
        }


# --- what a school holds, table by table, as the office should hold it ---------------


def _plain(row, ignore=IGNORED) -> dict:
    out = {}
    for column in row.__table__.columns:
        if column.key in ignore:
            continue
        value = getattr(row, column.key)
        out[column.key] = value.replace(microsecond=0) if isinstance(value, datetime) else value
    return out


def content(store: Store, school_id: str, school_side: bool) -> dict:
    """The live records of a school as the package carries them: per table, id → fields."""
    result: dict = {}
    with store.session() as s:
        live: dict = {}
        for model in SCHOOL_MODELS:
            rows = s.scalars(
                select(model).where(model.school_id == school_id, model.deleted_at.is_(None))
            ).all()
            live[model] = {r.id for r in rows}
            ignore = IGNORED | NOT_CARRIED.get(model.__tablename__, set())
            result[model.__tablename__] = {r.id: _plain(r, ignore) for r in rows}
        for record in result["exam_results"].values():  # the office keeps its subject list's spelling
            record["subject"] = normalize_subject(record["subject"]) or record["subject"]
        for table in ("support_needs", "indicators"):  # a programme in «Корзина» travels as no programme
            for record in result[table].values():
                if record["program_id"] not in live[Programme]:
                    record["program_id"] = None
        for link, parent, own, other, other_model in LINKS:
            pairs = s.execute(select(getattr(link, own), getattr(link, other)))
            result[link.__tablename__] = {
                (a, b) for a, b in pairs if a in live[parent] and b in live[other_model]
            }
        values = s.scalars(select(IndicatorValue).where(IndicatorValue.indicator_id.in_(live[Indicator])))
        result["indicator_values"] = {v.id: _plain(v) for v in values}
        rounds = s.scalars(
            select(SurveyRound).where(
                SurveyRound.school_id == school_id,
                SurveyRound.deleted_at.is_(None),
                SurveyRound.closed.is_(True),
            )
        ).all()
        result["survey_rounds"] = {r.id: _round(s, r, school_side) for r in rounds}
        templates = s.scalars(
            select(SurveyTemplate).where(SurveyTemplate.id.in_({r.template_id for r in rounds}))
        ).all()
        # The office keeps a school's own template under an id and a code of that school («code@3410»)
        # and the built-in one as its own copy: templates are compared by code and content.
        named = {t.id: (t.code.split("@")[0], t.version) for t in templates}
        result["survey_templates"] = {
            named[t.id]: _plain(t, {"id", "code", "created_at", "updated_at", "builtin"}) for t in templates
        }
        for record in result["survey_rounds"].values():
            record["template_id"] = named.get(record["template_id"], record["template_id"])
    return result


def _round(session, row: SurveyRound, school_side: bool) -> dict:
    respondents, counts = row.respondents, row.counts
    if school_side:
        template = Template.of(session.get(SurveyTemplate, row.template_id))
        if row.source == "sheets":
            sheets = session.scalars(select(SurveyResponse.answers).where(SurveyResponse.round_id == row.id))
            totals = count_sheets(template, list(sheets))
            respondents, counts = totals.respondents, totals.counts
        else:
            levels = len(template.scale)
            counts = {i: list(row.counts.get(i) or [0] * levels) for i in template.item_ids()}
        if respondents < MIN_RESPONDENTS:
            counts = {}
    return {
        "template_id": row.template_id,
        "title": row.title,
        "held_on": row.held_on,
        "updated_at": row.updated_at.replace(microsecond=0),
        "respondents": respondents,
        "counts": counts,
    }
