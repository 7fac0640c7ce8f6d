"""A batch of package files: which files, in what order, and what became of each."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.core.store import Store
from app.sync.container import SUFFIX, peek_manifest
from app.sync.records import Changes

# Every file taken in, whatever its outcome: refusals cannot go into the database they leave alone.
JOURNAL = "exchange-log.jsonl"


@dataclass
class FileResult:
    """The outcome for one file: imported, already_imported, refused (dry run: would_import)."""

    file: Path
    status: str = "refused"
    reason: str = ""
    school_code: str | None = None
    sequence: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    changes: Changes | None = None
    kind: str | None = None
    package_id: str | None = None
    # Refused for a key not yet accepted: that key's fingerprint, for a person to compare.
    offered_key: str | None = None

    def as_json(self) -> dict:
        return {
            "file": str(self.file),
            "status": self.status,
            "reason": self.reason,
            "school_code": self.school_code,
            "sequence": self.sequence,
            "counts": dict(self.counts),
            "kind": self.kind,
            "package_id": self.package_id,
            "offered_key": self.offered_key,
            "changes": self.changes.as_dict() if self.changes is not None else None,
        }


BAD_NAME = (
    "в имени файла есть знаки не в кодировке UTF-8 (так бывает с именами из старых программ "
    "и флешек, записанных в Windows) — переименуйте файл и примите его снова"
)
NOT_A_FILE = "это не обычный файл, а {what} — пакет «Дневника школы» бывает только файлом *" + SUFFIX


def shown_path(path: Path) -> Path:
    """The path as it can be printed and journalled: bytes not in UTF-8 become «�»."""
    return Path(os.fsencode(path).decode("utf-8", "replace"))


def _refusal(path: Path) -> str | None:
    """Why this path is not taken as a package file before anything opens it: a name that cannot
    be printed, or a folder, a pipe or a device (opening a pipe for reading waits for ever)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return BAD_NAME
    try:
        kind = stat.S_IFMT(path.stat().st_mode)  # follows a link to what it names
    except FileNotFoundError:
        return None  # reading it says «файл не найден», as for any file
    if kind == stat.S_IFREG:
        return None
    what = {stat.S_IFDIR: "папка", stat.S_IFIFO: "канал (FIFO)", stat.S_IFSOCK: "сокет"}
    return NOT_A_FILE.format(what=what.get(kind, "устройство"))


def collect_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[FileResult]]:
    """Files to import (folders give their *.dnevnik), and results for paths that give none or
    that are refused before they are opened (see `_refusal`)."""
    files: list[Path] = []
    seen: set[Path] = set()
    empty: list[FileResult] = []
    for given in paths:
        path = Path(given)
        try:
            if path.is_dir():
                found = sorted(p for p in path.iterdir() if p.suffix.lower() == SUFFIX)
                if not found:
                    empty.append(
                        FileResult(shown_path(path), reason=f"в папке нет пакетов (файлов *{SUFFIX})")
                    )
            else:
                found = [path]
            refusals = [_refusal(item) for item in found]
            keys = [item.resolve() for item in found]
        except OSError as exc:  # a name too long, a folder without rights, a vanished stick
            reason = f"путь недоступен ({exc.strerror or exc}) — проверьте имя файла или папки"
            empty.append(FileResult(shown_path(path), reason=reason))
            continue
        for item, key, refusal in zip(found, keys, refusals, strict=True):
            if refusal is not None:
                empty.append(FileResult(shown_path(item), reason=refusal))
            elif key not in seen:
                seen.add(key)
                files.append(item)
    return files, empty


def in_sequence_order(files: list[Path]) -> list[Path]:
    """Each sender's packages in the order of their numbers, where the batch had them.

    A folder may hold a school's 9th and 10th packages; by name «…_10» sorts first and would
    make the 9th «устаревший». Files that cannot be read keep their places (and are refused).
    """
    peeks = [peek_manifest(f) for f in files]
    groups: dict[tuple, list[int]] = {}
    for index, manifest in enumerate(peeks):
        sender = manifest.get("sender") if manifest else None
        sequence = manifest.get("sequence") if manifest else None
        if isinstance(sender, dict) and isinstance(sequence, int) and not isinstance(sequence, bool):
            who = sender.get("code") or sender.get("id")
            if isinstance(who, str):
                groups.setdefault((str(manifest.get("kind")), who), []).append(index)
    ordered = list(files)
    for positions in groups.values():
        by_number = sorted(positions, key=lambda i: peeks[i]["sequence"])
        for place, index in zip(positions, by_number, strict=True):
            ordered[place] = files[index]
    return ordered


def journal(store: Store, line: dict) -> None:
    try:
        # A file name the system gave undecodable bytes for must not stop the journal.
        with open(store.data_dir / JOURNAL, "a", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    except OSError:
        pass  # the journal is a courtesy: the import's outcome must not hang on it
