"""`report district-vpr`: seed 001's «результаты ВПР» table for the district (a row per class and
subject, the schools' counts added up, percentages weighted by participants), and the district's
ОГЭ, ЕГЭ and ГВЭ by subject — each year of the choice; who sent nothing is named under its table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.core.store import Store
from app.office.district_vpr import (
    NO_VALUE,
    VPR,
    DistrictResults,
    DistrictRow,
    DistrictTable,
    district_results,
)
from app.reports import Cell, Document, Number, ReportColumn, TableReport, TextPart, write_report
from app.reports.catalog import ReportKind, ReportOptions, register

KIND = "district-vpr"
DISTRICT_VPR_TITLE = "Результаты оценочных процедур по району"
# Seed 001's columns word for word («всего обучающихся в ОО района, подлежащих участию в ВПР»).
VPR_HEADERS = (
    "класс",
    "предмет",
    "всего обучающихся в ОО района, подлежащих участию в ВПР",
    "Количество участников ВПР",
    "% участия",
    "Подтвердили и улучшили школьную оценку (%)",
    "понизили результат школьной оценки (%)",
    "не справились с работой (%)",
)
VPR_METRICS = ("students", "participants", "share", "confirmed_pct", "lowered_pct", "failed_pct")
EXAM_HEADERS = (
    "предмет",
    "Количество участников",
    "Средний результат района (оценка или балл)",
    "Не преодолели минимальный порог (%)",
    "Школ прислали",
)
LEGEND = (
    "Числа обучающихся и участников — суммы по школам района; % участия — участники к обучающимся "
    "школ, указавших оба числа; доли и средние взвешены по числу участников школ; «-» — ни одна "
    "школа не прислала этот показатель."
)


def _cell(row: DistrictRow, metric: str | None) -> Cell:
    text = row.text(metric)
    if metric is None or text == NO_VALUE:
        return text
    value = getattr(row, metric) if metric in ("students", "participants", "share") else row.figures[metric]
    return Number(value, text)


def vpr_cells(row: DistrictRow) -> list[Cell]:
    return [str(row.grade), row.subject, *(_cell(row, m) for m in VPR_METRICS)]


def exam_cells(row: DistrictRow, of: int) -> list[Cell]:
    return [
        row.exam_label,
        _cell(row, "participants"),
        _cell(row, row.mean_metric),
        _cell(row, "failed_pct"),
        f"{len(row.schools)} из {of}",
    ]


def table_parts(table: DistrictTable, owner: str, printed_on: date) -> list:
    common = {"owner": owner, "printed_on": printed_on}
    if table.assessment == VPR:
        columns = [ReportColumn(VPR_HEADERS[0], 0.6, centered=True), ReportColumn(VPR_HEADERS[1], 1.6)]
        columns += [ReportColumn(h, 1.1, centered=True) for h in VPR_HEADERS[2:]]
        rows = [vpr_cells(r) for r in table.rows]
        empty = f"Ни одна школа не прислала результатов ВПР {table.year} года по классам."
    else:
        columns = [ReportColumn(EXAM_HEADERS[0], 2.0)]
        columns += [ReportColumn(h, 1.1, centered=True) for h in EXAM_HEADERS[1:]]
        rows = [exam_cells(r, table.schools) for r in table.rows]
        empty = f"Ни одна школа не прислала результатов {table.assessment} {table.year} года."
    parts: list = [TableReport(table.title, columns, rows, empty_note=empty, **common)]
    notes = table.gaps()
    notes += [
        f"{r.label}: {'; '.join(r.notes(table.schools))}." for r in table.rows if r.notes(table.schools)
    ]
    if notes:
        parts.append(TextPart(f"{table.title}: кто что прислал", notes))
    return parts


def district_vpr_document(found: DistrictResults, owner: str, printed_on: date | None = None) -> Document:
    printed_on = printed_on or date.today()
    parts: list = []
    for table in found.tables:
        parts += table_parts(table, owner, printed_on)
    subtitle = [f"Школ: {len(found.choice.schools)}; {found.choice.years_text}.", LEGEND]
    return Document(DISTRICT_VPR_TITLE, parts, subtitle, owner=owner, printed_on=printed_on)


def _build(store: Store, fmt: str, out: Path, options: ReportOptions) -> str:
    found = district_results(store, options.schools, options.years)
    installation = store.installation()
    write_report(district_vpr_document(found, installation.name if installation else ""), fmt, out)
    rows = sum(len(t.rows) for t in found.tables)
    schools = len(found.choice.schools)
    return f"«{DISTRICT_VPR_TITLE}», школ: {schools}, таблиц: {len(found.tables)}, строк: {rows}"


register(ReportKind(KIND, DISTRICT_VPR_TITLE, ("--schools", "--years"), _build))
