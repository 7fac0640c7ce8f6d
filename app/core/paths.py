"""Where things live: the data folder and the program's own resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

ENV_DATA_DIR = "DNEVNIK_DATA_DIR"
APP_DIR_NAME = "DnevnikShkoly"
PACKAGE_SUFFIX = ".dnevnik"  # an exchange package's file (spec/package-format.md)


def default_data_dir() -> Path:
    # roaming=False: AppData\Local on Windows, never the roaming profile.
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False))


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--data-dir, else DNEVNIK_DATA_DIR, else the per-user folder."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


def db_file(folder: Path) -> Path:
    from db.engine import DB_FILE_NAME

    return folder / DB_FILE_NAME


def backups_dir(folder: Path) -> Path:
    return folder / "backups"


def program_root() -> Path:
    """The folder holding resources/: the checkout, or the frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[2]


def resource(*parts: str) -> Path:
    return program_root().joinpath("resources", *parts)
