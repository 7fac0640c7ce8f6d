"""Every released schema revision, frozen in tests/fixtures, upgrades to head with every row kept.

Add `schema_<revision>_demo.db` here whenever a migration is added (see README).
"""

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.core import paths
from app.core.store import Store
from db.migrate import current_revision, head_revision, integrity_ok, known_revisions

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures").glob("schema_*.db"))


def _row_counts(db_file: Path) -> dict[str, int]:
    with sqlite3.connect(db_file) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in tables
            if t != "alembic_version"
        }


def test_there_is_a_fixture_for_the_current_head():
    revisions = {f.name.split("_")[1] for f in FIXTURES}
    assert head_revision() in revisions


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_fixture_upgrades_to_head_keeping_every_row(fixture, data_dir):
    data_dir.mkdir(parents=True)
    target = paths.db_file(data_dir)
    shutil.copyfile(fixture, target)
    revision = fixture.name.split("_")[1]
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revision
    assert revision in known_revisions()
    before = _row_counts(target)
    assert sum(before.values()) > 0

    store = Store.open(data_dir)
    assert current_revision(store.engine) == head_revision()
    assert integrity_ok(store.engine, quick=False)
    store.close()
    after = _row_counts(target)
    for table, count in before.items():
        assert after.get(table) == count, table
