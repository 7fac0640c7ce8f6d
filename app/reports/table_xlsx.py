"""A TableReport as XLSX: bold header, wrapped text, widths from the content, frozen header row,
dates as real dates shown dd.mm.yyyy.

Every text cell is stored as text: a comment typed as `=1+1` (or starting with +, -, @) stays
those characters and never becomes a formula, neither here nor when the cell is edited later.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.reports import TableReport, atomic_path, clean_text

DATE_FORMAT = "DD.MM.YYYY"
MAX_CELL = 32_767  # Excel's limit on the characters in one cell
MIN_WIDTH, MAX_WIDTH, DATE_WIDTH = 10, 60, 12
TEXT_WIDTH_TOTAL = 170  # characters the text columns share by their weights: a landscape page
FORMULA_START = ("=", "+", "-", "@")

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
DATE_ALIGN = Alignment(vertical="top", horizontal="center")


def sheet_title(title: str) -> str:
    """Excel refuses []:*?/\\ in a sheet's name and more than 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Отчёт"


def text_value(value: str) -> str:
    text = clean_text(value)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return text


def put_text(ws: Worksheet, row: int, column: int, value: str):
    cell = ws.cell(row=row, column=column, value=text_value(value))
    cell.data_type = "s"  # openpyxl takes a leading "=" for a formula; this is text
    if cell.value.startswith(FORMULA_START):
        cell.quotePrefix = True  # Excel keeps it text even after the user edits the cell
    return cell


def put_value(ws: Worksheet, row: int, column: int, value):
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        cell = ws.cell(row=row, column=column, value=value)
        cell.number_format = DATE_FORMAT
        cell.alignment = DATE_ALIGN
        return cell
    cell = put_text(ws, row, column, "" if value is None else str(value))
    cell.alignment = WRAP
    return cell


def column_width(report: TableReport, index: int) -> float:
    """The column's share of a landscape page, narrower if nothing in it is that long."""
    column = report.columns[index]
    if column.is_date:
        return DATE_WIDTH
    weights = sum(c.width for c in report.columns if not c.is_date) or 1.0
    share = min(MAX_WIDTH, TEXT_WIDTH_TOTAL * column.width / weights)
    longest = max((len(word) for word in column.header.split()), default=0) + 2
    for values in report.rows:
        text = clean_text(values[index])
        if text:
            longest = max(longest, max(len(line) for line in text.split("\n")) + 2)
            if longest >= share:
                break
    return float(round(max(MIN_WIDTH, min(share, longest)), 1))


def fill_sheet(ws: Worksheet, report: TableReport) -> None:
    ws.title = sheet_title(report.title)
    ws.cell(row=1, column=1, value=text_value(report.title)).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).data_type = "s"
    row = 2
    for line in report.subtitle:
        put_text(ws, row, 1, line)
        row += 1
    header_row = row + 1  # one empty row between the lines above and the table
    for index, column in enumerate(report.columns, start=1):
        cell = put_text(ws, header_row, index, column.header)
        cell.font = Font(bold=True)
        cell.alignment = HEADER_ALIGN
        cell.fill = HEADER_FILL
        cell.border = BORDER
    for offset, values in enumerate(report.rows, start=1):
        for index, value in enumerate(values, start=1):
            put_value(ws, header_row + offset, index, value).border = BORDER
    last_row = header_row + len(report.rows)
    if not report.rows:
        put_text(ws, header_row + 1, 1, report.empty_note).font = Font(italic=True)

    last_column = get_column_letter(len(report.columns))
    for index in range(len(report.columns)):
        ws.column_dimensions[get_column_letter(index + 1)].width = column_width(report, index)
    ws.freeze_panes = f"A{header_row + 1}"
    if report.rows:
        ws.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"

    # Printing from Excel: landscape A4, one page wide, the header row on every page.
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.left.text = report.owner.replace("&", "&&")
    ws.oddFooter.right.text = "Стр. &P из &N"


def write_xlsx(report: TableReport, out_path: str | os.PathLike) -> Path:
    """Write the report as XLSX to `out_path` (replaced only once the whole file is written)."""
    target = Path(out_path)
    workbook = Workbook()
    fill_sheet(workbook.active, report)
    with atomic_path(target) as temporary:
        workbook.save(temporary)
    return target
