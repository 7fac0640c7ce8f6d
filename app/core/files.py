"""Files written whole or not at all: a temporary file beside the target, synced, then renamed.

A power cut or a pulled USB stick leaves either the old file or the new one, never half of one.
`safe_file_name` is the one way to make a file name from what a person typed (a title, a name).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from app.core.errors import UserError

# Windows refuses these in a name, and these names whatever their extension (CON.pdf is the console).
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)}
NAME_LIMIT = 100  # characters of a made name: its folder's path and the suffix stay under 260

# Work files are named `.<target name>-<random>.tmp`: hidden, and found again by this pattern.
TEMPORARY_GLOB = ".*.tmp"


def safe_file_name(text: str, fallback: str = "Документ", limit: int = NAME_LIMIT) -> str:
    """`text` (a title typed by a person) as a file name every system accepts, without extension:
    the characters Windows forbids become spaces, trailing dots and spaces go, a reserved device
    name (CON, NUL, COM1…) gets a «_», the length is limited; Cyrillic stays as typed."""
    name = " ".join(_FORBIDDEN.sub(" ", text).split())[:limit].rstrip(". ")
    if not name:
        return fallback
    if name.split(".")[0].upper() in _RESERVED:
        name = f"_{name}"
    return name


def free_path(folder: Path, name: str, suffix: str) -> Path:
    """`folder/name.suffix`, or `name (2).suffix`, `name (3)…` — the first that does not exist yet:
    a new file never replaces one another program (a PDF viewer) may hold open."""
    candidate = folder / f"{name}{suffix}"
    number = 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{name} ({number}){suffix}"
    return candidate


def _temporary_beside(target: Path) -> tuple[int, Path]:
    """A new temporary file in `target`'s folder, and its descriptor open for writing."""
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    return descriptor, Path(name)


def _sync(handle: BinaryIO) -> None:
    handle.flush()
    # On the handle that wrote: Windows refuses os.fsync on a handle opened read-only (EBADF).
    os.fsync(handle.fileno())


@contextmanager
def atomic_file(target: str | os.PathLike, *, private: bool = False) -> Iterator[BinaryIO]:
    """A binary handle to write `target`'s new content into; `target` is replaced by it only when
    the block ends without an error, after the content has reached the disk.

    For the program's own files (backups, keys, settings): an OSError passes to the caller.
    `private`: the file is readable by its owner only (0600) where the OS allows.
    """
    target = Path(target)
    descriptor, temporary = _temporary_beside(target)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if private:
                os.chmod(temporary, 0o600)  # keys: readable by the owner only where the OS allows
            yield handle
            _sync(handle)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomically(target: str | os.PathLike, content: bytes | str, *, private: bool = False) -> None:
    """`target` holds `content` (text as UTF-8), whole or, after a failure, as it was before."""
    with atomic_file(target, private=private) as handle:
        handle.write(content.encode("utf-8") if isinstance(content, str) else content)


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """A temporary file beside `target` for a writer that takes a file name (reportlab, openpyxl);
    it replaces `target` only when the block ends without an error, after reaching the disk.

    For a file the user chose (a report, a package, an exported key): every refusal is a
    UserError in Russian that says what to do.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise UserError(f"Папки «{folder}» нет. Выберите существующую папку для файла.")
    if target.is_dir():
        raise UserError(f"«{target}» — это папка. Укажите имя файла в ней, например отчёт.pdf.")
    try:
        descriptor, temporary = _temporary_beside(target)
    except OSError as exc:
        raise UserError(
            f"В папку «{folder}» нельзя записать файл ({exc.strerror}). Выберите другую папку."
        ) from exc
    os.close(descriptor)  # the writer opens the file by its name
    try:
        yield temporary
        try:
            with temporary.open("r+b") as handle:  # a handle that may write: see _sync
                _sync(handle)
            os.replace(temporary, target)
        except PermissionError as exc:
            raise UserError(
                f"Файл «{target}» открыт в другой программе или защищён от записи. "
                "Закройте его или выберите другое имя и повторите."
            ) from exc
        except OSError as exc:
            raise UserError(f"Не удалось записать файл «{target}»: {exc.strerror}.") from exc
    finally:
        temporary.unlink(missing_ok=True)
