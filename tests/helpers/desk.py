"""The curator's desk tests share: an office that imported the demo school through real packages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from app.core.store import Store
from app.demo.school import build_demo
from app.school.installation import init_municipality
from app.sync.exchange import export_snapshot, import_packages
from app.sync.sending import ExportResult
from db.base import Base
from tests.helpers.sync_data import OFFICE_NAME, school_id_by_code

DEMO_CODE = "3410"


@dataclass
class Pair:
    """A school's database and its office's, with the school's id at the office."""

    school: Store
    office: Store
    office_school_id: str
    outbox: Path

    def send(self) -> ExportResult:
        """The school writes its next package and the office imports it."""
        package = export_snapshot(self.school, self.outbox)
        results = import_packages(self.office, [package.path])
        assert [r.status for r in results] == ["imported"], [r.reason for r in results]
        return package

    def close(self) -> None:
        self.school.close()
        self.office.close()


def backdate(store: Store, days: int = 1) -> None:
    """Every record stamped `days` earlier (SQLite): as if the data had been typed before today.

    Package stamps are whole seconds, so records saved in the second a package is written look
    changed after it; a school types its records long before its first package.
    """
    with store.session() as s:
        for table in Base.metadata.sorted_tables:
            names = {c.name for c in table.columns}
            if {"created_at", "updated_at"} <= names:
                s.execute(
                    text(
                        f"UPDATE {table.name} SET created_at = datetime(created_at, '-{days} day'), "
                        f"updated_at = datetime(updated_at, '-{days} day')"
                    )
                )


def demo_pair(tmp_path: Path) -> Pair:
    """The demo school, backdated a day, and an office that imported its first package."""
    school = Store.open(tmp_path / "school")
    build_demo(school)
    backdate(school)
    office = Store.open(tmp_path / "office")
    init_municipality(office, OFFICE_NAME)
    outbox = tmp_path / "stick"
    outbox.mkdir()
    pair = Pair(school, office, "", outbox)
    pair.send()
    pair.office_school_id = school_id_by_code(office, DEMO_CODE)
    return pair
