"""Checking the records of a received data.json, field by field, before anything is changed
(step 5 of «What a reader does»). Each message names the array, the record and the field, in Russian.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

from app.sync.records import (
    INT_LIMIT,
    Field,
    Link,
    column_length,
    is_academic_year,
    is_date,
    is_stamp,
    is_uuid,
)

MAX_PROBLEMS = 100  # a broken package says enough in a hundred lines


class Problems:
    """The messages found so far; past MAX_PROBLEMS only counted."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.more = 0

    def add(self, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(message)
        else:
            self.more += 1

    def result(self) -> list[str]:
        if self.more:
            return [*self.items, f"…и ещё ошибок: {self.more}."]
        return list(self.items)


def shown(value: object) -> str:
    """A value as a message quotes it, cut short: text in «», anything else as JSON."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text if len(text) <= 40 else text[:40] + "…"
    return f"«{text}»" if isinstance(value, str) else text


def label(array: str, record: object, index: int) -> str:
    record_id = record.get("id") if isinstance(record, dict) else None
    if is_uuid(record_id):
        return f"«{array}», запись {record_id}"
    return f"«{array}», запись №{index + 1}"


def _text_problem(value: object, f: Field, model: type | None) -> str | None:
    if not isinstance(value, str):
        return f"должно быть строкой, а в пакете {shown(value)}"
    if "\x00" in value:
        return "содержит недопустимый символ NUL"
    if f.kind == "title" and not value.strip():
        return "не может быть пустым"
    length = column_length(model, f.name) if model is not None else None
    if length is not None and len(value) > length:
        return f"длиннее {length} символов"
    return None


def _range_problem(value: float, f: Field) -> str | None:
    low = f.low if f.low is not None else (-INT_LIMIT if f.kind == "int" else None)
    high = f.high if f.high is not None else (INT_LIMIT if f.kind == "int" else None)
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            return f"должно быть от {low:g} до {high:g}, а в пакете {shown(value)}"
        return f"должно быть не меньше {low:g}, а в пакете {shown(value)}"
    return None


def field_problem(f: Field, value: object, model: type | None = None) -> str | None:
    """What is wrong with one value (None: nothing). References are resolved elsewhere."""
    if value is None:
        return None if f.null else "не может быть пустым (null)"
    kind = f.kind
    if kind in ("text", "title"):
        return _text_problem(value, f, model)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"должно быть целым числом, а в пакете {shown(value)}"
        return _range_problem(value, f)
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return f"должно быть числом, а в пакете {shown(value)}"
        return _range_problem(value, f)
    if kind == "bool":
        return None if isinstance(value, bool) else f"должно быть true или false, а в пакете {shown(value)}"
    if kind == "date":
        return None if is_date(value) else f"должно быть датой вида 2026-05-20, а в пакете {shown(value)}"
    if kind == "enum":
        if isinstance(value, str) and value in f.values:
            return None
        return f"недопустимое значение {shown(value)}; допустимы: {', '.join(f.values)}"
    if kind in ("ref", "uuid"):
        return None if is_uuid(value) else f"должно быть идентификатором (UUID), а в пакете {shown(value)}"
    if kind == "texts":
        if not isinstance(value, list) or not all(isinstance(v, str) and "\x00" not in v for v in value):
            return "должно быть списком строк"
        return None
    if kind == "stamp":
        return (
            None
            if is_stamp(value)
            else f"должно быть временем UTC вида 2026-05-20T09:30:00Z, а в пакете {shown(value)}"
        )
    if kind == "year":
        if is_academic_year(value):
            return None
        return f"должно быть учебным годом вида 2020/2021, а в пакете {shown(value)}"
    return None  # json: the table's own rules check it


def check_record(
    problems: Problems,
    where: str,
    record: dict,
    fields: Sequence[Field],
    model: type | None,
    stamped: bool = True,
) -> None:
    """The record's id and updated_at (unless not `stamped`) and listed fields, missing ones included."""
    if stamped and not is_uuid(record.get("id")):
        problems.add(
            f"{where}: поле «id» должно быть идентификатором (UUID), а в пакете {shown(record.get('id'))}."
        )
    if stamped and not is_stamp(record.get("updated_at")):
        problems.add(
            f"{where}: поле «updated_at» должно быть временем UTC вида 2026-05-20T09:30:00Z, "
            f"а в пакете {shown(record.get('updated_at'))}."
        )
    for f in fields:
        if f.name not in record:
            if f.required:
                problems.add(f"{where}: нет поля «{f.name}».")
            continue
        if problem := field_problem(f, record[f.name], model):
            problems.add(f"{where}: поле «{f.name}» — {problem}.")


def check_links(
    problems: Problems, where: str, record: dict, links: Sequence[Link], ids: dict[str, set]
) -> None:
    for link in links:
        value = record.get(link.key)
        if link.key not in record:
            problems.add(f"{where}: нет поля «{link.key}».")
        elif not isinstance(value, list) or not all(is_uuid(v) for v in value):
            problems.add(f"{where}: поле «{link.key}» должно быть списком идентификаторов (UUID).")
        elif not link.outside:
            for other in value:
                if other not in ids.get(link.target, set()):
                    problems.add(missing_target(where, link.key, other, link.target))


def missing_target(where: str, name: str, value: str, target: str) -> str:
    return f"{where}: поле «{name}» ссылается на запись {value}, которой нет в массиве «{target}» пакета."


def check_refs(
    problems: Problems, where: str, record: dict, fields: Sequence[Field], ids: dict[str, set]
) -> None:
    for f in fields:
        value = record.get(f.name)
        if f.kind == "ref" and is_uuid(value) and value not in ids.get(f.target, set()):
            problems.add(missing_target(where, f.name, value, f.target))


def records_of(problems: Problems, data: dict, array: str) -> list[tuple[str, dict]]:
    """The array's records that are objects, each with its label; complains about the rest."""
    if array not in data:
        problems.add(f"В пакете нет массива «{array}» (каждый массив должен быть, пусть и пустым).")
        return []
    value = data[array]
    if not isinstance(value, list):
        problems.add(f"«{array}» должен быть списком записей, а в пакете {shown(value)}.")
        return []
    found = []
    for index, record in enumerate(value):
        where = label(array, record, index)
        if isinstance(record, dict):
            found.append((where, record))
        else:
            problems.add(f"{where}: запись должна быть объектом JSON, а в пакете {shown(record)}.")
    return found


def unique_ids(problems: Problems, array: str, records: list[tuple[str, dict]]) -> set[str]:
    ids: set[str] = set()
    for where, record in records:
        record_id = record.get("id")
        if not is_uuid(record_id):
            continue
        if record_id in ids:
            problems.add(f"{where}: такой id в массиве «{array}» встречается не один раз.")
        ids.add(record_id)
    return ids
