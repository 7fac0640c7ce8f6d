"""Questionnaire templates: the built-in «Есть ли изменения?» and those a school or an office writes.

A template some round already uses is never changed in place: saving it makes a new
version (same code, version + 1), so the old rounds keep reporting on the statements
they were answered on. Built-in templates are not edited at all: a copy is.
A template travels between installations as a JSON file keeping its id, code and version.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.errors import UserError, ValidationError
from app.core.files import atomic_path
from app.core.records import live
from app.core.store import Store
from app.surveys.builtin_templates import ensure_builtin_templates, validate_template
from db.models import SurveyRound, SurveyTemplate

GONE = "Этой анкеты больше нет в базе — обновите список."
FILE_FORMAT = "dnevnik-shkoly-anketa"
FILE_FORMAT_VERSION = 1
MAX_FILE_SIZE = 1024 * 1024
MAX_LABELS = 9  # the fast entry types an answer as one digit, 1…9


@dataclass
class TemplateItem:
    id: str
    text: str


@dataclass
class TemplateSection:
    title: str
    items: list[TemplateItem] = field(default_factory=list)


@dataclass
class TemplateData:
    """A questionnaire as the editor edits it. Items keep their ids; a new item has id ""."""

    title: str = ""
    intro: str = ""
    scale: list[str] = field(default_factory=list)
    sections: list[TemplateSection] = field(default_factory=list)

    def to_doc(self) -> dict:
        return {
            "title": self.title,
            "intro": self.intro,
            "scale": list(self.scale),
            "sections": [
                {"title": s.title, "items": [{"id": i.id, "text": i.text} for i in s.items]}
                for s in self.sections
            ],
        }

    @classmethod
    def from_doc(cls, doc: dict) -> TemplateData:
        return cls(
            title=doc["title"],
            intro=doc.get("intro", ""),
            scale=list(doc["scale"]),
            sections=[
                TemplateSection(s["title"], [TemplateItem(i["id"], i["text"]) for i in s["items"]])
                for s in doc["sections"]
            ],
        )

    def numbered_items(self) -> list[tuple[str, TemplateItem]]:
        """Every statement with the number a reader sees («2.3»: section 2, third statement)."""
        return [
            (f"{s_no}.{i_no}", item)
            for s_no, section in enumerate(self.sections, 1)
            for i_no, item in enumerate(section.items, 1)
        ]

    def item_ids(self) -> list[str]:
        return [item.id for _, item in self.numbered_items()]


@dataclass
class Template(TemplateData):
    id: str = ""
    code: str = ""
    version: int = 1
    builtin: bool = False
    rounds: int = 0  # rounds (of this version) that use it

    @classmethod
    def of(cls, row: SurveyTemplate, rounds: int = 0) -> Template:
        data = TemplateData.from_doc(
            {"title": row.title, "intro": row.intro, "scale": row.scale, "sections": row.sections}
        )
        return cls(
            **vars(data), id=row.id, code=row.code, version=row.version, builtin=row.builtin, rounds=rounds
        )

    @property
    def label(self) -> str:
        """«Есть ли изменения?» or «Анкета (версия 2)»."""
        return self.title if self.version == 1 else f"{self.title} (версия {self.version})"


@dataclass
class SaveOutcome:
    template: Template
    new_version: bool  # True when the edit went into a new version


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def clean_data(data: TemplateData) -> TemplateData:
    """Spaces trimmed, empty statements and empty sections dropped."""
    sections = []
    for section in data.sections:
        items = [TemplateItem(i.id.strip(), _squeeze(i.text)) for i in section.items if i.text.strip()]
        if section.title.strip() or items:
            sections.append(TemplateSection(_squeeze(section.title), items))
    return TemplateData(
        title=_squeeze(data.title),
        intro=data.intro.strip().replace("\r\n", "\n"),
        scale=[_squeeze(x) for x in data.scale if x.strip()],
        sections=sections,
    )


def validate(data: TemplateData) -> dict[str, str]:
    """Field name («title», «scale», «sections») → what is wrong, in Russian. Expects clean data."""
    errors: dict[str, str] = {}
    if not data.title:
        errors["title"] = "Впишите название анкеты."
    if len(data.scale) < 2:
        errors["scale"] = "Нужно не меньше двух вариантов ответа, по одному в строке."
    elif len(data.scale) > MAX_LABELS:
        errors["scale"] = f"Вариантов ответа может быть не больше {MAX_LABELS}."
    elif len({x.casefold() for x in data.scale}) < len(data.scale):
        errors["scale"] = "Варианты ответа повторяются — у каждого должна быть своя подпись."
    problems = []
    if not data.sections:
        problems.append("Добавьте хотя бы один раздел с утверждениями.")
    for number, section in enumerate(data.sections, 1):
        if not section.title:
            problems.append(f"У раздела {number} нет названия.")
        if not section.items:
            problems.append(f"В разделе {number} нет ни одного утверждения.")
    if problems:
        errors["sections"] = " ".join(problems)
    return errors


def _assign_ids(data: TemplateData) -> None:
    """New statements get ids «раздел.номер» that no other statement of the template has."""
    taken = {item.id for section in data.sections for item in section.items if item.id}
    for s_no, section in enumerate(data.sections, 1):
        for i_no, item in enumerate(section.items, 1):
            if item.id:
                continue
            n = i_no
            while f"{s_no}.{n}" in taken:
                n += 1
            item.id = f"{s_no}.{n}"
            taken.add(item.id)
    seen: set[str] = set()
    for section in data.sections:
        for item in section.items:
            if item.id in seen:  # the editor copied an item: the copy becomes a new statement
                item.id = f"{item.id}-{uuid.uuid4().hex[:4]}"
            seen.add(item.id)


_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),
        strict=True,
    )
)
_TRANSLIT.update({"ъ": "", "ь": ""})


def make_code(title: str) -> str:
    """A code for a new questionnaire: its title in Latin letters and a random tail,
    so two schools writing «Анкета» never send the office the same code."""
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in title.casefold())
    slug = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")[:60].strip("-")
    return f"{slug or 'anketa'}-{uuid.uuid4().hex[:6]}"


def _round_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(SurveyRound.template_id, func.count())
        .where(SurveyRound.deleted_at.is_(None))
        .group_by(SurveyRound.template_id)
    )
    return dict(rows.all())


def _used(session: Session, template_id: str) -> bool:
    """Any round, even one deleted, keeps its template as it was."""
    query = select(SurveyRound.id).where(SurveyRound.template_id == template_id).limit(1)
    return session.scalars(query).first() is not None


def list_templates(store: Store, all_versions: bool = False) -> list[Template]:
    """Templates, the built-in first; by default only the newest version of each code.

    The built-in ones are added here if missing, so a new installation offers them at once."""
    with store.session() as s:
        ensure_builtin_templates(s)
        rows = s.scalars(select(SurveyTemplate)).all()
        counts = _round_counts(s)
    if not all_versions:
        newest: dict[str, SurveyTemplate] = {}
        for row in rows:
            if row.code not in newest or row.version > newest[row.code].version:
                newest[row.code] = row
        rows = list(newest.values())
    rows = sorted(rows, key=lambda r: (not r.builtin, r.title.casefold(), r.version))
    return [Template.of(r, counts.get(r.id, 0)) for r in rows]


def get_template(store: Store, template_id: str) -> Template:
    with store.session() as s:
        return Template.of(live(s, SurveyTemplate, template_id, GONE), _round_counts(s).get(template_id, 0))


def _prepare(data: TemplateData) -> TemplateData:
    data = clean_data(data)
    if errors := validate(data):
        raise ValidationError(errors)
    _assign_ids(data)
    return data


def _fill(row: SurveyTemplate, data: TemplateData) -> None:
    doc = data.to_doc()
    row.title, row.intro, row.scale, row.sections = doc["title"], doc["intro"], doc["scale"], doc["sections"]


def create_template(store: Store, data: TemplateData) -> Template:
    """A new questionnaire, version 1, with a code of its own."""
    data = _prepare(data)
    with store.session() as s:
        row = SurveyTemplate(code=make_code(data.title), version=1, builtin=False)
        _fill(row, data)
        s.add(row)
        s.flush()
        return Template.of(row)


def save_template(store: Store, template_id: str, data: TemplateData) -> SaveOutcome:
    """Save an edit: in place while no round uses the template, else as a new version."""
    data = _prepare(data)
    with store.session() as s:
        row = live(s, SurveyTemplate, template_id, GONE)
        if row.builtin:
            raise UserError(
                "Встроенную анкету нельзя изменить: она должна совпадать с образцом. "
                "Создайте копию («Создать на основе») и меняйте её."
            )
        if TemplateData.from_doc(_doc_of(row)) == data:
            return SaveOutcome(Template.of(row, _round_counts(s).get(row.id, 0)), new_version=False)
        if not _used(s, row.id):
            _fill(row, data)
            s.flush()
            return SaveOutcome(Template.of(row), new_version=False)
        newest = s.scalar(select(func.max(SurveyTemplate.version)).where(SurveyTemplate.code == row.code))
        fresh = SurveyTemplate(code=row.code, version=(newest or row.version) + 1, builtin=False)
        _fill(fresh, data)
        s.add(fresh)
        s.flush()
        return SaveOutcome(Template.of(fresh), new_version=True)


def copy_data(template: Template) -> TemplateData:
    """What «Создать на основе» starts from: the same text under a new title."""
    data = TemplateData.from_doc(template.to_doc())
    data.title = f"{template.title} (копия)"
    return data


def delete_template(store: Store, template_id: str) -> None:
    with store.session() as s:
        row = live(s, SurveyTemplate, template_id, GONE)
        if row.builtin:
            raise UserError("Встроенную анкету удалить нельзя.")
        if _used(s, row.id):
            raise UserError(
                "По этой анкете уже проводились туры, её нельзя удалить: отчёты по ним опираются на неё."
            )
        s.delete(row)


def _doc_of(row: SurveyTemplate) -> dict:
    return {"title": row.title, "intro": row.intro, "scale": row.scale, "sections": row.sections}


def template_file_doc(template: Template) -> dict:
    """The template as its file holds it."""
    return {
        "format": FILE_FORMAT,
        "format_version": FILE_FORMAT_VERSION,
        "id": template.id,
        "code": template.code,
        "version": template.version,
        **template.to_doc(),
    }


def export_template(store: Store, template_id: str, out_path: str | os.PathLike) -> Path:
    """Write the template to a JSON file another installation can import."""
    text = json.dumps(template_file_doc(get_template(store, template_id)), ensure_ascii=False, indent=2)
    target = Path(out_path)
    with atomic_path(target) as temporary:
        temporary.write_text(text + "\n", encoding="utf-8")
    return target


@dataclass
class ImportOutcome:
    template: Template
    added: bool  # False: the same template was already here


def read_template_file(path: str | os.PathLike) -> dict:
    """The checked document of a template file; a UserError says what is wrong with it."""
    path = Path(path)
    name = path.name
    try:
        if path.stat().st_size > MAX_FILE_SIZE:
            raise UserError(f"Файл «{name}» слишком большой для шаблона анкеты — это не он.")
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise UserError(f"Файл «{name}» не открывается ({exc.strerror}).") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"Файл «{name}» — не шаблон анкеты: он не в формате JSON.") from exc
    if not isinstance(doc, dict) or doc.get("format", FILE_FORMAT) != FILE_FORMAT:
        raise UserError(f"Файл «{name}» — не шаблон анкеты «Дневника школы».")
    if isinstance(doc.get("format_version"), int) and doc["format_version"] > FILE_FORMAT_VERSION:
        raise UserError(f"Шаблон «{name}» создан более новой версией программы — обновите её.")
    problems = validate_template(doc)
    if not problems:
        data = clean_data(TemplateData.from_doc(doc))
        problems = list(validate(data).values())
    if problems:
        raise UserError(f"Шаблон анкеты в файле «{name}» повреждён: {'; '.join(problems)}.")
    template_id = doc.get("id")
    try:
        doc["id"] = str(uuid.UUID(template_id)) if template_id else None
    except (ValueError, TypeError, AttributeError) as exc:
        raise UserError(f"Шаблон анкеты в файле «{name}» повреждён: неверный id.") from exc
    return doc


def import_template(store: Store, path: str | os.PathLike) -> ImportOutcome:
    """Add the file's template, keeping its id, code and version; nothing if it is already here."""
    doc = read_template_file(path)
    data = TemplateData.from_doc(doc)
    template_id = doc["id"] or str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"dnevnik-shkoly/template/{doc['code']}/{doc['version']}")
    )
    with store.session() as s:
        same_key = s.scalars(
            select(SurveyTemplate).where(
                SurveyTemplate.code == doc["code"], SurveyTemplate.version == doc["version"]
            )
        ).first()
        existing = s.get(SurveyTemplate, template_id) or same_key
        if existing is not None:
            if TemplateData.from_doc(_doc_of(existing)) == data:
                return ImportOutcome(Template.of(existing, _round_counts(s).get(existing.id, 0)), False)
            raise UserError(
                f"Анкета «{existing.title}» (версия {existing.version}) уже есть в базе, но с другим "
                "текстом. Попросите у того, кто прислал файл, новую версию шаблона."
            )
        row = SurveyTemplate(id=template_id, code=doc["code"], version=doc["version"], builtin=False)
        _fill(row, data)
        s.add(row)
        s.flush()
        return ImportOutcome(Template.of(row), True)
