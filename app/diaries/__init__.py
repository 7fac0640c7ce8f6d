"""The three diaries of seed 004. Each is a DiaryService: ids in order, rows by id, edit, trash."""

from app.diaries.common import TRASH_DAYS, DiaryFilter
from app.diaries.director import DirectorEntryData, director_diary
from app.diaries.events import EventData, school_diary
from app.diaries.teacher import TeacherEntryData, teacher_diary

DIARIES = {"school-diary": school_diary, "teacher-diary": teacher_diary, "director-diary": director_diary}


def purge_expired_trash(store) -> int:
    """Remove for good whatever has lain in «Корзина» longer than TRASH_DAYS days."""
    # Entries before events: an event's purge must not find live links to it.
    return sum(service.purge_expired(store) for service in (teacher_diary, director_diary, school_diary))


__all__ = [
    "DIARIES",
    "TRASH_DAYS",
    "DiaryFilter",
    "DirectorEntryData",
    "EventData",
    "TeacherEntryData",
    "director_diary",
    "purge_expired_trash",
    "school_diary",
    "teacher_diary",
]
