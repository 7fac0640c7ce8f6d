"""Benchmarks of the built program (dist/dnevnik, from `make build`): folder size, start-up time.

Start-up is measured like the sources' in tests/bench.py — to the main window on the demo
school, median of several runs, interleaved with the same from sources — so the two figures
compare. The files are in the disk cache on both sides: a first start after a reboot is slower.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

from tests.bench import QUIT_ENV, ROOT, RUNS, emit, seconds_to_shown

BUILT = ROOT / "dist" / "dnevnik"
PROGRAM = BUILT / ("dnevnik.exe" if sys.platform == "win32" else "dnevnik")


def folder_megabytes(folder: Path) -> float:
    # PyInstaller links some libraries twice (symlinks): count each file once, as du does.
    files = (path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    return sum(path.stat().st_size for path in files) / 2**20


def bench_built_program(tmp: Path) -> None:
    if not PROGRAM.is_file():
        print(f"# {PROGRAM} is missing: run `make build` for the built program's figures", flush=True)
        return
    emit("built_folder_size", folder_megabytes(BUILT), "MiB")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env[QUIT_ENV] = "1"
    data = tmp / "built-demo"
    subprocess.run([str(PROGRAM), "--data-dir", str(data), "demo"], env=env, check=True, capture_output=True)
    built_cmd = [str(PROGRAM), "--data-dir", str(data)]
    source_cmd = [sys.executable, "-m", "app", "--data-dir", str(data)]
    built_times, source_times = [], []
    for _ in range(RUNS):
        source_times.append(seconds_to_shown(source_cmd, env))
        built_times.append(seconds_to_shown(built_cmd, env))
    source = statistics.median(source_times)
    emit("startup_main_window_demo_from_sources", source, "s")
    emit("startup_main_window_demo_built", statistics.median(built_times), "s", baseline=source)
