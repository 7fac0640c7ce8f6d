"""Text from anywhere is data: markup, formulas, control characters, very long words, emoji and
mixed scripts in a school's records go through every report (PDF and XLSX) and the package round
trip. Nothing breaks, nothing becomes a formula or markup, and what comes out reads as what went in.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.core.errors import UserError
from app.core.store import Store
from app.demo.school import build_demo
from app.reports import ReportColumn, TableReport, write_report
from app.reports.catalog import ReportOptions, report_kinds
from app.sync.exchange import export_snapshot, import_packages
from db.models import School
from tests.helpers.hostile_text import FREE_TEXT, HOSTILE, LONG_WORDS, SHORT_COLUMNS, readable
from tests.helpers.sync_data import only, open_office

FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _fill(store: Store, school_id: str) -> dict[tuple[str, str, str], str]:
    """Hostile text in every free-text column of the school's records; what was written where."""
    written = {}
    strings = itertools.cycle(HOSTILE)
    longs = itertools.cycle(LONG_WORDS + HOSTILE)
    with store.session() as s:
        for model, columns in FREE_TEXT.items():
            if model is School:
                rows = [s.get(School, school_id)]
            else:
                rows = s.scalars(select(model).where(model.school_id == school_id).order_by(model.id)).all()
            for row in rows:
                for column in columns:
                    value = next(strings) if column in SHORT_COLUMNS else next(longs)
                    setattr(row, column, value)
                    written[(model.__tablename__, row.id, column)] = value
    return written


@pytest.fixture(scope="module")
def hostile_school(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("hostile-school"))
    school_id = build_demo(store).id
    written = _fill(store, school_id)
    yield store, school_id, written
    store.close()


@pytest.fixture(scope="module")
def written_reports(hostile_school, tmp_path_factory):
    store, _, _ = hostile_school
    folder = tmp_path_factory.mktemp("reports")
    # An office's report (the district one) is printed where the school's package was imported.
    office = open_office(folder / "office")
    assert only(import_packages(office, [export_snapshot(store, folder).path])).status == "imported"
    out = {}
    for key, kind in report_kinds().items():
        for fmt in ("pdf", "xlsx"):
            path = folder / f"{key}.{fmt}"
            for where in (store, office):
                try:
                    kind.build(where, fmt, path, ReportOptions())
                except UserError as error:  # a refusal is allowed only as a Russian sentence
                    assert re.search("[а-яё]", error.message, re.IGNORECASE), error.message
                    continue
                out[(key, fmt)] = path
                break
    yield out
    office.close()


def _xlsx_text(path: Path) -> str:
    workbook = load_workbook(path)
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return "\n".join(texts)


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _pdf_readable(text: str) -> str:
    """The PDF's font covers Latin, Greek and Cyrillic; scripts beyond (Arabic, Hebrew, CJK, emoji)
    are not compared: pypdf cannot map their missing glyphs back to text."""
    return "".join(ch for ch in readable(text) if ord(ch) < 0x0590 or 0x2000 <= ord(ch) <= 0x206F)


def test_every_report_kind_is_written_in_both_formats(written_reports):
    missing = {(k, f) for k in report_kinds() for f in ("pdf", "xlsx")} - set(written_reports)
    assert not missing


def test_no_sheet_holds_a_formula(written_reports):
    for (key, fmt), path in written_reports.items():
        if fmt != "xlsx":
            continue
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    assert not FORMULA.search(archive.read(name)), (key, name)


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_reports_show_the_text_as_typed(written_reports, fmt):
    """Every hostile string shows up literally in some report: markup not applied, formulas not
    evaluated (only control characters may be dropped, and PDF lines wrap)."""
    read = _xlsx_text if fmt == "xlsx" else _pdf_text
    seen = readable if fmt == "xlsx" else _pdf_readable
    everything = seen("\n".join(read(p) for (_, f), p in written_reports.items() if f == fmt))
    for text in HOSTILE:
        assert seen(text) in everything, text
    for text in LONG_WORDS:  # an Excel cell holds 32 767 characters; both fit, in PDF as in XLSX
        assert readable(text)[:500] in everything, text[:40]
    assert "<b>" in everything and "<br/>" in everything


def test_the_package_round_trip_keeps_the_text(hostile_school, tmp_path):
    store, _, written = hostile_school
    office = open_office(tmp_path / "office")
    try:
        package = export_snapshot(store, tmp_path)
        result = only(import_packages(office, [package.path]))
        assert result.status == "imported", result.reason
        with office.session() as s:
            for model, columns in FREE_TEXT.items():
                for row in s.scalars(select(model)).all():
                    for column in columns:
                        sent = written.get((model.__tablename__, row.id, column))
                        if sent is not None:
                            got = getattr(row, column)
                            assert got == sent or readable(got) == readable(sent), (model, column, got)
        checked = sum(1 for key in written if key[0] != "schools")
        assert checked > 100
    finally:
        office.close()


def test_headings_and_entries_of_long_words_flow_on_over_pages(tmp_path):
    """A heading across the table (a programme task) of a 3000-letter word, then an entry nearly a
    page tall and one far taller: each word is broken inside its column, the rows flow on over
    pages, and the PDF gives every letter back. The school's name in the footer stops short of the
    print date."""
    heading, tall, taller = "Ж" * 3000, "строка\n" * 40, "Щ" * 3000 + " " + "ю" * 4000
    report = TableReport(
        title="Карта поддержки",
        columns=[ReportColumn("Уровень"), ReportColumn("Содержание", 3), ReportColumn("От кого", 2)],
        rows=[
            [heading],
            ["Школа", tall, "Ы" * 500],
            ["Район", taller, "методист"],
            ["x" * 5000],
            ["Регион", "", ""],
        ],
        owner="Школа " + "ш" * 300,
        group_rows=frozenset({0, 3}),
    )
    out = write_report(report, "pdf", tmp_path / "support.pdf")
    pages = [page.extract_text() for page in PdfReader(out).pages]
    assert len(pages) > 3
    text = readable("\n".join(pages))
    for letter, count in (("Ж", 3000), ("Ы", 500), ("Щ", 3000), ("ю", 4000), ("x", 5000)):
        assert text.count(letter) >= count, letter
    assert text.count("строка") == 40 and "методист" in text and "Регион" in text
    for page in pages:
        assert "…Напечатано" in readable(page) or "… Напечатано" in page
