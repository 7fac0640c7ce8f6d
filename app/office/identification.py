"""«Идентификация школ с низкими образовательными результатами» (seed 002: «по критериям и
показателям…, данных внешней оценки качества образования»; seed 001's own criteria).

The office keeps its criteria (seed 001's figures as defaults); every school of the registry is
checked against each of them over the chosen years, with the figures behind each answer and the
district averages they are compared with. Data a criterion needs and a school did not send is
named, never taken as zero. From the result the office may change a school's status in the
registry; a person confirms it, with its date and grounds kept (`decide_status`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select

from app.core.errors import UserError, ValidationError
from app.core.numbers import format_number
from app.core.records import live
from app.core.store import Store
from app.core.text import fold
from app.office.district import DistrictChoice, _office_row, _require_office, choose
from app.programme.subjects import normalize_subject
from db.models import ExamResult, School, StatusDecision

BELOW_AVERAGE = "below_average"
FAILED = "failed"
LOWERED = "lowered"
CRITERION_TITLES = {
    BELOW_AVERAGE: "Средний результат ниже среднерайонного",
    FAILED: "Не преодолели минимальный порог / не справились",
    LOWERED: "ВПР: понизили отметку",
}
CRITERION_SHORT = {
    BELOW_AVERAGE: "Ниже среднего по району",
    FAILED: "Ниже порога / не справились",
    LOWERED: "ВПР: понизили",
}
# seed 001: «средний балл ОГЭ по математике ниже среднерайонного»; «Более 7% участников не
# преодолели «минимальный порог» по математике»; the assessments and subjects compared.
DEFAULT_SUBJECTS = ("математика", "русский язык")
DEFAULT_ASSESSMENTS = ("ВПР", "ОГЭ", "ЕГЭ")
DEFAULT_FAILED_LIMIT = 7.0
DEFAULT_LOWERED_LIMIT = 15.0
AVERAGE_METRICS = ("mean_mark", "mean_score")
INCLUDE, LEAVE = "include", "leave"
CHANGE_LABELS = {INCLUDE: "включить в ШНОР", LEAVE: "вывести из программы"}


@dataclass(frozen=True)
class Criteria:
    """What the office counts as low results; kept in its database."""

    assessments: tuple[str, ...] = DEFAULT_ASSESSMENTS
    subjects: tuple[str, ...] = DEFAULT_SUBJECTS
    failed_limit: float = DEFAULT_FAILED_LIMIT  # % of participants below the threshold
    lowered_limit: float = DEFAULT_LOWERED_LIMIT  # % of ВПР participants who got a lower mark
    two_years: bool = False  # a criterion counts only when met in two years running

    def describe(self) -> list[str]:
        """The criteria in words, for the page and the printout."""
        what = f"{', '.join(self.assessments)} по предметам: {', '.join(self.subjects)}"
        running = " — два года подряд" if self.two_years else ""
        return [
            f"{CRITERION_TITLES[BELOW_AVERAGE]} ({what}){running}",
            f"{CRITERION_TITLES[FAILED]}: больше {format_number(self.failed_limit)} % участников{running}",
            f"{CRITERION_TITLES[LOWERED]}: больше {format_number(self.lowered_limit)} % участников{running}",
        ]


@dataclass
class CriterionResult:
    met: bool | None  # None: the school sent none of the figures the criterion needs
    evidence: list[str] = field(default_factory=list)  # the figures behind a «да»
    missing: str = ""  # what is not there, when met is None

    @property
    def text(self) -> str:
        if self.met is None:
            return "нет данных"
        return "да" if self.met else "нет"


@dataclass
class SchoolIdentification:
    school_id: str
    code: str
    name: str
    is_shnor: bool
    results: dict[str, CriterionResult]
    proposal: str | None  # INCLUDE, LEAVE or None

    @property
    def met(self) -> list[str]:
        return [key for key, result in self.results.items() if result.met]

    @property
    def grounds(self) -> str:
        """The figures that met a criterion, as grounds of a status decision."""
        lines = [f"{CRITERION_TITLES[key]}: {'; '.join(self.results[key].evidence)}" for key in self.met]
        return "\n".join(lines) or "Ни один критерий не выполнен за выбранные годы."


@dataclass
class Identification:
    choice: DistrictChoice
    criteria: Criteria
    schools: list[SchoolIdentification]
    averages: list[str]  # «ОГЭ 2021, математика: 3,6 (3 школы, взвешено по участникам)»


# --- the office's criteria ------------------------------------------------------------------


def get_criteria(store: Store) -> Criteria:
    """The office's criteria (the seeds' defaults until it changes them)."""
    installation = store.installation()
    if installation is None or installation.mode != "municipality":
        return Criteria()
    with store.session() as s:
        row = _office_row(s, installation, create=False)
        kept = dict(row.identification_criteria or {}) if row is not None else {}
    known = {k: v for k, v in kept.items() if k in Criteria.__dataclass_fields__}
    for key in ("assessments", "subjects"):
        if key in known:
            known[key] = tuple(known[key])
    return Criteria(**known)


def check_criteria(criteria: Criteria) -> Criteria:
    """The criteria as they will be kept; ValidationError names what is wrong."""
    errors: dict[str, str] = {}
    for name, limit in (("failed_limit", criteria.failed_limit), ("lowered_limit", criteria.lowered_limit)):
        try:
            value = float(str(limit).replace(",", "."))
        except ValueError:
            errors[name] = f"Порог — число от 0 до 100 (например, 7 или 5,5), а введено «{limit}»."
            continue
        if not 0 <= value <= 100:
            errors[name] = (
                f"Порог — доля участников в процентах: от 0 до 100, а введено {format_number(value)}."
            )
        criteria = replace(criteria, **{name: value})
    if not criteria.assessments:
        errors["assessments"] = "Отметьте хотя бы одну оценочную процедуру."
    subjects = tuple(dict.fromkeys(normalize_subject(s) or " ".join(s.split()) for s in criteria.subjects))
    subjects = tuple(s for s in subjects if s)
    if not subjects:
        errors["subjects"] = "Укажите хотя бы один предмет, например «математика»."
    if errors:
        raise ValidationError(errors)
    return replace(criteria, subjects=subjects)


def save_criteria(store: Store, criteria: Criteria) -> Criteria:
    checked = check_criteria(criteria)
    installation = _require_office(store)
    with store.session() as s:
        row = _office_row(s, installation, create=True)
        row.identification_criteria = {
            "assessments": list(checked.assessments),
            "subjects": list(checked.subjects),
            "failed_limit": checked.failed_limit,
            "lowered_limit": checked.lowered_limit,
            "two_years": checked.two_years,
        }
    return checked


# --- the check ------------------------------------------------------------------------------


def _subject(text: str) -> str:
    return normalize_subject(text) or " ".join(fold(text).split())


@dataclass(frozen=True)
class _Key:
    year: int
    assessment: str
    subject: str
    grade: int | None
    level: str | None

    def label(self) -> str:
        where = [self.subject]
        if self.grade:
            where.append(f"{self.grade} класс")
        if self.level:
            where.append(self.level)
        return f"{self.assessment} {self.year}, {', '.join(where)}"


def _figures(store: Store, choice: DistrictChoice, criteria: Criteria) -> dict[tuple[str, _Key, str], float]:
    """{(school, key, metric): value} of the chosen schools, years, assessments and subjects."""
    wanted = {fold(s) for s in criteria.subjects}
    found: dict[tuple[str, _Key, str], float] = {}
    with store.session() as s:
        rows = s.execute(
            select(
                ExamResult.school_id,
                ExamResult.year,
                ExamResult.assessment,
                ExamResult.subject,
                ExamResult.grade,
                ExamResult.level,
                ExamResult.metric,
                ExamResult.value,
            ).where(
                ExamResult.school_id.in_(choice.school_ids),
                ExamResult.year.in_(choice.years),
                ExamResult.assessment.in_(criteria.assessments),
                ExamResult.deleted_at.is_(None),
            )
        )
        for school_id, year, assessment, subject, grade, level, metric, value in rows:
            name = _subject(subject)
            if fold(name) in wanted:
                found[(school_id, _Key(year, assessment, name, grade, level), metric)] = value
    return found


def _district_averages(figures: dict) -> dict[tuple[_Key, str], tuple[float, str]]:
    """{(key, metric): (average, how)}: weighted by participants where every school gave them."""
    by_key: dict[tuple[_Key, str], list[tuple[float, float | None]]] = defaultdict(list)
    for (school_id, key, metric), value in figures.items():
        if metric in AVERAGE_METRICS:
            by_key[(key, metric)].append((value, figures.get((school_id, key, "participants"))))
    averages = {}
    for where, values in by_key.items():
        weights = [w for _v, w in values]
        if all(w for w in weights):
            average = sum(v * w for v, w in values) / sum(weights)
            how = f"{len(values)} шк., взвешено по участникам"
        else:
            average = sum(v for v, _w in values) / len(values)
            how = f"{len(values)} шк., без весов: не все школы указали число участников"
        averages[where] = (average, how)
    return averages


def _two_running(years: set[int]) -> bool:
    return any(y + 1 in years for y in years)


def _verdict(met_years: set[int], seen: bool, two_years: bool) -> bool | None:
    if not seen:
        return None
    return _two_running(met_years) if two_years else bool(met_years)


def _check_school(
    school_id: str, figures: dict, averages: dict, criteria: Criteria, years_text: str
) -> dict[str, CriterionResult]:
    own = {(key, metric): value for (sid, key, metric), value in figures.items() if sid == school_id}
    results: dict[str, CriterionResult] = {}
    # Below the district average.
    evidence, met_years, seen = [], set(), False
    for (key, metric), value in sorted(own.items(), key=lambda item: item[0][0].label()):
        if metric not in AVERAGE_METRICS or (key, metric) not in averages:
            continue
        seen = True
        average, _how = averages[(key, metric)]  # how it was averaged: in the list of averages
        if value < average - 1e-9:
            met_years.add(key.year)
            district = format_number(round(average, 2))
            evidence.append(f"{key.label()}: {format_number(value)} при среднем по району {district}")
    results[BELOW_AVERAGE] = _result(
        met_years, seen, criteria, evidence, "средних оценок и баллов", years_text
    )
    # Below the minimum threshold / «не справились».
    results[FAILED] = _share_result(own, "failed_pct", criteria.failed_limit, criteria, years_text, None)
    # ВПР: lowered marks.
    results[LOWERED] = _share_result(own, "lowered_pct", criteria.lowered_limit, criteria, years_text, "ВПР")
    return results


def _share_result(own, metric, limit, criteria, years_text, only) -> CriterionResult:
    evidence, met_years, seen = [], set(), False
    for (key, kind), value in sorted(own.items(), key=lambda item: item[0][0].label()):
        if kind != metric or (only and key.assessment != only):
            continue
        seen = True
        if value > limit:
            met_years.add(key.year)
            evidence.append(f"{key.label()}: {format_number(value)} % (порог {format_number(limit)} %)")
    what = "долей «понизили» по ВПР" if metric == "lowered_pct" else "долей не преодолевших порог"
    return _result(met_years, seen, criteria, evidence, what, years_text)


def _result(met_years, seen, criteria, evidence, what, years_text) -> CriterionResult:
    verdict = _verdict(met_years, seen, criteria.two_years)
    missing = f"школа не прислала {what} за {years_text}" if not seen else ""
    return CriterionResult(verdict, evidence if verdict else [], missing)


def _proposal(is_shnor: bool, results: dict[str, CriterionResult]) -> str | None:
    if not is_shnor and any(r.met for r in results.values()):
        return INCLUDE
    if is_shnor and results and all(r.met is False for r in results.values()):
        return LEAVE
    return None


def identify(
    store: Store,
    codes: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    criteria: Criteria | None = None,
) -> Identification:
    """Every chosen school against the office's criteria over the chosen years."""
    choice = choose(store, codes, years)
    criteria = criteria or get_criteria(store)
    figures = _figures(store, choice, criteria)
    averages = _district_averages(figures)
    years_text = f"{choice.years[0]}–{choice.years[-1]}" if len(choice.years) > 1 else str(choice.years[0])
    schools = []
    for ref in choice.schools:
        results = _check_school(ref.id, figures, averages, criteria, years_text)
        schools.append(
            SchoolIdentification(
                ref.id, ref.code, ref.name, ref.is_shnor, results, _proposal(ref.is_shnor, results)
            )
        )
    lines = [
        f"{key.label()} ({'средняя оценка' if metric == 'mean_mark' else 'средний балл'}): "
        f"{format_number(round(average, 2))} ({how})"
        for (key, metric), (average, how) in sorted(averages.items(), key=lambda item: item[0][0].label())
    ]
    return Identification(choice, criteria, schools, lines)


# --- the decision ---------------------------------------------------------------------------


def decide_status(store: Store, school_id: str, change: str, decided_on: date | None, grounds: str) -> None:
    """Include the school among the ШНОР or take it out of the programme, as a person confirmed:
    the registry's status and dates change, the decision is kept with its date and grounds."""
    _require_office(store)
    errors = {}
    if change not in CHANGE_LABELS:
        raise UserError("Выберите решение: включить в ШНОР или вывести из программы.")
    if decided_on is None:
        errors["decided_on"] = "Укажите дату решения (например, 01.09.2021)."
    text = (grounds or "").strip()
    if not text:
        errors["grounds"] = "Укажите основания решения: критерии и цифры, номер приказа."
    if errors:
        raise ValidationError(errors)
    with store.session() as s:
        school = live(s, School, school_id, "Этой школы больше нет в реестре — обновите список.")
        if change == INCLUDE:
            school.is_shnor = True
            school.in_programme_since = decided_on
            school.left_programme_on = None
            school.left_grounds = ""
        else:
            if school.in_programme_since and decided_on < school.in_programme_since:
                raise ValidationError(
                    {"decided_on": "Дата выхода раньше даты включения в программу — проверьте дату."}
                )
            school.left_programme_on = decided_on
            school.left_grounds = text[:1000]
        s.add(StatusDecision(school_id=school_id, change=change, decided_on=decided_on, grounds=text))


@dataclass(frozen=True)
class Decision:
    change: str
    decided_on: date
    grounds: str

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self.change]


def decisions_of(store: Store, school_id: str) -> list[Decision]:
    with store.session() as s:
        rows = s.execute(
            select(StatusDecision.change, StatusDecision.decided_on, StatusDecision.grounds)
            .where(StatusDecision.school_id == school_id)
            .order_by(StatusDecision.decided_on.desc(), StatusDecision.created_at.desc())
        )
        return [Decision(*row) for row in rows]
