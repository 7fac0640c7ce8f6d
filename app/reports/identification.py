"""`report identification`: every school of the registry against the office's criteria of low
results (seed 002 «идентификация…по критериям и показателям»; seed 001's figures), with the
figures behind each «да», what a school did not send, and the district averages compared with."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.core.errors import UserError
from app.core.store import Store
from app.office.district import exam_results_count
from app.office.identification import (
    BELOW_AVERAGE,
    CHANGE_LABELS,
    CRITERION_SHORT,
    CRITERION_TITLES,
    FAILED,
    LOWERED,
    Identification,
    identify,
)
from app.reports import Document, ReportColumn, TableReport, TextPart, write_report
from app.reports.catalog import ReportKind, ReportOptions, register

KIND = "identification"
IDENTIFICATION_TITLE = "Идентификация школ с низкими образовательными результатами"
CRITERIA = (BELOW_AVERAGE, FAILED, LOWERED)
COLUMNS = [
    ReportColumn("№", 0.4, centered=True),
    ReportColumn("Школа (код)", 2.6),
    ReportColumn("Статус в реестре", 1.0, centered=True),
    *[ReportColumn(f"{CRITERION_TITLES[key]}", 1.1, centered=True) for key in CRITERIA],
    ReportColumn("Предложение", 1.2, centered=True),
]


def identification_document(found: Identification, owner: str, printed_on: date | None = None) -> Document:
    printed_on = printed_on or date.today()
    common = {"owner": owner, "printed_on": printed_on}
    rows = []
    for n, school in enumerate(found.schools, start=1):
        rows.append(
            [
                str(n),
                f"{school.name} ({school.code})",
                "ШНОР" if school.is_shnor else "-",
                *[school.results[key].text for key in CRITERIA],
                CHANGE_LABELS.get(school.proposal, "-") if school.proposal else "-",
            ]
        )
    why = []
    for school in found.schools:
        lines = [
            f"{CRITERION_SHORT[key]}: {'; '.join(result.evidence)}"
            for key, result in school.results.items()
            if result.met
        ]
        lines += [
            f"{CRITERION_SHORT[key]}: {result.missing}"
            for key, result in school.results.items()
            if result.met is None
        ]
        if lines:
            why.append(f"{school.name} ({school.code}) — " + " | ".join(lines))
    parts: list = [
        TextPart("Критерии", found.criteria.describe()),
        TableReport("Школы и критерии", COLUMNS, rows, **common),
        TextPart(
            "Основания: цифры за выполненными критериями и недостающие данные",
            why or ["Ни один критерий не выполнен."],
        ),
        TextPart(
            "Средние по району, с которыми сравниваются школы",
            found.averages or ["Нет средних оценок и баллов ни одной школы за выбранные годы."],
        ),
    ]
    subtitle = [f"Школ: {len(found.schools)}; {found.choice.years_text}."]
    return Document(IDENTIFICATION_TITLE, parts, subtitle, **common)


def _build(store: Store, fmt: str, out: Path, options: ReportOptions) -> str:
    found = identify(store, options.schools, options.years)
    if not exam_results_count(store, found.choice):
        raise UserError(
            f"За {found.choice.years_text} ни у одной из выбранных школ нет результатов ВПР, ОГЭ, ЕГЭ и ГВЭ: "
            "критерии проверять не по чему. Выберите другие годы или примите пакеты школ."
        )
    installation = store.installation()
    write_report(identification_document(found, installation.name if installation else ""), fmt, out)
    met = sum(1 for school in found.schools if school.met)
    return f"«{IDENTIFICATION_TITLE}», школ: {len(found.schools)}, выполнен хотя бы один критерий: {met}"


register(ReportKind(KIND, IDENTIFICATION_TITLE, ("--schools", "--years"), _build))
