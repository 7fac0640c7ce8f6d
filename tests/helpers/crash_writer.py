"""The writing side of tests/core/test_crash_safety.py: a process the test kills with SIGKILL.

It imports the program once, then for each task read from stdin (one JSON line) forks a child
that opens the data folder and writes through the program's own services — diary entries, or
package imports — printing `saved <id>` only after the service call (its commit) has returned
(and `importing <file>` before each import).
The zygote prints `started <pid>`, waits for the child and prints `ended <pid> <status>`.
Forking saves the second of imports per kill, so fifty kills fit in a short test run.
POSIX only (fork, SIGKILL).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback
from datetime import date
from pathlib import Path

from sqlalchemy.orm import configure_mappers

from app.core.store import Store
from app.diaries import TeacherEntryData, teacher_diary
from app.school.installation import own_school
from app.school.staff import list_staff
from app.sync.exchange import import_packages

MAX_WRITES = 100_000
# Imported lazily by the program on its first import or query; loaded here once, before forking.
WARM_UP_MODULES = (
    "app.sync.snapshot",
    "app.sync.snapshot_apply",
    "app.surveys.surveys",
    "app.surveys.builtin_templates",
    "sqlalchemy.dialects.sqlite",
)


def say(line: str) -> None:
    # One write(2) per line: a kill cannot leave half a line in the pipe.
    os.write(1, (line + "\n").encode())


def write_diary(data_dir: Path) -> None:
    store = Store.open(data_dir)
    school_id = own_school(store).id
    staff_id = list_staff(store, school_id)[0].id
    for n in range(MAX_WRITES):
        data = TeacherEntryData(
            staff_id=staff_id,
            entry_date=date.today(),
            methods=f"Групповая работа, приём №{n}",
            where_used="7 класс, русский язык",
            results="Урок проведён",
        )
        entry_id = teacher_diary.create(store, school_id, data)
        say(f"saved {entry_id}")


def import_files(data_dir: Path, files: list[str]) -> None:
    store = Store.open(data_dir)
    for file in files:
        say(f"importing {Path(file).name}")  # the test kills only once imports have begun
        [result] = import_packages(store, [Path(file)])
        if result.status == "refused":
            say(f"refused {Path(file).name}: {result.reason}")
        else:
            say(f"saved {result.package_id} {Path(file).name}")


def run_child(task: dict) -> None:
    try:
        if task["task"] == "diary":
            write_diary(Path(task["data_dir"]))
        else:
            import_files(Path(task["data_dir"]), task["files"])
    except BaseException:
        say("error " + traceback.format_exc().replace("\n", " | "))
        os._exit(3)
    os._exit(0)


def warm_up() -> None:
    """What every child would do first, done once: no database is opened before the fork."""
    for name in WARM_UP_MODULES:
        importlib.import_module(name)
    configure_mappers()


def main() -> None:
    warm_up()
    say("ready")
    for line in sys.stdin:
        task = json.loads(line)
        pid = os.fork()
        if pid == 0:
            run_child(task)
        say(f"started {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"ended {pid} {status}")


if __name__ == "__main__":
    main()
