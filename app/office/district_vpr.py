"""«Результаты района»: seed 001's table of ВПР by class and subject for the whole district, and
the ОГЭ, ЕГЭ and ГВЭ of the district by subject, added up from the schools' results.

How a row is counted from the schools that sent it:
- «всего обучающихся в ОО района» and «количество участников» are the sums of the schools' counts;
- «% участия» is the participants over the students, of the schools that gave both;
- a percentage (подтвердили, понизили, не справились) and an average (оценка, балл) are weighted
  by the schools' participants when every school that gave it gave its participants too;
  otherwise they are a plain average of the schools, and the row says so.
A subject is compared as app/programme/subjects spells it («Математика», «МАТЕМАТИКА» are one).
A school that sent no result of the assessment for the year is named under the table, never
shown as an empty cell; one that sent ВПР only as school averages, without classes, is named too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.errors import UserError
from app.core.numbers import format_number
from app.core.store import Store
from app.core.text import fold
from app.office.district import DistrictChoice, SchoolRef, choose
from app.programme.subjects import SUBJECTS, normalize_subject
from db.models import ExamResult

VPR = "ВПР"
EXAMS = ("ОГЭ", "ЕГЭ", "ГВЭ")
ASSESSMENTS = (VPR, *EXAMS)
SHARE_METRICS = ("confirmed_pct", "lowered_pct", "failed_pct")
AVERAGE_METRICS = ("mean_mark", "mean_score")
NO_VALUE = "-"  # no school of the district gave this figure
UNWEIGHTED = "без весов: не все школы указали число участников"


@dataclass(frozen=True)
class SchoolFigures:
    """One school's figures of a row, as it sent them."""

    school: SchoolRef
    values: dict[str, float]


@dataclass
class DistrictRow:
    grade: int | None
    subject: str
    level: str | None
    schools: list[SchoolFigures]
    students: float | None = None
    participants: float | None = None
    share: float | None = None  # «% участия»
    figures: dict[str, float] = field(default_factory=dict)  # metric → district value
    unweighted: set[str] = field(default_factory=set)  # metrics averaged without weights

    @property
    def label(self) -> str:
        where = [self.subject]
        if self.level:
            where.append(self.level)
        return f"{self.grade} класс, {', '.join(where)}" if self.grade else ", ".join(where)

    @property
    def exam_label(self) -> str:
        """An exam's row: «математика, профильная», «русский язык (9 кл.)»."""
        level = f", {self.level}" if self.level else ""
        return self.subject + level + (f" ({self.grade} кл.)" if self.grade else "")

    @property
    def mean_metric(self) -> str | None:
        """The average the row has: a score (ЕГЭ) before a mark."""
        return next((m for m in AVERAGE_METRICS[::-1] if m in self.figures), None)

    def text(self, metric: str | None) -> str:
        """A figure as printed: counts whole, percentages and averages to two decimals, «-» when
        no school gave it."""
        if metric in ("students", "participants"):
            value = getattr(self, metric)
            return NO_VALUE if value is None else format_number(value, max_decimals=0)
        if metric == "share":
            return NO_VALUE if self.share is None else format_number(self.share, max_decimals=0)
        value = self.figures.get(metric) if metric else None
        return NO_VALUE if value is None else format_number(value)

    def notes(self, of: int) -> list[str]:
        """What the reader must know of the row: schools that gave only part of it, no weights."""
        notes = []
        if len(self.schools) < of:
            notes.append(f"прислали {len(self.schools)} шк. из {of}")
        for metric in sorted(self.unweighted):
            notes.append(f"{METRIC_WORDS[metric]} — {UNWEIGHTED}")
        return notes


METRIC_WORDS = {
    "confirmed_pct": "подтвердили и улучшили",
    "lowered_pct": "понизили",
    "failed_pct": "не справились / ниже порога",
    "mean_mark": "средняя оценка",
    "mean_score": "средний балл",
}


@dataclass
class DistrictTable:
    year: int
    assessment: str
    rows: list[DistrictRow]
    schools: int  # schools of the choice
    silent: list[SchoolRef]  # sent no result of the assessment for the year
    no_classes: list[SchoolRef] = field(default_factory=list)  # ВПР: school averages only

    @property
    def title(self) -> str:
        if self.assessment == VPR:
            return f"ВПР {self.year} года по классам и предметам"
        return f"{self.assessment} {self.year} года по предметам"

    def gaps(self) -> list[str]:
        """Who sent nothing for the table, in words (the table never shows them as empty cells)."""
        lines = []
        if self.silent:
            lines.append(
                f"Не прислали результатов {self.assessment} за {self.year} год: "
                + ", ".join(f"{s.name} ({s.code})" for s in self.silent)
                + "."
            )
        if self.no_classes:
            lines.append(
                f"Прислали {self.assessment} {self.year} только средними по школе, без разбивки по классам: "
                + ", ".join(f"{s.name} ({s.code})" for s in self.no_classes)
                + "."
            )
        return lines


@dataclass
class DistrictResults:
    choice: DistrictChoice
    tables: list[DistrictTable]  # by year, then ВПР, ОГЭ, ЕГЭ, ГВЭ

    def table(self, year: int, assessment: str) -> DistrictTable | None:
        return next((t for t in self.tables if t.year == year and t.assessment == assessment), None)


def require_office(store: Store, what: str) -> None:
    """`what` is the office's: a school's database is refused with words of its own."""
    installation = store.installation()
    if installation is not None and installation.mode != "municipality":
        raise UserError(
            f"{what} — в базе управления образования: там собраны данные всех школ района, "
            "а это база одной школы. Откройте базу управления."
        )


def _subject(text: str) -> str:
    return normalize_subject(text) or " ".join(fold(text).split())


def _subject_order(subject: str) -> int:
    return SUBJECTS.index(subject) if subject in SUBJECTS else len(SUBJECTS)


def _weighted(pairs: list[tuple[float, float | None]]) -> tuple[float, bool]:
    """(value, weighted?) of (value, participants) pairs."""
    if all(w for _v, w in pairs):
        total = sum(w for _v, w in pairs)  # type: ignore[misc]
        return sum(v * w for v, w in pairs) / total, True  # type: ignore[operator]
    return sum(v for v, _w in pairs) / len(pairs), False


def _sum(values: list[float | None]) -> float | None:
    given = [v for v in values if v is not None]
    return sum(given) if given else None


def _row(grade, subject, level, schools: list[SchoolFigures]) -> DistrictRow:
    row = DistrictRow(grade, subject, level, schools)
    row.students = _sum([s.values.get("students") for s in schools])
    row.participants = _sum([s.values.get("participants") for s in schools])
    both = [s.values for s in schools if s.values.get("students") and "participants" in s.values]
    if both:
        row.share = 100 * sum(v["participants"] for v in both) / sum(v["students"] for v in both)
    for metric in (*SHARE_METRICS, *AVERAGE_METRICS):
        pairs = [(s.values[metric], s.values.get("participants")) for s in schools if metric in s.values]
        if pairs:
            row.figures[metric], weighted = _weighted(pairs)
            if not weighted and len(pairs) > 1:
                row.unweighted.add(metric)
    return row


def _table(year: int, assessment: str, choice: DistrictChoice, found: dict) -> DistrictTable:
    """found: {(school_id, grade, subject, level): {metric: value}} of this year and assessment."""
    refs = {s.id: s for s in choice.schools}
    by_key: dict[tuple, list[SchoolFigures]] = defaultdict(list)
    sent, with_classes = set(), set()
    for (school_id, grade, subject, level), values in found.items():
        sent.add(school_id)
        if assessment == VPR and grade is None:
            continue  # ВПР school averages are not seed 001's table
        with_classes.add(school_id)
        by_key[(grade, subject, level)].append(SchoolFigures(refs[school_id], values))
    rows = [
        _row(grade, subject, level, sorted(schools, key=lambda f: (f.school.name, f.school.code)))
        for (grade, subject, level), schools in by_key.items()
    ]
    rows.sort(key=lambda r: (r.grade or 0, _subject_order(r.subject), r.subject, r.level or ""))
    silent = [s for s in choice.schools if s.id not in sent]
    no_classes = [s for s in choice.schools if s.id in sent and s.id not in with_classes]
    return DistrictTable(year, assessment, rows, len(choice.schools), silent, no_classes)


def district_results(
    store: Store,
    codes: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    assessments: Sequence[str] = ASSESSMENTS,
) -> DistrictResults:
    """The district tables of the chosen schools and years: ВПР by class, the exams by subject.
    An exam no chosen school sent in a year gives no table that year (ВПР always gives one)."""
    require_office(store, "Результаты района")
    choice = choose(store, codes, years)
    found: dict[tuple[int, str], dict[tuple, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
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
                ExamResult.year.in_(list(choice.years)),
                ExamResult.assessment.in_(list(assessments)),
                ExamResult.deleted_at.is_(None),
            )
        )
        for school_id, year, assessment, subject, grade, level, metric, value in rows:
            found[(year, assessment)][(school_id, grade, _subject(subject), level)][metric] = value
    tables = []
    for year in choice.years:
        for assessment in assessments:
            if assessment == VPR or (year, assessment) in found:
                tables.append(_table(year, assessment, choice, found.get((year, assessment), {})))
    return DistrictResults(choice, tables)
