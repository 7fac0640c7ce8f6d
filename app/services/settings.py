"""What «Настройки» shows: this installation, its program version and where its data lives."""

from __future__ import annotations

from dataclasses import dataclass

from app import __version__, paths
from app.store import Store
from db.enums import MODE_LABELS
from db.migrate import current_revision


@dataclass(frozen=True)
class InstallationOverview:
    mode: str
    mode_label: str
    name: str
    installation_id: str
    program_version: str
    data_dir: str
    database: str
    schema_revision: str | None
    backups_dir: str


def overview(store: Store) -> InstallationOverview | None:
    inst = store.installation()
    if inst is None:
        return None
    return InstallationOverview(
        mode=inst.mode,
        mode_label=MODE_LABELS[inst.mode],
        name=inst.name,
        installation_id=inst.id,
        program_version=__version__,
        data_dir=str(store.data_dir),
        database=store.location,
        schema_revision=current_revision(store.engine),
        backups_dir=str(paths.backups_dir(store.data_dir)),
    )
