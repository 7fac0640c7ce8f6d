"""Built-in questionnaires shipped in resources/templates (e.g. «Есть ли изменения?», seed 004)."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import paths
from app.core.errors import UserError
from db.models import SurveyTemplate

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


class TemplateError(UserError):
    """A built-in questionnaire file is damaged; the message names the file."""


BUILTIN_STAMP = datetime(2020, 9, 1, tzinfo=UTC)  # the seeds' questionnaire: the 2020/2021 year


def builtin_template_id(code: str, version: int) -> str:
    """The same id for the same built-in template on every installation."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"dnevnik-shkoly/template/{code}/{version}"))


def _text(value, what: str, problems: list[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"нет {what} (нужна непустая строка)")
        return ""
    return value


def validate_template(doc) -> list[str]:
    """Russian descriptions of what is wrong with a template document; empty if it is fine."""
    if not isinstance(doc, dict):
        return ["шаблон должен быть объектом JSON"]
    problems: list[str] = []
    code = doc.get("code")
    if not isinstance(code, str) or not CODE_RE.match(code):
        problems.append("код шаблона («code») — латинские строчные буквы, цифры и дефис")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append("версия шаблона («version») — целое число не меньше 1")
    _text(doc.get("title"), "названия анкеты («title»)", problems)
    if not isinstance(doc.get("intro", ""), str):
        problems.append("вступление («intro») должно быть строкой")
    scale = doc.get("scale")
    if (
        not isinstance(scale, list)
        or len(scale) < 2
        or not all(isinstance(x, str) and x.strip() for x in scale)
    ):
        problems.append("шкала ответов («scale») — список не менее чем из двух подписей")
    sections = doc.get("sections")
    if not isinstance(sections, list) or not sections:
        problems.append("в анкете нет разделов («sections»)")
        return problems
    seen: set[str] = set()
    for n, section in enumerate(sections, 1):
        if not isinstance(section, dict):
            problems.append(f"раздел {n} должен быть объектом")
            continue
        _text(section.get("title"), f"названия раздела {n}", problems)
        items = section.get("items")
        if not isinstance(items, list) or not items:
            problems.append(f"в разделе {n} нет утверждений («items»)")
            continue
        for m, item in enumerate(items, 1):
            if not isinstance(item, dict):
                problems.append(f"утверждение {m} раздела {n} должно быть объектом")
                continue
            item_id = _text(item.get("id"), f"номера утверждения {m} в разделе {n}", problems)
            _text(item.get("text"), f"текста утверждения {m} в разделе {n}", problems)
            if item_id in seen:
                problems.append(f"номер утверждения «{item_id}» повторяется")
            seen.add(item_id)
    return problems


def load_builtin_templates(folder: Path | None = None) -> list[dict]:
    """Every built-in template (resources/templates/*.json), checked, in file-name order."""
    folder = folder or paths.resource("templates")
    templates: list[dict] = []
    keys: dict[tuple[str, int], str] = {}
    for file in sorted(folder.glob("*.json")):
        try:
            doc = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise TemplateError(
                f"Встроенная анкета {file.name} не читается ({exc}). Переустановите программу."
            ) from exc
        if problems := validate_template(doc):
            raise TemplateError(
                f"Встроенная анкета {file.name} повреждена: {'; '.join(problems)}. Переустановите программу."
            )
        key = (doc["code"], doc["version"])
        if key in keys:
            raise TemplateError(
                f"Встроенные анкеты {keys[key]} и {file.name} имеют одинаковый код «{key[0]}» "
                f"и версию {key[1]}. Переустановите программу."
            )
        keys[key] = file.name
        templates.append(doc)
    return templates


def ensure_builtin_templates(session: Session) -> None:
    """Add each built-in template not yet in the database (by code and version)."""
    for doc in load_builtin_templates():
        present = session.scalars(
            select(SurveyTemplate.id).where(
                SurveyTemplate.code == doc["code"], SurveyTemplate.version == doc["version"]
            )
        ).first()
        if present is not None:
            continue
        session.add(
            SurveyTemplate(
                id=builtin_template_id(doc["code"], doc["version"]),
                code=doc["code"],
                version=doc["version"],
                title=doc["title"],
                intro=doc.get("intro", ""),
                scale=list(doc["scale"]),
                sections=[
                    {
                        "title": sec["title"],
                        "items": [{"id": it["id"], "text": it["text"]} for it in sec["items"]],
                    }
                    for sec in doc["sections"]
                ],
                builtin=True,
                # The same in every database: a built-in's record is the program's, not the day
                # this installation first made it (two offices, or an office and a school, agree).
                created_at=BUILTIN_STAMP,
                updated_at=BUILTIN_STAMP,
            )
        )
    session.flush()
