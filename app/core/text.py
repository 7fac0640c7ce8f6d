"""Text compared as a person reads it: letter case, «ё» and runs of white space do not matter."""

from __future__ import annotations

from db.functions import fold_text  # the database's fold() computes the same: one folding for both


def fold(text: object, *, spaces: bool = True) -> str:
    """`text` case- and ё-insensitive («Ёлкина  Е.» → «елкина е.»), for searching and comparing.

    Runs of white space become one space and the ends are trimmed; `spaces=False` leaves the
    white space as it is (a text searched *in*, where the caller compared it so). None is "".
    """
    if text is None:
        return ""
    text = str(text)
    return fold_text(" ".join(text.split()) if spaces else text) or ""
