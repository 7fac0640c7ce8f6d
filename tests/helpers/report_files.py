"""Reports written through the catalogue's one door (app.reports.catalog.writer), as pages do."""

from __future__ import annotations

from pathlib import Path

from app.reports.catalog import ReportOptions, writer


def write_kind(store, key: str, fmt: str, out: Path, **options) -> Path:
    """The report `key` written as `fmt` to `out`, options as ReportOptions takes them; the path."""
    writer(store, key, ReportOptions(**options))(fmt, Path(out))
    return Path(out)
