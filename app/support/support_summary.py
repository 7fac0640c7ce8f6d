"""«Достаточна ли поддержка»: per level, how much of the help asked for came and how much is late;
per need that came, the path on into practice — the teacher and director diary entries that use
the methods of the events that delivered it (seed 004: did what was taught become practice?)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.core.store import Store
from app.diaries.director import DirectorRow
from app.diaries.teacher import TeacherRow
from app.diaries.training_path import event_path
from app.support.support import LEVEL_LABELS, LEVELS, RECEIVED, NeedRow, support_map


@dataclass
class LevelSummary:
    level: str  # "school", "municipal", "regional", or "" for all levels together
    stated: int = 0
    received: int = 0
    agreed: int = 0
    needed: int = 0
    not_received: int = 0
    overdue: int = 0  # past its date and not received
    in_practice: int = 0  # received, and some diary entry uses the methods it brought

    @property
    def label(self) -> str:
        return LEVEL_LABELS.get(self.level, "Все уровни")

    @property
    def received_share(self) -> int | None:
        """Per cent of the needs stated that came, or None when none were stated."""
        return round(100 * self.received / self.stated) if self.stated else None

    @property
    def counts_text(self) -> str:
        if not self.stated:
            return "потребностей не заявлено"
        text = f"заявлено {self.stated}, получено {self.received}"
        if self.overdue:
            text += f", просрочено {self.overdue}"
        return text

    @property
    def verdict(self) -> str:
        """The answer in words, as the summary panel and the printout give it."""
        if not self.stated:
            return "Потребностей в поддержке на этом уровне не заявлено."
        parts = [f"Получено {self.received} из {self.stated}"]
        waiting = self.needed + self.agreed
        if waiting:
            parts.append(f"ожидается {waiting}")
        if self.not_received:
            parts.append(f"не получено {self.not_received}")
        if self.overdue:
            parts.append(f"срок прошёл у {self.overdue}")
        text = ", ".join(parts) + "."
        if self.received:
            text += f" Применяется в практике: {self.in_practice} из {self.received}."
        return text


@dataclass
class NeedPath:
    """A need that came, and where the methods of its events are used."""

    need: NeedRow
    teacher_entries: list[TeacherRow] = field(default_factory=list)
    director_entries: list[DirectorRow] = field(default_factory=list)

    @property
    def uses(self) -> int:
        return len(self.teacher_entries) + len(self.director_entries)

    @property
    def used(self) -> bool:
        return self.uses > 0

    @property
    def uses_text(self) -> str:
        if not self.need.events:
            return "мероприятие, через которое пришла помощь, удалено из «Дневника школы»"
        if not self.used:
            return "методы пока не применялись: записей в дневниках педагогов и директора нет"
        return f"записей о применении: {self.uses}"

    def lines(self) -> list[str]:
        """Each use in one line: the diary, the date, who, what, where, with what result."""
        found = []
        for row in self.teacher_entries:
            what = "; ".join(
                x for x in (row.cell("methods"), row.cell("where_used"), row.cell("results")) if x
            )
            found.append(f"Дневник педагога, {row.cell('entry_date')}, {row.cell('staff')}: {what}")
        for row in self.director_entries:
            what = "; ".join(
                x for x in (row.cell("form_of_use"), row.cell("where_used"), row.cell("results")) if x
            )
            found.append(f"Дневник директора, {row.cell('entry_date')}: {what}")
        return found


@dataclass
class Sufficiency:
    levels: list[LevelSummary]  # school, municipal, regional
    total: LevelSummary
    paths: list[NeedPath]  # one per received need, in map order

    def level(self, level: str) -> LevelSummary:
        return next(s for s in self.levels if s.level == level)

    def path(self, need_id: str) -> NeedPath | None:
        return next((p for p in self.paths if p.need.id == need_id), None)


def _count(summary: LevelSummary, need: NeedRow, used: bool) -> None:
    summary.stated += 1
    setattr(summary, need.status, getattr(summary, need.status) + 1)
    summary.overdue += need.overdue
    summary.in_practice += need.status == RECEIVED and used


def need_path(store: Store, need: NeedRow) -> NeedPath:
    """The diary entries using the methods of the need's events, each entry once, oldest first."""
    teacher: dict[str, TeacherRow] = {}
    director: dict[str, DirectorRow] = {}
    for ref in need.events:
        path = event_path(store, ref.id)
        teacher.update({row.id: row for row in path.teacher_entries})
        director.update({row.id: row for row in path.director_entries})

    def by_date(rows):
        return sorted(rows, key=lambda r: (r.data.entry_date or date.min, r.id))

    return NeedPath(need, by_date(teacher.values()), by_date(director.values()))


def summarize(store: Store, needs: list[NeedRow]) -> Sufficiency:
    paths = [need_path(store, need) for need in needs if need.status == RECEIVED]
    used = {p.need.id for p in paths if p.used}
    levels = [LevelSummary(level) for level in LEVELS]
    total = LevelSummary("")
    for need in needs:
        _count(levels[LEVELS.index(need.level)], need, need.id in used)
        _count(total, need, need.id in used)
    return Sufficiency(levels, total, paths)


def sufficiency(store: Store, school_id: str, today: date | None = None) -> Sufficiency:
    """«Достаточна ли поддержка» for the needs the school's support map shows."""
    return summarize(store, support_map(store, school_id, today).needs())


__all__ = ["LevelSummary", "NeedPath", "Sufficiency", "need_path", "summarize", "sufficiency"]
