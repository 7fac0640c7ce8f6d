"""Anonymous answer sheets of a round: only answers, no author, no time.

Lists never show sheets in the order they were entered: they come sorted by their answers.
A sheet can be added, corrected or deleted while its round is open.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.access import writable
from app.core.errors import UserError
from app.core.records import live
from app.core.store import Store
from app.surveys.survey_templates import TemplateData
from app.surveys.surveys import ROUND_GONE, Answers, template_of
from db.models import SurveyResponse, SurveyRound

GONE = "Этого листа больше нет — обновите список."


@dataclass(frozen=True)
class Sheet:
    id: str
    answers: Answers


def _open_sheets_round(session: Session, round_id: str) -> SurveyRound:
    row = writable(session, SurveyRound, round_id, ROUND_GONE)
    if row.source != "sheets":
        raise UserError("В этот тур вводятся только итоги, листов у него нет.")
    if row.closed:
        raise UserError("Тур закрыт: листы в нём изменить нельзя. Откройте тур снова, чтобы исправить лист.")
    return row


def _clean_answers(template: TemplateData, answers: Answers) -> Answers:
    ids = template.item_ids()
    unknown = set(answers) - set(ids)
    if unknown:
        raise UserError(
            "В листе есть ответы на утверждения, которых нет в анкете: " + ", ".join(sorted(unknown))
        )
    levels = len(template.scale)
    cleaned: Answers = {}
    for item_id in ids:
        value = answers.get(item_id)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < levels
        ):
            raise UserError(f"Ответ на утверждение {item_id} — номер варианта от 1 до {levels}.")
        cleaned[item_id] = value
    if all(v is None for v in cleaned.values()):
        raise UserError("В листе нет ни одного ответа — такой лист не сохраняется.")
    return cleaned


def _sort_key(template: TemplateData, answers: Answers) -> tuple:
    return tuple(-1 if answers.get(i) is None else answers[i] for i in template.item_ids())


def list_sheets(store: Store, round_id: str) -> list[Sheet]:
    """The round's sheets sorted by their answers: nothing shows which was entered first."""
    with store.session() as s:
        row = live(s, SurveyRound, round_id, ROUND_GONE)
        template = template_of(s, row)
        sheets = [
            Sheet(r.id, dict(r.answers))
            for r in s.scalars(select(SurveyResponse).where(SurveyResponse.round_id == round_id))
        ]
    return sorted(sheets, key=lambda sh: (_sort_key(template, sh.answers), sh.id))


def add_sheet(store: Store, round_id: str, answers: Answers) -> Sheet:
    with store.session() as s:
        row = _open_sheets_round(s, round_id)
        cleaned = _clean_answers(template_of(s, row), answers)
        sheet = SurveyResponse(round_id=row.id, answers=cleaned)
        s.add(sheet)
        s.flush()
        return Sheet(sheet.id, cleaned)


def update_sheet(store: Store, sheet_id: str, answers: Answers) -> Sheet:
    with store.session() as s:
        sheet = live(s, SurveyResponse, sheet_id, GONE)
        row = _open_sheets_round(s, sheet.round_id)
        sheet.answers = _clean_answers(template_of(s, row), answers)
        return Sheet(sheet.id, dict(sheet.answers))


def delete_sheet(store: Store, sheet_id: str) -> None:
    with store.session() as s:
        sheet = live(s, SurveyResponse, sheet_id, GONE)
        _open_sheets_round(s, sheet.round_id)
        s.delete(sheet)
