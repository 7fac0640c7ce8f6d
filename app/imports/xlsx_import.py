"""Reading a filled template into a preview (nothing saved), and `apply_import` that saves it whole.

Every bad row is reported with its number and the reason; a preview with errors cannot be applied.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from app.core.access import require_writable, writable
from app.core.errors import UserError
from app.core.numbers import format_number
from app.core.store import Store
from app.core.text import fold
from app.imports import INDICATOR_HEADERS, INDICATORS_SHEET, RESULT_HEADERS, RESULTS_SHEET
from app.imports.xlsx_file import read_sheet
from app.programme import assessments as exams
from app.programme import indicators as ind
from app.programme.indicator_table import indicator_table
from db.models import Indicator, IndicatorValue

MAX_LISTED_ERRORS = 200
INDICATOR_GONE = "Пока файл проверялся, один из показателей удалили. Загрузите файл снова."


@dataclass(frozen=True)
class PreviewLine:
    row: int
    what: str
    old: str
    new: str


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Строка {self.row}: {self.message}"


@dataclass(frozen=True)
class IndicatorItem:
    indicator_id: str
    academic_year: str
    target: float | None  # None: keep what is stored
    actual: float | None


@dataclass
class ImportPreview:
    kind: str  # "results" or "indicators"
    owner_id: str | None  # the school, or None for the office's own indicators
    source: str
    added: list[PreviewLine] = field(default_factory=list)
    changed: list[PreviewLine] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    items: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the file was read (rows not read …)

    @property
    def can_import(self) -> bool:
        return not self.errors and bool(self.added or self.changed)

    def summary(self) -> str:
        return " ".join([self._verdict(), *self.notes])

    def _verdict(self) -> str:
        if self.errors:
            return (
                f"В файле ошибок: {len(self.errors)}. Ничего не импортировано: исправьте строки, "
                "указанные ниже, сохраните файл и загрузите его снова."
            )
        if not (self.added or self.changed):
            return f"Нового в файле нет: все {self.unchanged} значений уже внесены."
        text = f"Будет добавлено: {len(self.added)}, изменено: {len(self.changed)}"
        return text + (f", без изменений: {self.unchanged}." if self.unchanged else ".")


def _add_error(preview: ImportPreview, row: int, message: str) -> None:
    if len(preview.errors) < MAX_LISTED_ERRORS:
        preview.errors.append(RowError(row, message))
    elif len(preview.errors) == MAX_LISTED_ERRORS:
        preview.errors.append(RowError(row, "и дальше есть ошибки — исправьте сначала эти."))


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _year(value: object) -> int:
    if isinstance(value, bool) or isinstance(value, date | datetime):
        raise UserError(f"Год — четыре цифры, например 2021, а указано «{_text(value)}».")
    text = _text(value)
    if not text.isdigit() or len(text) != 4:
        raise UserError(f"Год — четыре цифры, например 2021, а указано «{text}».")
    return int(text)


def _assessment(value: object) -> str:
    text = _text(value).upper()
    if text not in exams.ASSESSMENTS:
        raise UserError(f"Процедура «{_text(value)}» неизвестна: выберите ВПР, ОГЭ, ЕГЭ или ГВЭ.")
    return text


def _level(value: object) -> str | None:
    text = fold(_text(value))
    if not text:
        return None
    for level in exams.EXAM_LEVELS:
        if level.startswith(text.rstrip(".")[:3]) and len(text) >= 3:
            return level
    raise UserError(f"Уровень «{_text(value)}» неизвестен: базовая или профильная.")


_METRIC_BY_FOLD = {fold(label): metric for metric, label in exams.EXAM_METRIC_LABELS.items()} | {
    fold(label.removesuffix(", %")): metric for metric, label in exams.EXAM_METRIC_LABELS.items()
}
_METRIC_BY_FOLD |= {m: m for m in exams.EXAM_METRICS} | {
    "средняя отметка": "mean_mark",
    "количество обучающихся": "students",
    "количество участников": "participants",
}


def _metric(value: object) -> str:
    metric = _METRIC_BY_FOLD.get(fold(_text(value)))
    if metric is None:
        labels = "; ".join(exams.EXAM_METRIC_LABELS.values())
        raise UserError(f"Показатель «{_text(value)}» неизвестен; выберите из списка: {labels}.")
    return metric


def _parsed(record: dict[str, object], column: str, parse) -> tuple[object, str | None]:
    try:
        return parse(record.get(column)), None
    except UserError as exc:
        return None, exc.message


# --- assessment results -------------------------------------------------------------


def read_results(store: Store, school_id: str, path: str | os.PathLike) -> ImportPreview:
    """The file's results against the school's: additions, changes (old → new), bad rows."""
    sheet = read_sheet(path, RESULT_HEADERS, RESULTS_SHEET)
    preview = ImportPreview("results", school_id, Path(path).name, notes=sheet.notes())
    seen: dict[tuple, int] = {}
    clean_rows: list[tuple[int, exams.CleanResult]] = []
    for number, record in sheet.rows:
        problems = []
        year, problem = _parsed(record, "Год", _year)
        problems.append(problem)
        assessment, problem = _parsed(record, "Процедура", _assessment)
        problems.append(problem)
        grade, problem = _parsed(record, "Класс", exams.parse_grade)
        problems.append(problem)
        level, problem = _parsed(record, "Уровень", _level)
        problems.append(problem)
        metric, problem = _parsed(record, "Показатель", _metric)
        problems.append(problem)
        problems = [p for p in problems if p]
        if not problems:
            data = exams.ResultData(
                year=year,  # type: ignore[arg-type]
                assessment=assessment,  # type: ignore[arg-type]
                subject=_text(record.get("Предмет")),
                grade=grade,  # type: ignore[arg-type]
                level=level,  # type: ignore[arg-type]
                metric=metric,  # type: ignore[arg-type]
                value=record.get("Значение"),
            )
            clean, errors = exams.validate_result(data)
            problems = list(errors.values())
        if problems:
            _add_error(preview, number, " ".join(problems))
            continue
        assert clean is not None
        if clean.key in seen:
            _add_error(
                preview,
                number,
                f"повторяет строку {seen[clean.key]} (тот же год, процедура, предмет, "
                "класс, уровень и показатель).",
            )
            continue
        seen[clean.key] = number
        clean_rows.append((number, clean))

    with store.session() as s:
        file_values = {c.key: c.value for _n, c in clean_rows}
        known = exams.rows_by_key(s, school_id)
        for number, clean in clean_rows:
            existing = known.get(clean.key)
            live = existing if existing is not None and existing.deleted_at is None else None
            if problem := _counts_problem(known, clean, file_values):
                _add_error(preview, number, problem)
                continue
            info = exams.ExamResultInfo(id="", note="", **{k: getattr(clean, k) for k in _KEY_FIELDS})
            what = info.describe()
            if live is None:
                preview.added.append(PreviewLine(number, what, "", format_number(clean.value)))
            elif abs(live.value - clean.value) > 1e-9:
                preview.changed.append(
                    PreviewLine(number, what, format_number(live.value), format_number(clean.value))
                )
            else:
                preview.unchanged += 1
                continue
            preview.items.append(clean)
    return preview


def _counts_problem(known: dict, clean: exams.CleanResult, file_values: dict) -> str | None:
    """participants ≤ students, the file's figures first; a conflict is told on the participants' row."""
    if clean.metric not in exams.COUNT_METRICS:
        return None
    other = "students" if clean.metric == "participants" else "participants"
    other_key = clean.key[:5] + (other,)
    if other_key in file_values:
        if clean.metric == "students":
            return None
        return exams.counts_conflict(clean.value, file_values[other_key])
    stored = known.get(other_key)
    other_value = stored.value if stored is not None and stored.deleted_at is None else None
    if clean.metric == "participants":
        return exams.counts_conflict(clean.value, other_value)
    return exams.counts_conflict(other_value, clean.value)


_KEY_FIELDS = ("year", "assessment", "subject", "grade", "level", "metric", "value")


# --- indicator values ---------------------------------------------------------------


def read_indicator_values(store: Store, school_id: str | None, path: str | os.PathLike) -> ImportPreview:
    """The file's plan and fact values against the owner's indicators; an empty cell keeps the stored one."""
    sheet = read_sheet(path, INDICATOR_HEADERS, INDICATORS_SHEET)
    preview = ImportPreview("indicators", school_id, Path(path).name, notes=sheet.notes())
    indicators = ind.list_indicators(store, school_id)
    counted, sources = _counted_facts(store, school_id)
    by_name: dict[str, list[ind.IndicatorInfo]] = {}
    for info in indicators:
        by_name.setdefault(fold(info.name), []).append(info)
    seen: dict[tuple[str, str], int] = {}
    parsed: list[tuple[int, ind.IndicatorInfo, str, float | None, float | None]] = []
    for number, record in sheet.rows:
        name = _text(record.get("Показатель"))
        target, actual = record.get("План"), record.get("Факт")
        if target is None and actual is None:
            continue  # a year left to fill later
        problems = []
        candidates = by_name.get(fold(name), [])
        if len(candidates) > 1:
            criterion = fold(_text(record.get("Критерий")))
            candidates = [c for c in candidates if fold(c.criterion) == criterion] or candidates[:1]
        if not name:
            problems.append("не указан показатель.")
        elif not candidates:
            problems.append(
                f"показателя «{name}» нет на странице «Показатели»: добавьте его там или возьмите "
                "название из шаблона."
            )
        try:
            year, target_value, actual_value = ind.check_value(
                _text(record.get("Учебный год")), target, actual, candidates[0].unit if candidates else ""
            )
        except UserError as exc:
            errors = getattr(exc, "errors", {})
            problems.extend(errors.values() if errors else [exc.message])
        if problems:
            _add_error(preview, number, " ".join(problems))
            continue
        key = (candidates[0].id, year)
        if key in counted and actual_value is not None:
            refusal = ind.counted_refusal(counted[key], actual_value, year, sources[key])
            if refusal:
                _add_error(preview, number, f"«{candidates[0].name}»: {refusal}")
                continue
            actual_value = None  # the counted value itself, as the template wrote it: nothing to save
            if target_value is None:
                continue
        if key in seen:
            _add_error(preview, number, f"повторяет строку {seen[key]} (тот же показатель и учебный год).")
            continue
        seen[key] = number
        parsed.append((number, candidates[0], year, target_value, actual_value))

    with store.session() as s:
        for number, info, year, target, actual in parsed:
            stored = s.scalars(
                select(IndicatorValue).where(
                    IndicatorValue.indicator_id == info.id, IndicatorValue.academic_year == year
                )
            ).first()
            old_target = stored.target if stored else None
            old_actual = stored.actual if stored else None
            new_target = old_target if target is None else target
            new_actual = old_actual if actual is None else actual
            what = f"{info.name} ({info.unit}), {year}"
            old = _pair(old_target, old_actual)
            new = _pair(new_target, new_actual)
            if stored is None:
                preview.added.append(PreviewLine(number, what, "", new))
            elif old != new:
                preview.changed.append(PreviewLine(number, what, old, new))
            else:
                preview.unchanged += 1
                continue
            preview.items.append(IndicatorItem(info.id, year, target, actual))
    return preview


def _counted_facts(
    store: Store, school_id: str | None
) -> tuple[dict[tuple[str, str], float], dict[tuple[str, str], str]]:
    """The facts counted from records, and where each comes from, by (indicator id, year): the
    file may repeat them but never overwrite them."""
    values: dict[tuple[str, str], float] = {}
    sources: dict[tuple[str, str], str] = {}
    for group in indicator_table(store, school_id).groups:
        for row in group.rows:
            for year, cell in row.cells.items():
                if cell.counted and cell.actual is not None:
                    values[(row.indicator.id, year)] = cell.actual
                    sources[(row.indicator.id, year)] = row.source
    return values, sources


def _pair(target: float | None, actual: float | None) -> str:
    return f"план {format_number(target) or '—'}, факт {format_number(actual) or '—'}"


# --- saving -------------------------------------------------------------------------


def apply_import(store: Store, preview: ImportPreview) -> int:
    """Saves every addition and change of a clean preview in one transaction; returns how many."""
    if preview.errors:
        raise UserError("В файле есть ошибки — исправьте их и загрузите файл снова; ничего не сохранено.")
    with store.session() as s:
        require_writable(s, preview.owner_id)
        known = exams.rows_by_key(s, preview.owner_id) if preview.kind == "results" else {}  # type: ignore[arg-type]
        for item in preview.items:
            if preview.kind == "results":
                exams.save_clean(s, preview.owner_id, item, keep_note=True, known=known)  # type: ignore[arg-type]
                continue
            writable(s, Indicator, item.indicator_id, INDICATOR_GONE)
            stored = s.scalars(
                select(IndicatorValue).where(
                    IndicatorValue.indicator_id == item.indicator_id,
                    IndicatorValue.academic_year == item.academic_year,
                )
            ).first()
            target = item.target if item.target is not None else (stored.target if stored else None)
            actual = item.actual if item.actual is not None else (stored.actual if stored else None)
            ind.store_value(s, item.indicator_id, item.academic_year, target, actual)
    return len(preview.items)
