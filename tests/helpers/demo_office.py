"""An office database holding the demo school, imported from the school's package: what the
office's pages and the catalogue's round trip are tested on."""

from __future__ import annotations

from app.core.store import Store
from app.demo.school import build_demo
from tests.helpers.sync_data import export, import_snapshot, open_office, school_id_by_code


def demo_office(tmp_path) -> tuple[Store, Store, str]:
    """(the demo school's store, the office's store, the school's id at the office)."""
    school = Store.open(tmp_path / "school")
    school_id = build_demo(school).id
    office = open_office(tmp_path / "office")
    snapshot = export(school, school_id)
    import_snapshot(office, snapshot)
    return school, office, school_id_by_code(office, snapshot["school"]["code"])
