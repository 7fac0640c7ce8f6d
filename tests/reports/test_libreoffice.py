"""Every XLSX the program writes, opened by LibreOffice Calc (which many schools use instead of
Excel) and converted to PDF without an error; wrapped cells keep a stored row height, since Calc
does not recompute it. Needs `soffice` (.ci/run installs libreoffice-calc-nogui; with CI set a
missing one fails rather than skips)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from app.core.errors import UserError
from app.demo.school import build_demo
from app.reports.catalog import ReportOptions, report_kinds, writer
from app.reports.table_xlsx import DEFAULT_WIDTH, wrapped_lines
from tests.helpers.demo_office import demo_office

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"
)


def _write_every_kind(store, folder: Path, prefix: str) -> list[Path]:
    written = []
    for key in report_kinds():
        out = folder / f"{prefix}-{key}.xlsx"
        try:
            writer(store, key, ReportOptions())("xlsx", out)
        except UserError:
            continue  # a kind of the other mode, or one with nothing to print here: refused in words
        written.append(out)
    return written


def _cells(merged) -> list[tuple[int, int]]:
    return [
        (r, c)
        for r in range(merged.min_row, merged.max_row + 1)
        for c in range(merged.min_col, merged.max_col + 1)
    ]


def test_every_xlsx_opens_in_libreoffice_and_keeps_its_row_heights(store, tmp_path):
    assert SOFFICE is not None, "CI installs libreoffice-calc-nogui (.ci/run)"
    build_demo(store)
    written = _write_every_kind(store, tmp_path, "school")
    _school, office, _school_id = demo_office(tmp_path / "office")
    try:
        written += _write_every_kind(office, tmp_path, "office")
    finally:
        office.close()
    assert len(written) >= 10, [p.name for p in written]

    for path in written:
        for sheet in load_workbook(path).worksheets:
            merged = {(r, c) for m in sheet.merged_cells.ranges for r, c in _cells(m)}
            for row in sheet.iter_rows():
                for cell in row:
                    if (
                        not (cell.value and cell.alignment and cell.alignment.wrap_text)
                        or (
                            cell.row,
                            cell.column,
                        )
                        in merged
                    ):
                        continue
                    room = sheet.column_dimensions[get_column_letter(cell.column)].width or DEFAULT_WIDTH
                    if wrapped_lines(str(cell.value), room) > 1:
                        height = sheet.row_dimensions[cell.row].height
                        assert height, f"{path.name}/{sheet.title} row {cell.row}: no stored height"

    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
        ]
        + [str(p) for p in written],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    missing = [
        p.name
        for p in written
        if not (out / f"{p.stem}.pdf").is_file() or not (out / f"{p.stem}.pdf").stat().st_size
    ]
    assert missing == [], done.stdout + done.stderr
