"""What «Настройки» shows: this installation, its program version and where its data lives;
and the choice of database for the next start (the data folder's own file, or a server)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass

from app import __version__
from app.core import db_address, paths
from app.core.errors import UserError
from app.core.files import write_atomically
from app.core.store import Store
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


@dataclass(frozen=True)
class DatabaseSetting:
    """Where the data is now, and where the program will look for it at the next start."""

    current: str  # the SQLite file or the server's address, never a password
    on_server: bool
    next_server: str | None  # the server named in the data folder (None: the folder's own file)
    config_file: str
    schema_revision: str | None
    # A server is for offices whose staff share the data; a school sees the choice only if it has one.
    server_offered: bool


def database_setting(store: Store) -> DatabaseSetting:
    try:
        configured = db_address.configured_url(store.data_dir)
    except db_address.AddressFileDamaged:
        configured = None  # replaced by the next choice made here
    on_server = store.engine.dialect.name != "sqlite"
    inst = store.installation()
    return DatabaseSetting(
        current=store.location,
        on_server=on_server,
        next_server=db_address.shown(configured) if configured else None,
        config_file=str(db_address.config_file(store.data_dir)),
        schema_revision=current_revision(store.engine),
        server_offered=on_server or configured is not None or inst is None or inst.mode != "school",
    )


def use_server(store: Store, entered: str) -> str:
    """Check the typed PostgreSQL address, connect to it, and name it for the next start.

    Returns the address as shown (no password); UserError in Russian leaves the setting as it was.
    """
    url = db_address.parse_address(entered)
    db_address.check_connection(url)
    address = url.render_as_string(hide_password=False)
    _save(store, address)
    return db_address.shown(address)


def use_local_file(store: Store) -> None:
    """From the next start, the data folder's own SQLite file."""
    _save(store, None)


def _save(store: Store, address: str | None) -> None:
    try:
        db_address.save_address(store.data_dir, address)
    except OSError as exc:
        raise UserError(
            f"Настройка не сохранена: файл {db_address.config_file(store.data_dir)} не записывается "
            f"({exc.strerror or exc}). Проверьте права на папку данных."
        ) from exc


# --- what this computer offers again: <data dir>/preferences.json --------------------------------

PREFERENCES_FILE = "preferences.json"
COMMENT_AUTHOR = "comment_author"


def _preferences(store: Store) -> dict:
    try:
        body = json.loads((store.data_dir / PREFERENCES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return body if isinstance(body, dict) else {}


def last_comment_author(store: Store) -> str:
    """Who wrote the last curator comment on this computer: offered as the next one's author."""
    value = _preferences(store).get(COMMENT_AUTHOR, "")
    return value if isinstance(value, str) else ""


def remember_comment_author(store: Store, author: str) -> None:
    """Kept in the data folder, so each office computer offers its own methodologist. A folder that
    cannot be written only loses this convenience: the comment itself is already saved."""
    preferences = _preferences(store)
    preferences[COMMENT_AUTHOR] = author.strip()
    with contextlib.suppress(OSError):
        write_atomically(
            store.data_dir / PREFERENCES_FILE, json.dumps(preferences, ensure_ascii=False, indent=2) + "\n"
        )
