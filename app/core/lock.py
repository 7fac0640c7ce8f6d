"""One copy of the program per data folder: a second one is told, not let in."""

from __future__ import annotations

import os
from pathlib import Path

from app.core.errors import os_reason


class AlreadyRunning(Exception):
    pass


class FolderInUse(AlreadyRunning):
    """Another copy of the program (the window, or a command that writes) holds the folder."""

    def __init__(self, folder: Path, doing: str = ""):
        super().__init__(
            f"Программа уже открыта с этой папкой данных ({folder}). "
            + (doing or "Перейдите в открытое окно «Дневника школы» или закройте его и повторите.")
        )
        self.folder = folder


class DataFolderUnavailable(AlreadyRunning):
    """The folder cannot hold the lock at all (a file, no rights); told as AlreadyRunning is."""

    def __init__(self, folder: Path, reason: str):
        super().__init__(
            f"Папка данных {folder} недоступна: {reason}. Проверьте, что в эту папку можно "
            "записывать, или выберите другую папку данных."
        )
        self.folder, self.reason = folder, reason


class DataFolderLock:
    """An OS-level lock on `<data dir>/dnevnik.lock`; released by the OS if the process dies."""

    def __init__(self, folder: Path):
        self.path = folder / "dnevnik.lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise DataFolderUnavailable(self.path.parent, os_reason(exc)) from None
        try:
            if os.name == "nt":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise FolderInUse(self.path.parent) from None
        os.truncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DataFolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
