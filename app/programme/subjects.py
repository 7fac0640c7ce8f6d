"""The school subjects of ВПР, ОГЭ, ЕГЭ and ГВЭ, and the spellings schools use for them."""

from __future__ import annotations

from db.functions import fold_text

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


def fold_words(text: str) -> str:
    """Spaces folded, case- and ё-insensitive: how a typed name is compared with a list."""
    return fold_text(" ".join(str(text).split()))


_SUBJECT_BY_FOLD = {fold_words(s): s for s in SUBJECTS} | {
    fold_words(k): v for k, v in _SUBJECT_ALIASES.items()
}


def normalize_subject(text: str) -> str | None:
    """The subject as the list spells it («Русский язык», «рус. яз» → «русский язык»), or None."""
    return _SUBJECT_BY_FOLD.get(fold_words(text))
