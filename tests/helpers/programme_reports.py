"""Shared by the programme report tests: write a report of a kind, read a PDF back as its reader gets it."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.helpers.report_files import write_kind


def pdf_text(path: Path) -> str:
    """The whole PDF's text, whitespace collapsed."""
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages).split())


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, whitespace collapsed."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages]


def write(store, kind: str, fmt: str, out: Path, **options) -> Path:
    """The programme report `kind` written as `fmt` to `out`, options as ReportOptions takes them."""
    return write_kind(store, kind, fmt, out, **options)
