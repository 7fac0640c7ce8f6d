"""Windows' rules on Linux, where they are cheap to imitate (issue 22): the suite's autouse fixture
`windows_rules` in tests/conftest.py turns them on for every test.

- `os.fsync` on a descriptor opened read-only fails (Windows' FlushFileBuffers needs write access);
- a file or folder the program creates under the test's temporary folder with `< > : " / \\ | ? *`,
  a trailing dot or space, or a reserved device name (CON, NUL, COM1…) in its name fails;
- such a path longer than Windows' 260 characters (counted as if the temporary folder were a
  data folder under C:\\Users\\…\\AppData\\Local) fails;
- `os.replace` onto a file some handle still holds open fails (PermissionError, as on Windows);
- converting a moment outside 1970–3000 to local time fails (app.core.dates._system_local).

Only paths under pytest's temporary folder are checked; a test that makes such a file on purpose
(to hand the program a hostile name) may: the name rules excuse a file created from tests/ code.
"""

from __future__ import annotations

import builtins
import errno
import fcntl
import io
import os
import re
import sys
import weakref
from datetime import datetime
from pathlib import Path

# As long as a real data folder's path is: C:\Users\<name>\AppData\Local\ — then the test's folder.
WINDOWS_BASE_LENGTH = len("C:\\Users\\Учитель\\AppData\\Local\\")
MAX_PATH = 260
LOCAL_TIME_YEARS = (1970, 3000)

_FORBIDDEN = re.compile(r'[<>:"\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)}
_REPO = str(Path(__file__).resolve().parents[2]) + os.sep
_TESTS = _REPO + "tests" + os.sep
_WRITING_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def name_refusal(name: str) -> str | None:
    """Why Windows refuses `name` for a file or folder, or None."""
    if _FORBIDDEN.search(name):
        return "forbidden character"
    if name.endswith((".", " ")) and name not in (".", ".."):
        return "trailing dot or space"
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        return "reserved device name"
    return None


class WindowsRules:
    """The patched functions; `install(monkeypatch)` puts them in place for one test."""

    def __init__(self, root: Path, data_root: Path | None = None):
        self.root = os.path.abspath(root) + os.sep
        # The folder that stands for C:\Users\…\AppData\Local\ when lengths are counted.
        self.data_root = os.path.abspath(data_root or root) + os.sep
        # A test of these rules: files a test creates are held to them too.
        self.strict = False
        # path → the file objects opened on it (weakly: a handle closed by the collector is gone)
        self._open: dict[str, weakref.WeakSet] = {}
        self._open_builtin = builtins.open
        self._io_open = io.open
        self._os_open = os.open
        self._replace = os.replace
        self._rename = os.rename
        self._mkdir = os.mkdir
        self._fsync = os.fsync

    # --- what is checked -------------------------------------------------

    def _watched(self, path) -> str | None:
        """The absolute path when it lies under the temporary folder, else None."""
        if isinstance(path, int):
            return None
        try:
            text = os.fspath(path)
        except TypeError:
            return None
        if isinstance(text, bytes):
            text = os.fsdecode(text)
        text = os.path.abspath(text)
        return text if text.startswith(self.root) else None

    def _check_created(self, text: str) -> None:
        name = os.path.basename(text)
        reason = name_refusal(name)
        if reason is None:
            base = self.data_root if text.startswith(self.data_root) else self.root
            windows_length = WINDOWS_BASE_LENGTH + len(text) - len(base)
            if windows_length >= MAX_PATH:
                reason = f"path of {windows_length} characters on Windows"
        if reason is not None and (self.strict or not _made_by_a_test()):
            raise OSError(errno.EINVAL, f"Windows refuses this name ({reason})", text)

    def _remember(self, text: str, handle) -> None:
        self._open.setdefault(text, weakref.WeakSet()).add(handle)

    def held_open(self, text: str) -> bool:
        handles = self._open.get(text)
        return bool(handles) and any(not handle.closed for handle in list(handles))

    # --- the wrappers ----------------------------------------------------

    def _opener(self, original):
        rules = self

        def open_(file, mode="r", *args, **kwargs):
            text = rules._watched(file)
            if text is not None and any(flag in mode for flag in "wax+") and not os.path.exists(text):
                rules._check_created(text)
            handle = original(file, mode, *args, **kwargs)
            if text is not None:
                rules._remember(text, handle)
            return handle

        return open_

    def os_open(self, path, flags, *args, **kwargs):
        text = self._watched(path)
        if text is not None and flags & os.O_CREAT and not os.path.exists(text):
            self._check_created(text)
        return self._os_open(path, flags, *args, **kwargs)

    def _renamer(self, original):
        rules = self

        def rename(src, dst, *args, **kwargs):
            text = rules._watched(dst)
            if text is not None:
                rules._check_created(text)
                if rules.held_open(text):
                    raise PermissionError(errno.EACCES, "Windows: the file is open in another program", text)
            return original(src, dst, *args, **kwargs)

        return rename

    def mkdir(self, path, *args, **kwargs):
        text = self._watched(path)
        if text is not None and not os.path.exists(text):
            self._check_created(text)
        return self._mkdir(path, *args, **kwargs)

    def fsync(self, fd):
        descriptor = fd if isinstance(fd, int) else fd.fileno()
        if fcntl.fcntl(descriptor, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise OSError(errno.EBADF, "Windows: os.fsync needs a handle open for writing")
        return self._fsync(fd)

    def install(self, monkeypatch) -> None:
        monkeypatch.setattr(builtins, "open", self._opener(self._open_builtin))
        monkeypatch.setattr(io, "open", self._opener(self._io_open))
        monkeypatch.setattr(os, "open", self.os_open)
        monkeypatch.setattr(os, "replace", self._renamer(self._replace))
        monkeypatch.setattr(os, "rename", self._renamer(self._rename))
        monkeypatch.setattr(os, "mkdir", self.mkdir)
        monkeypatch.setattr(os, "fsync", self.fsync)
        from app.core import dates

        monkeypatch.setattr(dates, "_system_local", windows_local_time(dates._system_local))


def windows_local_time(original):
    """The OS's local-time conversion as Windows does it: OSError outside 1970–3000."""

    def convert(moment: datetime) -> datetime:
        low, high = LOCAL_TIME_YEARS
        if not low < moment.year < high:
            raise OSError(errno.EINVAL, "Windows: localtime() outside 1970–3000")
        return original(moment)

    return convert


def _made_by_a_test() -> bool:
    """Whether the nearest frame of this repository's code that asked is test code."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(_REPO) and filename != __file__:
            return filename.startswith(_TESTS)
        frame = frame.f_back
    return False
