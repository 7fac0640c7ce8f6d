"""Printouts of «Карта поддержки»: at a school, its map with «Достаточна ли поддержка» and the path
of each help that came on into practice; at the office, what its schools need from it.

`python -m app report support --format pdf|xlsx --out FILE` prints whichever the database keeps.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.core.errors import UserError
from app.core.store import Store
from app.reports import Cell, ReportColumn, TableReport, write_report
from app.reports.catalog import ReportKind, ReportOptions, register
from app.school.installation import own_school
from app.school.school import get_card
from app.support.support import LEVEL_LABELS, NeedRow, support_map
from app.support.support_office import district_needs
from app.support.support_summary import NeedPath, summarize

KIND = "support"
TITLE = "Карта поддержки"
DISTRICT_TITLE = "Потребности школ в поддержке"
# The level as its narrow column prints it: one word, never broken mid-word.
PRINTED_LEVELS = {"school": "Школа сама", "municipal": "Муниципальный", "regional": "Региональный"}
SCHOOL_COLUMNS = [
    ReportColumn("Уровень", 1.35),
    ReportColumn("Содержание помощи", 2.8),
    ReportColumn("От кого", 1.7),
    ReportColumn("Срок", 1.2),
    ReportColumn("Статус", 1.0),
    ReportColumn("Через какие мероприятия получена", 2.1),
    ReportColumn("Путь в практику", 2.9),
]
DISTRICT_COLUMNS = [
    ReportColumn("Срок", 1.0),
    ReportColumn("Школа", 1.5),
    ReportColumn("Содержание помощи", 3.2),
    ReportColumn("От кого", 1.6),
    ReportColumn("Программа: задача", 2.0),
    ReportColumn("Статус", 1.0),
    ReportColumn("Предложено из каталога", 2.0),
]


def _status(need: NeedRow) -> str:
    return f"{need.status_label}\n(срок прошёл)" if need.overdue else need.status_label


def _events_cell(need: NeedRow) -> str:
    if need.events:
        return "\n".join(ref.label for ref in need.events)
    if need.offers:
        return "Предложено управлением:\n" + "\n".join(ref.label for ref in need.offers)
    return ""


def _path_cell(path: NeedPath | None) -> str:
    if path is None:
        return ""
    return "\n".join([path.uses_text + ("." if path.used else ""), *path.lines()])


def sufficiency_lines(summary) -> list[str]:
    """«Достаточна ли поддержка» in words: one line per level, then all levels together."""
    lines = ["Достаточна ли поддержка:"]
    lines += [f"{level.label}: {level.verdict}" for level in summary.levels]
    lines.append(f"Всего: {summary.total.verdict}")
    return lines


def support_report(
    store: Store, school_id: str, today: date | None = None, printed_on: date | None = None
) -> TableReport:
    """The school's map by programme task (each task a heading), levels in the seed's order."""
    today = today or date.today()
    school = get_card(store, school_id)
    found = support_map(store, school_id, today)
    summary = summarize(store, found.needs())
    rows: list[list[Cell]] = []
    groups: set[int] = set()
    for group in found.groups:
        needs = group.all_needs()
        if not needs:
            continue
        groups.add(len(rows))
        rows.append([group.title] + [""] * (len(SCHOOL_COLUMNS) - 1))
        for need in needs:
            rows.append(
                [
                    PRINTED_LEVELS.get(need.level, need.level_label),
                    need.content,
                    need.provider,
                    need.due_label,
                    _status(need),
                    _events_cell(need),
                    _path_cell(summary.path(need.id)),
                ]
            )
    subtitle = [school.name]
    if found.programme_title:
        subtitle.append(f"Программа: {found.programme_title}")
    subtitle += sufficiency_lines(summary)
    return TableReport(
        title=TITLE,
        columns=SCHOOL_COLUMNS,
        rows=rows,
        subtitle=subtitle,
        owner=school.name,
        printed_on=printed_on or today,
        empty_note="Потребностей в поддержке пока не записано.",
        group_rows=frozenset(groups),
    )


def district_report(
    store: Store,
    level: str = "municipal",
    include_received: bool = False,
    today: date | None = None,
    printed_on: date | None = None,
) -> TableReport:
    """The office's view: needs of all schools at `level`, by topic, then due month."""
    today = today or date.today()
    found = district_needs(store, level, include_received, today)
    installation = store.installation()
    owner = installation.name if installation is not None else ""
    rows: list[list[Cell]] = []
    groups: set[int] = set()
    for topic in found.topics:
        groups.add(len(rows))
        heading = (
            f"{topic.topic} — потребностей: {len(topic.needs())}, школ: {len(topic.schools)}, "
            f"ждут помощи: {topic.waiting}, предложено из каталога: {topic.offered}"
        )
        rows.append([heading] + [""] * (len(DISTRICT_COLUMNS) - 1))
        for month in topic.months:
            for need in month.needs:
                rows.append(
                    [
                        month.label + (f"\n({need.due_text})" if need.due_text else ""),
                        need.school,
                        need.content,
                        need.provider,
                        need.task,
                        need.status_label,
                        "\n".join(ref.label for ref in need.offers),
                    ]
                )
    which = "все, включая полученные" if include_received else "ещё не полученные"
    subtitle = [
        owner,
        f"{LEVEL_LABELS[level]}: что школы ждут от {'управления' if level == 'municipal' else 'региона'}",
        f"Потребности: {which}. Всего {len(found.needs())}, школ: {len(found.schools)}.",
        "Тема определяется по словам в содержании помощи (или в задаче программы).",
    ]
    return TableReport(
        title=DISTRICT_TITLE,
        columns=DISTRICT_COLUMNS,
        rows=rows,
        subtitle=[line for line in subtitle if line],
        owner=owner,
        printed_on=printed_on or today,
        empty_note="Школы не заявили потребностей в поддержке на этом уровне.",
        group_rows=frozenset(groups),
    )


def _build(store: Store, fmt: str, out: Path, options: ReportOptions) -> str:
    report = _support_or_needs(store, options)
    write_report(report, fmt, out)
    needs = len(report.rows) - len(report.group_rows)
    return f"«{report.title}», потребностей: {needs}"


def _support_or_needs(store: Store, options: ReportOptions) -> TableReport:
    """A school's map (its own, or the one on the curator's desk), or the office's needs of its schools."""
    if options.school_id is not None:
        return support_report(store, options.school_id)
    installation = store.installation()
    if installation is None:
        raise UserError("База пуста: школа ещё не настроена. Создайте её командой init или demo.")
    if installation.mode == "school":
        if options.need_level is not None or options.include_received is not None:
            raise UserError(
                "--level и --received отбирают потребности школ в базе управления образования; "
                "в базе школы печатается её карта поддержки — уберите эти параметры."
            )
        school = own_school(store)
        if school is None:
            raise UserError("Школа этой базы не найдена: проверьте «Карточку школы».")
        return support_report(store, school.id)
    return district_report(store, options.need_level or "municipal", bool(options.include_received))


register(ReportKind(KIND, TITLE, ("--level", "--received"), _build))

__all__ = ["district_report", "sufficiency_lines", "support_report"]
