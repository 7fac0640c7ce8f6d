"""Questionnaire rounds and their anonymous answer sheets, and the totals a package carries.

A sheet is only its answers: no author, no time, and lists never show sheets in the
order they were entered (they come sorted by their answers). The school's package
carries each closed round's totals only (`package_survey_records`); the sheets
themselves are in survey_sheets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.access import require_writable, writable
from app.core.errors import UserError, ValidationError
from app.core.records import live
from app.core.store import Store
from app.surveys.survey_templates import Template, TemplateData
from db.base import utcnow
from db.models import SurveyResponse, SurveyRound, SurveyTemplate

ROUND_GONE = "Этого тура анкетирования больше нет — обновите список."
SOURCE_LABELS = {"sheets": "листы", "totals": "только итоги"}
MIN_RESPONDENTS = 3  # fewer, and per-statement counts could point at a person
Answers = dict[str, int | None]


@dataclass
class RoundData:
    """A round as its form edits it."""

    template_id: str = ""
    title: str = ""
    held_on: date | None = None
    source: str = "sheets"


@dataclass
class RoundInfo:
    id: str
    school_id: str
    template_id: str
    template_title: str
    template_version: int
    template_code: str
    title: str
    held_on: date
    source: str
    closed: bool
    respondents: int

    @property
    def template_label(self) -> str:
        if self.template_version == 1:
            return self.template_title
        return f"{self.template_title} (версия {self.template_version})"

    @property
    def status_label(self) -> str:
        return "закрыт" if self.closed else "открыт"


@dataclass
class RoundTotals:
    """How many answered and, per statement, how many chose each answer (lowest first)."""

    respondents: int
    counts: dict[str, list[int]] = field(default_factory=dict)


def _sheet_count(session: Session, round_id: str) -> int:
    query = select(func.count()).select_from(SurveyResponse).where(SurveyResponse.round_id == round_id)
    return session.scalar(query) or 0


def _info(session: Session, row: SurveyRound) -> RoundInfo:
    template = session.get(SurveyTemplate, row.template_id)
    respondents = row.respondents if row.source == "totals" else _sheet_count(session, row.id)
    return RoundInfo(
        id=row.id,
        school_id=row.school_id,
        template_id=row.template_id,
        template_title=template.title,
        template_version=template.version,
        template_code=template.code,
        title=row.title,
        held_on=row.held_on,
        source=row.source,
        closed=row.closed,
        respondents=respondents,
    )


def template_of(session: Session, row: SurveyRound) -> TemplateData:
    return Template.of(session.get(SurveyTemplate, row.template_id))


def list_rounds(store: Store, school_id: str) -> list[RoundInfo]:
    """The school's rounds, the latest first."""
    with store.session() as s:
        rows = s.scalars(
            select(SurveyRound)
            .where(SurveyRound.school_id == school_id, SurveyRound.deleted_at.is_(None))
            .order_by(SurveyRound.held_on.desc(), SurveyRound.title)
        ).all()
        return [_info(s, r) for r in rows]


def get_round(store: Store, round_id: str) -> RoundInfo:
    with store.session() as s:
        return _info(s, live(s, SurveyRound, round_id, ROUND_GONE))


def find_round(store: Store, school_id: str, ref: str) -> RoundInfo:
    """A round by its id or its title («Май 2021», any letter case); refused with the choices."""
    rounds = list_rounds(store, school_id)
    wanted = " ".join(ref.split()).casefold()
    for info in rounds:
        if info.id == ref.strip() or info.title.casefold() == wanted:
            return info
    if not rounds:
        raise UserError("В базе нет ни одного тура анкетирования.")
    known = ", ".join(f"«{r.title}»" for r in rounds)
    raise UserError(f"Тура «{ref}» нет. Есть туры: {known}.")


def latest_round(store: Store, school_id: str) -> RoundInfo | None:
    rounds = list_rounds(store, school_id)
    return rounds[0] if rounds else None


def _validate_round(session: Session, school_id: str, data: RoundData, round_id: str | None) -> dict:
    errors: dict[str, str] = {}
    title = " ".join(data.title.split())
    if round_id is None:
        if not data.template_id or session.get(SurveyTemplate, data.template_id) is None:
            errors["template_id"] = "Выберите анкету."
        if data.source not in SOURCE_LABELS:
            errors["source"] = "Выберите, как будут введены ответы."
    if not title:
        errors["title"] = "Впишите название тура, например «Май 2021»."
    else:
        if any(r.title.casefold() == title.casefold() for r in _others(session, school_id, round_id)):
            errors["title"] = f"Тур «{title}» уже есть — дайте этому другое название."
    if data.held_on is None:
        errors["held_on"] = "Укажите дату проведения."
    return errors


def _others(session: Session, school_id: str, round_id: str | None) -> list[SurveyRound]:
    # SQLite's lower() knows only Latin letters: Cyrillic titles are compared here.
    rows = session.scalars(
        select(SurveyRound).where(SurveyRound.school_id == school_id, SurveyRound.deleted_at.is_(None))
    ).all()
    return [r for r in rows if r.id != round_id]


def create_round(store: Store, school_id: str, data: RoundData) -> RoundInfo:
    with store.session() as s:
        require_writable(s, school_id)
        if errors := _validate_round(s, school_id, data, None):
            raise ValidationError(errors)
        row = SurveyRound(
            school_id=school_id,
            template_id=data.template_id,
            title=" ".join(data.title.split()),
            held_on=data.held_on,
            source=data.source,
            closed=False,
            respondents=0,
            counts={},
        )
        s.add(row)
        s.flush()
        return _info(s, row)


def update_round(store: Store, round_id: str, title: str, held_on: date | None) -> RoundInfo:
    """Rename a round or move its date; its questionnaire and its answers stay."""
    with store.session() as s:
        row = writable(s, SurveyRound, round_id, ROUND_GONE)
        data = RoundData(row.template_id, title, held_on, row.source)
        if errors := _validate_round(s, row.school_id, data, row.id):
            raise ValidationError(errors)
        row.title, row.held_on = " ".join(title.split()), held_on
        s.flush()
        return _info(s, row)


def delete_round(store: Store, round_id: str) -> None:
    with store.session() as s:
        writable(s, SurveyRound, round_id, ROUND_GONE).deleted_at = utcnow()


def set_round_closed(store: Store, round_id: str, closed: bool) -> RoundInfo:
    """Close a round (sheets can no longer change; its totals go out with the package) or reopen it."""
    with store.session() as s:
        row = writable(s, SurveyRound, round_id, ROUND_GONE)
        if closed and row.source == "sheets":
            totals = row_totals(s, row)
            row.respondents, row.counts = totals.respondents, totals.counts
        row.closed = closed
        s.flush()
        return _info(s, row)


# --- totals ---------------------------------------------------------------


def count_sheets(template: TemplateData, sheets: list[Answers]) -> RoundTotals:
    """Respondents and per-statement counts of a pile of sheets."""
    levels = len(template.scale)
    counts = {item_id: [0] * levels for item_id in template.item_ids()}
    for answers in sheets:
        for item_id, value in answers.items():
            if value is not None and item_id in counts:
                counts[item_id][value] += 1
    return RoundTotals(respondents=len(sheets), counts=counts)


def row_totals(session: Session, row: SurveyRound) -> RoundTotals:
    """The totals of a round row, within a session the caller holds."""
    template = template_of(session, row)
    if row.source == "totals":
        levels = len(template.scale)
        counts = {i: list(row.counts.get(i) or [0] * levels) for i in template.item_ids()}
        return RoundTotals(row.respondents, counts)
    sheets = session.scalars(select(SurveyResponse.answers).where(SurveyResponse.round_id == row.id)).all()
    return count_sheets(template, list(sheets))


def round_totals(store: Store, round_id: str) -> RoundTotals:
    """The round's totals: counted from its sheets, or as typed in for a round held elsewhere."""
    with store.session() as s:
        return row_totals(s, live(s, SurveyRound, round_id, ROUND_GONE))


def validate_totals(template: TemplateData, respondents: int | None, counts: dict[str, list[int]]) -> dict:
    """«respondents» or «item:<id>» → what does not add up, in Russian."""
    errors: dict[str, str] = {}
    if respondents is None or respondents < 1:
        errors["respondents"] = "Укажите, сколько человек ответили на анкету (не меньше одного)."
        respondents = None
    levels = len(template.scale)
    for number, item in template.numbered_items():
        values = counts.get(item.id, [0] * levels)
        if len(values) != levels or any(not isinstance(v, int) or v < 0 for v in values):
            errors[f"item:{item.id}"] = f"Утверждение {number}: числа ответов — целые, не меньше нуля."
        elif respondents is not None and sum(values) > respondents:
            errors[f"item:{item.id}"] = (
                f"Утверждение {number}: ответов {sum(values)}, а участников {respondents} — проверьте числа."
            )
    return errors


def set_round_totals(
    store: Store, round_id: str, respondents: int | None, counts: dict[str, list[int]]
) -> RoundTotals:
    """Type in the totals of a round held elsewhere; what is not answered is the difference."""
    with store.session() as s:
        row = writable(s, SurveyRound, round_id, ROUND_GONE)
        if row.source != "totals":
            raise UserError("Итоги этого тура считаются по листам, вводить их не нужно.")
        if row.closed:
            raise UserError("Тур закрыт: итоги изменить нельзя. Откройте тур снова, чтобы исправить их.")
        template = template_of(s, row)
        if errors := validate_totals(template, respondents, counts):
            raise ValidationError(errors)
        levels = len(template.scale)
        row.respondents = respondents
        row.counts = {i: list(counts.get(i, [0] * levels)) for i in template.item_ids()}
        return RoundTotals(row.respondents, dict(row.counts))


# --- the exchange ------------------------------------------------------------


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def package_survey_records(session: Session, school_id: str) -> dict[str, list[dict]]:
    """`survey_templates` and `survey_rounds` of a school_snapshot (spec/package-format.md).

    Only closed rounds go, and only as totals: sheets never leave the school. A round of
    fewer than MIN_RESPONDENTS respondents goes with its number of respondents and empty
    counts (plus `counts_withheld: true`), since its per-statement counts could point at a person.
    """
    rounds = session.scalars(
        select(SurveyRound)
        .where(
            SurveyRound.school_id == school_id,
            SurveyRound.deleted_at.is_(None),
            SurveyRound.closed.is_(True),
        )
        .order_by(SurveyRound.held_on, SurveyRound.id)
    ).all()
    round_records, template_ids = [], []
    for row in rounds:
        totals = row_totals(session, row)
        withheld = totals.respondents < MIN_RESPONDENTS
        record = {
            "id": row.id,
            "updated_at": _stamp(row.updated_at),
            "template_id": row.template_id,
            "title": row.title,
            "held_on": row.held_on.isoformat(),
            "respondents": totals.respondents,
            "counts": {} if withheld else totals.counts,
            "source": row.source,
        }
        if withheld:
            record["counts_withheld"] = True
        round_records.append(record)
        if row.template_id not in template_ids:
            template_ids.append(row.template_id)
    template_records = []
    for template_id in template_ids:
        tpl = session.get(SurveyTemplate, template_id)
        template_records.append(
            {
                "id": tpl.id,
                "updated_at": _stamp(tpl.updated_at),
                "code": tpl.code,
                "version": tpl.version,
                "title": tpl.title,
                "intro": tpl.intro,
                "scale": list(tpl.scale),
                "sections": [
                    {
                        "title": sec["title"],
                        "items": [{"id": i["id"], "text": i["text"]} for i in sec["items"]],
                    }
                    for sec in tpl.sections
                ],
            }
        )
    return {"survey_templates": template_records, "survey_rounds": round_records}


def survey_package_records(store: Store, school_id: str) -> dict[str, list[dict]]:
    """`package_survey_records` in a session of its own."""
    with store.session() as s:
        return package_survey_records(s, school_id)
