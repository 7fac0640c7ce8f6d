"""`report survey-blank`: the paper questionnaire a school hands out — the statements in their
sections, one column per answer (numbered as the sheet entry types them: 1, 2, 3 …), the round's
title and date, and no names — to be typed in afterwards with «Ввод листов»."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.core.dates import format_day
from app.core.errors import UserError
from app.core.store import Store
from app.reports import Cell, ReportColumn, TableReport, write_report
from app.reports.catalog import ReportKind, ReportOptions, register
from app.reports.report_owner import report_owner
from app.surveys.survey_templates import Template, get_template, list_templates
from app.surveys.surveys import RoundInfo, find_round, latest_round

BLANK_TITLE = "Бланк анкеты"
MARK = "\u2610"  # an empty box to tick


@dataclass(frozen=True)
class BlankSource:
    """What a blank is printed from: a template, and the round it is handed out for (if any)."""

    template: Template
    round: RoundInfo | None


def _template_by_ref(store: Store, ref: str) -> Template:
    """A template by its id, code or title (any letter case; its newest version); refused with the choices."""
    templates = list_templates(store)
    wanted = " ".join(ref.split()).casefold()
    for template in templates:
        if template.id == ref.strip() or wanted in (template.code.casefold(), template.title.casefold()):
            return template
    everyone = list_templates(store, all_versions=True)
    for template in everyone:
        if template.id == ref.strip():
            return template
    known = ", ".join(f"«{t.title}»" for t in templates)
    raise UserError(f"Шаблона анкеты «{ref}» нет. Есть шаблоны: {known}.")


def blank_source(store: Store, options: ReportOptions) -> BlankSource:
    """`--template` alone: its blank without a round; otherwise `--round` (or the latest round),
    printed with the version of the template the round uses."""
    if options.template and not options.round:
        return BlankSource(_template_by_ref(store, options.template), None)
    school_id = options.school_id or report_owner(store).school_id
    if school_id is None:
        raise UserError(
            "В базе управления туров анкетирования нет: укажите шаблон (--template «название»), "
            "и бланк будет напечатан без тура."
        )
    info = find_round(store, school_id, options.round) if options.round else latest_round(store, school_id)
    if info is None:
        known = ", ".join(f"«{t.title}»" for t in list_templates(store))
        raise UserError(
            "Туров анкетирования в базе нет: укажите шаблон (--template «название»), и бланк будет "
            f"напечатан без тура. Есть шаблоны: {known}."
        )
    return BlankSource(get_template(store, info.template_id), info)


def blank_report(store: Store, source: BlankSource, owner: str, today: date | None = None) -> TableReport:
    template, info = source.template, source.round
    subtitle = [owner] if owner else []
    if info is not None:
        subtitle.append(f"Тур «{info.title}» · дата проведения: {format_day(info.held_on)}")
    else:
        subtitle.append("Тур: ____________________ · дата проведения: ___.___.______")
    if template.intro:
        subtitle.append(template.intro)
    subtitle.append("Отметьте в каждой строке один ответ. Фамилию и имя писать не нужно: анкета анонимная.")
    answers = [
        ReportColumn(f"{n} — {label}", 0.55, centered=True) for n, label in enumerate(template.scale, 1)
    ]
    rows: list[list[Cell]] = []
    group_rows: set[int] = set()
    empty = [MARK] * len(template.scale)
    for s_no, section in enumerate(template.sections, 1):
        if section.title:
            group_rows.add(len(rows))
            rows.append([f"{s_no}. {section.title}", "", *[""] * len(template.scale)])
        for i_no, item in enumerate(section.items, 1):
            rows.append([f"{s_no}.{i_no}", item.text, *empty])
    return TableReport(
        title=f"Анкета «{template.title}»",
        columns=[ReportColumn("№", 0.22, centered=True), ReportColumn("Утверждение", 2.6), *answers],
        rows=rows,
        subtitle=subtitle,
        owner=owner,
        printed_on=today or date.today(),
        empty_note="В анкете нет утверждений.",
        group_rows=frozenset(group_rows),
    )


def _build(store: Store, fmt: str, out: Path, options: ReportOptions) -> str:
    source = blank_source(store, options)
    owner = report_owner(store, options.school_id).name
    report = blank_report(store, source, owner)
    if not report.rows:
        raise UserError(f"В анкете «{source.template.title}» нет утверждений: бланк печатать нечего.")
    write_report(report, fmt, out)
    statements = sum(len(s.items) for s in source.template.sections)
    summary = f"«{BLANK_TITLE}»: анкета «{source.template.title}», утверждений: {statements}"
    if source.round is not None:
        summary += f", тур «{source.round.title}»"
    return summary


register(ReportKind("survey-blank", BLANK_TITLE, ("--round", "--template"), _build))

__all__ = ["BLANK_TITLE", "BlankSource", "blank_report", "blank_source"]
