"""What a folder of packages may hold besides packages: a pipe, a device or a folder named like a
package is refused by what it is, without being opened (opening a pipe waits for ever); a name in
another encoding than UTF-8 (cp1251 from an old stick) is refused with its bytes shown as «�», and
the files after it are taken as usual, their lines printed."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from app.cli.main import main
from app.sync.batch import BAD_NAME
from app.sync.exchange import export_snapshot, import_packages
from tests.helpers.sync_data import dump, open_office, open_school

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="a FIFO needs a POSIX system")


@pytest.fixture
def package(tmp_path) -> Path:
    school = open_school(tmp_path / "school")
    out = tmp_path / "p.dnevnik"
    export_snapshot(school, out)
    school.close()
    return out


def run_in_time(work, seconds: float = 60):
    """`work()`'s result; a hang (a pipe opened for reading) fails the test instead of the suite."""
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, "the import hangs"
    return outcome[0]


def test_pipe_folder_and_device_are_refused_unopened(tmp_path, package):
    office = open_office(tmp_path / "office", with_keys=True)
    folder = tmp_path / "stick"
    folder.mkdir()
    os.mkfifo(folder / "x.dnevnik")
    (folder / "d.dnevnik").mkdir()
    before = dump(office)
    results = run_in_time(lambda: import_packages(office, [folder, Path("/dev/zero")]))
    reasons = {r.file.name: r.reason for r in results}
    assert [r.status for r in results] == ["refused"] * 3
    assert reasons["x.dnevnik"].startswith("это не обычный файл, а канал (FIFO)")
    assert reasons["d.dnevnik"].startswith("это не обычный файл, а папка")
    assert reasons["zero"].startswith("это не обычный файл, а устройство")
    assert dump(office) == before
    office.close()


def test_a_name_in_cp1251_is_reported_and_the_batch_goes_on(tmp_path, package, capsys):
    office = open_office(tmp_path / "office")
    office.close()
    folder = tmp_path / "stick"
    folder.mkdir()
    odd = os.fsdecode(os.fsencode(folder) + b"/a_\xef\xe0\xea\xe5\xf2.dnevnik")  # «пакет» in cp1251
    shutil.copy(package, odd)
    shutil.copy(package, folder / "b.dnevnik")
    code = main(["--data-dir", str(tmp_path / "office"), "import", str(folder)])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.err
    assert f"a_�����.dnevnik: отказано: {BAD_NAME}" in out.out
    assert "b.dnevnik: импортирован — школа 3410, пакет №1" in out.out
    assert "Файлов: 2 (импортирован 1, отказано 1)." in out.out
    journal = (tmp_path / "office" / "exchange-log.jsonl").read_text(encoding="utf-8")
    assert "a_�����.dnevnik" in journal and '"imported"' in journal
