"""Benchmark: a school package at the spec's size limit (data.json of ~63 MiB, sealed to the
office) imported in a child process; figures: peak memory (ru_maxrss, target ≤ 1 GiB) and
seconds. Same JSON lines as tests/bench.py.

The package is the demo school with its teacher diary grown to tens of thousands of entries of
varied Russian text, so it packs the way real diaries do (a few times, not hundreds).
"""

from __future__ import annotations

import copy
import random
import tempfile
import uuid
from pathlib import Path

from tests.bench import emit
from tests.bench_sync import _import_in_child, _open_office

TARGET_BYTES = 63 * 1024 * 1024
WORDS = (
    "урок проект исследование групповая работа обратная связь формирующее оценивание читательская "
    "грамотность математическая функциональная задача текст вопрос ученик класс результат метод "
    "практика занятие обсуждение рефлексия карта понятий кейс эксперимент наблюдение модель"
).split()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def make_big_package(tmp: Path) -> tuple[Path, Path, int]:
    """An office and, in a folder of its own, one package whose data.json is ~63 MiB."""
    from app.core.store import Store
    from app.demo.school import build_demo
    from app.sync.container import dump_json, read_package, utc_stamp, write_package
    from app.sync.exchange import export_snapshot
    from app.sync.keys import signing_key

    school = Store.open(tmp / "big-school")
    try:
        build_demo(school)
        package = read_package(export_snapshot(school, tmp).path)
        key = signing_key(school)
    finally:
        school.close()
    data, rng = package.data, random.Random(16)
    diary = data["teacher_diary"]
    model = diary[0]
    size = len(dump_json(data))
    while size < TARGET_BYTES:
        entry = copy.deepcopy(model)
        entry.update(
            id=str(uuid.uuid4()),
            methods=_text(rng, 40),
            where_used=_text(rng, 10),
            results=_text(rng, 60),
            teacher_comment=_text(rng, 20),
        )
        diary.append(entry)
        size += len(dump_json(entry)) + 1
    office_dir = tmp / "big-office"
    office = _open_office(office_dir)
    office.close()
    packages = tmp / "big-packages"
    packages.mkdir()
    manifest = {k: v for k, v in package.manifest.items() if k not in ("data", "encryption")}
    manifest.update(
        created_at=utc_stamp(),
        package_id=str(uuid.uuid4()),
        counts={k: len(v) for k, v in data.items() if isinstance(v, list)},
    )
    # Plain: a sealed data.json does not deflate, so at this size only a plain one fits in 50 MiB.
    write_package(packages / "big.dnevnik", manifest, data, key)
    return office_dir, packages, len(dump_json(data))


def bench_big_package(tmp: Path) -> None:
    """Peak memory against the target (1 GiB as the baseline: ratio ≤ 1 is within it)."""
    office, packages, plain = make_big_package(tmp)
    figures = _import_in_child(office, packages, 1)
    emit("sync_import_64mib_package_data_json_size", plain / 1024 / 1024, "MiB")
    emit("sync_import_64mib_package_peak_memory", figures["peak_mb"], "MiB", 1024)
    emit("sync_import_64mib_package_seconds", figures["seconds"], "s")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        bench_big_package(Path(folder))
