"""Блок 1 of the district report (seed 004): the dynamics of ВПР, ОГЭ and ЕГЭ/ГВЭ per school,
years across, «Рус. яз» and «Матем.» under each year, «-» where a school has no such result, and
«не прислала» under every subject of a year for which the school sent no result of any
assessment at all (so an empty year is not read as a missing subject).

ВПР and ОГЭ are the school tables of assessment_tables for several schools; ЕГЭ and ГВЭ share
one table as in the seed: under a year «ЕГЭ», and «ГВЭ» beside it where any school has one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from app.core.store import Store
from app.office.district import DistrictChoice, choose
from app.programme.assessment_tables import NO_VALUE, DynamicsTable, dynamics_table
from db.models import ExamResult

EXAMS = "ЕГЭ/ГВЭ"
GVE_LABELS = ["Рус. яз", "Матем."]
EXAMS_CAPTION = "Результаты ЕГЭ (средний балл по предмету школы) и ГВЭ (средняя оценка)"
NOT_SENT = "не прислала"  # the school sent no result of any assessment for that year


@dataclass
class SpannedTable:
    """A table whose header lines merge as in the seed (see app.reports.header_spans)."""

    key: str  # «ВПР», «ОГЭ», «ЕГЭ/ГВЭ»
    title: str  # «Динамика результатов ВПР в ШНОР»
    header_rows: list[list[str]]
    rows: list[tuple[str, list[str]]]  # «1. МКОУ …», the cells in the header's order

    def row_of(self, school: str) -> list[str]:
        """A school's cells by its name, with or without the seed's number («1. »)."""
        for name, cells in self.rows:
            if name == school or name.split(". ", 1)[-1] == school:
                return cells
        raise KeyError(school)


def years_sent(store: Store, choice: DistrictChoice) -> dict[str, set[int]]:
    """The years of the choice for which each school sent any assessment result (school id → years)."""
    with store.session() as s:
        rows = s.execute(
            select(ExamResult.school_id, ExamResult.year)
            .where(
                ExamResult.school_id.in_(choice.school_ids),
                ExamResult.year.in_(list(choice.years)),
                ExamResult.deleted_at.is_(None),
            )
            .distinct()
        ).all()
    sent: dict[str, set[int]] = {school_id: set() for school_id in choice.school_ids}
    for school_id, year in rows:
        sent[school_id].add(year)
    return sent


def _year_spans(table: SpannedTable, years: list[int]) -> list[tuple[int, int]]:
    """(first cell, width) of each year's columns, from the header line that names the years."""
    line = next(row for row in table.header_rows if any(cell == f"{years[0]} год" for cell in row))
    starts = [line.index(f"{year} год") - 1 for year in years]  # the first column is the names
    ends = [*starts[1:], len(line) - 1]
    return list(zip(starts, [end - start for start, end in zip(starts, ends, strict=True)], strict=True))


def mark_not_sent(table: SpannedTable, choice: DistrictChoice, sent: dict[str, set[int]]) -> SpannedTable:
    """«не прислала» in every cell of a year for which a school sent no result at all."""
    years = list(choice.years)
    if not years or not table.rows:
        return table
    spans = _year_spans(table, years)
    rows = []
    for school, (name, cells) in zip(choice.schools, table.rows, strict=True):
        cells = list(cells)
        for year, (start, width) in zip(years, spans, strict=True):
            if year not in sent.get(school.id, set()):
                cells[start : start + width] = [NOT_SENT] * width
        rows.append((name, cells))
    return SpannedTable(table.key, table.title, table.header_rows, rows)


def _in_whom(choice: DistrictChoice) -> str:
    return "в ШНОР" if choice.all_shnor else "в школах программы"


def _of_dynamics(key: str, table: DynamicsTable, whom: str) -> SpannedTable:
    return SpannedTable(key, f"{table.title} {whom}", table.header_rows(), table.rows)


def _has_value(cells: list[str], start: int, width: int) -> bool:
    return any(cell != NO_VALUE for cell in cells[start : start + width])


def exams_table(store: Store, choice: DistrictChoice, whom: str) -> SpannedTable:
    """ЕГЭ under every year; ГВЭ beside it in the years where any school has a ГВЭ result."""
    years = list(choice.years)
    ege = dynamics_table(store, "ЕГЭ", choice.school_ids, years)
    gve = dynamics_table(store, "ГВЭ", choice.school_ids, years)
    width = len(ege.subjects)
    gve_years = [i for i in range(len(years)) if any(_has_value(c, i * width, width) for _, c in gve.rows)]
    if not gve_years:
        return SpannedTable(EXAMS, f"Динамика результатов ЕГЭ {whom}", ege.header_rows(), ege.rows)
    title = f"Динамика результатов ЕГЭ и ГВЭ {whom}"
    names, years_line, kinds, subjects = ["Наименование ОО"], [""], [""], [""]
    for i, year in enumerate(years):
        blocks = [("ЕГЭ", ege.subjects)] + ([("ГВЭ", GVE_LABELS)] if i in gve_years else [])
        span = sum(len(labels) for _, labels in blocks)
        years_line += [f"{year} год"] + [""] * (span - 1)
        for kind, labels in blocks:
            kinds += [kind] + [""] * (len(labels) - 1)
            subjects += labels
    names += [EXAMS_CAPTION] + [""] * (len(subjects) - 2)
    rows = []
    for (name, ege_cells), (_, gve_cells) in zip(ege.rows, gve.rows, strict=True):
        cells: list[str] = []
        for i in range(len(years)):
            cells += ege_cells[i * width : (i + 1) * width]
            if i in gve_years:
                cells += gve_cells[i * width : (i + 1) * width]
        rows.append((name, cells))
    return SpannedTable(EXAMS, title, [names, years_line, kinds, subjects], rows)


def results_block(store: Store, choice: DistrictChoice) -> list[SpannedTable]:
    """Блок 1: ВПР, ОГЭ, ЕГЭ/ГВЭ for the chosen schools and years, a row per school
    (titled «… в ШНОР» as in the seed when every chosen school is one)."""
    whom = _in_whom(choice)
    years = list(choice.years)
    tables = [
        _of_dynamics(a, dynamics_table(store, a, choice.school_ids, years), whom) for a in ("ВПР", "ОГЭ")
    ]
    tables.append(exams_table(store, choice, whom))
    sent = years_sent(store, choice)
    return [mark_not_sent(table, choice, sent) for table in tables]


def block1(
    store: Store, codes: Sequence[str] | None = None, years: Sequence[int] | None = None
) -> dict[str, SpannedTable]:
    """Блок 1 by key («ВПР», «ОГЭ», «ЕГЭ/ГВЭ») for schools by code (None: all) and years (None:
    the last three with results): `block1(store)["ОГЭ"].row_of("МКОУ Красноярская СШ")`."""
    return {table.key: table for table in results_block(store, choose(store, codes, years))}
