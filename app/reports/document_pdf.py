"""Pages of a PDF printout: one TableReport, or a Document of several tables and paragraphs.

Each table has a page template of its own that repeats its header at the top of the pages it
continues on; the story switches templates as tables begin and end, and a table starts on a
new page when its heading, header and first row would not fit under what is above it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    LayoutError,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import Flowable

from app.core.errors import UserError
from app.reports import Document, TableReport, TextPart, clean_text, report_file
from app.reports.table_pdf import (
    HEADING,
    LEADING,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE,
    SUBTITLE,
    TEXT,
    TITLE,
    column_widths,
    entry_tables,
    footer_canvas,
    header_table,
    markup,
    register_fonts,
)

PLAIN = "plain"


def as_document(report: TableReport | Document) -> tuple[Document, bool]:
    """A single table as a document of one part; also whether parts print their own headings."""
    if isinstance(report, Document):
        return report, True
    part = replace(report, title="", subtitle=[])
    document = Document(
        title=report.title,
        parts=[part],
        subtitle=list(report.subtitle),
        owner=report.owner,
        printed_on=report.printed_on,
    )
    return document, False


def _paragraphs(lines: list[str], style) -> list[Flowable]:
    return [Paragraph(markup(clean_text(line)), style) for line in lines]


def _height(flowables: list[Flowable], width: float, height: float) -> float:
    total = 0.0
    for flowable in flowables:
        _, h = flowable.wrap(width, height)
        total += h + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


SHORT_TABLE = 12  # rows: a table this short is measured whole before it is placed


class _Layout:
    """What one document needs to be laid out: page size, a template per table with a header."""

    def __init__(self, document: Document, headings: bool):
        self.document = document
        self.headings = headings
        self.width = PAGE[0] - 2 * MARGIN_X
        self.height = PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM
        self.templates = [PageTemplate(PLAIN, [self.frame(self.height)])]
        self.story: list[Flowable] = []

    def frame(self, frame_height: float) -> Frame:
        return Frame(MARGIN_X, MARGIN_BOTTOM, self.width, frame_height, 0, 0, 0, 0)

    def build(self) -> list[Flowable]:
        doc = self.document
        self.story = [Paragraph(markup(clean_text(doc.title)), TITLE), *_paragraphs(doc.subtitle, SUBTITLE)]
        self.story.append(Spacer(1, 6))
        for index, part in enumerate(doc.parts):
            if isinstance(part, TextPart):
                self.add_text(part)
            else:
                self.add_table(index, part)
        if not doc.parts:
            self.story += [Spacer(1, 6), Paragraph(markup(doc.empty_note), SUBTITLE)]
        return self.story

    def heading(self, title: str, subtitle: list[str]) -> list[Flowable]:
        if not self.headings:
            return []
        lines = [Paragraph(markup(clean_text(title)), HEADING)] if title else []
        return lines + _paragraphs(subtitle, SUBTITLE)

    def add_text(self, part: TextPart) -> None:
        self.story += self.heading(part.title, [])
        self.story += _paragraphs(part.lines, TEXT)
        self.story.append(Spacer(1, 8))

    def add_table(self, index: int, part: TableReport) -> None:
        widths = column_widths(part, self.width)
        header = header_table(part, widths)
        header_height = header.wrap(self.width, self.height)[1] if header is not None else 0.0
        # The tallest part of an entry: what a later page holds under the header, less a margin.
        limit = self.height - header_height - 2 * LEADING
        heading = self.heading(part.title, part.subtitle)
        tables = entry_tables(part, widths, limit) if (part.rows or header is not None) else []
        if tables:
            lines = len(part.header_lines()) if header is not None else 0
            first_row = _first_row_height(tables[0], lines, self.width, self.height)
            # A table starts where a few of its rows fit under its header, never with one row left
            # alone at the foot of a page (the plan under a long passport).
            rows = max(3 * first_row, self.height / 4)
            if len(part.rows) <= SHORT_TABLE:  # a short table needs only its own height
                rows = min(rows, _height(tables, self.width, self.height))
            needed = _height(heading, self.width, self.height) + header_height + rows + LEADING
            self.story.append(CondPageBreak(min(needed, self.height / 2)))
        self.story += heading
        if header is not None and tables:
            name = f"table-{index}"
            self.templates.append(
                PageTemplate(name, [self.frame(self.height - header_height)], onPage=_drawer(header, self))
            )
            self.story.append(NextPageTemplate(name))
        self.story += tables
        if header is not None and tables:
            self.story.append(NextPageTemplate(PLAIN))
        if not part.rows:
            self.story += [Spacer(1, 6), Paragraph(markup(clean_text(part.empty_note)), SUBTITLE)]
        self.story.append(Spacer(1, 10))


def _first_row_height(table: Table, header_lines: int, width: float, height: float) -> float:
    """Height of the first entry row of a table led by `header_lines` header rows (0 if none)."""
    table.wrap(width, height)
    heights = list(getattr(table, "_rowHeights", None) or [])
    return heights[header_lines] if len(heights) > header_lines else 0.0


def _drawer(header: Table, layout: _Layout):
    def draw_header(canv, _doc) -> None:
        _, header_height = header.wrap(layout.width, layout.height)
        header.drawOn(canv, MARGIN_X, MARGIN_BOTTOM + layout.height - header_height)

    return draw_header


def write_document_pdf(report: TableReport | Document, out_path: str | os.PathLike) -> Path:
    """Write the report or document as PDF to `out_path` (replaced only once all is written)."""
    register_fonts()
    target = Path(out_path)
    document, headings = as_document(report)
    layout = _Layout(document, headings)
    story = layout.build()
    with report_file(target) as temporary:
        doc = BaseDocTemplate(
            str(temporary),
            pagesize=PAGE,
            title=document.title,
            author=document.owner,
            creator="Дневник школы",
            pageTemplates=layout.templates,
        )
        try:
            doc.build(story, canvasmaker=footer_canvas(document))
        except LayoutError as exc:
            raise UserError(
                "Таблица не поместилась на страницу: одна из записей слишком длинная даже для "
                "отдельной страницы. Сократите её или сохраните отчёт в XLSX."
            ) from exc
    return target
