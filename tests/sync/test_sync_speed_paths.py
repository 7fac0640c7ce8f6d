"""The quick ways of the exchange (issue 18) say exactly what the plain ways say: the export
reads SQLite's dates and stamps as text and writes the records `record_out` writes from model
objects; collection of garbage is paused for a package and always resumed."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select, text

from app.core.store import Store
from app.demo.school import build_demo
from app.sync.exchange import export_snapshot, import_packages
from app.sync.records import gc_paused, record_out, stamp
from app.sync.snapshot import build_snapshot
from app.sync.snapshot_tables import BUILT_HERE
from tests.helpers.sync_data import open_office


def test_the_export_writes_what_record_out_writes_from_model_objects(tmp_path):
    store = Store.open(tmp_path / "school")
    try:
        school = build_demo(store)
        with store.session() as s:  # a stray NUL in a text and in a list: taken out, as before
            s.execute(text("UPDATE teacher_diary SET results = results || char(0) || 'x'"))
            s.execute(text("UPDATE staff SET subjects = '[\"Мате\\u0000матика\"]'"))
        data = build_snapshot(store, school.id)
        with store.session() as s:
            for table in BUILT_HERE:
                model = table.model
                rows = s.scalars(select(model)).all()
                expected = {
                    r.id: record_out(r, table.fields) for r in rows if getattr(r, "deleted_at", None) is None
                }
                for record in data[table.key]:
                    wanted = {k: v for k, v in expected[record["id"]].items() if k in record}
                    for key, value in wanted.items():
                        if isinstance(value, str):
                            wanted[key] = value.replace("\x00", "")
                        elif isinstance(value, list):
                            wanted[key] = [v.replace("\x00", "") if isinstance(v, str) else v for v in value]
                    assert {k: record[k] for k in wanted} == wanted, table.key
        assert data["teacher_diary"] and all(r["results"].endswith("x") for r in data["teacher_diary"])
        assert {tuple(r["subjects"]) for r in data["staff"]} == {("Математика",)}
    finally:
        store.close()


def test_a_stamp_is_utc_whole_seconds_with_z():
    moment = datetime(2026, 5, 20, 12, 30, 45, 999_999, tzinfo=timezone(timedelta(hours=3)))
    assert stamp(moment) == "2026-05-20T09:30:45Z"
    assert stamp(datetime(2026, 5, 20, 9, 30, 45, tzinfo=UTC)) == "2026-05-20T09:30:45Z"


def test_collection_is_paused_for_a_package_and_resumed_after_it(tmp_path):
    assert gc.isenabled()
    with gc_paused():
        with gc_paused():  # another package on another thread
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    try:
        with gc_paused():
            raise ValueError("a file that broke the apply")
    except ValueError:
        pass
    assert gc.isenabled()
    school = Store.open(tmp_path / "school")
    office = open_office(tmp_path / "office", with_keys=True)
    try:
        build_demo(school)
        package = export_snapshot(school, tmp_path)
        assert gc.isenabled()
        (result,) = import_packages(office, [package.path])
        assert result.status == "imported", result.reason
        assert gc.isenabled()
    finally:
        school.close()
        office.close()
