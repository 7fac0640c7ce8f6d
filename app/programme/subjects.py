"""The school subjects of ВПР, ОГЭ, ЕГЭ and ГВЭ, and the spellings schools use for them."""

from __future__ import annotations

from app.core.text import fold

# The subjects of ВПР, ОГЭ, ЕГЭ and ГВЭ as schools name them.
SUBJECTS = (
    "русский язык",
    "математика",
    "литература",
    "окружающий мир",
    "история",
    "обществознание",
    "география",
    "биология",
    "физика",
    "химия",
    "информатика",
    "английский язык",
    "немецкий язык",
    "французский язык",
    "испанский язык",
    "китайский язык",
    "родной язык",
    "родная литература",
)
_SUBJECT_ALIASES = {
    "русский": "русский язык",
    "рус. яз": "русский язык",
    "рус. яз.": "русский язык",
    "рус.яз": "русский язык",
    "рус.яз.": "русский язык",
    "матем.": "математика",
    "матем": "математика",
    "информатика и икт": "информатика",
    "английский": "английский язык",
    "немецкий": "немецкий язык",
    "французский": "французский язык",
    "мат": "математика",
    "математика (базовая)": "математика",
    "математика (профильная)": "математика",
    "математика базовая": "математика",
    "математика профильная": "математика",
    "русск. яз": "русский язык",
    "англ. яз": "английский язык",
    "англ": "английский язык",
    "общество": "обществознание",
}


def _key(text: object) -> str:
    """The spec's comparison: case, ё/е, spaces and a trailing dot do not count."""
    return "".join(fold(text).split()).rstrip(".")


_SUBJECT_BY_KEY = {_key(s): s for s in SUBJECTS} | {_key(k): v for k, v in _SUBJECT_ALIASES.items()}


def normalize_subject(text: str) -> str | None:
    """The subject as the list spells it («Русский язык», «рус. яз» → «русский язык»), or None."""
    return _SUBJECT_BY_KEY.get(_key(text))
