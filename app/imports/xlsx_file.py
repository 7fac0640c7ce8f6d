"""Opening a user's XLSX safely: size, format, encryption and zip-bomb checks before openpyxl
sees the file, then the sheet and its header row found by the column titles.

A sheet is read within Excel's own bounds whatever its XML declares (its dimension may say
A1:XFD1048576): the header among the first HEADER_SEARCH_COLUMNS columns of the first rows,
then only the header's columns, at most MAX_DATA_ROWS filled rows and never past Excel's last row.
Rows the file does not hold (a gap of any length) cost nothing and are passed over; after
STOP_AFTER_EMPTY_ROWS rows held but empty in a row (a formatted tail) reading stops, and the
preview says from which row on nothing was read (`SheetRows.unread_after`).
Anything openpyxl cannot read (malformed XML, a number cell holding text, a shared string that
is not there) refuses the whole file with one Russian sentence; nothing is saved by reading.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import UserError
from app.core.text import fold

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Spreadsheet XML packs ten to fifty times; a part that packs hundreds of times is a bomb.
MAX_RATIO = 250
RATIO_CHECK_FROM = 1024 * 1024  # small parts (styles, a blank sheet) may pack very well
MAX_ENTRIES = 5000
MAX_DATA_ROWS = 10_000
MAX_DATA_ROWS_TEXT = "10 000"
HEADER_SEARCH_ROWS = 10
HEADER_SEARCH_COLUMNS = 100
STOP_AFTER_EMPTY_ROWS = 1000  # held but empty rows: a formatted tail can reach row 1 048 576
EXCEL_MAX_ROW = 1_048_576  # a row numbered beyond it is not Excel's: it is not read
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
BIFF_MAGICS = (b"\x09\x00\x04\x00", b"\x09\x02\x06\x00", b"\x09\x04\x06\x00")  # Excel 2.1–4.0
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # an OLE file holding an encrypted XLSX

SAVE_AS_XLSX = "Откройте его в Excel или LibreOffice и сохраните как «Книга Excel (.xlsx)»."


def _name(path: Path) -> str:
    return f"«{path.name}»"


def check_xlsx_file(path: str | os.PathLike) -> Path:
    """Refuses, with a Russian message, what is not a plain XLSX we may safely open."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            magic = handle.read(8)
    except FileNotFoundError:
        raise UserError(f"Файла {_name(path)} нет. Выберите файл заново.") from None
    except OSError as exc:
        raise UserError(f"Файл {_name(path)} не удалось прочитать: {exc.strerror}.") from None
    if size > MAX_FILE_BYTES:
        raise UserError(
            f"Файл {_name(path)} слишком большой ({size / 1024 / 1024:.1f} МБ; можно до 20 МБ). "
            "Разделите его на несколько файлов."
        )
    if magic == OLE_MAGIC:
        raise _ole_refusal(path)
    if magic[:4] in BIFF_MAGICS:
        raise UserError(f"Файл {_name(path)} сохранён в очень старом формате Excel (.xls). {SAVE_AS_XLSX}")
    if magic.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise UserError(
            f"Файл {_name(path)} — веб-страница или XML, а не книга Excel (.xlsx). {SAVE_AS_XLSX}"
        )
    if not magic.startswith(ZIP_MAGIC):
        raise UserError(f"Файл {_name(path)} — не книга Excel (.xlsx). {SAVE_AS_XLSX}")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        raise UserError(
            f"Файл {_name(path)} повреждён или это не книга Excel (.xlsx). {SAVE_AS_XLSX}"
        ) from None
    _check_entries(path, entries)
    if b"opendocument" in mimetype:
        raise UserError(f"Файл {_name(path)} в формате OpenDocument (.ods). {SAVE_AS_XLSX}")
    if "xl/workbook.xml" not in names:
        raise UserError(f"Файл {_name(path)} — не книга Excel (.xlsx). {SAVE_AS_XLSX}")
    return path


def _ole_refusal(path: Path) -> UserError:
    """An OLE compound file: an encrypted XLSX (password to open) or an old .xls."""
    try:
        encrypted = ENCRYPTED_STREAM in path.read_bytes()  # at most MAX_FILE_BYTES, checked above
    except OSError:
        encrypted = False
    if encrypted:
        return UserError(
            f"Файл {_name(path)} защищён паролем. Откройте его в Excel, снимите пароль "
            "(Файл → Сведения → Защита книги) и сохраните как «Книга Excel (.xlsx)»."
        )
    return UserError(
        f"Файл {_name(path)} сохранён в старом формате Excel 97–2003 (.xls) или защищён паролем. "
        "Снимите пароль, если он есть (Файл → Сведения → Защита книги), и сохраните "
        "как «Книга Excel (.xlsx)»."
    )


def _check_entries(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    # zipfile never inflates a part past its declared size, so the declared sizes can be trusted.
    bomb = UserError(
        f"Файл {_name(path)} после распаковки занимает слишком много места — это не обычная таблица, "
        "программа его не откроет. Сохраните данные в новую книгу Excel."
    )
    if len(entries) > MAX_ENTRIES:
        raise bomb
    if sum(e.file_size for e in entries) > MAX_UNCOMPRESSED_BYTES:
        raise bomb
    for entry in entries:
        if entry.file_size > RATIO_CHECK_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise bomb


@dataclass
class SheetRows:
    """The data rows under the header: (row number in the sheet, {header: cell value})."""

    sheet: str
    header_row: int
    rows: list[tuple[int, dict[str, object]]]
    unread_after: int | None = None  # reading stopped after this row (a long run of empty ones)

    def notes(self) -> list[str]:
        """What the person should know of how the sheet was read, in Russian."""
        if self.unread_after is None:
            return []
        return [
            f"Строки листа «{self.sheet}» ниже {self.unread_after}-й не прочитаны: перед ними "
            f"{STOP_AFTER_EMPTY_ROWS} пустых строк подряд. Если ниже есть данные, удалите пустые "
            "строки между ними и загрузите файл снова."
        ]


def _open_workbook(path: Path):
    from openpyxl import load_workbook  # uses defusedxml when installed (it is a dependency)

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same to the user
        raise UserError(f"Файл {_name(path)} не удалось открыть как книгу Excel. {SAVE_AS_XLSX}") from None
    for ws in workbook.worksheets:
        strings = getattr(ws, "_shared_strings", None)  # each read-only sheet keeps the list
        if isinstance(strings, list):
            ws._shared_strings = _SharedStrings(strings)
    return workbook


class _SharedStrings(list):
    """The workbook's shared strings, where a negative index is an error as it is in Excel
    (openpyxl would take it from the end of the list and show another cell's text)."""

    def __getitem__(self, index):
        if isinstance(index, int) and index < 0:
            raise IndexError(index)
        return super().__getitem__(index)


def read_sheet(path: str | os.PathLike, headers: tuple[str, ...], preferred_sheet: str) -> SheetRows:
    """The first sheet (the preferred one first) whose header row holds all `headers`."""
    path = check_xlsx_file(path)
    workbook = _open_workbook(path)
    try:
        sheets = sorted(workbook.worksheets, key=lambda ws: ws.title != preferred_sheet)
        wanted = {fold(h): h for h in headers}
        for ws in sheets:
            if getattr(ws, "sheet_state", "visible") != "visible" or not hasattr(ws, "iter_rows"):
                continue
            found = _find_header(ws, wanted)
            if found is None:
                continue
            header_row, columns = found
            return SheetRows(ws.title, header_row, *_data_rows(path, ws, header_row, columns))
    except UserError:
        raise
    except Exception:
        raise UserError(f"Файл {_name(path)} не удалось прочитать как книгу Excel. {SAVE_AS_XLSX}") from None
    finally:
        workbook.close()
    raise UserError(
        f"В файле {_name(path)} не найдена строка заголовков: {', '.join(headers)} (её ищут в первых "
        f"{HEADER_SEARCH_ROWS} строках и {HEADER_SEARCH_COLUMNS} столбцах листа). "
        "Возьмите шаблон кнопкой «Шаблон Excel…» и заполните его, не меняя заголовков."
    )


def _find_header(ws, wanted: dict[str, str]) -> tuple[int, dict[str, int]] | None:
    rows = ws.iter_rows(
        min_row=1, max_row=HEADER_SEARCH_ROWS, max_col=HEADER_SEARCH_COLUMNS, values_only=True
    )
    for number, values in enumerate(rows, start=1):
        columns = {}
        for index, value in enumerate(values):
            key = fold(value)
            if key in wanted and wanted[key] not in columns:
                columns[wanted[key]] = index
        if len(columns) == len(wanted):
            return number, columns
    return None


def _data_rows(
    path: Path, ws, header_row: int, columns: dict[str, int]
) -> tuple[list[tuple[int, dict[str, object]]], int | None]:
    """The rows with something in the header's columns, and the row after which reading stopped
    (STOP_AFTER_EMPTY_ROWS held but empty ones in a row), if it did."""
    from openpyxl.cell.read_only import EmptyCell

    rows: list[tuple[int, dict[str, object]]] = []
    empty_run = 0
    for number, cells in enumerate(
        _iter_after(ws, header_row, max(columns.values()) + 1), start=header_row + 1
    ):
        if all(isinstance(cell, EmptyCell) for cell in cells):
            continue  # the file holds no such row (openpyxl fills the gap): never a reason to stop
        record = {h: _cell(cells, i) for h, i in columns.items()}
        if all(v is None for v in record.values()):
            empty_run += 1
            if empty_run >= STOP_AFTER_EMPTY_ROWS:
                return rows, number
            continue
        empty_run = 0
        rows.append((number, record))
        if len(rows) > MAX_DATA_ROWS:
            raise UserError(
                f"В файле {_name(path)} больше {MAX_DATA_ROWS_TEXT} строк. Разделите его на несколько файлов."
            )
    return rows, None


def _iter_after(ws, header_row: int, width: int) -> Iterator[tuple]:
    yield from ws.iter_rows(min_row=header_row + 1, max_row=EXCEL_MAX_ROW, max_col=width)


def _cell(cells: tuple, index: int) -> object:
    value = cells[index].value if index < len(cells) else None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
