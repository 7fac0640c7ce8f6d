"""`report survey`: a round's results as PDF (A4 landscape as every printout, bars drawn with reportlab's own
graphics) or XLSX (counts and shares as numbers), optionally compared with another round.

PDF rules as everywhere: the bundled Cyrillic font, «Стр. X из Y» with the school's name and
the print date in every footer (table_pdf's canvas), user text escaped, never markup.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from app.core.errors import UserError
from app.reports import TableReport, clean_text, report_file
from app.reports.catalog import ReportKind, ReportOptions, register
from app.reports.survey_common import (
    REPORT_TITLE,
    SurveyReport,
    build_survey_report,
    pick_rounds,
    survey_school,
)
from app.reports.survey_graphics import bar, legend, pair_of_bars
from app.reports.table_pdf import (
    FONT,
    FONT_BOLD,
    HEADER_FILL,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAD,
    SUBTITLE,
    TITLE,
    footer_canvas,
    markup,
    register_fonts,
)
from app.surveys.survey_results import (
    Change,
    Comparison,
    RoundResults,
    Tally,
    dark,
    mean_change_text,
    mean_text,
    percent,
    points_change_text,
    scale_colors,
)

PAGE = landscape(A4)  # as every other printout
WIDTH = PAGE[0] - 2 * MARGIN_X
CELL = ParagraphStyle("survey-cell", fontName=FONT, fontSize=8, leading=10)
BOLD = ParagraphStyle("survey-bold", parent=CELL, fontName=FONT_BOLD)
NUM = ParagraphStyle("survey-num", parent=CELL, alignment=2)
NUM_BOLD = ParagraphStyle("survey-num-bold", parent=NUM, fontName=FONT_BOLD)
HEAD = ParagraphStyle("survey-head", parent=CELL, fontName=FONT_BOLD, fontSize=7, leading=8.5, alignment=1)
HEADING = ParagraphStyle(
    "survey-heading", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=3
)
NOTE = ParagraphStyle("survey-note", parent=SUBTITLE, textColor=colors.HexColor("#8A4B00"))
GREEN, RED = "#1B7F3B", "#B00020"


def _p(text: str, style: ParagraphStyle = CELL) -> Paragraph:
    return Paragraph(markup(clean_text(text)), style)


def _grid(header_rows: int = 1) -> list[tuple]:
    return [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#808080")),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
    ]


def _results_widths(levels: int) -> list[float]:
    fixed = [9 * mm, None, 50 * mm, *[9 * mm] * levels, 15 * mm, 13 * mm]
    rest = WIDTH - sum(w for w in fixed if w)
    return [w if w else rest for w in fixed]


def _results_header(
    results: RoundResults, palette: list[str], what: str = "Утверждение"
) -> tuple[list, list[tuple]]:
    top = len(results.scale) - 1
    row = [_p("№", HEAD), _p(what, HEAD), _p("Ответы, %", HEAD)]
    style = []
    for n, color in enumerate(palette, 1):
        row.append(Paragraph(f'<font color="{"white" if dark(color) else "black"}">{n}</font>', HEAD))
        style.append(("BACKGROUND", (2 + n, 0), (2 + n, 0), colors.HexColor(color)))
    row += [_p("Ответов", HEAD), _p(f"Индекс 0–{top}", HEAD)]
    return row, style


def _tally_cells(tally: Tally, style: ParagraphStyle = NUM) -> list:
    return [_p(str(c), style) for c in tally.counts] + [
        _p(str(tally.answered), style),
        _p(mean_text(tally.mean), style),
    ]


def results_story(results: RoundResults) -> list:
    palette = scale_colors(len(results.scale))
    widths = _results_widths(len(results.scale))
    header, header_style = _results_header(results, palette)
    story: list = [legend(results.scale, palette), Spacer(1, 4)]
    if not results.breakdown:
        story.append(_p(results.note, NOTE))
        rows = [
            header,
            [
                _p(""),
                _p("Вся анкета", BOLD),
                bar(results.overall, palette, widths[2] - 2 * PAD),
                *_tally_cells(results.overall, NUM_BOLD),
            ],
        ]
        story.append(Table(rows, colWidths=widths, style=_grid() + header_style, hAlign="LEFT"))
        return story
    story.append(Paragraph("Итоги по разделам", HEADING))
    rows = [_results_header(results, palette, "Раздел")[0]]
    for section in results.sections:
        rows.append(
            [
                _p(str(section.number)),
                _p(section.title),
                bar(section.tally, palette, widths[2] - 2 * PAD),
                *_tally_cells(section.tally),
            ]
        )
    rows.append(
        [
            _p(""),
            _p("Вся анкета", BOLD),
            bar(results.overall, palette, widths[2] - 2 * PAD),
            *_tally_cells(results.overall, NUM_BOLD),
        ]
    )
    story.append(Table(rows, colWidths=widths, style=_grid() + header_style, hAlign="LEFT", repeatRows=1))
    top_label = results.scale[-1]
    for section in results.sections:
        heading = Paragraph(f"{section.number}. {markup(clean_text(section.title))}", HEADING)
        summary = _p(
            f"Индекс раздела: {mean_text(section.tally.mean)} из {len(results.scale) - 1} · "
            f"«{top_label}» — {percent(section.tally.top_share)} ответов",
            SUBTITLE,
        )
        rows = [header]
        for item in section.items:
            rows.append(
                [
                    _p(item.number),
                    _p(item.text),
                    bar(item.tally, palette, widths[2] - 2 * PAD),
                    *_tally_cells(item.tally),
                ]
            )
        table = Table(rows, colWidths=widths, style=_grid() + header_style, hAlign="LEFT", repeatRows=1)
        story.append(KeepTogether([heading, summary, Spacer(1, 3), table]))
    return story


def _change(text: str, delta: float | None) -> Paragraph:
    if delta is None or abs(delta) < 0.005:
        return _p(text, NUM)
    return Paragraph(f'<font color="{GREEN if delta > 0 else RED}">{markup(text)}</font>', NUM)


def _change_cells(mean: Change, top: Change, style: ParagraphStyle = NUM) -> list:
    return [
        _p(mean_text(mean.before), style),
        _p(mean_text(mean.after), style),
        _change(mean_change_text(mean), mean.delta),
        _p(percent(top.before), style),
        _p(percent(top.after), style),
        _change(points_change_text(top).removesuffix(" п. п."), top.delta),
    ]


def comparison_story(comparison: Comparison) -> list:
    before, after = comparison.before, comparison.after
    palette = scale_colors(len(after.scale))
    top = len(after.scale) - 1
    widths_fixed = [9 * mm, None, 42 * mm, *[11 * mm] * 3, *[12 * mm] * 3]
    rest = WIDTH - sum(w for w in widths_fixed if w)
    widths = [w if w else rest for w in widths_fixed]
    story: list = [
        Paragraph(
            f"Сравнение туров: «{markup(clean_text(before.round.title))}» → "
            f"«{markup(clean_text(after.round.title))}»",
            TITLE,
        ),
        _p(
            f"Ответили: {before.respondents} и {after.respondents} чел. В каждой строке верхняя полоса — "
            f"тур «{before.round.title}», нижняя — «{after.round.title}». Изменение индекса — в долях шкалы "
            f"0–{top}, изменение доли «{after.scale[-1]}» — в процентных пунктах (п. п.).",
            SUBTITLE,
        ),
        legend(after.scale, palette),
        Spacer(1, 4),
    ]
    if comparison.note:
        story.append(_p(comparison.note, NOTE))
    header = [
        [
            _p("№", HEAD),
            _p("Утверждение", HEAD),
            _p("Ответы, %", HEAD),
            _p(f"Индекс 0–{top}", HEAD),
            "",
            "",
            _p(f"«{after.scale[-1]}»", HEAD),
            "",
            "",
        ],
        [
            "",
            "",
            "",
            _p("было", HEAD),
            _p("стало", HEAD),
            _p("изм.", HEAD),
            _p("было", HEAD),
            _p("стало", HEAD),
            _p("изм.,\u00a0п.\u00a0п.", HEAD),
        ],
    ]
    spans = [
        ("SPAN", (0, 0), (0, 1)),
        ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (2, 0), (2, 1)),
        ("SPAN", (3, 0), (5, 0)),
        ("SPAN", (6, 0), (8, 0)),
    ]
    rows = list(header)
    bold_rows = []
    for section in comparison.sections:
        bold_rows.append(len(rows))
        rows.append(
            [
                _p(str(section.number), BOLD),
                _p(section.title, BOLD),
                pair_of_bars(section.before, section.after, palette, widths[2] - 2 * PAD),
                *_change_cells(section.mean, section.top_share, NUM_BOLD),
            ]
        )
        for item in section.items:
            rows.append(
                [
                    _p(item.number),
                    _p(item.text),
                    pair_of_bars(item.before, item.after, palette, widths[2] - 2 * PAD),
                    *_change_cells(item.mean, item.top_share),
                ]
            )
    bold_rows.append(len(rows))
    rows.append(
        [
            _p(""),
            _p("Вся анкета", BOLD),
            pair_of_bars(before.overall, after.overall, palette, widths[2] - 2 * PAD),
            *_change_cells(comparison.overall_mean, comparison.overall_top_share, NUM_BOLD),
        ]
    )
    style = (
        _grid(2) + spans + [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F2F2F2")) for r in bold_rows]
    )
    story.append(Table(rows, colWidths=widths, style=style, hAlign="LEFT", repeatRows=2))
    return story


def write_survey_pdf(report: SurveyReport, out_path: str | os.PathLike) -> Path:
    register_fonts()
    target = Path(out_path)
    story: list = [Paragraph(markup(clean_text(report.title)), TITLE)]
    story += [_p(line, SUBTITLE) for line in report.subtitle]
    story.append(Spacer(1, 6))
    story += results_story(report.results)
    if report.comparison is not None:
        story += [PageBreak(), *comparison_story(report.comparison)]
    paper = TableReport(REPORT_TITLE, [], [], owner=report.owner, printed_on=report.printed_on)
    height = PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM
    with report_file(target) as temporary:
        doc = BaseDocTemplate(
            str(temporary),
            pagesize=PAGE,
            title=report.title,
            author=report.owner,
            creator="Дневник школы",
            pageTemplates=[PageTemplate("page", [Frame(MARGIN_X, MARGIN_BOTTOM, WIDTH, height, 0, 0, 0, 0)])],
        )
        doc.build(story, canvasmaker=footer_canvas(paper))
    return target


def write_survey_report(report: SurveyReport, fmt: str, out_path: str | os.PathLike) -> Path:
    if fmt == "pdf":
        return write_survey_pdf(report, out_path)
    if fmt == "xlsx":
        from app.reports.survey_xlsx import write_survey_xlsx

        return write_survey_xlsx(report, out_path)
    raise UserError(f"Формат «{fmt}» не поддерживается: выберите pdf или xlsx.")


def _build(store, fmt: str, out: Path, options: ReportOptions) -> str:
    # The window passes the school on the curator's desk; the command line prints its own.
    school_id = options.school_id or survey_school(store)[0]
    main, other = pick_rounds(store, school_id, options)
    report = build_survey_report(store, main.id, other.id if other else None)
    if not report.results.respondents:
        raise UserError(
            f"В туре «{main.title}» ответов пока нет: печатать нечего. Введите листы или итоги тура "
            "(«Ввод листов», «Ввести итоги»), а для раздачи напечатайте «Бланк анкеты»."
        )
    write_survey_report(report, fmt, out)
    # No closing «чел.»: the command line puts its own full stop after the summary.
    summary = f"«{REPORT_TITLE}»: тур «{main.title}», ответивших: {report.results.respondents}"
    if other is not None:
        summary += f", сравнение с туром «{other.title}»"
    return summary


register(ReportKind("survey", REPORT_TITLE, ("--round", "--compare"), _build))

__all__ = ["comparison_story", "results_story", "write_survey_pdf", "write_survey_report"]
