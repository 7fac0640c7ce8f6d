"""Child process of `make bench`: open «Дневник педагога» on a big database, report timing and memory.

Run as `python -m tests.bench_diary_page DATA_DIR`; prints one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(data_dir: str) -> None:
    from PySide6.QtWidgets import QApplication

    from app.core.store import Store
    from app.school.installation import own_school
    from tests.bench import peak_memory_mib
    from ui.pages import SCHOOL, PageContext
    from ui.pages.diaries.diaries import TeacherDiaryPage

    app = QApplication([])
    store = Store.open(Path(data_dir))
    school_id = own_school(store).id
    before_mb = peak_memory_mib()
    start = time.perf_counter()
    page = TeacherDiaryPage(PageContext(store, SCHOOL, school_id))
    page.resize(1366, 700)
    page.show()
    while page.model.cached_blocks == 0:  # first rows fetched for painting
        app.processEvents()
    app.processEvents()
    seconds = time.perf_counter() - start
    peak_mb = peak_memory_mib()
    print(
        json.dumps(
            {
                "rows": page.model.rowCount(),
                "seconds": seconds,
                "peak_mb": peak_mb,
                "before_mb": before_mb,
            }
        )
    )
    store.close()


if __name__ == "__main__":
    main(sys.argv[1])
