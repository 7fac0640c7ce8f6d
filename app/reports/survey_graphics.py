"""The survey printout's graphics, drawn with reportlab's own shapes: stacked bars and the legend."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from app.reports import clean_text
from app.reports.table_pdf import FONT, SUBTITLE, markup
from app.surveys.survey_results import Tally, dark, percent

BAR_HEIGHT = 10


def bar_shapes(tally: Tally | None, palette: list[str], width: float, height: float = BAR_HEIGHT) -> Group:
    """A horizontal stacked bar: each answer's share, its percent written where it fits."""
    group = Group()
    if tally is None or not tally.answered:
        group.add(Rect(0, 0, width, height, fillColor=None, strokeColor=colors.grey, strokeWidth=0.4))
        text = "нет в анкете" if tally is None else "нет ответов"
        group.add(String(3, height / 2 - 2.3, text, fontName=FONT, fontSize=6.5, fillColor=colors.grey))
        return group
    size = 6.5 if height >= 9 else 5.5
    x = 0.0
    for share, color in zip(tally.shares, palette, strict=True):
        w = width * share
        if w <= 0:
            continue
        fill = colors.HexColor(color)
        group.add(Rect(x, 0, w, height, fillColor=fill, strokeColor=colors.white, strokeWidth=0.3))
        label = percent(share)
        if pdfmetrics.stringWidth(label, FONT, size) + 3 <= w:
            ink = colors.white if dark(color) else colors.black
            group.add(
                String(
                    x + w / 2,
                    height / 2 - size * 0.35,
                    label,
                    fontName=FONT,
                    fontSize=size,
                    fillColor=ink,
                    textAnchor="middle",
                )
            )
        x += w
    return group


def bar(tally: Tally | None, palette: list[str], width: float, height: float = BAR_HEIGHT) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(bar_shapes(tally, palette, width, height))
    return drawing


def pair_of_bars(before: Tally | None, after: Tally | None, palette: list[str], width: float) -> Drawing:
    """The earlier round's bar above the later one's."""
    height = 8
    drawing = Drawing(width, 2 * height + 2)
    top = bar_shapes(before, palette, width, height)
    top.translate(0, height + 2)
    drawing.add(top)
    drawing.add(bar_shapes(after, palette, width, height))
    return drawing


def legend(scale: list[str], palette: list[str]) -> Paragraph:
    parts = [
        f'<font color="{color}">■</font>\u00a0{n}\u00a0—\u00a0{markup(clean_text(label))}'
        for n, (label, color) in enumerate(zip(scale, palette, strict=True), 1)
    ]
    return Paragraph("Ответы: " + "&nbsp;&nbsp;&nbsp; ".join(parts), SUBTITLE)
