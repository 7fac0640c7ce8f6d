"""Benchmarks: `make bench` prints one JSON object a line (bench, value, unit[, baseline, ratio]).

Figures are printed, never asserted: timings flake on shared machines.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
SHOWN_MARKER = "window-shown"
QUIT_ENV = "DNEVNIK_QUIT_WHEN_SHOWN"

# A bare PySide6 window started the same way: the floor any Qt program pays.
BARE_WINDOW = f"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 720)
window.show()
QTimer.singleShot(0, lambda: (print("{SHOWN_MARKER}", flush=True), app.quit()))
app.exec()
"""


def seconds_to_shown(command: list[str], env: dict[str, str]) -> float:
    """Wall time from starting the process to the window reporting itself shown."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    elapsed = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if SHOWN_MARKER in line:
            elapsed = time.perf_counter() - start
            break
    proc.wait(timeout=120)
    if elapsed is None:
        raise RuntimeError(f"{command!r} ended without showing a window (exit {proc.returncode})")
    return elapsed


def emit(bench: str, value: float, unit: str, baseline: float | None = None) -> None:
    row: dict = {"bench": bench, "value": round(value, 4), "unit": unit}
    if baseline is not None:
        row["baseline"] = round(baseline, 4)
        row["ratio"] = round(value / baseline, 3)
    print(json.dumps(row, ensure_ascii=False), flush=True)


def bench_startup(tmp: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env[QUIT_ENV] = "1"
    data = tmp / "demo"
    subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data), "demo"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    app_cmd = [sys.executable, "-m", "app", "--data-dir", str(data)]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    app_times, bare_times = [], []
    for _ in range(RUNS):  # interleaved, so drift in machine load hits both alike
        bare_times.append(seconds_to_shown(bare_cmd, env))
        app_times.append(seconds_to_shown(app_cmd, env))
    bare = statistics.median(bare_times)
    emit("startup_bare_pyside6_window", bare, "s")
    emit("startup_main_window_demo", statistics.median(app_times), "s", baseline=bare)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dnevnik-bench-") as tmp:
        bench_startup(Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
