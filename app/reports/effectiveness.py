"""`report effectiveness`: «Что дошло до практики» — for each catalogue event and support need,
the schools that took part, the diary entries that name it, the plan activities it served and the
results of those schools before and after, furthest reach first; with the plain statement that
this is what is recorded, not proof of cause."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.core.store import Store
from app.office.effectiveness import KIND_LABELS, REMINDER, Effectiveness, Reach, effectiveness
from app.reports import Cell, Document, Number, ReportColumn, TableReport, TextPart, write_report
from app.reports.catalog import ReportKind, ReportOptions, register

KIND = "effectiveness"
EFFECTIVENESS_TITLE = "Что дошло до практики: мероприятия и поддержка школ"
COLUMNS = [
    ReportColumn("№", 0.4, centered=True),
    ReportColumn("Мероприятие каталога или потребность школы", 2.6),
    ReportColumn("Дата", 0.8, is_date=True),
    ReportColumn("Школы: предложено / участвовали", 1.8),
    ReportColumn("Педагогов-участников", 0.9, centered=True),
    ReportColumn("Записей в дневниках педагогов", 0.9, centered=True),
    ReportColumn("Записей в дневниках директоров", 0.9, centered=True),
    ReportColumn("Мероприятия плана", 1.8),
    ReportColumn("Дошло до", 1.2),
    ReportColumn("Результаты школ до и после", 1.2),
]


def schools_text(item: Reach) -> str:
    offered = ", ".join(s.name for s in item.offered_to) or "-"
    took = ", ".join(s.name for s in item.schools) or "никто"
    return f"предложено: {offered}\nучаствовали: {took}"


def _count(n: int) -> Number:
    return Number(n, str(n))


def item_row(n: int, item: Reach) -> list[Cell]:
    return [
        str(n),
        f"{KIND_LABELS[item.kind]}: {item.title}",
        item.when,
        schools_text(item),
        _count(item.participants),
        _count(item.teacher_entries),
        _count(item.director_entries),
        "\n".join(item.activities) or "-",
        item.stage_text,
        item.results_text,
    ]


def dynamics_lines(found: Effectiveness) -> list[str]:
    lines = []
    for n, item in enumerate(found.items, start=1):
        for dynamics in item.dynamics:
            school = f"{n}. {item.title} — {dynamics.school.name} ({dynamics.school.code})"
            if dynamics.missing:
                lines.append(f"{school}: нет показателей и результатов и до, и после — сравнить не с чем.")
            else:
                lines.append(f"{school}: " + "; ".join(c.text for c in dynamics.changes) + ".")
    return lines


def effectiveness_document(found: Effectiveness, owner: str, printed_on: date | None = None) -> Document:
    printed_on = printed_on or date.today()
    common = {"owner": owner, "printed_on": printed_on}
    rows = [item_row(n, item) for n, item in enumerate(found.items, start=1)]
    parts: list = [
        TextPart("Что это и чего это не доказывает", [REMINDER]),
        TableReport(
            "Мероприятия и потребности: от участия к практике",
            COLUMNS,
            rows,
            empty_note=(
                "В каталоге нет мероприятий, и школы не прислали потребностей в поддержке: "
                "добавьте мероприятия в «Каталог мероприятий» и примите пакеты школ."
            ),
            **common,
        ),
        TextPart(
            "Результаты и показатели школ до и после (до — последний год перед учебным годом "
            "мероприятия, после — последний год с него)",
            dynamics_lines(found) or ["Ни одна школа не участвовала — сравнивать нечего."],
        ),
    ]
    subtitle = [f"Школ в реестре: {found.schools}; мероприятий и потребностей: {len(found.items)}."]
    return Document(EFFECTIVENESS_TITLE, parts, subtitle, **common)


def _build(store: Store, fmt: str, out: Path, options: ReportOptions) -> str:
    found = effectiveness(store)
    installation = store.installation()
    write_report(effectiveness_document(found, installation.name if installation else ""), fmt, out)
    used = sum(1 for item in found.items if item.stage == 2)
    return f"«{EFFECTIVENESS_TITLE}», строк: {len(found.items)}, применяются в практике: {used}"


register(ReportKind(KIND, EFFECTIVENESS_TITLE, (), _build))
