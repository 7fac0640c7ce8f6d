"""A TableReport as PDF: A4 landscape, the bundled Cyrillic font, the header row on every page,
«Стр. X из Y», the school's name and the print date in every footer.

User text is data, never markup: it is escaped before it becomes a Paragraph. A row taller
than a page is cut into several rows (the text flows on), so no entry can stop the printout.
The pages themselves are laid out in app.reports.document_pdf (one table or several).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Table
from reportlab.platypus.flowables import Flowable

from app.core import paths
from app.core.dates import format_day
from app.core.errors import UserError
from app.reports import Document, TableReport, clean_text, header_spans

FONT = "DejaVuSansCondensed"
FONT_BOLD = "DejaVuSansCondensed-Bold"
FONT_FILES = {FONT: "DejaVuSansCondensed.ttf", FONT_BOLD: "DejaVuSansCondensed-Bold.ttf"}

PAGE = landscape(A4)
MARGIN_X = 12 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 16 * mm  # room for the footer
PAD = 3  # cell padding, points
SIZE, LEADING = 8, 10

CELL = ParagraphStyle("cell", fontName=FONT, fontSize=SIZE, leading=LEADING)
CELL_CENTER = ParagraphStyle("cell-center", parent=CELL, alignment=TA_CENTER)
HEAD = ParagraphStyle("head", parent=CELL, fontName=FONT_BOLD, alignment=TA_CENTER)
GROUP = ParagraphStyle("group", parent=CELL, fontName=FONT_BOLD)
TITLE = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=4)
HEADING = ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=6, spaceAfter=3)
SUBTITLE = ParagraphStyle("subtitle", fontName=FONT, fontSize=9, leading=12)
TEXT = ParagraphStyle("text", parent=SUBTITLE, spaceAfter=4)
HEADER_FILL = colors.HexColor("#E6E6E6")
GROUP_FILL = colors.HexColor("#F2F2F2")
CHUNK = 100  # rows per Table flowable
# Characters of a cell given to reportlab as one Paragraph at most: its line breaking costs time
# in proportion to the square of the text, so a longer text is cut first (text_chunks).
TEXT_CHUNK = 3000
FOOTER_SIZE = 7.5
FOOTER_LEADING = 9

_fonts_lock = threading.Lock()
_fonts_ready = False


def register_fonts() -> None:
    """Register the bundled TTF family with reportlab, once per process."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        for name, file_name in FONT_FILES.items():
            path = paths.resource("fonts", file_name)
            if not path.is_file():
                raise UserError(f"Не найден шрифт {path}. Переустановите программу.")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
        # Page streams deflated only, not also spelt in ASCII85 (reportlab's default, for mail of
        # the 1990s): a tenth of a long printout's time, and a sixth of its size.
        rl_config.useA85 = 0
        _fonts_ready = True


class CellParagraph(Paragraph):
    """A Paragraph that remembers its line breaks: a long table measures each cell several times."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth, availHeight):  # noqa: N803 — reportlab's names
        if self._wrapped is not None and abs(self._wrapped[0] - availWidth) < 1e-6:
            return self._wrapped[1]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size


def markup(text: str) -> str:
    """Paragraph markup that shows `text` exactly as typed: <, > and & escaped, breaks kept."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\t", "    ").replace("\n", "<br/>")


def column_widths(report: TableReport, available: float) -> list[float]:
    """Date columns just fit a date (or their header); the rest share the width by weight."""
    widths: list[float | None] = []
    for column in report.columns:
        if column.is_date:
            words = [format_day(report.printed_on), *column.header.split()]
            widths.append(max(pdfmetrics.stringWidth(w, FONT_BOLD, SIZE) for w in words) + 2 * PAD + 2)
        else:
            widths.append(None)
    rest = available - sum(w for w in widths if w is not None)
    weights = sum(c.width for c, w in zip(report.columns, widths, strict=True) if w is None) or 1.0
    pairs = zip(report.columns, widths, strict=True)
    return [w if w is not None else rest * c.width / weights for c, w in pairs]


def _pieces(paragraph: Paragraph, width: float, limit: float) -> list[Flowable]:
    """The paragraph cut into parts no taller than `limit`."""
    parts: list[Flowable] = []
    rest: Flowable = paragraph
    while True:
        _, height = rest.wrap(width, limit)
        if height <= limit:
            parts.append(rest)
            return parts
        split = rest.split(width, limit)
        if len(split) < 2:  # nothing more can be cut off: leave it, Table will say so
            parts.append(rest)
            return parts
        parts.append(split[0])
        rest = split[1]


def text_chunks(text: str, limit: int = TEXT_CHUNK) -> list[str]:
    """`text` in parts of at most `limit` characters, cut at a line break where there is one,
    else after a sentence or a word; only a word longer than `limit` is cut inside."""
    chunks: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind("\n", start + 1, end)
        if cut > start:
            chunks.append(text[start:cut])
            start = cut + 1  # the break itself ends the part
            continue
        cut = max(text.rfind(". ", start + 1, end), text.rfind(" ", start + 1, end))
        cut = cut + 1 if cut > start else end
        chunks.append(text[start:cut])
        start = cut
    chunks.append(text[start:])
    return chunks


def cell_pieces(text: str, style: ParagraphStyle, width: float, limit: float) -> list[Flowable | str]:
    """A cell's text as parts no taller than `limit`, in time linear in its length: each chunk
    of the text (text_chunks) is a paragraph of its own, cut as `_pieces` cuts it."""
    if not text:
        return [""]
    parts: list[Flowable | str] = []
    for chunk in text_chunks(text):
        paragraph = CellParagraph(markup(chunk), style)
        parts += _pieces(paragraph, width, limit) if paragraph.wrap(width, limit)[1] > limit else [paragraph]
    return parts


@dataclass
class Rows:
    """Table rows of entries as Paragraphs, with what the page layout needs to know of each.

    `continues`: the row goes on with the entry (or heading) above; `groups`: a heading printed
    across the table; `keeps`: kept on one page with the row below (a heading with what follows).
    """

    cells: list[list] = field(default_factory=list)
    continues: list[bool] = field(default_factory=list)
    groups: list[bool] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    keeps: list[bool] = field(default_factory=list)

    def add(self, cells: list, widths: list[float], continued: bool, group: bool) -> None:
        self.cells.append(cells)
        self.continues.append(continued)
        self.groups.append(group)
        tallest = max((c.wrap(w, 1e6)[1] for c, w in zip(cells, widths, strict=True) if c), default=0)
        self.heights.append(tallest + 2 * PAD)

    def keep_headings(self, limit: float) -> None:
        """A heading stays with the rows under it only while all of them fit on one page."""
        self.keeps = [False] * len(self.cells)
        block = 0.0  # height of the rows held together from the row below down
        for index in range(len(self.cells) - 1, -1, -1):
            kept = self.groups[index] and index + 1 < len(self.cells) and self.heights[index] + block <= limit
            self.keeps[index] = kept
            block = self.heights[index] + (block if kept else 0.0)


def table_rows(report: TableReport, widths: list[float], limit: float) -> Rows:
    """Cells as Paragraphs; a row (or heading) taller than a page allows becomes several.

    A word longer than its column is broken across lines (reportlab's splitLongWords), so
    a cell is never wider than its column, only taller: it then flows on in the rows below.
    """
    inner = [w - PAD - PAD for w in widths]  # as reportlab computes it, so wraps are reused
    across = [sum(widths) - PAD - PAD] + [0.0] * (len(widths) - 1)  # a heading spans the table
    styles = [CELL_CENTER if c.centered else CELL for c in report.columns]
    # Parts of a third of a page: the first one still fits under the rows above it.
    piece = max(limit / 3, 4 * LEADING)
    rows = Rows()
    for index, values in enumerate(report.rows):
        if index in report.group_rows:
            text = clean_text(values[0] if values else "")
            heading = CellParagraph(markup(text), GROUP)
            parts = (
                _pieces(heading, across[0], piece) if heading.wrap(across[0], limit)[1] > piece else [heading]
            )
            for number, part in enumerate(parts):
                rows.add([part] + [""] * (len(widths) - 1), across, number > 0, True)
            continue
        texts = [clean_text(v) for v in values]
        if all(len(t) <= TEXT_CHUNK for t in texts):
            cells = [CellParagraph(markup(t), st) if t else "" for t, st in zip(texts, styles, strict=True)]
            if not any(c and c.wrap(w, limit)[1] > limit for c, w in zip(cells, inner, strict=True)):
                rows.add(cells, inner, False, False)
                continue
        columns = [cell_pieces(t, st, w, piece) for t, st, w in zip(texts, styles, inner, strict=True)]
        for i in range(max(len(parts) for parts in columns)):
            rows.add([parts[i] if i < len(parts) else "" for parts in columns], inner, i > 0, False)
    rows.keep_headings(limit)
    return rows


def table_style(
    continues: list[bool],
    header: bool,
    groups: list[bool] | None = None,
    header_lines: int = 1,
    spans: list[tuple[int, int, int, int]] | None = None,
    keeps: list[bool] | None = None,
) -> list[tuple]:
    """Vertical lines everywhere; a line under each entry, a faint dotted one between its parts.

    Every row gets a line below it, so a page that ends inside an entry is closed too. With a
    header, `header_lines` rows lead the table, merged as `spans` says; `groups` marks the rows
    printed across the table as headings, `keeps` those kept on a page with the row below.
    """
    if not header:
        header_lines = 0
    first = header_lines  # the first row of entries
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), FONT, SIZE, LEADING),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
        ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.4, colors.black),
    ]
    if header_lines:
        last = header_lines - 1
        commands += [
            ("BACKGROUND", (0, 0), (-1, last), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, last), "MIDDLE"),
            ("INNERGRID", (0, 0), (-1, last), 0.4, colors.black),
            ("LINEBELOW", (0, last), (-1, last), 0.6, colors.black),
        ]
        for row, column, rows, columns in spans or []:
            commands.append(("SPAN", (column, row), (column + columns - 1, row + rows - 1)))
        if continues:  # never the header alone at the foot of a page
            commands.append(("NOSPLIT", (0, 0), (-1, header_lines)))
    for index, is_group in enumerate(groups or []):
        if is_group:  # a heading across the table
            row = first + index
            commands += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), GROUP_FILL)]
    for index, kept in enumerate(keeps or []):
        if kept and index + 1 < len(continues):
            commands.append(("NOSPLIT", (0, first + index), (-1, first + index + 1)))
    # A solid line under each row that ends an entry: runs of them as one command each.
    ends = [not following for following in continues[1:]] + [True] if continues else []
    run = None
    for index, ends_entry in enumerate([*ends, False]):
        if ends_entry and run is None:
            run = first + index
        elif not ends_entry and run is not None:
            commands.append(("LINEBELOW", (0, run), (-1, first + index - 1), 0.4, colors.black))
            run = None
    for index, continued in enumerate(continues):
        if continued:  # the parts of one entry read as one text: no padding between them
            row = first + index
            commands.append(("TOPPADDING", (0, row), (-1, row), 0))
            commands.append(("BOTTOMPADDING", (0, row - 1), (-1, row - 1), 0))
            commands.append(("LINEBELOW", (0, row - 1), (-1, row - 1), 0.4, colors.grey, None, (1, 2)))
    return commands


def header_cells(report: TableReport) -> list[list]:
    """The header lines as Paragraphs ("" where a merged cell continues)."""
    return [
        [CellParagraph(markup(clean_text(text)), HEAD) if text else "" for text in line]
        for line in report.header_lines()
    ]


def header_table(report: TableReport, widths: list[float]) -> Table | None:
    """The header alone, as later pages repeat it; None for a table without one."""
    lines = header_cells(report)
    if not lines:
        return None
    style = table_style([], header=True, header_lines=len(lines), spans=_spans(report))
    return Table(lines, colWidths=widths, style=style)


def _spans(report: TableReport) -> list[tuple[int, int, int, int]]:
    return header_spans(report.header_rows) if report.header_rows else []


def entry_tables(report: TableReport, widths: list[float], limit: float) -> list[Flowable]:
    """The rows in tables of about CHUNK rows (the first led by the header), cut between entries.

    One long Table costs reportlab time in proportion to rows × pages when it splits; short
    ones keep a 5 000-entry diary linear. Later pages get the header from the page template.
    """
    rows = table_rows(report, widths, limit)
    head = header_cells(report)
    spans = _spans(report)
    tables: list[Flowable] = []
    start = 0
    while start < len(rows.cells) or (not tables and head):
        end = min(start + CHUNK, len(rows.cells))
        while end < len(rows.cells) and (rows.continues[end] or rows.keeps[end - 1]):
            end += 1
        part, marks = rows.cells[start:end], rows.continues[start:end]
        first = not tables and bool(head)
        data = [*head, *part] if first else part
        style = table_style(
            marks,
            header=first,
            groups=rows.groups[start:end],
            header_lines=len(head),
            spans=spans,
            keeps=rows.keeps[start:end],
        )
        tables.append(Table(data, colWidths=widths, splitByRow=1, style=style, hAlign="LEFT"))
        start = end
    return tables


def fit_line(text: str, font: str, size: float, width: float) -> str:
    """`text` cut short with «…» so that it takes no more than `width` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)  # the longest start of the text that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if pdfmetrics.stringWidth(text[:middle].rstrip() + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def footer_lines(text: str, room: float) -> list[str]:
    """The footer's left text wrapped into `room` points: two lines at most, the second
    shortened with «…» only if even two are not enough."""
    lines = simpleSplit(text, FONT, FOOTER_SIZE, room) or [""]
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    # A word longer than the room stays whole on its line in simpleSplit: shortened too.
    return [fit_line(line, FONT, FOOTER_SIZE, room) for line in lines]


def footer_canvas(report: TableReport | Document) -> type[canvas.Canvas]:
    """A canvas that keeps its pages until the end, so each footer can say «из Y»."""
    left = clean_text(" — ".join(x for x in (report.title, report.owner) if x)).replace("\n", " ")
    middle = f"Напечатано {format_day(report.printed_on)}"

    class FooterCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._kept_pages: list[dict] = []

        def showPage(self):  # noqa: N802 — reportlab's name
            self._kept_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._kept_pages)
            for number, state in enumerate(self._kept_pages, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            width, _ = self._pagesize
            y = MARGIN_BOTTOM / 2
            self.saveState()
            self.setFont(FONT, FOOTER_SIZE)
            self.setStrokeColor(colors.grey)
            self.setLineWidth(0.4)
            self.line(MARGIN_X, y + 9, width - MARGIN_X, y + 9)
            # The title and the school's name end before the print date: on a second line when
            # they are long, shortened only past that.
            room = (width - self.stringWidth(middle, FONT, FOOTER_SIZE)) / 2 - MARGIN_X - 12
            for number_of_line, line in enumerate(footer_lines(left, room)):
                self.drawString(MARGIN_X, y - number_of_line * FOOTER_LEADING, line)
            self.drawCentredString(width / 2, y, middle)
            self.drawRightString(width - MARGIN_X, y, f"Стр. {number} из {total}")
            self.restoreState()

    return FooterCanvas


def write_pdf(report: TableReport | Document, out_path: str | os.PathLike) -> Path:
    """Write the report as PDF to `out_path` (replaced only once the whole file is written)."""
    from app.reports.document_pdf import write_document_pdf

    return write_document_pdf(report, out_path)
