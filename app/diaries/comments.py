"""«Комментарии куратора»: written at the municipal office, read at the school.

In school mode comments only arrive (the exchange applies them with
`receive_comment`); in municipal mode a curator writes them here.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.core.dates import format_day, local_day
from app.core.errors import UserError, ValidationError
from app.core.records import live
from app.core.store import Store
from app.diaries.common import CommentView
from db.enums import COMMENT_TARGETS
from db.models import CuratorComment, DirectorDiaryEntry, Event, Installation, TeacherDiaryEntry

TARGET_MODELS = {"teacher_diary": TeacherDiaryEntry, "director_diary": DirectorDiaryEntry, "events": Event}
SCHOOL_READ_ONLY = (
    "Комментарии куратора пишет методист управления образования; в школе они приходят "
    "с обратной связью и только читаются."
)
AUTHOR_MISSING = "Укажите автора комментария: фамилию, инициалы и должность."


def can_write_comments(store: Store) -> bool:
    inst = store.installation()
    return inst is not None and inst.mode == "municipality"


def require_office(session, refusal: str = SCHOOL_READ_ONLY) -> Installation:
    """The office's installation; in a school's database `refusal` is raised instead."""
    inst = session.scalars(select(Installation)).first()
    if inst is None or inst.mode != "municipality":
        raise UserError(refusal)
    return inst


def sent_status(sent_at: datetime | None, sent: str = "отправлен", unsent: str = "не отправлен") -> str:
    """«отправлен 12.05.2021» (the day the feedback package carrying it was written) or «не отправлен»."""
    if sent_at is None:
        return unsent
    return f"{sent} {format_day(local_day(sent_at))}"


def _view(c: CuratorComment) -> CommentView:
    return CommentView(c.id, c.author, c.text, c.created_at, c.sent_at)


def list_comments(store: Store, target: str, target_id: str) -> list[CommentView]:
    with store.session() as s:
        rows = s.scalars(
            select(CuratorComment)
            .where(
                CuratorComment.target == target,
                CuratorComment.target_id == target_id,
                CuratorComment.deleted_at.is_(None),
            )
            .order_by(CuratorComment.created_at)
        )
        return [_view(c) for c in rows]


def add_comment(store: Store, target: str, target_id: str, text: str, author: str) -> CommentView:
    if target not in COMMENT_TARGETS:
        raise UserError(f"Комментарий можно оставить только к записи дневника, а не к «{target}».")
    problems = {}
    if not text.strip():
        problems["text"] = "Комментарий пуст — впишите текст."
    if not author.strip():
        problems["author"] = AUTHOR_MISSING
    if problems:
        raise ValidationError(problems)
    with store.session() as s:
        require_office(s)
        record = s.get(TARGET_MODELS[target], target_id)
        if record is None or record.deleted_at is not None:
            raise UserError("Запись, к которой пишется комментарий, удалена или не найдена.")
        comment = CuratorComment(
            school_id=record.school_id,
            target=target,
            target_id=target_id,
            text=text.strip(),
            author=author.strip(),
        )
        s.add(comment)
        s.flush()
        return _view(comment)


def update_comment(store: Store, comment_id: str, text: str) -> CommentView:
    if not text.strip():
        raise ValidationError({"text": "Комментарий пуст — впишите текст или удалите комментарий."})
    with store.session() as s:
        require_office(s)
        comment = live(s, CuratorComment, comment_id, "Комментарий уже удалён.")
        if comment.text != text.strip():
            comment.text = text.strip()
            comment.sent_at = None  # changed: «не отправлен» until the next feedback package
        return _view(comment)


def delete_comment(store: Store, comment_id: str, now: datetime | None = None) -> None:
    with store.session() as s:
        require_office(s)
        comment = s.get(CuratorComment, comment_id)
        if comment is not None:
            comment.deleted_at = now or datetime.now(UTC)
