"""Step 5 for a school_snapshot: every array present, every record valid, every reference resolving
inside the package, and nothing the database would refuse (so applying never fails half-way)."""

from __future__ import annotations

from itertools import chain

from app.school.installation import check_code
from app.sync.checks import (
    Problems,
    check_links,
    check_record,
    check_refs,
    field_problem,
    records_of,
    shown,
    unique_ids,
)
from app.sync.records import Field, Table, column_length, is_date, is_stamp, is_uuid
from app.sync.snapshot_tables import SCHOOL_FIELDS, SCHOOL_MODEL, STATUS_FLAGS, TABLES, with_absent_fields

METRIC_RANGES = {
    "mean_mark": (0, 5),
    "mean_score": (0, 100),
    "confirmed_pct": (0, 100),
    "lowered_pct": (0, 100),
    "failed_pct": (0, 100),
    "students": (0, None),
    "participants": (0, None),
}


def validate_snapshot(data: object) -> list[str]:
    """What is wrong with a school_snapshot's data.json, in Russian; empty when it may be applied.
    Fields an older package leaves out are filled in first, as the spec reads them."""
    with_absent_fields(data)
    if _plainly_valid(data):
        return []
    try:
        return _every_problem(data)
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        # A shape no check foresaw (a list where an id belongs …): still a refusal, never a crash.
        return [f"Данные пакета повреждены: записи имеют неожиданную структуру ({type(exc).__name__})."]


def _key(value: object) -> str | None:
    """A value usable as an id or code to look up, or None (a list or object in its place)."""
    return value if isinstance(value, str) else None


def _every_problem(data: object) -> list[str]:
    problems = Problems()
    if not isinstance(data, dict):
        return [f"data.json должен быть объектом JSON с массивами записей, а в пакете {shown(data)}."]
    _check_school(problems, data.get("school"))
    records = {table.key: records_of(problems, data, table.key) for table in TABLES}
    ids = {key: unique_ids(problems, key, found) for key, found in records.items()}
    by_id = {key: {r["id"]: r for _, r in found if is_uuid(r.get("id"))} for key, found in records.items()}
    for table in TABLES:
        for where, record in records[table.key]:
            check_record(problems, where, record, table.fields, table.model)
            check_refs(problems, where, record, table.fields, ids)
            check_links(problems, where, record, table.links, ids)
    _rules(problems, records, by_id)
    return problems.result()


def _rules(problems: Problems, records: dict[str, list], by_id: dict[str, dict]) -> None:
    """The rules of single tables beyond their fields; `records` are (label, record) pairs."""
    _programs(problems, records["programs"])
    _activities(problems, records["plan_activities"], by_id["plan_sections"])
    _events(problems, records["events"])
    _unique(
        problems,
        records["indicator_values"],
        ("indicator_id", "academic_year"),
        "этого показателя за этот год",
    )
    _exam_results(problems, records["exam_results"])
    _templates(problems, records["survey_templates"])
    _rounds(problems, records["survey_rounds"], by_id["survey_templates"])


def _check_school(problems: Problems, school: object) -> None:
    if not isinstance(school, dict):
        problems.add("В пакете нет объекта «school» с карточкой школы.")
        return
    where = "«school»"
    check_record(problems, where, school, SCHOOL_FIELDS, SCHOOL_MODEL)
    if isinstance(school.get("code"), str) and (problem := check_code(school["code"])):
        problems.add(f"{where}: поле «code». {problem}")
    statuses = school.get("statuses")
    if "statuses" not in school:
        problems.add(f"{where}: нет поля «statuses».")
    elif not isinstance(statuses, list) or not all(
        isinstance(s, str) and s in STATUS_FLAGS for s in statuses
    ):
        allowed = ", ".join(STATUS_FLAGS)
        problems.add(
            f"{where}: поле «statuses» — список из значений {allowed}, а в пакете {shown(statuses)}."
        )


def _ints(values: object) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)


def _programs(problems: Problems, records) -> None:
    for where, r in records:
        first, last = r.get("year_from"), r.get("year_to")
        if isinstance(first, int) and isinstance(last, int) and last < first:
            problems.add(f"{where}: поле «year_to» — год окончания {last} раньше года начала {first}.")


def _activities(problems: Problems, records, sections: dict) -> None:
    for where, r in records:
        if r.get("done_on") is not None and r.get("status") != "done":
            problems.add(f"{where}: поле «done_on» — дата выполнения есть только у выполненного мероприятия.")
        section = sections.get(_key(r.get("section_id")))
        if section is not None and section.get("program_id") != r.get("program_id"):
            problems.add(f"{where}: поле «section_id» — раздел плана принадлежит другой программе.")


def _events(problems: Problems, records) -> None:
    for where, r in records:
        start, end = r.get("date_from"), r.get("date_to")
        if is_date(start) and is_date(end) and end < start:
            problems.add(f"{where}: поле «date_to» — дата окончания {end} раньше даты начала {start}.")


def _unique(problems: Problems, records, names: tuple[str, ...], what: str) -> None:
    seen: set = set()
    for where, r in records:
        key = tuple(shown(r.get(n)) for n in names)
        if key in seen:
            problems.add(f"{where}: значение {what} в пакете уже есть (повтор по полям {', '.join(names)}).")
        seen.add(key)


def _exam_results(problems: Problems, records) -> None:
    for where, r in records:
        bounds, value = METRIC_RANGES.get(_key(r.get("metric"))), r.get("value")
        if bounds is None or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        low, high = bounds
        if value < low or (high is not None and value > high):
            limit = f"от {low} до {high}" if high is not None else f"не меньше {low}"
            problems.add(
                f"{where}: поле «value» — для «{r['metric']}» должно быть {limit}, а в пакете {value}."
            )
    _unique(
        problems,
        [(w, {**r, "grade": r.get("grade") or 0, "level": r.get("level") or ""}) for w, r in records],
        ("year", "assessment", "subject", "grade", "level", "metric"),
        "этой процедуры, предмета, класса и показателя",
    )


def _template_items(problems: Problems, where: str, r: dict) -> None:
    scale = r.get("scale")
    if (
        not isinstance(scale, list)
        or len(scale) < 2
        or not all(isinstance(x, str) and x.strip() for x in scale)
    ):
        problems.add(f"{where}: поле «scale» — список из двух и более вариантов ответа (строк).")
    sections = r.get("sections")
    if not isinstance(sections, list):
        problems.add(f"{where}: поле «sections» — список разделов {{title, items}}.")
        return
    item_ids: set[str] = set()
    for number, section in enumerate(sections, 1):
        items = section.get("items") if isinstance(section, dict) else None
        if (
            not isinstance(section, dict)
            or not isinstance(section.get("title"), str)
            or not isinstance(items, list)
        ):
            problems.add(
                f"{where}: поле «sections», раздел {number} — объект с «title» (строка) и «items» (список)."
            )
            continue
        for item in items:
            ok = isinstance(item, dict) and isinstance(item.get("text"), str)
            item_id = item.get("id") if isinstance(item, dict) else None
            if not ok or not isinstance(item_id, str) or not item_id or item_id in item_ids:
                problems.add(
                    f"{where}: поле «sections», раздел {number} — у каждого утверждения свой «id» и «text»."
                )
            else:
                item_ids.add(item_id)


def _templates(problems: Problems, records) -> None:
    for where, r in records:
        _template_items(problems, where, r)
    _unique(
        problems,
        [(w, {**r, "version": r.get("version", 1)}) for w, r in records],
        ("code", "version"),
        "анкеты с этим кодом и версией",
    )


def _item_ids(template: dict) -> set[str]:
    sections = template.get("sections") if isinstance(template.get("sections"), list) else []
    return {
        item["id"]
        for section in sections
        if isinstance(section, dict) and isinstance(section.get("items"), list)
        for item in section["items"]
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _rounds(problems: Problems, records, templates: dict) -> None:
    for where, r in records:
        counts, template = r.get("counts"), templates.get(_key(r.get("template_id")))
        if not isinstance(counts, dict):
            problems.add(f"{where}: поле «counts» — объект «id утверждения → список чисел ответов».")
            continue
        if template is None or not isinstance(template.get("scale"), list):
            continue
        levels, items, respondents = len(template["scale"]), _item_ids(template), r.get("respondents")
        for item_id, values in counts.items():
            if item_id not in items:
                problems.add(f"{where}: поле «counts» — утверждения {shown(item_id)} нет в анкете тура.")
            elif (
                not isinstance(values, list) or len(values) != levels or not _ints(values) or min(values) < 0
            ):
                problems.add(
                    f"{where}: поле «counts», утверждение «{item_id}» — {levels} целых неотрицательных "
                    "числа, по одному на вариант ответа."
                )
            elif isinstance(respondents, int) and sum(values) > respondents:
                problems.add(
                    f"{where}: поле «counts», утверждение «{item_id}» — ответов {sum(values)}, "
                    f"а участников {respondents}."
                )


# --- the quick way through a sound package ---------------------------------------------------
# Nearly every package is right, and checking one record by record with a message ready for
# each field took most of an import's checking time. `_plainly_valid` only answers «is every
# rule kept?», with tests each at least as strict as the rule it stands for: True means the full
# check above would find nothing. Anything in doubt goes the full way, which alone words the
# refusals — so the rules and their messages stay stated once.


def _plainly_valid(data: object) -> bool:
    try:
        return _all_kept(data)
    except (TypeError, ValueError, AttributeError, KeyError):
        return False


def _all_kept(data: object) -> bool:
    if not isinstance(data, dict):
        return False
    problems = Problems()
    _check_school(problems, data.get("school"))
    arrays = {table.key: data.get(table.key) for table in TABLES}
    ids: dict[str, set[str]] = {}
    for key, records in arrays.items():
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            return False
        found = [r.get("id") for r in records]
        ids[key] = set(found)
        if len(ids[key]) != len(found) or not all(map(is_uuid, found)):
            return False
    if problems.items or not all(_records_kept(t, arrays[t.key], ids) for t in TABLES):
        return False
    unlabelled = {key: [("", r) for r in records] for key, records in arrays.items()}
    _rules(problems, unlabelled, {key: {r["id"]: r for r in records} for key, records in arrays.items()})
    return not problems.items and not problems.more


def _records_kept(table: Table, records: list[dict], ids: dict[str, set[str]]) -> bool:
    """Every record's stamp, fields, references and links pass (ids are checked by the caller).
    Field by field over all records at once, so the work runs in the interpreter's builtins."""
    if not all(map(is_stamp, {r.get("updated_at") for r in records})):
        return False
    for f in table.fields:
        name = f.name
        present = [r[name] for r in records if name in r]
        if f.required and len(present) != len(records):
            return False
        values = [v for v in present if v is not None] if f.null else present
        if not _column_passes(f, table.model, values, ids):
            return False
    for link in table.links:
        lists = [r.get(link.key) for r in records]
        if not _only(lists, list):
            return False
        if link.outside:
            if not all(map(is_uuid, chain.from_iterable(lists))):
                return False
        elif not ids[link.target].issuperset(chain.from_iterable(lists)):
            return False
    return True


def _only(values: list, kind: type) -> bool:
    return set(map(type, values)) <= {kind}


def _column_passes(f: Field, model: type, values: list, ids: dict[str, set[str]]) -> bool:
    """True only if field_problem (and, for a reference, check_refs) passes every value."""
    if f.kind in ("text", "title"):
        limit = column_length(model, f.name)
        return (
            _only(values, str)
            and "\x00" not in "".join(values)
            and (limit is None or max(map(len, values), default=0) <= limit)
            and (f.kind == "text" or all(map(str.strip, values)))
        )
    if f.kind == "ref":
        return ids[f.target].issuperset(values)  # ids are UUID strings, checked
    if f.kind == "bool":
        return _only(values, bool)
    if f.kind == "enum":
        return set(values) <= set(f.values)
    if f.kind == "date":
        return all(map(is_date, set(values)))
    return all(field_problem(f, v, model) is None for v in values)


__all__ = ["validate_snapshot"]
