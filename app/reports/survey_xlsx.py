"""The survey report as XLSX: counts as whole numbers, shares as fractions shown in percent,
indices as numbers — so the workbook re-opens with the same numbers and can be counted on.
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core.dates import format_day
from app.reports.survey_common import SurveyReport
from app.reports.table_xlsx import BORDER, HEADER_ALIGN, HEADER_FILL, WRAP, put_text, save_workbook
from app.surveys.survey_results import Change, Comparison, RoundResults, Tally

SHARE_FORMAT = "0%"
MEAN_FORMAT = "0.00"
CHANGE_FORMAT = "+0.00;-0.00;0.00"
POINTS_FORMAT = "+0%;-0%;0%"
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
BOLD = Font(bold=True)


def _head(ws: Worksheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, 1):
        cell = put_text(ws, row, column, title)
        cell.font, cell.alignment, cell.fill, cell.border = BOLD, HEADER_ALIGN, HEADER_FILL, BORDER


def _number(ws: Worksheet, row: int, column: int, value: float | int | None, fmt: str | None = None):
    cell = ws.cell(row=row, column=column, value=value)
    if fmt:
        cell.number_format = fmt
    cell.border = BORDER
    cell.alignment = Alignment(vertical="top")
    return cell


def _text(ws: Worksheet, row: int, column: int, value: str):
    cell = put_text(ws, row, column, value)
    cell.alignment, cell.border = WRAP, BORDER
    return cell


def _top(ws: Worksheet, title: str, lines: list[str]) -> int:
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).data_type = "s"
    row = 2
    for line in lines:
        put_text(ws, row, 1, line)
        row += 1
    return row + 1


def _tally_row(ws: Worksheet, row: int, first: int, tally: Tally, no_answer: int | None) -> None:
    levels = len(tally.counts)
    for i, count in enumerate(tally.counts):
        _number(ws, row, first + i, count)
        _number(ws, row, first + levels + i, tally.shares[i] if tally.answered else None, SHARE_FORMAT)
    _number(ws, row, first + 2 * levels, tally.answered)
    _number(ws, row, first + 2 * levels + 1, no_answer)
    _number(ws, row, first + 2 * levels + 2, tally.mean, MEAN_FORMAT)


def fill_results(ws: Worksheet, report: SurveyReport) -> None:
    results: RoundResults = report.results
    ws.title = "Итоги"
    row = _top(ws, report.title, report.subtitle)
    scale = results.scale
    titles = [
        "Раздел",
        "№",
        "Утверждение",
        *[f"{s}, чел." for s in scale],
        *[f"{s}, доля" for s in scale],
        "Ответов",
        "Без ответа",
        f"Индекс (0–{len(scale) - 1})",
    ]
    if not results.breakdown:
        put_text(ws, row, 1, results.note).font = Font(italic=True)
        row += 2
    _head(ws, row, titles)
    header_row = row
    for section in results.sections:
        row += 1
        for column in range(1, len(titles) + 1):
            ws.cell(row=row, column=column).fill = SECTION_FILL
        _text(ws, row, 1, section.title).font = BOLD
        _text(ws, row, 2, str(section.number)).font = BOLD
        _text(ws, row, 3, "Весь раздел").font = BOLD
        _tally_row(ws, row, 4, section.tally, None)
        for item in section.items:
            row += 1
            _text(ws, row, 1, section.title)
            _text(ws, row, 2, item.number)
            _text(ws, row, 3, item.text)
            _tally_row(ws, row, 4, item.tally, item.no_answer)
    row += 1
    _text(ws, row, 1, "Вся анкета").font = BOLD
    _text(ws, row, 2, "")
    _text(ws, row, 3, f"Ответили {results.respondents} чел.").font = BOLD
    _tally_row(ws, row, 4, results.overall, None)
    widths = [28, 6, 60, *[12] * (2 * len(scale)), 11, 11, 12]
    for column, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = f"D{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.left.text = report.owner.replace("&", "&&")
    ws.oddFooter.right.text = "Стр. &P из &N"


def _change_row(ws: Worksheet, row: int, mean: Change, top: Change) -> None:
    _number(ws, row, 4, mean.before, MEAN_FORMAT)
    _number(ws, row, 5, mean.after, MEAN_FORMAT)
    _number(ws, row, 6, mean.delta, CHANGE_FORMAT)
    _number(ws, row, 7, top.before, SHARE_FORMAT)
    _number(ws, row, 8, top.after, SHARE_FORMAT)
    _number(ws, row, 9, top.delta, POINTS_FORMAT)


def fill_comparison(ws: Worksheet, report: SurveyReport, comparison: Comparison) -> None:
    before, after = comparison.before.round.title, comparison.after.round.title
    ws.title = "Сравнение"
    lines = [report.owner] if report.owner else []
    for results in (comparison.before, comparison.after):
        lines.append(
            f"Тур «{results.round.title}»: {format_day(results.round.held_on)}, "
            f"ответили {results.respondents} чел."
        )
    row = _top(ws, f"Сравнение туров «{before}» и «{after}»", lines)
    if comparison.note:
        put_text(ws, row, 1, comparison.note).font = Font(italic=True)
        row += 2
    top_label = comparison.after.scale[-1]
    _head(
        ws,
        row,
        [
            "Раздел",
            "№",
            "Утверждение",
            f"Индекс: {before}",
            f"Индекс: {after}",
            "Изменение индекса",
            f"«{top_label}»: {before}",
            f"«{top_label}»: {after}",
            "Изменение, п.\u00a0п.",
        ],
    )
    header_row = row
    for section in comparison.sections:
        row += 1
        for column in range(1, 10):
            ws.cell(row=row, column=column).fill = SECTION_FILL
        _text(ws, row, 1, section.title).font = BOLD
        _text(ws, row, 2, str(section.number)).font = BOLD
        _text(ws, row, 3, "Весь раздел").font = BOLD
        _change_row(ws, row, section.mean, section.top_share)
        for item in section.items:
            row += 1
            _text(ws, row, 1, section.title)
            _text(ws, row, 2, item.number)
            _text(ws, row, 3, item.text)
            _change_row(ws, row, item.mean, item.top_share)
    row += 1
    _text(ws, row, 1, "Вся анкета").font = BOLD
    _text(ws, row, 2, "")
    _text(ws, row, 3, "")
    _change_row(ws, row, comparison.overall_mean, comparison.overall_top_share)
    for column, width in enumerate([28, 6, 60, 14, 14, 13, 14, 14, 13], 1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = f"D{header_row + 1}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_survey_xlsx(report: SurveyReport, out_path: str | os.PathLike) -> Path:
    target = Path(out_path)
    workbook = Workbook()
    fill_results(workbook.active, report)
    if report.comparison is not None:
        fill_comparison(workbook.create_sheet(), report, report.comparison)
    return save_workbook(workbook, target)
