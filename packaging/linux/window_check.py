"""The window really opens on this machine's X display: the program is started on a demo school
as `make run` starts it (Qt's xcb platform, not the tests' offscreen one), the screen is
photographed until the main window shows, and the picture is kept. `.ci/run` runs this under
Xvfb, so a missing system library of Qt's window fails CI as it would fail a new user.

    xvfb-run -a -s "-screen 0 1366x768x24" python packaging/linux/window_check.py shot.png [PROGRAM...]

PROGRAM defaults to `<this python> -m app`; the built program (dist/dnevnik/dnevnik) may be given.
Exit 0: the screenshot holds a window (many colours); 1: the program ended or nothing appeared.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIMEOUT = 90  # seconds for the window to appear on a slow CI machine
ENOUGH_COLOURS = 16  # a drawn window has text, frames and icons; an empty screen has one colour


def colours(image) -> int:
    """How many distinct colours a sample of the picture holds (every 4th pixel each way)."""
    seen = set()
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            seen.add(image.pixel(x, y))
            if len(seen) > ENOUGH_COLOURS:
                return len(seen)
    return len(seen)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    shot = Path(argv[0]).resolve()
    program = argv[1:] or [sys.executable, "-m", "app"]
    root = Path(__file__).resolve().parents[2]
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    env["QT_QPA_PLATFORM"] = "xcb"
    with tempfile.TemporaryDirectory(prefix="dnevnik-window-") as folder:
        demo = subprocess.run(
            [*program, "--data-dir", folder, "demo"], cwd=root, env=env, capture_output=True, text=True
        )
        if demo.returncode != 0:
            print(f"demo failed ({demo.returncode}):\n{demo.stdout}{demo.stderr}", file=sys.stderr)
            return 1
        log = Path(folder) / "window.log"
        with log.open("w") as out:
            window = subprocess.Popen(
                [*program, "--data-dir", folder], cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        try:
            return _photograph(window, shot, log)
        finally:
            window.terminate()
            try:
                window.wait(15)
            except subprocess.TimeoutExpired:
                window.kill()
                window.wait()


def _photograph(window: subprocess.Popen, shot: Path, log: Path) -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(["window_check", "-platform", "xcb"])
    deadline = time.monotonic() + TIMEOUT
    found = 0
    while time.monotonic() < deadline:
        if window.poll() is not None:
            print(f"the program ended ({window.returncode}) before its window showed:", file=sys.stderr)
            print(log.read_text(errors="replace"), file=sys.stderr)
            return 1
        time.sleep(1)
        app.processEvents()
        image = app.primaryScreen().grabWindow(0).toImage()
        found = colours(image)
        if found > ENOUGH_COLOURS:
            time.sleep(2)  # let the page finish drawing, then keep what a person sees
            image = app.primaryScreen().grabWindow(0).toImage()
            image.save(str(shot))
            size = shot.stat().st_size if shot.exists() else 0
            print(f"window shown: {image.width()}×{image.height()}, {size} bytes in {shot}")
            return 0 if size > 0 else 1
    said = f"no window within {TIMEOUT} s (the screen has {found} colours); the program said:"
    print(said, file=sys.stderr)
    print(log.read_text(errors="replace"), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
