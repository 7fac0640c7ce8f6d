"""What the built program runs (PyInstaller's script for dnevnik and dnevnik-cli): `python -m app`,
entered through its composition root app/__main__.py.

The windowed dnevnik.exe on Windows has no console, so sys.stdout and sys.stderr are None;
print() and argparse must still work there, writing to nowhere rather than failing.
"""

import os
import sys

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

from app.__main__ import main  # noqa: E402

sys.exit(main())
