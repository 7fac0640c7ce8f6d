"""Printouts of the three diaries: the seed's columns word for word, the filter the user chose."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from app.core.dates import format_day
from app.core.errors import UserError
from app.core.store import Store
from app.core.text import fold
from app.diaries import DIARIES, DiaryFilter
from app.diaries.common import RowBase
from app.diaries.events import EventRow
from app.reports import Cell, ReportColumn, TableReport, write_report
from app.reports.catalog import PERIOD, ReportKind, ReportOptions, register
from app.reports.data_years import period_words
from app.school.installation import own_school
from app.school.school import get_card
from app.school.staff import list_staff
from db.enums import EVENT_LEVEL_LABELS

STEM = 5  # letters that stand for a word when a note is compared with the activities
REPEATED_SHARE = 0.75  # a note part with this share of the activities' words repeats them
KINDS = tuple(DIARIES)  # "school-diary", "teacher-diary", "director-diary"

# Relative column widths on the page; a column not named here gets 1.
WIDTHS: dict[str, dict[str, float]] = {
    "school-diary": {
        "title": 2.4,
        "organizer": 1.6,
        "dates": 1.1,
        "participants": 2.1,
        "key_elements": 2.8,
        "activities": 3.6,
    },
    "teacher-diary": {
        "staff": 1.4,
        "methods": 3.0,
        "where_used": 1.6,
        "results": 3.0,
        "teacher_comment": 2.4,
        "comments": 2.4,
    },
    "director-diary": {
        "form_of_use": 3.0,
        "where_used": 2.2,
        "results": 3.0,
        "director_comment": 2.4,
        "comments": 2.4,
    },
}
DATE_KEYS = {"entry_date"}  # cells given as datetime.date (a real date in XLSX)


def reporting_school(store: Store) -> str:
    """The id of the school whose diaries this installation prints; refused with the reason."""
    installation = store.installation()
    if installation is None:
        raise UserError("База пуста: школа ещё не настроена. Создайте её командой init или demo.")
    school = own_school(store)
    if school is None:
        raise UserError(
            "Это база управления образования: дневники печатаются в базе школы "
            "(или из пакета школы, когда он будет принят)."
        )
    return school.id


def filter_in_words(store: Store, school_id: str, flt: DiaryFilter) -> list[str]:
    """The filter as the printout's subtitle says it."""
    if flt.date_from and flt.date_to:
        period = f"{format_day(flt.date_from)} – {format_day(flt.date_to)}"
    elif flt.date_from:
        period = f"с {format_day(flt.date_from)}"
    elif flt.date_to:
        period = f"по {format_day(flt.date_to)}"
    else:
        period = "все записи"
    lines = [f"Период: {period}"]
    if flt.level:
        lines.append(f"Уровень организатора: {EVENT_LEVEL_LABELS.get(flt.level, flt.level)}")
    if flt.staff_id:
        names = {p.id: p.full_name for p in list_staff(store, school_id)}
        lines.append(f"Педагог: {names.get(flt.staff_id, 'не найден')}")
    if flt.text.strip():
        lines.append(f"Поиск: «{flt.text.strip()}»")
    if flt.trash:
        lines.append("Корзина: удалённые записи")
    return lines


def form_words(form: str) -> str:
    """«Форма: Курс повышения квалификации (дистанционно)» — on a line of its own, never wrapped in
    brackets of its own around brackets it holds («(Курс … (дистанционно))»)."""
    form = form.strip()
    if form.startswith("(") and form.endswith(")"):
        form = form[1:-1].strip()
    return f"Форма: {form}" if form else ""


def _stems(text: str) -> set[str]:
    """The words of `text` by their first letters (Russian endings aside): «занятия», «занятий»."""
    return {word[:STEM] for word in re.findall(r"\w+", fold(text)) if len(word) > 3}


def repeats(note: str, labels: list[str]) -> bool:
    """Whether every part of `note` (split at «;») says again what the linked activities say: nearly
    all its words are theirs («Обучение педагогов на курсе …» beside «1.1 Обучение педагогов на
    платформе … на курсе …»)."""
    said = _stems(" ".join(labels))
    for part in note.split(";"):
        words = _stems(part)
        if words and len(words & said) < REPEATED_SHARE * len(words):
            return False
    return bool(labels)


def event_cell(row: EventRow, key: str) -> Cell:
    """A «Дневник школы» cell as printed: the form under the title in words, the participants'
    note apart from the names (it is no participant), the note on the programme's elements only
    where it adds to the linked activities."""
    d = row.data
    if key == "title":
        return "\n".join(x for x in (d.title, form_words(d.form)) if x)
    if key == "participants":
        names = ", ".join(p.label for p in row.participants)
        note = f"Примечание: {d.participants_note.strip()}" if d.participants_note.strip() else ""
        return "\n".join(x for x in (names, note) if x)
    if key == "activities":
        labels = [a.label for a in row.activities]
        note = d.program_elements_note.strip()
        if note and repeats(note, labels):
            note = ""
        return "\n".join(x for x in ("\n".join(labels), note) if x)
    return row.cell(key)


def _cell(row: RowBase, key: str) -> Cell:
    if key in DATE_KEYS:
        return getattr(row.data, key)
    if isinstance(row, EventRow):
        return event_cell(row, key)
    return row.cell(key)


def diary_report(
    store: Store,
    school_id: str,
    kind: str,
    flt: DiaryFilter | None = None,
    printed_on: date | None = None,
) -> TableReport:
    """The diary `kind` as the printout shows it: printed columns only, oldest entry first."""
    service = DIARIES.get(kind)
    if service is None:
        raise UserError(f"Нет дневника «{kind}»: выберите один из {', '.join(KINDS)}.")
    flt = flt or DiaryFilter()
    school = get_card(store, school_id)
    printed = [c for c in service.columns if c.printed]
    widths = WIDTHS.get(kind, {})
    columns = [ReportColumn(c.header, widths.get(c.key, 1.0), c.key in DATE_KEYS) for c in printed]
    rows = [[_cell(row, c.key) for c in printed] for row in service.rows(store, school_id, flt)]
    if not rows and (flt.date_from or flt.date_to):
        refuse_empty_period(store, school_id, service, flt)
    subtitle = [school.name, *filter_in_words(store, school_id, flt), f"Записей: {len(rows)}"]
    return TableReport(
        title=service.title,
        columns=columns,
        rows=rows,
        subtitle=subtitle,
        owner=school.name,
        printed_on=printed_on or date.today(),
        empty_note="Записей, подходящих под условия отбора, нет.",
    )


def refuse_empty_period(store: Store, school_id: str, service, flt: DiaryFilter) -> None:
    """A period without entries is refused, not printed as an empty table: the user is told how
    many entries the diary has outside it."""
    everything = len(service.list_ids(store, school_id, DiaryFilter(trash=flt.trash)))
    where = f"дневнике «{service.title}»"
    said = f"всего в нём записей: {everything}" if everything else "в нём пока нет ни одной записи"
    raise UserError(
        f"За период {period_words(flt.date_from, flt.date_to)} записей в {where} нет ({said}). "
        "Выберите другой период."
    )


def diary_kind(service) -> str:
    """The report kind («teacher-diary» …) of a diary service."""
    return next(kind for kind, known in DIARIES.items() if known is service)


def _register() -> None:
    def builder(kind: str):
        def build(store: Store, fmt: str, out: Path, options: ReportOptions) -> str:
            # The window passes its whole filter and the school on the curator's desk.
            flt = options.diary_filter or DiaryFilter(date_from=options.date_from, date_to=options.date_to)
            report = diary_report(store, options.school_id or reporting_school(store), kind, flt)
            write_report(report, fmt, out)
            return f"«{report.title}», записей: {len(report.rows)}"

        return build

    for kind, service in DIARIES.items():
        register(ReportKind(kind, service.title, PERIOD, builder(kind)))


_register()

__all__ = ["KINDS", "diary_kind", "diary_report", "filter_in_words", "reporting_school"]
