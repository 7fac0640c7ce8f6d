"""Результаты оценочных процедур: ВПР, ОГЭ, ЕГЭ, ГВЭ by year, subject, class and metric, with
the range checks of each metric. The tables of seed 004 and seed 001 are in assessment_tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.access import require_writable, writable
from app.core.errors import UserError, ValidationError
from app.core.numbers import NotANumber, format_number, parse_number
from app.core.store import Store
from app.programme.subjects import SUBJECTS, normalize_subject
from db.enums import ASSESSMENTS, EXAM_LEVELS, EXAM_METRIC_LABELS, EXAM_METRICS
from db.models import ExamResult

GONE = "Этого результата больше нет — обновите список."
__all__ = ["ASSESSMENTS", "EXAM_LEVELS", "EXAM_METRICS", "EXAM_METRIC_LABELS", "SUBJECTS"]

COUNT_METRICS = ("students", "participants")
PERCENT_METRICS = ("confirmed_pct", "lowered_pct", "failed_pct")
MARK_RANGE = (2.0, 5.0)  # the DB allows 0–5; a school's average mark is never below 2


def metric_label(metric: str) -> str:
    return EXAM_METRIC_LABELS.get(metric, metric)


def metric_range_text(metric: str) -> str:
    if metric == "mean_mark":
        return "от 2 до 5"
    if metric == "mean_score" or metric in PERCENT_METRICS:
        return "от 0 до 100"
    return "целое число, 0 или больше"


@dataclass
class ResultData:
    """One figure as the form edits it; `value` may be text with a decimal comma."""

    year: int | None = None
    assessment: str = "ВПР"
    subject: str = ""
    grade: int | None = None
    level: str | None = None
    metric: str = "mean_mark"
    value: object = None
    note: str = ""


@dataclass
class ExamResultInfo:
    id: str
    year: int
    assessment: str
    subject: str
    grade: int | None
    level: str | None
    metric: str
    value: float
    note: str

    @classmethod
    def of(cls, row: ExamResult) -> ExamResultInfo:
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})

    @property
    def value_text(self) -> str:
        return format_number(self.value)

    @property
    def key(self) -> tuple:
        return (self.year, self.assessment, self.subject, self.grade, self.level, self.metric)

    def describe(self) -> str:
        """«ВПР 2021, русский язык, 5 класс: средняя оценка»."""
        where = [self.subject]
        if self.grade is not None:
            where.append(f"{self.grade} класс")
        if self.level:
            where.append(self.level)
        return f"{self.assessment} {self.year}, {', '.join(where)}: {metric_label(self.metric)}"


@dataclass(frozen=True)
class CleanResult:
    year: int
    assessment: str
    subject: str
    grade: int | None
    level: str | None
    metric: str
    value: float
    note: str = ""

    @property
    def key(self) -> tuple:
        return (self.year, self.assessment, self.subject, self.grade, self.level, self.metric)


def _check_value(metric: str, raw: object) -> tuple[float | None, str | None]:
    try:
        value = parse_number(raw)
    except NotANumber as exc:
        return None, f"Значение: {exc}."
    if value is None:
        return None, "Впишите значение."
    label = metric_label(metric).removesuffix(", %").capitalize()
    if metric == "mean_mark" and not MARK_RANGE[0] <= value <= MARK_RANGE[1]:
        return None, f"{label} — от 2 до 5 (например, 3,55)."
    if (metric == "mean_score" or metric in PERCENT_METRICS) and not 0 <= value <= 100:
        return None, f"{label} — от 0 до 100."
    if metric in COUNT_METRICS and (value < 0 or value != int(value)):
        return None, f"{label} — целое число, 0 или больше."
    return value, None


def validate_result(data: ResultData, today: date | None = None) -> tuple[CleanResult | None, dict[str, str]]:
    """Checks one figure without the database: (the cleaned figure, {}) or (None, field → message)."""
    today = today or date.today()
    errors: dict[str, str] = {}
    if data.year is None:
        errors["year"] = "Укажите год проведения (например, 2021)."
    elif not 2000 <= data.year <= today.year:
        errors["year"] = f"Год — от 2000 до {today.year}."
    if data.assessment not in ASSESSMENTS:
        errors["assessment"] = "Процедура — одна из: " + ", ".join(ASSESSMENTS) + "."
    subject = normalize_subject(data.subject or "")
    if not (data.subject or "").strip():
        errors["subject"] = "Выберите предмет."
    elif subject is None:
        errors["subject"] = f"Предмета «{data.subject.strip()}» нет в списке; выберите предмет из списка."
    if data.grade is not None:
        if data.assessment != "ВПР":
            errors["grade"] = "Класс указывают только для ВПР."
        elif not 1 <= data.grade <= 11:
            errors["grade"] = "Класс — от 1 до 11."
    level = data.level or None
    is_ege_maths = data.assessment == "ЕГЭ" and subject == "математика"
    if level is not None and level not in EXAM_LEVELS:
        errors["level"] = "Уровень — базовая или профильная."
    elif level is not None and not is_ege_maths:
        errors["level"] = "Уровень указывают только для ЕГЭ по математике."
    elif level is None and is_ege_maths:
        errors["level"] = "Для ЕГЭ по математике выберите уровень: базовая или профильная."
    metric = data.metric
    value = None
    if metric not in EXAM_METRICS:
        errors["metric"] = "Выберите показатель из списка."
    elif metric == "mean_score" and data.assessment in ("ВПР", "ОГЭ", "ГВЭ"):
        errors["metric"] = f"Для {data.assessment} указывают среднюю оценку (от 2 до 5), а не средний балл."
    elif metric == "mean_score" and level == "базовая":
        errors["metric"] = "Базовая математика ЕГЭ оценивается отметкой: выберите «средняя оценка»."
    elif metric == "mean_mark" and data.assessment == "ЕГЭ" and level != "базовая":
        errors["metric"] = (
            "ЕГЭ оценивается в баллах: выберите «средний балл» (отметка — только у базовой математики)."
        )
    else:
        value, problem = _check_value(metric, data.value)
        if problem:
            errors["value"] = problem
    if len(data.note or "") > 2000:
        errors["note"] = "Примечание — не длиннее 2000 знаков."
    if errors:
        return None, errors
    clean = CleanResult(
        year=int(data.year),  # type: ignore[arg-type]
        assessment=data.assessment,
        subject=subject,  # type: ignore[arg-type]
        grade=data.grade,
        level=level,
        metric=metric,
        value=float(value),  # type: ignore[arg-type]
        note=(data.note or "").strip(),
    )
    return clean, {}


def counts_conflict(participants: float | None, students: float | None) -> str | None:
    if participants is not None and students is not None and participants > students:
        return (
            f"Участников ({format_number(participants)}) больше, чем обучающихся "
            f"({format_number(students)}); проверьте оба числа."
        )
    return None


# --- reading and writing ----------------------------------------------------------


def _key_where(school_id: str, key: tuple):
    year, assessment, subject, grade, level, metric = key
    return (
        ExamResult.school_id == school_id,
        ExamResult.year == year,
        ExamResult.assessment == assessment,
        ExamResult.subject == subject,
        func.coalesce(ExamResult.grade, 0) == (grade or 0),
        func.coalesce(ExamResult.level, "") == (level or ""),
        ExamResult.metric == metric,
    )


def find_by_key(session: Session, school_id: str, key: tuple) -> ExamResult | None:
    """The row with this key, live or removed (the unique key covers both)."""
    return session.scalars(select(ExamResult).where(*_key_where(school_id, key))).first()


def _live_value(session: Session, school_id: str, key: tuple, metric: str) -> float | None:
    row = find_by_key(session, school_id, key[:5] + (metric,))
    return row.value if row is not None and row.deleted_at is None else None


def sibling_count_problem(session: Session, school_id: str, clean: CleanResult) -> str | None:
    """participants ≤ students, against the other figure of the same class and subject in the database."""
    if clean.metric == "participants":
        return counts_conflict(clean.value, _live_value(session, school_id, clean.key, "students"))
    if clean.metric == "students":
        return counts_conflict(_live_value(session, school_id, clean.key, "participants"), clean.value)
    return None


def rows_by_key(session: Session, school_id: str) -> dict[tuple, ExamResult]:
    """Every row of the school, live or removed, by its key: one query for a whole import."""
    rows = session.scalars(select(ExamResult).where(ExamResult.school_id == school_id))
    return {(r.year, r.assessment, r.subject, r.grade, r.level, r.metric): r for r in rows}


def save_clean(
    session: Session,
    school_id: str,
    clean: CleanResult,
    keep_note: bool = False,
    known: dict[tuple, ExamResult] | None = None,
) -> ExamResult:
    """Insert, or bring back a removed row with the same key (the unique index counts those too).

    `known` (from rows_by_key) saves a query per figure when many are saved at once.
    """
    require_writable(session, school_id)
    row = known.get(clean.key) if known is not None else find_by_key(session, school_id, clean.key)
    if row is None:
        row = ExamResult(school_id=school_id, **{f.name: getattr(clean, f.name) for f in fields(clean)})
        session.add(row)
        if known is not None:
            known[clean.key] = row
    else:
        row.value = clean.value
        if not keep_note or row.deleted_at is not None:
            row.note = clean.note
        row.deleted_at = None
    if known is None:
        session.flush()
    return row


def _checked(data: ResultData) -> CleanResult:
    clean, errors = validate_result(data)
    if errors:
        raise ValidationError(errors)
    return clean  # type: ignore[return-value]


def _duplicate() -> ValidationError:
    return ValidationError(
        {
            "metric": "Такой показатель за этот год, предмет и класс уже внесён — "
            "найдите его в списке и измените."
        }
    )


def add_result(store: Store, school_id: str, data: ResultData) -> ExamResultInfo:
    clean = _checked(data)
    with store.session() as s:
        require_writable(s, school_id)
        existing = find_by_key(s, school_id, clean.key)
        if existing is not None and existing.deleted_at is None:
            raise _duplicate()
        if problem := sibling_count_problem(s, school_id, clean):
            raise ValidationError({"value": problem})
        return ExamResultInfo.of(save_clean(s, school_id, clean))


def update_result(store: Store, result_id: str, data: ResultData) -> ExamResultInfo:
    clean = _checked(data)
    with store.session() as s:
        row = writable(s, ExamResult, result_id, GONE)
        other = find_by_key(s, row.school_id, clean.key)
        if other is not None and other.id != row.id:
            if other.deleted_at is None:
                raise _duplicate()
            s.delete(other)  # a removed row with the new key would block the unique index
            s.flush()
        if problem := sibling_count_problem(s, row.school_id, clean):
            raise ValidationError({"value": problem})
        for f in fields(clean):
            setattr(row, f.name, getattr(clean, f.name))
        s.flush()
        return ExamResultInfo.of(row)


def delete_result(store: Store, result_id: str) -> None:
    with store.session() as s:
        writable(s, ExamResult, result_id, GONE).deleted_at = datetime.now(UTC)


def _order(info: ExamResultInfo) -> tuple:
    subject = SUBJECTS.index(info.subject) if info.subject in SUBJECTS else len(SUBJECTS)
    return (
        -info.year,
        ASSESSMENTS.index(info.assessment),
        info.grade or 0,
        subject,
        info.subject,
        info.level or "",
        EXAM_METRICS.index(info.metric),
    )


def list_results(
    store: Store, school_id: str, year: int | None = None, assessment: str | None = None
) -> list[ExamResultInfo]:
    """Newest year first, then assessment, class, subject (in the list's order) and metric."""
    with store.session() as s:
        query = select(ExamResult).where(ExamResult.school_id == school_id, ExamResult.deleted_at.is_(None))
        if year is not None:
            query = query.where(ExamResult.year == year)
        if assessment is not None:
            query = query.where(ExamResult.assessment == assessment)
        return sorted((ExamResultInfo.of(r) for r in s.scalars(query)), key=_order)


def result_years(store: Store, school_id: str) -> list[int]:
    with store.session() as s:
        query = select(ExamResult.year).where(
            ExamResult.school_id == school_id, ExamResult.deleted_at.is_(None)
        )
        return sorted(set(s.scalars(query)))


def parse_grade(text: object) -> int | None:
    """«5», 5, «5 класс», «5 кл.» → 5; empty → None; raises UserError otherwise."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, int | float) and not isinstance(text, bool) and float(text).is_integer():
        return int(text)
    match = re.fullmatch(r"\s*(\d{1,2})\s*(?:-?й)?\s*(?:класс|кл\.?)?\s*", str(text), re.IGNORECASE)
    if not match:
        raise UserError(f"Класс — число от 1 до 11, а указано «{str(text).strip()}».")
    return int(match.group(1))
