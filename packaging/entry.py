"""What the built program runs (PyInstaller's script for dnevnik and dnevnik-cli): `python -m app`,
entered through its composition root app/__main__.py.

The windowed dnevnik.exe on Windows has no console (sys.stderr is None): it runs
`main_windowed`, which shows what would have gone to the console in a Russian message box.
"""

import sys

if sys.stderr is None or sys.stdout is None:
    from app.__main__ import main_windowed as main
else:
    from app.__main__ import main

sys.exit(main())
