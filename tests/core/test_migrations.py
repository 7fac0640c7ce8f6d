"""Migrations: empty → head, upgrades keep every row, newer databases are refused untouched."""

import hashlib
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

import db.migrate as migrate
from app.core import paths
from app.core.store import Store
from app.school.installation import init_school, own_school
from db.base import Base
from db.migrate import DatabaseRefused, current_revision, head_revision, known_revisions
from db.models import Event, EventParticipant, Staff, TeacherDiaryEntry, TeacherDiaryEvent

EXTRA_REVISION = """
from alembic import op
import sqlalchemy as sa

revision = "9001"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade():
    # Rebuilds the parent of nearly every table: the dangerous case for cascades.
    with op.batch_alter_table("schools", recreate="always") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
    {extra}


def downgrade():
    pass
"""


def _fill(store: Store) -> None:
    init_school(store, "3410", "МКОУ Тест")
    sid = own_school(store).id
    with store.session() as s:
        teacher = Staff(school_id=sid, full_name="Петрова Анна Сергеевна")
        event = Event(
            school_id=sid, title="Практический семинар", level="municipal", date_from=date(2021, 3, 18)
        )
        s.add_all([teacher, event])
        s.flush()
        entry = TeacherDiaryEntry(
            school_id=sid, staff_id=teacher.id, entry_date=date(2021, 4, 2), methods="Групповая работа"
        )
        s.add_all([entry, EventParticipant(event_id=event.id, staff_id=teacher.id)])
        s.flush()
        s.add(TeacherDiaryEvent(entry_id=entry.id, event_id=event.id))


def _counts(store: Store) -> dict[str, int]:
    with store.session() as s:
        return {
            t.name: s.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }


def _with_extra_revision(tmp_path, monkeypatch, extra: str = "") -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9001_test.py").write_text(
        EXTRA_REVISION.format(down=head_revision(), extra=extra), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()
    }


def test_empty_database_is_created_at_head(data_dir):
    store = Store.open(data_dir)
    assert current_revision(store.engine) == head_revision()
    assert set(_counts(store)) == set(Base.metadata.tables)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()
    # A brand-new database needs no backup.
    assert not paths.backups_dir(data_dir).exists()


def test_upgrade_keeps_every_row_and_backs_up_first(data_dir, tmp_path, monkeypatch):
    store = Store.open(data_dir)
    _fill(store)
    before = _counts(store)
    store.close()
    old_head = head_revision()

    _with_extra_revision(tmp_path, monkeypatch)
    store = Store.open(data_dir)
    assert current_revision(store.engine) == "9001"
    assert _counts(store) == before
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()

    backups = list(paths.backups_dir(data_dir).glob("*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old_head
        assert conn.execute("SELECT count(*) FROM teacher_diary_events").fetchone()[0] == 1


def test_failed_upgrade_is_rolled_back_to_the_backup(data_dir, tmp_path, monkeypatch):
    store = Store.open(data_dir)
    _fill(store)
    before = _counts(store)
    store.close()

    # A migration that leaves a dangling reference must be refused as a whole.
    _with_extra_revision(
        tmp_path, monkeypatch, extra="op.execute(\"UPDATE staff SET school_id = 'nowhere'\")"
    )
    with pytest.raises(DatabaseRefused, match="нарушило связи"):
        Store.open(data_dir)

    monkeypatch.undo()
    store = Store.open(data_dir)
    assert current_revision(store.engine) == head_revision()
    assert _counts(store) == before
    store.close()


def test_database_from_a_newer_program_is_refused_and_left_byte_identical(data_dir):
    store = Store.open(data_dir)
    _fill(store)
    with store.session() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    store.close()
    before = _digest(data_dir)

    with pytest.raises(DatabaseRefused, match="более новой версией"):
        Store.open(data_dir)
    assert _digest(data_dir) == before


def test_foreign_database_is_refused(data_dir):
    data_dir.mkdir(parents=True)
    with sqlite3.connect(paths.db_file(data_dir)) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
    with pytest.raises(DatabaseRefused, match="другой программы"):
        Store.open(data_dir)


def test_revisions_read_without_alembic_are_alembics(data_dir):
    """Start-up reads the head and the known revisions from the files' own lines, not through
    Alembic (whose import costs a noticeable part of a second): both must read the same."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from db.migrate import _config

    scripts = ScriptDirectory.from_config(_config())
    assert head_revision() == scripts.get_current_head()
    assert known_revisions() == {rev.revision for rev in scripts.walk_revisions()}
    store = Store.open(data_dir)
    with store.engine.connect() as conn:
        assert current_revision(store.engine) == MigrationContext.configure(conn).get_current_revision()
    store.close()


def test_start_up_does_not_import_alembic(tmp_path):
    """Opening an up-to-date database checks its revision with one query; Alembic is imported
    only when an upgrade is due."""
    import subprocess
    import sys

    Store.open(tmp_path / "data").close()
    probe = (
        "import sys; from pathlib import Path; from app.core.store import Store; "
        f"Store.open(Path({str(tmp_path / 'data')!r})).close(); "
        "print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
