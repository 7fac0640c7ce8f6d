"""Benchmark of the district report (issue 8): «Отчёт о реализации программ повышения качества
образования» for 50 schools × 3 years, as PDF and as XLSX, in seconds.

The office is the exchange benchmark's region (tests.bench_sync.make_region): the demo school
with 250 teacher diary entries, under new ids and codes for each school, imported as packages.
`make bench` runs `python -m tests.bench_district`; one JSON object a line, as tests/bench.py.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from tests.bench import emit
from tests.bench_sync import make_region

SCHOOLS = 50
YEARS = (2019, 2020, 2021)


def bench_district(tmp: Path) -> None:
    from pypdf import PdfReader

    from app.core.store import Store
    from app.reports.catalog import ReportOptions, writer
    from app.sync.exchange import import_packages

    office_dir, packages, _ = make_region(tmp, SCHOOLS)
    office = Store.open(office_dir)
    try:
        imported = [r for r in import_packages(office, [packages]) if r.status == "imported"]
        assert len(imported) == SCHOOLS, imported
        options = ReportOptions(years=YEARS)
        name = f"district_report_{SCHOOLS}_schools_{len(YEARS)}_years"
        for fmt in ("pdf", "xlsx"):
            out = tmp / f"district.{fmt}"
            start = time.perf_counter()
            writer(office, "district", options)(fmt, out)
            emit(f"{name}_{fmt}", time.perf_counter() - start, "s")
            if fmt == "pdf":
                emit(f"{name}_pdf_pages", len(PdfReader(str(out)).pages), "pages")
    finally:
        office.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="dnevnik-bench-district-") as tmp:
        bench_district(Path(tmp))


if __name__ == "__main__":
    main()
