"""The import's quick paths agree with the slow ones they stand in for.

- A snapshot's quick check (`_plainly_valid`) passes only what the full check finds nothing
  wrong with: a record mutated any which way either fails the quick check or is truly sound.
- Rows written straight to the SQLite driver are stored byte for byte as SQLAlchemy stores them.
"""

from __future__ import annotations

import sqlite3
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core import paths
from app.core.store import Store
from app.demo.school import build_demo
from app.sync import records
from app.sync.snapshot_check import _every_problem, _plainly_valid, validate_snapshot
from app.sync.snapshot_tables import TABLES
from tests.helpers.fuzzing import FIELD_VALUES, fuzz
from tests.helpers.sync_data import export, import_snapshot, open_office

STAMPS = st.sampled_from(
    ["2024-05-20T09:30:00Z", "2024-05-20T09:30:00.5Z", "2024-05-20T09:30:00Z\n", "2024-02-30T09:30:00Z"]
)
TEXTS = st.one_of(
    st.sampled_from(["", " ", "\t\n", "a\x00b", "\x00", "2024-05-20", "2020/2021", "2021/2020"]),
    st.text(max_size=5),
)
UUIDS = st.one_of(
    st.text(alphabet=string.hexdigits + "-{}_ ", min_size=36, max_size=36),
    st.sampled_from(
        [
            "ABCDEF01-2345-6789-ABCD-EF0123456789",
            "{12345678-1234-1234123412345678abcd}",
            "12345678123412341234123456789aBc-_--",
        ]
    ),
)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> dict:
    store = Store.open(tmp_path_factory.mktemp("fast-paths") / "school")
    try:
        return export(store, build_demo(store).id)
    finally:
        store.close()


def test_the_demo_snapshot_goes_the_quick_way(snapshot):
    assert _plainly_valid(snapshot), "a sound snapshot must not fall back to the full check"
    assert _every_problem(snapshot) == []


def _names(table, action: str) -> list[str]:
    """The fields of `table` an action may touch: ids lists, texts, or any."""
    if action == "ids":
        return [link.key for link in table.links]
    if action == "text":
        return [f.name for f in table.fields if f.kind in ("text", "title")]
    return ["id", "updated_at", "created_at", *(f.name for f in table.fields), *(k.key for k in table.links)]


def _mutate(data, snapshot: dict) -> dict:
    """`snapshot` with one to three fields of its records changed (or dropped); the rest shared."""
    mutated = dict(snapshot)
    for _ in range(data.draw(st.integers(1, 3))):
        action = data.draw(st.sampled_from(["value", "drop", "id", "stamp", "uuid", "other", "text", "ids"]))
        table = data.draw(st.sampled_from([t for t in TABLES if mutated[t.key] and _names(t, action)]))
        rows = list(mutated[table.key])
        at = data.draw(st.integers(0, len(rows) - 1))
        record = dict(rows[at])
        name = data.draw(st.sampled_from(_names(table, action)))
        others = [r.get("id") for t in TABLES for r in mutated[t.key]]
        if action == "drop":
            record.pop(name, None)
        elif action == "id":  # an id of another record, of this array or another
            record[name] = data.draw(st.sampled_from(others))
        elif action == "stamp":
            record[name] = data.draw(STAMPS)
        elif action == "uuid":
            record[name] = data.draw(UUIDS)
        elif action == "text":
            record[name] = data.draw(TEXTS)
        elif action == "ids":  # what a list of ids may be turned into
            other = data.draw(st.sampled_from(others))
            record[name] = data.draw(st.sampled_from(["", {}, {other: 1}, [other, other], [[other]], None]))
        elif action == "other":  # another record's value of the same field
            record[name] = rows[data.draw(st.integers(0, len(rows) - 1))].get(name)
        else:
            record[name] = data.draw(FIELD_VALUES)
        rows[at] = record
        mutated[table.key] = rows
    return mutated


@fuzz(300)
@given(data=st.data())
def test_the_quick_check_passes_nothing_the_full_check_refuses(snapshot, data):
    mutated = _mutate(data, snapshot)
    problems = validate_snapshot(mutated)
    if _plainly_valid(mutated):
        assert problems == [] and _every_problem(mutated) == []
    else:
        assert problems == _every_problem(mutated)


def _raw(store: Store) -> dict[str, list]:
    """The school's rows as SQLite holds them (text, not what SQLAlchemy makes of it)."""
    names = [t.model.__tablename__ for t in TABLES] + [
        link.model.__tablename__ for t in TABLES for link in t.links
    ]
    connection = sqlite3.connect(paths.db_file(store.data_dir))
    try:
        return {n: sorted(connection.execute(f"SELECT * FROM {n}").fetchall(), key=repr) for n in names}
    finally:
        connection.close()


def test_rows_sent_to_the_driver_are_stored_as_sqlalchemy_stores_them(snapshot, tmp_path, monkeypatch):
    direct = open_office(tmp_path / "direct")
    import_snapshot(direct, snapshot)
    sent: list[int] = []
    plain = records._execute_rows

    def through_sqlalchemy(session, table, rows, upsert):
        sent.append(len(rows))
        stmt = records._writer(session.get_bind().dialect, table, tuple(rows[0]), upsert).stmt
        for part in records.chunks(rows):
            session.execute(stmt, list(part))

    monkeypatch.setattr(records, "_execute_rows", through_sqlalchemy)
    usual = open_office(tmp_path / "usual")
    import_snapshot(usual, snapshot)
    monkeypatch.setattr(records, "_execute_rows", plain)
    try:
        held = _raw(direct)
        assert sum(sent) > 0 and held == _raw(usual)
        assert any(held.values())
    finally:
        direct.close()
        usual.close()


@pytest.mark.parametrize("value", ["2021-05-20T10:00:00Z\n", "2021-05-20\n", "2020/2021\n"])
def test_a_trailing_line_break_is_not_a_stamp_date_or_year(value):
    from app.sync.manifest import STAMP_RE as MANIFEST_STAMP
    from app.sync.records import is_academic_year, is_date, is_stamp

    assert not (is_stamp(value) or is_date(value) or is_academic_year(value))
    assert MANIFEST_STAMP.match(value) is None
