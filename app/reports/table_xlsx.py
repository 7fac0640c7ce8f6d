"""A TableReport as XLSX: bold header, wrapped text, widths from the content, frozen header row,
dates as real dates shown dd.mm.yyyy, numbers as real numbers. A Document gets a sheet per part.

Every text cell is stored as text: a comment typed as `=1+1` (or starting with +, -, @) stays
those characters and never becomes a formula, neither here nor when the cell is edited later.

A text longer than an Excel cell holds (32 767 characters) is cut, and the cell says so (CUT_MARK);
`cut_cells()` gathers the cells cut while it is open, and `cut_warning` tells them in Russian, for
the command line and the window to say it (the PDF holds the whole text).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.reports import (
    CREATOR,
    Document,
    Number,
    TableReport,
    TextPart,
    clean_text,
    header_spans,
    report_file,
)

DATE_FORMAT = "DD.MM.YYYY"
MAX_CELL = 32_767  # Excel's limit on the characters in one cell
MAX_CELL_TEXT = "32 767"
CUT_MARK = "… (текст обрезан: полностью — в PDF)"
MIN_WIDTH, MAX_WIDTH, DATE_WIDTH = 10, 60, 12
TEXT_WIDTH_TOTAL = 170  # characters the text columns share by their weights: a landscape page
FORMULA_START = ("=", "+", "-", "@")

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
DATE_ALIGN = Alignment(vertical="top", horizontal="center")
CENTER = Alignment(wrap_text=True, vertical="top", horizontal="center")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
TEXT_PART_WIDTH = 120  # characters: a paragraph of a TextPart, wrapped in column A


_SHEET_SIGNS = str.maketrans({"[": "(", "]": ")", "/": "-", "\\": "-", ":": "", "*": "", "?": ""})


def sheet_title(title: str) -> str:
    """Excel refuses []:*?/\\ in a sheet's name and more than 31 characters (cut at a word, «…»):
    ? * : are dropped, [ ] become ( ), / \\ a dash — «Анкета «Есть ли изменения?»» reads
    «Анкета «Есть ли изменения»», with no space left before a closing quote or bracket."""
    name = " ".join(title.translate(_SHEET_SIGNS).split())
    name = re.sub(r"\s+([»)])", r"\1", name)
    if len(name) > 31:
        cut = name[:30].rsplit(" ", 1)[0] if " " in name[:30] else name[:30]
        name = cut.rstrip(" ,.;—-") + "…"
    return name or "Отчёт"


_cuts: ContextVar[list[str] | None] = ContextVar("xlsx_cut_cells", default=None)


@contextmanager
def cut_cells() -> Iterator[list[str]]:
    """The cells («лист «…», ячейка D12») the XLSX files written within the block had to cut."""
    cells: list[str] = []
    token = _cuts.set(cells)
    try:
        yield cells
    finally:
        _cuts.reset(token)


def cut_warning(cells: list[str]) -> str | None:
    """What to tell of the cut cells, in Russian; None when nothing was cut."""
    if not cells:
        return None
    return (
        f"в файле Excel обрезан текст ячеек: {len(cells)} (первая — {cells[0]}). В ячейке Excel "
        f"помещается не больше {MAX_CELL_TEXT} знаков; такие ячейки помечены «текст обрезан». "
        "Полный текст — в PDF этого отчёта («Печать» или «Сохранить как…» в PDF)."
    )


def text_value(value: str, where: str = "заголовок листа") -> str:
    text = clean_text(value)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - len(CUT_MARK)] + CUT_MARK
        cells = _cuts.get()
        if cells is not None:
            cells.append(where)
    return text


def put_text(ws: Worksheet, row: int, column: int, value: str):
    where = f"лист «{ws.title}», ячейка {get_column_letter(column)}{row}"
    cell = ws.cell(row=row, column=column, value=text_value(value, where))
    cell.data_type = "s"  # openpyxl takes a leading "=" for a formula; this is text
    if cell.value.startswith(FORMULA_START):
        cell.quotePrefix = True  # Excel keeps it text even after the user edits the cell
    return cell


def number_format(text: str) -> str:
    """As many decimals as the printed text shows: «3,16» → 0.00, «4,0» → 0.0, «12» → 0."""
    decimals = len(text.rsplit(",", 1)[1]) if "," in text else 0
    return "0." + "0" * decimals if decimals else "0"


def put_value(ws: Worksheet, row: int, column: int, value):
    if isinstance(value, Number):
        cell = ws.cell(row=row, column=column, value=value.value)
        cell.number_format = number_format(value.text)
        cell.alignment = CENTER
        return cell
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


def fill_sheet(
    ws: Worksheet, report: TableReport, title: str | None = None, lines: list[str] | None = None
) -> None:
    """The report on `ws`; `title` and `lines` (a document's) stand above the report's own."""
    ws.title = sheet_title(report.title)
    heading = report.title if title is None else title
    ws.cell(row=1, column=1, value=text_value(heading)).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).data_type = "s"
    row = 2
    above = [(line, False) for line in report.subtitle]
    if title is not None:  # a document's part: its lines, then the part's heading in bold
        above = [(line, False) for line in lines or []] + [(report.title, True), *above]
    for line, bold in above:
        put_text(ws, row, 1, line).font = Font(bold=bold)
        row += 1
    head = report.header_lines()
    header_row = row + 1  # one empty row between the lines above and the table
    first_row = header_row + len(head)  # the first row of entries
    for line_index, line in enumerate(head):
        for index, text in enumerate(line, start=1):
            cell = put_text(ws, header_row + line_index, index, text)
            cell.font = Font(bold=True)
            cell.alignment = HEADER_ALIGN
            cell.fill = HEADER_FILL
            cell.border = BORDER
    if report.header_rows:
        for r, c, rows, columns in header_spans(report.header_rows):
            ws.merge_cells(
                start_row=header_row + r,
                start_column=c + 1,
                end_row=header_row + r + rows - 1,
                end_column=c + columns,
            )
    centered = [c.centered for c in report.columns]
    width = len(report.columns)
    for offset, values in enumerate(report.rows):
        r = first_row + offset
        if offset in report.group_rows:
            cell = put_text(ws, r, 1, clean_text(values[0] if values else ""))
            cell.font = Font(bold=True)
            cell.fill = GROUP_FILL
            cell.alignment = WRAP
            for index in range(1, width + 1):
                ws.cell(row=r, column=index).border = BORDER
            if width > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            continue
        for index, value in enumerate(values, start=1):
            cell = put_value(ws, r, index, value)
            cell.border = BORDER
            if centered[index - 1] and not isinstance(value, Number):
                cell.alignment = CENTER
    last_row = first_row + len(report.rows) - 1
    if not report.rows:
        put_text(ws, first_row, 1, report.empty_note).font = Font(italic=True)

    last_column = get_column_letter(width)
    for index in range(width):
        ws.column_dimensions[get_column_letter(index + 1)].width = column_width(report, index)
    if head:
        ws.freeze_panes = f"A{first_row}"
    if report.rows and report.header_rows is None and not report.group_rows:
        ws.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"

    # Printing from Excel: landscape A4, one page wide, the header rows on every page.
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if head:
        ws.print_title_rows = f"{header_row}:{first_row - 1}"
    ws.oddFooter.left.text = report.owner.replace("&", "&&")
    ws.oddFooter.right.text = "Стр. &P из &N"


def fill_text_sheet(ws: Worksheet, part: TextPart, document: Document) -> None:
    """Paragraphs of text, each in one wrapped cell of a wide column A."""
    ws.title = sheet_title(part.title or document.title)
    ws.cell(row=1, column=1, value=text_value(document.title)).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).data_type = "s"
    row = 2
    for line in document.subtitle:
        put_text(ws, row, 1, line)
        row += 1
    if part.title:
        put_text(ws, row, 1, part.title).font = Font(bold=True)
    for line in part.lines:
        row += 1
        put_text(ws, row, 1, line).alignment = WRAP
    ws.column_dimensions["A"].width = TEXT_PART_WIDTH
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.oddFooter.left.text = document.owner.replace("&", "&&")
    ws.oddFooter.right.text = "Стр. &P из &N"


def fill_document(workbook: Workbook, document: Document) -> None:
    """A sheet per part, named after it (made unique); a document without parts says so."""
    used: set[str] = set()
    for index, part in enumerate(document.parts):
        ws = workbook.active if index == 0 else workbook.create_sheet()
        if isinstance(part, TextPart):
            fill_text_sheet(ws, part, document)
        else:
            part = part if part.owner else replace(part, owner=document.owner)
            fill_sheet(ws, part, document.title, document.subtitle)
        name, n = ws.title, 2
        while name.casefold() in used:
            suffix = f" ({n})"
            name, n = sheet_title(ws.title)[: 31 - len(suffix)] + suffix, n + 1
        ws.title = name
        used.add(name.casefold())
    if not document.parts:
        fill_text_sheet(workbook.active, TextPart("", [document.empty_note]), document)


LINE_HEIGHT = 15.0  # points: a line of the default 11-point font, as Excel and Calc set it
MAX_HEIGHT = 409.0  # points: the tallest row Excel allows
DEFAULT_WIDTH = 8.43  # characters: a column without a stored width


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes in a wrapped cell `width` characters wide (words kept whole,
    a word longer than the line broken), counted a little generously."""
    room = max(int(width * 0.95) - 1, 1)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) <= room:
                used += 1 + len(word)
                continue
            if used:
                lines += 1
            lines += (len(word) - 1) // room if word else 0
            used = len(word) % room or room
    return lines


def fit_row_heights(ws: Worksheet) -> None:
    """Every row with wrapped text gets a stored height that fits its longest cell: LibreOffice
    Calc shows a row as high as the file says, and without a height the text runs over the rows
    below. A cell merged across columns is as wide as they are together."""

    def width(column: int) -> float:
        return ws.column_dimensions[get_column_letter(column)].width or DEFAULT_WIDTH

    across: dict[tuple[int, int], float] = {}
    tall: set[tuple[int, int]] = set()
    for merged in ws.merged_cells.ranges:
        if merged.min_row != merged.max_row:  # a header spanning rows has their height
            tall.add((merged.min_row, merged.min_col))
        else:
            span = range(merged.min_col, merged.max_col + 1)
            across[(merged.min_row, merged.min_col)] = sum(width(c) for c in span)
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if cell.value is None or not (cell.alignment and cell.alignment.wrap_text):
                continue
            if (cell.row, cell.column) in tall:
                continue
            room = across.get((cell.row, cell.column)) or width(cell.column)
            lines = max(lines, wrapped_lines(str(cell.value), room))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(lines * LINE_HEIGHT, MAX_HEIGHT)


def save_workbook(workbook: Workbook, target: Path) -> Path:
    """The workbook written as every printout is (report_file): «Дневник школы» its author, each
    row with wrapped text as high as its text."""
    workbook.properties.creator = CREATOR
    workbook.properties.lastModifiedBy = CREATOR
    for ws in workbook.worksheets:
        fit_row_heights(ws)
    with report_file(target) as temporary:
        workbook.save(temporary)
    return target


def write_xlsx(report: TableReport | Document, out_path: str | os.PathLike) -> Path:
    """Write the report as XLSX to `out_path` (replaced only once the whole file is written)."""
    target = Path(out_path)
    workbook = Workbook()
    if isinstance(report, Document):
        fill_document(workbook, report)
    else:
        fill_sheet(workbook.active, report)
    return save_workbook(workbook, target)
