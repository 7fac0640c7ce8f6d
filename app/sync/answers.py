"""At the office, before a snapshot is applied: the school's answers to recommendations
(`recommendation_responses` and every `recommendation_ids`) may point only at recommendations this
office gave this very school (spec «Recommendations answered»). They are the office's ids, so
step 5 checks only that they are UUIDs; here they are looked up, and one that is not there refuses
the whole package in Russian, before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import UserError
from app.sync.records import chunks
from app.sync.snapshot_tables import RECOMMENDATION_IDS, RESPONSES_KEY, TABLES
from db.models import Recommendation


def _pointers(data: dict) -> Iterator[tuple[str, str, str, str]]:
    """(array, record id, field, recommendation id) for every answer in the snapshot."""
    for record in data.get(RESPONSES_KEY, ()):
        yield RESPONSES_KEY, record["id"], "recommendation_id", record["recommendation_id"]
    for table in TABLES:
        if any(link.key == RECOMMENDATION_IDS for link in table.links):
            for record in data.get(table.key, ()):
                for rid in record.get(RECOMMENDATION_IDS, ()):
                    yield table.key, record["id"], RECOMMENDATION_IDS, rid


def check_answers(session: Session, data: dict, school_id: str | None, code: str) -> None:
    """Raise UserError when an answer points at a recommendation the office never gave the school."""
    pointers = list(_pointers(data))
    wanted = sorted({p[3] for p in pointers})
    given: set[str] = set()
    if wanted and school_id is not None:
        for part in chunks(wanted):
            query = select(Recommendation.id).where(
                Recommendation.school_id == school_id, Recommendation.id.in_(part)
            )
            given.update(session.scalars(query))
    for array, record_id, name, rid in pointers:
        if rid not in given:
            raise UserError(
                f"Пакет школы {code}: «{array}», запись {record_id} — поле «{name}» ссылается на "
                f"рекомендацию {rid}, которой управление этой школе не давало. Пакет не применён: "
                "попросите школу проверить ответы на рекомендации (возможно, пакет от другой школы "
                "или база управления восстановлена из старой копии) и записать пакет заново."
            )


__all__ = ["check_answers"]
