"""What is in the database: mode, whose it is, the registry's schools at the office, and how many
records each table holds (with Russian names for the plain text of `info`)."""

from __future__ import annotations

from sqlalchemy import func, select

import db.models  # noqa: F401  (registers every table)
from app.core.store import Store
from app.office.feedback_view import instrument_label
from db.base import Base
from db.migrate import current_revision, head_revision
from db.models import Installation, School

# Tables that are not one of the package's instruments (feedback_view.INSTRUMENT_LABELS has those).
TABLE_LABELS = {
    "schools": "Школы",
    "installation": "Установка (режим и владелец базы)",
    "municipalities": "Управление образования",
    "package_log": "Журнал пакетов обмена",
    "event_activities": "Дневник школы: связи с мероприятиями плана",
    "event_participants": "Дневник школы: участники",
    "teacher_diary_activities": "Дневник педагога: связи с мероприятиями плана",
    "teacher_diary_events": "Дневник педагога: связи с событиями",
    "director_diary_activities": "Дневник директора: связи с мероприятиями плана",
    "director_diary_events": "Дневник директора: связи с событиями",
    "support_need_activities": "Карта поддержки: связи с мероприятиями плана",
    "support_need_events": "Карта поддержки: связи с событиями",
    "survey_responses": "Ответы анкет",
    "status_decisions": "Решения о статусе школ (выявление ШНОР)",
    "plan_activity_recommendations": "Мероприятия плана: ответы на рекомендации",
    "event_recommendations": "Дневник школы: ответы на рекомендации",
    "teacher_diary_recommendations": "Дневник педагога: ответы на рекомендации",
    "director_diary_recommendations": "Дневник директора: ответы на рекомендации",
}


def table_label(table: str) -> str:
    """«Каталог мероприятий» for catalog_events; the table's own name if none is known."""
    return TABLE_LABELS.get(table) or instrument_label(table)


def table_counts(store: Store) -> dict[str, int]:
    counts = {}
    with store.session() as s:
        for table in Base.metadata.sorted_tables:
            counts[table.name] = s.execute(select(func.count()).select_from(table)).scalar_one()
    return dict(sorted(counts.items()))


def registry_summary(store: Store) -> list[dict]:
    """The office's schools for `info`: code, name, status, the last package taken from each."""
    from app.office.registry import list_registry

    return [
        {
            "code": row.code,
            "name": row.name,
            "status": row.status,
            "last_sequence": row.last_sequence,
            "last_package_on": row.last_package_on.isoformat() if row.last_package_on else None,
        }
        for row in list_registry(store)
    ]


def describe(store: Store) -> dict:
    """A summary for `info`: ready for JSON."""
    with store.session() as s:
        inst = s.scalars(select(Installation)).first()
        school = s.get(School, inst.school_id) if inst and inst.school_id else None
        result: dict = {
            "initialized": inst is not None,
            "mode": inst.mode if inst else None,
            "name": inst.name if inst else None,
            "installation_id": inst.id if inst else None,
            "school": (
                {
                    "id": school.id,
                    "code": school.code,
                    "name": school.name,
                    "municipality": school.municipality,
                    "statuses": school.statuses,
                }
                if school
                else None
            ),
        }
    result["registry"] = registry_summary(store) if result["mode"] == "municipality" else []
    result["database"] = store.location
    result["schema_revision"] = current_revision(store.engine)
    result["counts"] = table_counts(store)
    return result


def program_schema_revision() -> str:
    """The schema revision this program brings (its newest migration): the self-test reads it."""
    return head_revision()
