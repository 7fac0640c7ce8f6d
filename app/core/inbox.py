"""Packages handed to the copy of the program already open on a data folder.

A double-clicked `.dnevnik` starts a second copy, which finds the folder locked (app.core.lock):
it writes the packages' paths into `<data dir>/inbox/` as one small file and ends; the running
copy watches that folder and opens its import with every path found there as one batch (choosing
several packages in Explorer starts one copy per file: they arrive together).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import Path

from app.core.files import write_atomically

INBOX_DIR = "inbox"
HANDOVER_SUFFIX = ".paths"


def inbox_dir(data_folder: Path) -> Path:
    return data_folder / INBOX_DIR


def hand_over(data_folder: Path, packages: Iterable[Path]) -> Path:
    """The packages' paths written for the running copy; the file written, whole or not at all."""
    folder = inbox_dir(data_folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}{HANDOVER_SUFFIX}"
    write_atomically(target, "".join(f"{Path(p).resolve()}\n" for p in packages))
    return target


def take_handed(data_folder: Path) -> list[Path]:
    """Every package handed over so far, oldest first, each once; the handover files are removed.
    A path whose file is gone by now (a USB stick pulled) is left out."""
    folder = inbox_dir(data_folder)
    if not folder.is_dir():
        return []
    handovers = sorted(folder.glob(f"*{HANDOVER_SUFFIX}"), key=_age)
    packages: list[Path] = []
    for handover in handovers:
        try:
            lines = handover.read_text(encoding="utf-8").splitlines()
            handover.unlink()
        except OSError:
            continue  # being written or removed by another reader: the next look takes it
        for line in lines:
            path = Path(line.strip())
            if line.strip() and path not in packages and path.is_file():
                packages.append(path)
    return packages


def _age(path: Path) -> tuple[float, str]:
    try:
        return (path.stat().st_mtime, path.name)
    except OSError:
        return (0.0, path.name)
