"""Indicators counted from records, not typed (issue 19): seed 000's shares of teachers with an
ИПРП, in a ПОС, with КПК (from «Педагоги» and «Дневник школы»), the share of «Заметные
изменения» in «Есть ли изменения?», shares from assessment results.

A formula counts over a set of schools: one school (its own indicator, at the school or at the
office from its package) or every school of the office's database (the district programme's
indicator). Each value keeps the number it is a share of (`weight`), so that a district figure
made of several schools' values can be weighted by it.

An indicator of the district programme without a formula takes the schools' values of the
indicator of the same name and unit (`from_schools`): shares averaged (weighted where every
school's value has its weight), counts of people and things added up, other units averaged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.core.numbers import format_number
from app.core.store import Store
from app.core.text import fold
from app.programme.academic_years import current_academic_year
from app.school.staff_analysis import active_staff, course_takers, course_window, is_teacher
from app.surveys.surveys import MIN_RESPONDENTS, list_rounds, round_totals
from db.models import ExamResult, Indicator, IndicatorValue, School, Staff

CHANGES_TEMPLATE = "est-li-izmeneniya"  # «Есть ли изменения?»
SUMMED_UNITS = ("чел.", "ед.")  # counts: a district's is the sum of its schools'


@dataclass(frozen=True)
class Counted:
    """A value counted from records for one academic year: `basis` says of what («учителей: 3 из
    4»); `weight` is the number the share is of (None when unknown)."""

    value: float
    weight: float | None
    basis: str


@dataclass(frozen=True)
class Formula:
    key: str
    title: str  # the choice in the indicator's form
    source: str  # where the value comes from, said beside every value
    count: Callable[[Store, Sequence[str], date], dict[str, Counted]]
    unit: str = "%"


# --- teachers: «Педагоги» ---------------------------------------------------------------------


def _staff_share(test: Callable[[Staff, set[str]], bool], courses: bool = False):
    """The share of the working teachers passing `test`, for the academic year under way only:
    the staff list keeps how things are now, not how they were."""

    def count(store: Store, school_ids: Sequence[str], today: date) -> dict[str, Counted]:
        teachers = [p for p in active_staff(store, school_ids) if is_teacher(p)]
        if not teachers:
            return {}
        taken = course_takers(store, school_ids, *course_window(today)) if courses else set()
        passing = sum(1 for p in teachers if test(p, taken))
        basis = f"учителей: {passing} из {len(teachers)}"
        return {current_academic_year(today): Counted(100 * passing / len(teachers), len(teachers), basis)}

    return count


STAFF_NOTE = (
    "; список педагогов хранит нынешнее положение, поэтому значение считается только за текущий "
    "учебный год (прошлые годы — как были записаны)"
)


# --- «Есть ли изменения?» ------------------------------------------------------------------------


def _noticeable_changes(store: Store, school_ids: Sequence[str], today: date) -> dict[str, Counted]:
    """Per academic year: the last closed round of «Есть ли изменения?» of each school held that
    year, every answer to every statement together; the share of the highest answer. A round of
    fewer than MIN_RESPONDENTS respondents is left out: its counts never leave the school, and the
    school and the office must count the same."""
    last: dict[tuple[str, str], object] = {}
    for school_id in school_ids:
        for info in sorted(list_rounds(store, school_id), key=lambda r: (r.held_on, r.title)):
            if (
                info.template_code == CHANGES_TEMPLATE
                and info.closed
                and info.respondents >= MIN_RESPONDENTS
                and info.held_on <= today
            ):
                last[(school_id, current_academic_year(info.held_on))] = info
    tallies: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # top answers, all answers, rounds
    for (_school, year), info in last.items():
        totals = round_totals(store, info.id)  # type: ignore[attr-defined]
        counts = [c for c in totals.counts.values() if c]
        tally = tallies[year]
        tally[0] += sum(c[-1] for c in counts)
        tally[1] += sum(sum(c) for c in counts)
        tally[2] += 1
    found = {}
    for year, (top, answers, rounds) in tallies.items():
        if answers:
            basis = f"ответов «Заметные изменения»: {top} из {answers}, туров анкеты: {rounds}"
            found[year] = Counted(100 * top / answers, answers, basis)
    return found


# --- assessment results ----------------------------------------------------------------------------


def _assessment_share(assessment: str, metric: str):
    """Per academic year (the 2021 results are of 2020/2021): the schools' percentages of every
    class and subject, weighted by participants where each has them. A school's ВПР row without a
    class is left out when it also gave rows by class (the same pupils twice)."""

    def count(store: Store, school_ids: Sequence[str], today: date) -> dict[str, Counted]:
        with store.session() as s:
            rows = s.execute(
                select(
                    ExamResult.school_id,
                    ExamResult.year,
                    ExamResult.subject,
                    ExamResult.grade,
                    ExamResult.level,
                    ExamResult.metric,
                    ExamResult.value,
                ).where(
                    ExamResult.school_id.in_(list(school_ids)),
                    ExamResult.assessment == assessment,
                    ExamResult.metric.in_((metric, "participants")),
                    ExamResult.deleted_at.is_(None),
                )
            ).all()
        figures: dict[tuple, dict[str, float]] = defaultdict(dict)
        for school_id, year, subject, grade, level, name, value in rows:
            figures[(school_id, year, fold(subject), grade, level)][name] = value
        with_classes = {(k[0], k[1]) for k in figures if k[3] is not None}
        by_year: dict[int, list[tuple[float, float | None]]] = defaultdict(list)
        for key, values in figures.items():
            if metric in values and not (key[3] is None and (key[0], key[1]) in with_classes):
                by_year[key[1]].append((values[metric], values.get("participants")))
        found = {}
        for year, pairs in by_year.items():
            academic_year = f"{year - 1}/{year}"
            if all(w for _v, w in pairs):
                weight = sum(w for _v, w in pairs)  # type: ignore[misc]
                value = sum(v * w for v, w in pairs) / weight  # type: ignore[operator]
                basis = f"строк результатов: {len(pairs)}, участников: {format_number(weight)}"
                found[academic_year] = Counted(value, weight, basis)
            else:
                value = sum(v for v, _w in pairs) / len(pairs)
                basis = (
                    f"строк результатов: {len(pairs)}; простое среднее — не у всех указано число участников"
                )
                found[academic_year] = Counted(value, None, basis)
        return found

    return count


RESULTS = "считается по разделу «Результаты оценочных процедур»"
FORMULAS: tuple[Formula, ...] = (
    Formula(
        "staff_iprp",
        "Доля педагогов, имеющих ИПРП",
        "считается по разделу «Педагоги»: учителя с отметкой «ИПРП» среди работающих учителей" + STAFF_NOTE,
        _staff_share(lambda p, _t: p.has_iprp),
    ),
    Formula(
        "staff_pos",
        "Доля педагогов, включённых в ПОСы",
        "считается по разделу «Педагоги»: учителя с отметкой «ПОС» среди работающих учителей" + STAFF_NOTE,
        _staff_share(lambda p, _t: p.in_pos),
    ),
    Formula(
        "staff_courses",
        "Доля педагогов, прошедших КПК за три года",
        "считается по разделам «Педагоги» и «Дневник школы»: учителя, участвовавшие в мероприятиях "
        "«Дневника школы» за последние три года, среди работающих учителей" + STAFF_NOTE,
        _staff_share(lambda p, taken: p.id in taken, courses=True),
    ),
    Formula(
        "staff_diploma",
        "Доля педагогов, преподающих предмет по квалификации по диплому",
        "считается по разделу «Педагоги»: учителя с отметкой «по диплому» среди работающих учителей"
        + STAFF_NOTE,
        _staff_share(lambda p, _t: p.teaches_by_diploma),
    ),
    Formula(
        "survey_noticeable",
        "Доля ответов «Заметные изменения» в анкете «Есть ли изменения?»",
        "считается по разделу «Анкетирование»: доля ответов «Заметные изменения» по всем утверждениям "
        "последнего закрытого тура анкеты «Есть ли изменения?» учебного года (тур, где ответили "
        f"меньше {MIN_RESPONDENTS} человек, не считается)",
        _noticeable_changes,
    ),
    Formula(
        "vpr_confirmed",
        "Доля участников ВПР, подтвердивших отметку",
        RESULTS + ": «подтвердили» ВПР по всем классам и предметам, взвешено по числу участников",
        _assessment_share("ВПР", "confirmed_pct"),
    ),
    Formula(
        "vpr_lowered",
        "Доля участников ВПР, понизивших отметку",
        RESULTS + ": «понизили» ВПР по всем классам и предметам, взвешено по числу участников",
        _assessment_share("ВПР", "lowered_pct"),
    ),
    Formula(
        "vpr_failed",
        "Доля участников ВПР, не справившихся с работой",
        RESULTS + ": «не справились» ВПР по всем классам и предметам, взвешено по числу участников",
        _assessment_share("ВПР", "failed_pct"),
    ),
    Formula(
        "oge_failed",
        "Доля участников ОГЭ, получивших балл ниже минимума",
        RESULTS + ": «не справились» ОГЭ по всем предметам, взвешено по числу участников",
        _assessment_share("ОГЭ", "failed_pct"),
    ),
    Formula(
        "ege_failed",
        "Доля участников ЕГЭ, получивших балл ниже минимума",
        RESULTS + ": «не справились» ЕГЭ по всем предметам, взвешено по числу участников",
        _assessment_share("ЕГЭ", "failed_pct"),
    ),
)
BY_KEY = {f.key: f for f in FORMULAS}


def formula_of(key: str | None) -> Formula | None:
    """The formula of a key (None for a typed indicator, or a key this program does not know)."""
    return BY_KEY.get(key or "")


def owner_schools(store: Store, school_id: str | None) -> list[str]:
    """The schools an owner's formula counts over: the school, or every school the office holds."""
    if school_id is not None:
        return [school_id]
    with store.session() as s:
        return list(s.scalars(select(School.id)))


def count_formula(
    store: Store, key: str | None, school_id: str | None, today: date | None = None
) -> dict[str, Counted]:
    """The formula's values by academic year for the owner ({} for a typed indicator)."""
    formula = formula_of(key)
    if formula is None:
        return {}
    return formula.count(store, owner_schools(store, school_id), today or date.today())


# --- the district programme's indicators from the schools' -----------------------------------------


def combine(unit: str, values: list[Counted], schools: int) -> Counted:
    """Several schools' values of one year as one district figure, by unit: counts added up,
    shares averaged (weighted when every value has its weight), other units averaged."""
    of = f"по {len(values)} школам из {schools}"
    if unit.strip() in SUMMED_UNITS:
        return Counted(sum(v.value for v in values), None, f"сумма {of}")
    if unit.strip() == "%" and all(v.weight for v in values):
        weight = sum(v.weight for v in values)  # type: ignore[misc]
        value = sum(v.value * v.weight for v in values) / weight  # type: ignore[operator]
        return Counted(value, weight, f"среднее {of}, взвешенное по числу, от которого считается доля")
    return Counted(sum(v.value for v in values) / len(values), None, f"среднее {of}")


def from_schools(
    store: Store, name: str, unit: str, today: date | None = None
) -> tuple[dict[str, Counted], int]:
    """The schools' values of the indicator named `name` in `unit` (letter case and spaces aside)
    combined per academic year, and how many schools the office holds."""
    today = today or date.today()
    with store.session() as s:
        schools = len(s.scalars(select(School.id)).all())
        rows = s.execute(
            select(
                Indicator.id, Indicator.school_id, Indicator.name, Indicator.unit, Indicator.formula
            ).where(Indicator.school_id.is_not(None), Indicator.deleted_at.is_(None))
        ).all()
        mine = [r for r in rows if fold(r.name) == fold(name) and r.unit.strip() == unit.strip()]
        stored = s.execute(
            select(IndicatorValue.indicator_id, IndicatorValue.academic_year, IndicatorValue.actual).where(
                IndicatorValue.indicator_id.in_([r.id for r in mine]), IndicatorValue.actual.is_not(None)
            )
        ).all()
    typed: dict[str, dict[str, float]] = defaultdict(dict)
    for indicator_id, year, actual in stored:
        typed[indicator_id][year] = actual
    by_year: dict[str, dict[str, Counted]] = defaultdict(dict)  # year → school → value
    for row in mine:
        own = {y: Counted(v, None, "") for y, v in typed[row.id].items()}
        own.update(count_formula(store, row.formula, row.school_id, today))
        for year, value in own.items():
            by_year[year].setdefault(row.school_id, value)
    return {year: combine(unit, list(values.values()), schools) for year, values in by_year.items()}, schools


FROM_SCHOOLS = (
    "сводится из значений школ района по показателю «{name}» ({unit}): доли — среднее (взвешенное, "
    "где известно, от скольких считается доля), численность — сумма"
)


def counted_values(
    store: Store, school_id: str | None, formula: str | None, name: str, unit: str, today: date | None = None
) -> tuple[dict[str, Counted], str]:
    """The indicator's values that records give, by academic year, and where they come from
    ({} and "" for a typed indicator): its formula's, or — the district programme's indicator
    without one — its schools' values combined."""
    chosen = formula_of(formula)
    if chosen is not None:
        return count_formula(store, formula, school_id, today), chosen.source
    if school_id is None:
        values, _schools = from_schools(store, name, unit, today)
        return values, FROM_SCHOOLS.format(name=name, unit=unit.strip()) if values else ""
    return {}, ""
