"""Показатели: monitoring indicators under the criteria of seed 004, with target and actual by
academic year, and the table «Показатель · 2019/2020 · 2020/2021» of seed 000.

An indicator belongs to a school, or to the municipal office's district programme (school_id None).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.access import require_writable, writable
from app.core.errors import UserError, ValidationError
from app.core.numbers import NotANumber, format_change, format_number, parse_number
from app.core.records import live
from app.core.store import Store
from app.programme.academic_years import (
    normalize_academic_year,
    shift_year,
)
from app.programme.indicator_formulas import counted_values, formula_of
from db.models import Indicator, IndicatorValue, Programme

# The criteria groups exactly as seed 004 names them, in its order.
GONE = "Этого показателя больше нет — обновите страницу."
CRITERIA = (
    "Нормативное обеспечение реализации программы",
    "Качество образования",
    "Профессиональные компетенции педагогических и руководящих кадров",
    "Работа с внешним сообществом",
    "Школьная культура, ценности",
)
# Seed 004's indicators per criterion: offered as suggestions when an indicator is added.
CRITERION_EXAMPLES = {
    CRITERIA[0]: [
        "Наличие нормативно-правовой базы (приказы, положения, договоры, локальные акты), "
        "необходимой для реализации каждой цели",
        "Соответствие нормативно-правовых документов требованиям действующего законодательства",
    ],
    CRITERIA[1]: [
        "Качество знаний",
        "Уровень обученности",
        "Состояние здоровья обучающихся",
        "Охват учащихся всеми видами дополнительного образования, внеурочной деятельностью, "
        "индивидуальными занятиями",
        "Доля учащихся, продолжающих обучение в 10 классе",
        "Количество неуспевающих",
    ],
    CRITERIA[2]: [
        "Степень вовлечённости педагогов в решение вопросов жизнедеятельности школы",
        "Повышение уровня квалификации педагогических и руководящих работников",
        "Охват педагогов различными формами профессионального взаимодействия",
    ],
    CRITERIA[3]: [
        "Достигнутые соглашения с социальными партнёрами, использование внешних ресурсов "
        "для обучения и внеурочной деятельности",
    ],
    CRITERIA[4]: [
        "Степень удовлетворённости происходящими изменениями всех участников образовательного процесса",
    ],
}
UNITS = ("%", "чел.", "ед.", "балл")


@dataclass
class IndicatorData:
    """One indicator as the form edits it."""

    name: str = ""
    criterion: str = CRITERIA[1]
    unit: str = "%"
    higher_is_better: bool = True
    formula: str | None = None  # a key of indicator_formulas.FORMULAS: counted, not typed


@dataclass
class IndicatorInfo(IndicatorData):
    id: str = ""
    school_id: str | None = None
    position: int = 0

    @classmethod
    def of(cls, row: Indicator) -> IndicatorInfo:
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class YearValue:
    academic_year: str
    target: float | None
    actual: float | None


# --- academic years and numbers -------------------------------------------------


def _number(value: object, label: str) -> float | None:
    try:
        number = parse_number(value)
    except NotANumber as exc:
        raise UserError(f"{label}: {exc}.") from None
    if number is not None and not -1e9 < number < 1e9:
        raise UserError(f"{label}: слишком большое число.")
    return number


# What a value may be, by the indicator's unit: a share in % is 0…100, a count of people or
# things is whole and not negative, a score is not negative. Other units take any number.
UNIT_RULES: dict[str, tuple[float, float | None, bool, str]] = {
    "%": (0, 100, False, "в процентах — от 0 до 100"),
    "чел.": (0, None, True, "число человек — целое, 0 или больше"),
    "ед.": (0, None, True, "число единиц — целое, 0 или больше"),
    "балл": (0, None, False, "баллы — 0 или больше"),
}


def unit_problem(unit: str, label: str, number: float | None) -> str | None:
    """Why `number` cannot be a value in `unit` («План: в процентах — от 0 до 100, а не 150.»)."""
    rule = UNIT_RULES.get(unit.strip())
    if number is None or rule is None:
        return None
    low, high, whole, words = rule
    if number < low or (high is not None and number > high) or (whole and number != int(number)):
        return f"{label}: {words}, а не {format_number(number)}."
    return None


TREND_WORDS = {"better": "к лучшему", "worse": "к худшему", "same": "без изменений"}


def trend(change: float | None, higher_is_better: bool) -> str | None:
    if change is None:
        return None
    if abs(change) < 1e-9:
        return "same"
    return "better" if (change > 0) == higher_is_better else "worse"


# --- indicators -------------------------------------------------------------------


def validate_indicator(data: IndicatorData) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = " ".join(data.name.split())
    if not name:
        errors["name"] = "Впишите название показателя (например, «Качество знаний»)."
    elif len(name) > 1000:
        errors["name"] = "Название показателя — не длиннее 1000 знаков."
    if data.criterion not in CRITERIA:
        errors["criterion"] = "Выберите критерий из списка."
    unit = data.unit.strip()
    if not unit:
        errors["unit"] = "Укажите единицу измерения: %, чел., ед. …"
    elif len(unit) > 40:
        errors["unit"] = "Единица измерения — не длиннее 40 знаков."
    if data.formula:
        formula = formula_of(data.formula)
        if formula is None:
            errors["formula"] = "Выберите, как считается показатель, из списка."
        elif "unit" not in errors and unit != formula.unit:
            errors["unit"] = (
                f"«{formula.title}» считается в «{formula.unit}»: выберите эту единицу измерения "
                "или вписывайте значения вручную."
            )
    return errors


def _owned(query, school_id: str | None):
    if school_id is None:
        return query.where(Indicator.school_id.is_(None))
    return query.where(Indicator.school_id == school_id)


def _clean(data: IndicatorData) -> dict:
    return {
        "name": " ".join(data.name.split()),
        "criterion": data.criterion,
        "unit": data.unit.strip(),
        "higher_is_better": bool(data.higher_is_better),
        "formula": data.formula or None,
    }


def _sort_key(row: Indicator | IndicatorInfo) -> tuple:
    return (CRITERIA.index(row.criterion) if row.criterion in CRITERIA else len(CRITERIA), row.position)


def list_indicators(store: Store, school_id: str | None) -> list[IndicatorInfo]:
    """The owner's indicators, by criterion in seed 004's order, then as they were added."""
    with store.session() as s:
        rows = s.scalars(_owned(select(Indicator), school_id).where(Indicator.deleted_at.is_(None))).all()
        return [IndicatorInfo.of(r) for r in sorted(rows, key=_sort_key)]


def _current_programme_id(session: Session, school_id: str | None) -> str | None:
    owner = Programme.school_id.is_(None) if school_id is None else Programme.school_id == school_id
    query = select(Programme.id).where(owner, Programme.is_current.is_(True), Programme.deleted_at.is_(None))
    return session.scalars(query.order_by(Programme.year_from.desc())).first()


def add_indicator(store: Store, school_id: str | None, data: IndicatorData) -> IndicatorInfo:
    if errors := validate_indicator(data):
        raise ValidationError(errors)
    with store.session() as s:
        require_writable(s, school_id)
        positions = s.scalars(_owned(select(Indicator.position), school_id)).all()
        row = Indicator(
            school_id=school_id,
            program_id=_current_programme_id(s, school_id),
            position=max(positions, default=-1) + 1,
            **_clean(data),
        )
        s.add(row)
        s.flush()
        return IndicatorInfo.of(row)


def update_indicator(store: Store, indicator_id: str, data: IndicatorData) -> IndicatorInfo:
    if errors := validate_indicator(data):
        raise ValidationError(errors)
    with store.session() as s:
        row = writable(s, Indicator, indicator_id, GONE)
        for key, value in _clean(data).items():
            setattr(row, key, value)
        return IndicatorInfo.of(row)


def delete_indicator(store: Store, indicator_id: str) -> None:
    """Marks the indicator removed; its values stay with it for the record."""
    with store.session() as s:
        writable(s, Indicator, indicator_id, GONE).deleted_at = datetime.now(UTC)


# --- values -----------------------------------------------------------------------


def values_of(store: Store, indicator_id: str) -> list[YearValue]:
    with store.session() as s:
        rows = s.scalars(
            select(IndicatorValue)
            .where(IndicatorValue.indicator_id == indicator_id)
            .order_by(IndicatorValue.academic_year)
        ).all()
        return [YearValue(r.academic_year, r.target, r.actual) for r in rows]


def check_value(
    academic_year: str, target: object, actual: object, unit: str = ""
) -> tuple[str, float | None, float | None]:
    """The year normalized and both numbers parsed and within what the unit allows
    (UNIT_RULES); ValidationError names the wrong fields."""
    errors: dict[str, str] = {}
    year = target_value = actual_value = None
    for name, label, raw in (("target", "План", target), ("actual", "Факт", actual)):
        try:
            number = _number(raw, label)
        except UserError as exc:
            errors[name] = exc.message
            continue
        if problem := unit_problem(unit, label, number):
            errors[name] = problem
            continue
        if name == "target":
            target_value = number
        else:
            actual_value = number
    try:
        year = normalize_academic_year(academic_year)
    except UserError as exc:
        errors["academic_year"] = exc.message
    if errors:
        raise ValidationError(errors)
    return year, target_value, actual_value


def counted_refusal(counted: float, typed: float | None, year: str, source: str) -> str | None:
    """Why a typed fact cannot go where records give the value (None: it is that value or empty)."""
    if typed is None or abs(typed - counted) < 0.005:
        return None
    return (
        f"Факт за {year} не вписывается: он {source}, сейчас {format_number(counted)}. "
        "Чтобы вписывать значения вручную, выберите в форме показателя «вписывается вручную»."
    )


def stored_value(session: Session, indicator_id: str, year: str) -> IndicatorValue | None:
    return session.scalars(
        select(IndicatorValue).where(
            IndicatorValue.indicator_id == indicator_id, IndicatorValue.academic_year == year
        )
    ).first()


def store_value(
    session: Session, indicator_id: str, year: str, target: float | None, actual: float | None
) -> None:
    """Insert, change, or (both empty) remove one year's value; inside the caller's transaction."""
    row = stored_value(session, indicator_id, year)
    if target is None and actual is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(
            IndicatorValue(indicator_id=indicator_id, academic_year=year, target=target, actual=actual)
        )
    else:
        row.target, row.actual = target, actual


def set_value(
    store: Store, indicator_id: str, academic_year: str, target: object, actual: object
) -> YearValue | None:
    """Set the target and actual of one academic year («3,5» or 3.5; empty clears).

    Both empty removes the year's value. Returns what is stored, or None when removed.
    """
    with store.session() as s:
        info = IndicatorInfo.of(live(s, Indicator, indicator_id, GONE))
    year, target_value, actual_value = check_value(academic_year, target, actual, info.unit)
    counted, source = counted_values(store, info.school_id, info.formula, info.name, info.unit)
    with store.session() as s:
        writable(s, Indicator, indicator_id, GONE)
        if year in counted:
            refusal = counted_refusal(counted[year].value, actual_value, year, source)
            if refusal:
                raise ValidationError({"actual": refusal})
            stored = stored_value(s, indicator_id, year)
            actual_value = stored.actual if stored is not None else None  # the typed one stays under it
        store_value(s, indicator_id, year, target_value, actual_value)
    if target_value is None and actual_value is None:
        return None
    return YearValue(year, target_value, actual_value)


def latest_summary(values: list[YearValue], higher_is_better: bool) -> str:
    """«2020/2021: факт 37,2 при плане 38 — план не выполнен; к 2019/2020: +3,7, к лучшему.»"""
    with_actual = [v for v in sorted(values, key=lambda v: v.academic_year) if v.actual is not None]
    if not with_actual:
        return "Факт ещё не внесён."
    last = with_actual[-1]
    assert last.actual is not None
    text = f"{last.academic_year}: факт {format_number(last.actual)}"
    if last.target is not None:
        met = last.actual >= last.target if higher_is_better else last.actual <= last.target
        text += f" при плане {format_number(last.target)} — план {'выполнен' if met else 'не выполнен'}"
        if not met:
            text += f" (разрыв {format_change(last.actual - last.target)})"
    before = shift_year(last.academic_year, -1)
    previous = next((v.actual for v in with_actual if v.academic_year == before), None)
    if previous is not None:
        change = last.actual - previous
        text += (
            f"; к {before}: {format_change(change)}, {TREND_WORDS[trend(change, higher_is_better) or 'same']}"
        )
    return text + "."
