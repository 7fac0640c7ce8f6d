"""How curator comments read: in the comments list of an entry, and in a diary table's cell.

At a school the cell names who wrote and when, then the text (the school reads the office's
words). At the office the curator wants to see what was written and whether it has gone yet:
the cell starts with «не отправлен» / «отправлен» and then the latest comment's first line.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.core.dates import format_day
from app.diaries.comments import sent_status
from app.diaries.common import CommentView


def comment_text(comment: CommentView, at_office: bool = False) -> str:
    """Who and when, then the text; at the office also whether a feedback package took it yet."""
    who = comment.author or "куратор"
    sent = f" · {sent_status(comment.sent_at)}" if at_office else ""
    return f"{who}, {format_day(comment.written_at.date())}{sent}\n{comment.text}"


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def office_status(comments: Sequence[CommentView]) -> str:
    """«не отправлен», «отправлен», or for several «3 комм., не отправлено: 1»."""
    unsent = sum(1 for c in comments if c.sent_at is None)
    if len(comments) == 1:
        return "не отправлен" if unsent else "отправлен"
    tail = f"не отправлено: {unsent}" if unsent else "все отправлены"
    return f"{len(comments)} комм., {tail}"


def office_cell(comments: Sequence[CommentView]) -> str:
    """The office's table cell: the sending status, then the latest comment's first line."""
    if not comments:
        return ""
    return f"{office_status(comments)} — {first_line(comments[-1].text)}"


def office_tooltip_text(comments: Sequence[CommentView]) -> str:
    """Every comment in full, each with its author, date and sending status."""
    return "\n\n".join(comment_text(c, at_office=True) for c in comments)
