"""The tables of assessment results: seed 004 Блок 1 (dynamics by year, «Рус. яз» and «Матем.»
under each year, «-» where there is no value) and seed 001 (per class and subject).

Reports and pages both print these, so the shapes live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.core.numbers import format_number
from app.core.store import Store
from app.programme.assessments import SUBJECTS, list_results
from db.models import ExamResult, School

DYNAMICS_SUBJECTS = (("русский язык", "Рус. яз"), ("математика", "Матем."))
DYNAMICS_CAPTIONS = {
    "ВПР": "Результаты ВПР (средняя оценка по предмету школы)",
    "ОГЭ": "Результаты ОГЭ (средняя оценка по предмету школы)",
    "ЕГЭ": "Результаты ЕГЭ (средний балл по предмету школы)",
    "ГВЭ": "Результаты ГВЭ (средняя оценка по предмету школы)",
}
NO_VALUE = "-"


@dataclass
class DynamicsTable:
    """«Динамика результатов ВПР»: years across, «Рус. яз» and «Матем.» under each, a row per school."""

    assessment: str
    title: str
    caption: str
    years: list[int]
    subjects: list[str]  # column labels under each year
    rows: list[tuple[str, list[str]]]  # school name, cells (len(years) × len(subjects))

    def header_rows(self) -> list[list[str]]:
        """The seed's three header lines; a label stands in the first column of its span."""
        width = len(self.years) * len(self.subjects)
        caption = [self.caption] + [""] * (width - 1)
        years = [cell for y in self.years for cell in [f"{y} год"] + [""] * (len(self.subjects) - 1)]
        return [["Наименование ОО", *caption], ["", *years], ["", *self.subjects * len(self.years)]]


def _mark_text(assessment: str, value: float | None) -> str:
    if value is None:
        return NO_VALUE
    # ВПР and ОГЭ averages keep a decimal, as the seed writes «4,0».
    return format_number(value, min_decimals=1 if assessment in ("ВПР", "ОГЭ") else 0)


def _dynamics_cell(assessment: str, subject: str, values: dict[tuple, float]) -> str:
    if assessment != "ЕГЭ":
        return _mark_text(assessment, values.get((subject, None, "mean_mark")))
    if subject != "математика":
        return _mark_text(assessment, values.get((subject, None, "mean_score")))
    base = values.get((subject, "базовая", "mean_mark"))
    profile = values.get((subject, "профильная", "mean_score"))
    if base is not None and profile is not None:
        return f"{format_number(base)}/{format_number(profile)}"
    return _mark_text(assessment, base if base is not None else profile)


def dynamics_table(
    store: Store, assessment: str, school_ids: list[str], years: list[int] | None = None
) -> DynamicsTable:
    """Seed 004 Блок 1 for one assessment: school averages (no class), «-» where there is none.

    Years default to every year any of these schools has a school average for, in any assessment,
    so the tables of one report share their columns (ОГЭ 2020 «-» as in the seed).
    """
    with store.session() as s:
        rows = s.scalars(
            select(ExamResult).where(
                ExamResult.school_id.in_(school_ids),
                ExamResult.deleted_at.is_(None),
                ExamResult.grade.is_(None),
                ExamResult.metric.in_(("mean_mark", "mean_score")),
            )
        ).all()
        names = dict(s.execute(select(School.id, School.name).where(School.id.in_(school_ids))).all())
    if years is None:
        years = sorted({r.year for r in rows})
    values: dict[str, dict[int, dict[tuple, float]]] = {}
    for r in rows:
        if r.assessment == assessment:
            values.setdefault(r.school_id, {}).setdefault(r.year, {})[(r.subject, r.level, r.metric)] = (
                r.value
            )
    labels = [label for _subject, label in DYNAMICS_SUBJECTS]
    if assessment == "ЕГЭ":
        labels = ["Рус. яз", "Матем. (баз./проф.)"]
    table_rows = []
    for number, school_id in enumerate(school_ids, start=1):
        by_year = values.get(school_id, {})
        cells = [
            _dynamics_cell(assessment, subject, by_year.get(year, {}))
            for year in years
            for subject, _label in DYNAMICS_SUBJECTS
        ]
        name = names.get(school_id, "")
        table_rows.append((f"{number}. {name}" if len(school_ids) > 1 else name, cells))
    return DynamicsTable(
        assessment=assessment,
        title=f"Динамика результатов {assessment}",
        caption=DYNAMICS_CAPTIONS[assessment],
        years=list(years),
        subjects=labels,
        rows=table_rows,
    )


CLASS_TABLE_HEADERS = (
    "класс",
    "предмет",
    "всего обучающихся, подлежащих участию в ВПР",
    "Количество участников ВПР",
    "% участия",
    "Подтвердили и улучшили школьную оценку (%)",
    "понизили результат школьной оценки (%)",
    "не справились с работой (%)",
)


def class_table(store: Store, school_id: str, year: int, assessment: str = "ВПР") -> list[list[str]]:
    """Seed 001's table: a row per class and subject; «% участия» counted from the two counts."""
    results = [r for r in list_results(store, school_id, year, assessment) if r.grade is not None]
    groups: dict[tuple[int, str], dict[str, float]] = {}
    for r in results:
        groups.setdefault((r.grade, r.subject), {})[r.metric] = r.value  # type: ignore[index]
    rows = []
    for grade, subject in sorted(groups, key=lambda k: (k[0], _order_subject(k[1]))):
        m = groups[(grade, subject)]
        students, participants = m.get("students"), m.get("participants")
        share = round(100 * participants / students) if students and participants is not None else None
        rows.append(
            [
                str(grade),
                subject,
                format_number(students, max_decimals=0),
                format_number(participants, max_decimals=0),
                format_number(share, max_decimals=0),
                format_number(m.get("confirmed_pct")),
                format_number(m.get("lowered_pct")),
                format_number(m.get("failed_pct")),
            ]
        )
    return rows


def _order_subject(subject: str) -> int:
    return SUBJECTS.index(subject) if subject in SUBJECTS else len(SUBJECTS)
