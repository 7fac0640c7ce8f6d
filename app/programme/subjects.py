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
}


_SUBJECT_BY_FOLD = {fold(s): s for s in SUBJECTS} | {fold(k): v for k, v in _SUBJECT_ALIASES.items()}


def normalize_subject(text: str) -> str | None:
    """The subject as the list spells it («Русский язык», «рус. яз» → «русский язык»), or None."""
    return _SUBJECT_BY_FOLD.get(fold(text))
