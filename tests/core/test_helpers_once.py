"""The helpers every module shares: text folding, dates, atomic files, fetching a record."""

from __future__ import annotations

import os
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import literal, select

from app.backup.copies import make_backup
from app.core.dates import format_day, format_moment, format_period
from app.core.errors import UserError
from app.core.files import atomic_file, atomic_path, write_atomically
from app.core.records import GONE, live
from app.core.text import fold
from db.functions import fold as fold_column
from db.models import School, Staff


def test_fold_ignores_case_yo_and_runs_of_spaces():
    assert fold("  Ёлкина   Елена\tЁ. ") == "елкина елена е."
    assert fold("Рус. Яз.") == fold("рус. яз.")
    assert fold(None) == ""
    assert fold(2021) == "2021"


def test_fold_keeps_white_space_when_asked():
    assert fold(" Иванов  И.И. ", spaces=False) == " иванов  и.и. "


def test_fold_is_what_the_database_computes(store):
    with store.session() as s:
        assert s.scalar(select(fold_column(literal("ЁЛКИНА Ёж")))) == fold("ЁЛКИНА Ёж")


def test_days_read_dd_mm_yyyy():
    assert format_day(date(2021, 3, 5)) == "05.03.2021"
    assert format_day(None) == ""
    assert format_period(date(2021, 3, 5), date(2021, 3, 7)) == "05.03.2021 – 07.03.2021"
    assert format_period(date(2021, 3, 5), date(2021, 3, 5)) == format_period(date(2021, 3, 5), None)
    assert format_period(None, date(2021, 3, 7)) == ""


def test_a_moment_is_shown_in_local_time():
    moment = datetime(2021, 3, 5, 23, 30, tzinfo=UTC)
    local = moment.astimezone()
    assert format_day(moment) == f"{local:%d.%m.%Y}"
    assert format_moment(moment) == f"{local:%d.%m.%Y %H:%M}"
    assert format_moment(None) == ""


# --- atomic files ----------------------------------------------------------------------------------


@pytest.fixture
def fsyncs(monkeypatch) -> list[int]:
    """os.fsync checked: only on a descriptor open for writing (Windows refuses a read-only one)."""
    calls: list[int] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        if hasattr(os, "O_ACCMODE"):
            import fcntl

            assert fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE != os.O_RDONLY, "fsync on a read-only handle"
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return calls


def _left_over(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_atomic_file_replaces_the_target_after_syncing_the_writing_handle(tmp_path, fsyncs):
    target = tmp_path / "keys.json"
    target.write_text("old")
    with atomic_file(target) as handle:
        handle.write(b"new")
        assert target.read_text() == "old"
    assert target.read_text() == "new"
    assert len(fsyncs) == 1
    assert _left_over(tmp_path) == []


def test_atomic_file_keeps_the_old_content_when_writing_fails(tmp_path):
    target = tmp_path / "keys.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_file(target) as handle:
        handle.write(b"half")
        raise RuntimeError("the power went")
    assert target.read_text() == "old"
    assert _left_over(tmp_path) == []


@pytest.mark.skipif(os.name == "nt", reason="file modes are POSIX")
def test_a_private_file_is_for_its_owner_only(tmp_path):
    write_atomically(tmp_path / "signing.key", "secret\n", private=True)
    assert (tmp_path / "signing.key").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "signing.key").read_text() == "secret\n"


def test_atomic_path_syncs_what_a_writer_wrote_by_name(tmp_path, fsyncs):
    target = tmp_path / "отчёт.pdf"
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"%PDF")
    assert target.read_bytes() == b"%PDF"
    assert len(fsyncs) == 1
    assert _left_over(tmp_path) == []


def test_atomic_path_refuses_in_russian(tmp_path):
    with pytest.raises(UserError, match="Папки .* нет"), atomic_path(tmp_path / "нет" / "отчёт.pdf"):
        pass
    (tmp_path / "папка").mkdir()
    with pytest.raises(UserError, match="это папка"), atomic_path(tmp_path / "папка"):
        pass


def test_a_backup_syncs_its_zip_through_the_writing_handle(school_store, fsyncs):
    path = make_backup(school_store)
    assert zipfile.ZipFile(path).testzip() is None
    assert fsyncs  # the copy reached the disk, synced on a handle that could write
    assert _left_over(path.parent) == []


# --- live: fetch the record or refuse -------------------------------------------------------------


def test_live_fetches_the_record(school_store):
    with school_store.session() as s:
        school = s.scalars(select(School)).one()
        assert live(s, School, school.id) is school


def test_live_refuses_in_russian_when_the_record_is_gone(school_store):
    with school_store.session() as s, pytest.raises(UserError, match="обновите список") as refused:
        live(s, School, "no-such-id")
    assert refused.value.message == GONE
    with school_store.session() as s, pytest.raises(UserError, match="Школы нет"):
        live(s, School, None, "Школы нет — заполните «Карточку школы».")


def test_live_counts_a_record_in_the_trash_as_gone_unless_asked(school_store):
    with school_store.session() as s:
        school_id = s.scalars(select(School.id)).one()
        staff = Staff(school_id=school_id, full_name="Ёлкина Елена", deleted_at=datetime.now(UTC))
        s.add(staff)
        s.flush()
        with pytest.raises(UserError, match="Этого педагога нет"):
            live(s, Staff, staff.id, "Этого педагога нет.")
        assert live(s, Staff, staff.id, include_deleted=True) is staff
