"""Pulling the plug: a process writing through the program's services is killed with SIGKILL at
random moments; after each kill the database passes integrity_check and holds every write the
process had reported as saved. Diary entries 50 times, package imports 20 times.

A kill of the imports waits for the child's first import to end (however long the load makes it)
and then falls within the time one import took: it lands among the imports, not before them.

The writer is tests/helpers/crash_writer.py (a forking zygote: the program is imported once).
Reproduce a failure with CRASH_SEED=<the seed in its message>.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core import paths
from app.core.store import Store
from app.school.installation import init_municipality, init_school, own_school
from app.school.staff import StaffData, add_staff
from app.sync import keys
from app.sync.exchange import export_snapshot

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="SIGKILL and fork: POSIX only"),
]

WRITER = Path(__file__).parents[1] / "helpers" / "crash_writer.py"
DIARY_KILLS = 50
IMPORT_KILLS = 20
SCHOOLS, PACKAGES_PER_SCHOOL = 5, 16  # an import takes ~15 ms: enough not to run out in 20 runs
LINE_TIMEOUT = 60  # seconds: a hung writer fails the test instead of hanging it
SIGN_TIMEOUT = 300  # seconds for a child's first import on a loaded machine


class Writer:
    """The zygote process and its output, line by line, through a reader thread."""

    def __init__(self) -> None:
        root = Path(__file__).resolve().parents[2]
        self.process = subprocess.Popen(
            [sys.executable, str(WRITER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
            cwd=root,
            env={**os.environ, "PYTHONPATH": str(root)},
        )
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.next_line() == "ready"

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put((time.monotonic(), line.rstrip("\n")))

    def next_line(self, timeout: float = LINE_TIMEOUT, heard: list | None = None) -> str:
        """The child's next line; `heard` gets it with the moment it came."""
        try:
            moment, line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("the writer process stopped answering") from None
        if heard is not None:
            heard.append((moment, line))
        return line

    def run_and_kill(
        self, task: dict, delay: float | Callable[[list[tuple[float, str]]], float], sign: str | None = None
    ) -> tuple[list[str], int]:
        """Start a child on `task`, SIGKILL it `delay` s later; the lines it said, its status.

        With `sign`, the wait starts only once the child said a line starting with it, and `delay`
        may be a function of the lines heard by then (with the moments they came)."""
        self.process.stdin.write(json.dumps(task) + "\n")
        self.process.stdin.flush()
        heard: list[tuple[float, str]] = []
        pid = None
        while pid is None:
            line = self.next_line()
            if line.startswith("started "):
                pid = int(line.split()[1])
        ended = None
        while sign is not None and ended is None:
            line = self.next_line(SIGN_TIMEOUT, heard)
            if line.startswith(f"ended {pid} "):
                ended = int(heard.pop()[1].split()[2])  # it finished before the sign: nothing to kill
            elif line.startswith(sign):
                break
        if ended is None:
            time.sleep(delay(heard) if callable(delay) else delay)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # it had finished its work already
        while ended is None:
            line = self.next_line(heard=heard)
            if line.startswith(f"ended {pid} "):
                ended = int(heard.pop()[1].split()[2])
        said = [line for _moment, line in heard]
        errors = [line for line in said if not line.startswith(("saved ", "importing "))]
        assert not errors, errors
        return said, ended

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=LINE_TIMEOUT)


@pytest.fixture
def writer():
    w = Writer()
    yield w
    w.close()


@pytest.fixture
def rng() -> tuple[random.Random, int]:
    seed = int(os.environ.get("CRASH_SEED") or random.SystemRandom().randrange(2**32))
    return random.Random(seed), seed


def check_database(db_file: Path, table: str, column: str, saved: set[str], context: str) -> int:
    connection = sqlite3.connect(db_file)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        assert integrity == [("ok",)], f"{context}: {integrity}"
        present = {row[0] for row in connection.execute(f"SELECT {column} FROM {table}")}
    finally:
        connection.close()
    lost = saved - present
    assert not lost, f"{context}: {len(lost)} reported as saved but missing"
    return len(present)


def test_diary_entries_survive_sigkill(tmp_path, writer, rng):
    random_, seed = rng
    data_dir = tmp_path / "school"
    store = Store.open(data_dir)
    init_school(store, "3410", "МКОУ Тест", "Котельниковский район")
    add_staff(store, own_school(store).id, StaffData(full_name="Бондаренко Наталья Александровна"))
    store.close()

    saved: set[str] = set()
    killed_while_writing = 0
    for attempt in range(DIARY_KILLS):
        said, status = writer.run_and_kill(
            {"task": "diary", "data_dir": str(data_dir)}, random_.uniform(0, 0.5)
        )
        ids = [line.removeprefix("saved ") for line in said]
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        killed_while_writing += bool(ids)
        saved.update(ids)
        context = f"kill {attempt + 1} (CRASH_SEED={seed})"
        check_database(paths.db_file(data_dir), "teacher_diary", "id", saved, context)
    assert killed_while_writing >= DIARY_KILLS // 3, "the kills should fall among the writes"
    store = Store.open(data_dir)  # the program itself opens what the kills left
    store.close()


def test_package_imports_survive_sigkill(tmp_path, writer, rng):
    random_, seed = rng
    outbox = tmp_path / "stick"
    outbox.mkdir()
    files: list[str] = []
    for number in range(SCHOOLS):
        school = Store.open(tmp_path / f"school{number}")
        init_school(school, f"34{number:02d}", f"МКОУ Школа №{number}", "Котельниковский район")
        school_id = own_school(school).id
        for k in range(PACKAGES_PER_SCHOOL):
            add_staff(school, school_id, StaffData(full_name=f"Педагог Номер {k}"))
            files.append(str(export_snapshot(school, outbox).path))
        school.close()
    office_dir = tmp_path / "office"
    office = Store.open(office_dir)
    init_municipality(office, "Отдел образования")
    keys.ensure_keys(office)
    office.close()

    def within_an_import(heard: list[tuple[float, str]]) -> float:
        """A moment within the time the child's first import took, counted from its end."""
        began = next(moment for moment, line in heard if line.startswith("importing "))
        return random_.uniform(0, heard[-1][0] - began)

    saved: set[str] = set()
    killed_while_importing = 0
    for attempt in range(IMPORT_KILLS):
        # Files reported as taken are not offered again (the exchange would skip them anyway).
        task = {"task": "import", "data_dir": str(office_dir), "files": files}
        said, status = writer.run_and_kill(task, within_an_import, sign="saved ")
        lines = [line.removeprefix("saved ") for line in said if line.startswith("saved ")]
        ids = {line.split()[0] for line in lines}
        done = {line.split()[1] for line in lines}
        files = [f for f in files if Path(f).name not in done]
        # Killed inside import_packages: the last thing it said was that an import began.
        killed_while_importing += os.WIFSIGNALED(status) and said[-1].startswith("importing ")
        saved.update(ids)
        context = f"kill {attempt + 1} (CRASH_SEED={seed})"
        check_database(paths.db_file(office_dir), "package_log", "package_id", saved, context)
    assert killed_while_importing >= IMPORT_KILLS // 2, "the kills should fall inside the imports"
