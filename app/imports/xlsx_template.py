"""Blank XLSX templates: assessment results (drop-down lists for procedure, subject, level, metric)
and indicator values (prefilled with the owner's indicators). Written atomically; every text
cell is text, never a formula."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.core.files import atomic_path
from app.core.store import Store
from app.imports import INDICATOR_HEADERS, INDICATORS_SHEET, RESULT_HEADERS, RESULTS_SHEET
from app.programme.assessments import ASSESSMENTS, EXAM_LEVELS, EXAM_METRIC_LABELS, EXAM_METRICS, SUBJECTS
from app.programme.indicator_table import indicator_table
from app.programme.indicators import CRITERIA
from app.reports.table_xlsx import BORDER, put_text

LISTS_SHEET = "Списки"
HELP_SHEET = "Как заполнять"
TEMPLATE_ROWS = 500  # rows the drop-down lists cover
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

RESULT_WIDTHS = (8, 12, 22, 8, 13, 26, 11)
INDICATOR_WIDTHS = (34, 60, 10, 13, 10, 10)

RESULTS_HELP = (
    "Как заполнить шаблон результатов оценочных процедур",
    "",
    "Одна строка — одно число: год, процедура, предмет, (класс), (уровень), показатель и значение.",
    "Год — год проведения, например 2021.",
    "Процедура, Предмет, Уровень и Показатель выбираются из списка в ячейке.",
    "Класс — только для ВПР (от 1 до 11); для средней оценки школы в целом оставьте пустым.",
    "Уровень — только для ЕГЭ по математике: базовая (средняя оценка) или профильная (средний балл).",
    "Средняя оценка — от 2 до 5; средний балл и проценты — от 0 до 100; "
    "обучающихся и участников — целые числа.",
    "Дробную часть можно писать через запятую: 3,55.",
    "",
    "Пример: 2021 · ВПР · русский язык · 5 · (пусто) · средняя оценка · 3,55",
    "",
    "Перед сохранением программа покажет, что будет добавлено и изменено. "
    "Если в какой-то строке ошибка, программа назовёт строку и ничего не сохранит, пока файл не исправлен.",
)
INDICATORS_HELP = (
    "Как заполнить шаблон значений показателей",
    "",
    "В шаблоне уже перечислены показатели программы и их значения по учебным годам.",
    "Впишите План и Факт; учебный год пишется так: 2021/2022.",
    "Чтобы внести ещё один год, скопируйте строку показателя и поменяйте учебный год.",
    "Названия показателей не меняйте: по ним программа находит показатель. "
    "Новый показатель добавьте на странице «Показатели», затем возьмите шаблон снова.",
    "Пустая ячейка ничего не меняет; дробную часть можно писать через запятую: 37,2.",
)


def _header(ws: Worksheet, headers: tuple[str, ...], widths: tuple[int, ...]) -> None:
    for column, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = put_text(ws, 1, column, title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"


def _list_column(lists: Worksheet, column: int, title: str, values: tuple[str, ...] | list[str]) -> str:
    """Writes a list into the hidden sheet; returns the formula a drop-down points at."""
    put_text(lists, 1, column, title).font = Font(bold=True)
    for row, value in enumerate(values, start=2):
        put_text(lists, row, column, value)
    letter = get_column_letter(column)
    return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"


def _drop_down(ws: Worksheet, formula: str, column: int, prompt: str, last_row: int = TEMPLATE_ROWS) -> None:
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.error = "Выберите значение из списка."
    rule.errorTitle = "Нет в списке"
    rule.prompt = prompt
    rule.showErrorMessage = True
    rule.showInputMessage = bool(prompt)
    letter = get_column_letter(column)
    rule.add(f"{letter}2:{letter}{last_row + 1}")
    ws.add_data_validation(rule)


def _whole(ws: Worksheet, column: int, low: int, high: int, message: str) -> None:
    rule = DataValidation(
        type="whole", operator="between", formula1=str(low), formula2=str(high), allow_blank=True
    )
    rule.error = message
    rule.errorTitle = "Неверное число"
    rule.showErrorMessage = True
    letter = get_column_letter(column)
    rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    ws.add_data_validation(rule)


def _help_sheet(wb: Workbook, lines: tuple[str, ...]) -> None:
    ws = wb.create_sheet(HELP_SHEET)
    ws.column_dimensions["A"].width = 120
    for row, line in enumerate(lines, start=1):
        cell = put_text(ws, row, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)


def _save(wb: Workbook, out_path: str | os.PathLike) -> Path:
    target = Path(out_path)
    with atomic_path(target) as temporary:
        wb.save(temporary)
    return target


def write_results_template(out_path: str | os.PathLike) -> Path:
    """A blank results template with drop-down lists; returns the path written."""
    wb = Workbook()
    ws = wb.active
    ws.title = RESULTS_SHEET
    _header(ws, RESULT_HEADERS, RESULT_WIDTHS)
    lists = wb.create_sheet(LISTS_SHEET)
    assessments = _list_column(lists, 1, "Процедура", ASSESSMENTS)
    subjects = _list_column(lists, 2, "Предмет", SUBJECTS)
    levels = _list_column(lists, 3, "Уровень", EXAM_LEVELS)
    metrics = _list_column(lists, 4, "Показатель", [EXAM_METRIC_LABELS[m] for m in EXAM_METRICS])
    lists.sheet_state = "hidden"
    _whole(ws, 1, 2000, 2100, "Год — четыре цифры, например 2021.")
    _drop_down(ws, assessments, 2, "ВПР, ОГЭ, ЕГЭ или ГВЭ")
    _drop_down(ws, subjects, 3, "")
    _whole(ws, 4, 1, 11, "Класс — от 1 до 11 (только для ВПР).")
    _drop_down(ws, levels, 5, "Только для ЕГЭ по математике")
    _drop_down(ws, metrics, 6, "")
    _help_sheet(wb, RESULTS_HELP)
    return _save(wb, out_path)


def write_indicators_template(store: Store, school_id: str | None, out_path: str | os.PathLike) -> Path:
    """The owner's indicators, one row per academic year (the values so far and the next year empty)."""
    table = indicator_table(store, school_id)
    wb = Workbook()
    ws = wb.active
    ws.title = INDICATORS_SHEET
    _header(ws, INDICATOR_HEADERS, INDICATOR_WIDTHS)
    row = 2
    for group in table.groups:
        for item in group.rows:
            for year in table.years:
                cell = item.cells[year]
                if year != table.years[-1] and cell.target is None and cell.actual is None:
                    continue  # only the years with values, and the next one to fill
                info = item.indicator
                for column, text in enumerate((info.criterion, info.name, info.unit, year), start=1):
                    put_text(ws, row, column, text).alignment = Alignment(
                        wrap_text=column == 2, vertical="top"
                    )
                for column, number in ((5, cell.target), (6, cell.actual)):
                    if number is not None:
                        ws.cell(row=row, column=column, value=number)
                row += 1
    lists = wb.create_sheet(LISTS_SHEET)
    criteria = _list_column(lists, 1, "Критерий", CRITERIA)
    lists.sheet_state = "hidden"
    _drop_down(ws, criteria, 1, "", last_row=max(row, TEMPLATE_ROWS))
    _help_sheet(wb, INDICATORS_HELP)
    return _save(wb, out_path)
