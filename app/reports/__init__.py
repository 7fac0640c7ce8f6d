"""Printouts: a table report, written as PDF (reportlab) or XLSX (openpyxl), always atomically.

A `TableReport` is plain data — title, lines under it, columns, rows of text or dates — so
every instrument builds one and both writers print it the same way.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.errors import UserError

FORMATS = ("pdf", "xlsx")

Cell = str | date | None

# Characters neither a PDF paragraph nor an XLSX cell may hold (tabs and line breaks stay).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ReportColumn:
    header: str
    width: float = 1.0  # share of the page width, relative to the other columns
    is_date: bool = False  # cells are datetime.date: a narrow column, a real date in XLSX


@dataclass
class TableReport:
    title: str
    columns: list[ReportColumn]
    rows: list[list[Cell]]
    subtitle: list[str] = field(default_factory=list)  # school, filter in words …
    owner: str = ""  # the school's name, in every page's footer
    printed_on: date = field(default_factory=date.today)
    empty_note: str = "Записей нет."


def format_day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def clean_text(value: Cell) -> str:
    """A cell as text: dates dd.mm.yyyy, Windows line breaks unified, control characters dropped."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_day(value)
    return _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """A temporary file beside `target` to write into; it replaces `target` only when done."""
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise UserError(f"Папки «{folder}» нет. Выберите существующую папку для файла.")
    if target.is_dir():
        raise UserError(f"«{target}» — это папка. Укажите имя файла в ней, например отчёт.pdf.")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UserError(
            f"В папку «{folder}» нельзя записать файл ({exc.strerror}). Выберите другую папку."
        ) from exc
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        try:
            os.replace(temporary, target)
        except PermissionError as exc:
            raise UserError(
                f"Файл «{target}» открыт в другой программе или защищён от записи. "
                "Закройте его или выберите другое имя и повторите."
            ) from exc
        except OSError as exc:
            raise UserError(f"Не удалось записать файл «{target}»: {exc.strerror}.") from exc
    finally:
        temporary.unlink(missing_ok=True)


def write_report(report: TableReport, fmt: str, out_path: str | os.PathLike) -> Path:
    """Write `report` as `fmt` ("pdf" or "xlsx") to `out_path`; returns the path written."""
    if fmt == "pdf":
        from app.reports.table_pdf import write_pdf

        return write_pdf(report, out_path)
    if fmt == "xlsx":
        from app.reports.table_xlsx import write_xlsx

        return write_xlsx(report, out_path)
    raise UserError(f"Формат «{fmt}» не поддерживается: выберите pdf или xlsx.")


__all__ = [
    "FORMATS",
    "Cell",
    "ReportColumn",
    "TableReport",
    "atomic_path",
    "clean_text",
    "format_day",
    "write_report",
]
