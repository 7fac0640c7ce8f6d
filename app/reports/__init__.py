"""Printouts: a table report, written as PDF (reportlab) or XLSX (openpyxl), always atomically
(app/core/files.atomic_path).

A `TableReport` is plain data — title, lines under it, columns, rows of text, numbers or
dates — so every instrument builds one and both writers print it the same way. A `Document`
prints several of them (and paragraphs of text) one after another under one title.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.core.dates import format_day
from app.core.errors import UserError
from app.core.files import atomic_path

FORMATS = ("pdf", "xlsx")
CREATOR = "Дневник школы"  # an XLSX file's author in its properties


def _user_umask() -> int:
    """The permissions the user's new files leave out (read once: os.umask can only be read by
    setting it, and later the work runs in threads)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _user_umask()


@contextmanager
def report_file(target: str | os.PathLike) -> Iterator[Path]:
    """atomic_path for a printout, which gets the user's usual permissions rather than the
    private ones of a temporary file: a colleague opens a report saved in a shared folder.
    (Packages, keys and backups stay private: they are written by atomic_path itself.)"""
    with atomic_path(target) as temporary:
        yield temporary
        os.chmod(temporary, 0o666 & ~_UMASK)


@dataclass(frozen=True)
class Number:
    """A number as the page shows it («3,16», «4,0») and as XLSX stores it (a real number)."""

    value: float
    text: str


Cell = str | date | Number | None

# Characters neither a PDF paragraph nor an XLSX cell may hold (tabs and line breaks stay).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ReportColumn:
    header: str
    width: float = 1.0  # share of the page width, relative to the other columns
    is_date: bool = False  # cells are datetime.date: a narrow column, a real date in XLSX
    centered: bool = False  # short values (numbers, «-») in the middle of the cell


@dataclass
class TableReport:
    title: str
    columns: list[ReportColumn]
    rows: list[list[Cell]]
    subtitle: list[str] = field(default_factory=list)  # school, filter in words …
    owner: str = ""  # the school's name, in every page's footer
    printed_on: date = field(default_factory=date.today)
    empty_note: str = "Записей нет."
    # Header lines instead of the one of column headers; a label stands in the first column of
    # its span and the empty cells right of it and below it join it (seed 004 Блок 1). [] = none.
    header_rows: list[list[str]] | None = None
    # Rows printed as a heading across the whole table (their first cell): plan sections, criteria.
    group_rows: frozenset[int] = frozenset()

    def header_lines(self) -> list[list[str]]:
        if self.header_rows is None:
            return [[c.header for c in self.columns]]
        return [list(line) for line in self.header_rows]


@dataclass
class TextPart:
    """Paragraphs of text under a heading: an analysis in words, a note."""

    title: str
    lines: list[str]


@dataclass
class Document:
    """Several tables (and paragraphs) under one title; each part's title is its heading."""

    title: str
    parts: list[TableReport | TextPart]
    subtitle: list[str] = field(default_factory=list)
    owner: str = ""
    printed_on: date = field(default_factory=date.today)
    empty_note: str = "Данных нет."


def header_spans(lines: list[list[str]]) -> list[tuple[int, int, int, int]]:
    """Merged header cells as (row, column, rows, columns), for explicit `header_rows`.

    A label spans the empty cells right of it, then the lines below it as long as they are
    empty under its whole width and not taken by a label to their left.
    """
    width = max((len(line) for line in lines), default=0)
    grid = [list(line) + [""] * (width - len(line)) for line in lines]
    taken = [[bool(text) for text in line] for line in grid]
    across: dict[tuple[int, int], int] = {}
    for r, line in enumerate(grid):
        for c, text in enumerate(line):
            if not text:
                continue
            end = c + 1
            while end < width and not line[end]:
                taken[r][end] = True
                end += 1
            across[(r, c)] = end - c
    spans = []
    for (r, c), columns in sorted(across.items()):
        rows = 1
        while r + rows < len(grid) and not any(taken[r + rows][c : c + columns]):
            for k in range(c, c + columns):
                taken[r + rows][k] = True
            rows += 1
        if rows > 1 or columns > 1:
            spans.append((r, c, rows, columns))
    return spans


def clean_text(value: Cell) -> str:
    """A cell as text: dates dd.mm.yyyy, Windows line breaks unified, control characters dropped."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_day(value)
    if isinstance(value, Number):
        return value.text
    return _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))


def write_report(report: TableReport | Document, fmt: str, out_path: str | os.PathLike) -> Path:
    """Write `report` as `fmt` ("pdf" or "xlsx") to `out_path`; returns the path written."""
    if fmt == "pdf":
        from app.reports.table_pdf import write_pdf

        return write_pdf(report, out_path)
    if fmt == "xlsx":
        from app.reports.table_xlsx import write_xlsx

        return write_xlsx(report, out_path)
    raise UserError(f"Формат «{fmt}» не поддерживается: выберите pdf или xlsx.")


__all__ = [
    "CREATOR",
    "FORMATS",
    "Cell",
    "Document",
    "Number",
    "ReportColumn",
    "TableReport",
    "TextPart",
    "clean_text",
    "report_file",
    "header_spans",
    "write_report",
]
