"""The Windows-rules fixture (tests/windows/rules.py) catches each rule it promises, on Linux."""

from __future__ import annotations

import errno
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core import dates


@pytest.fixture
def strict(windows_rules):
    """What a test creates here is held to the rules as the program's files are."""
    windows_rules.strict = True
    return windows_rules


def test_fsync_on_a_read_only_descriptor_fails(tmp_path):
    target = tmp_path / "copy.zip"
    target.write_bytes(b"zip")
    with target.open("rb") as handle, pytest.raises(OSError) as caught:
        os.fsync(handle.fileno())
    assert caught.value.errno == errno.EBADF
    with target.open("r+b") as handle:
        os.fsync(handle.fileno())  # a handle that may write: allowed


@pytest.mark.parametrize(
    "name",
    [
        "Тур 1: май.pdf",
        "a<b.txt",
        'a"b',
        "a|b",
        "a?b",
        "a*b",
        "итоги.",
        "итоги ",
        "CON",
        "nul.txt",
        "COM1.pdf",
    ],
)
def test_names_windows_refuses_are_refused(tmp_path, strict, name):
    with pytest.raises(OSError):
        open(tmp_path / name, "w").close()  # noqa: SIM115 — the plain builtin is what is checked
    with pytest.raises(OSError):
        (tmp_path / name).write_text("x")
    with pytest.raises(OSError):
        (tmp_path / name).mkdir()
    source = tmp_path / "ready.txt"
    source.write_text("x")
    with pytest.raises(OSError):
        os.replace(source, tmp_path / name)
    with pytest.raises(OSError):
        os.open(tmp_path / name, os.O_WRONLY | os.O_CREAT)


def test_good_names_and_reading_pass(tmp_path, strict):
    for name in ("Тур 1 май.pdf", "COM10.txt", "Отчёт (2).pdf", ".hidden.tmp"):
        (tmp_path / name).write_text("x")
        assert (tmp_path / name).read_text() == "x"
    descriptor, made = tempfile.mkstemp(dir=tmp_path)
    os.close(descriptor)
    assert Path(made).exists()


def test_a_test_may_make_a_hostile_name_on_purpose(tmp_path):
    (tmp_path / "Тур 1: май.dnevnik").write_bytes(b"x")  # handed to the program as a hostile input


def test_paths_over_260_characters_fail(tmp_path, strict):
    deep = tmp_path / ("п" * 100) / ("а" * 100)
    deep.mkdir(parents=True)
    with pytest.raises(OSError):
        (deep / ("к" * 40 + ".txt")).write_text("x")
    (deep / "short.txt").write_text("x")


def test_replacing_a_file_that_is_open_fails(tmp_path):
    target, new = tmp_path / "report.pdf", tmp_path / "new.pdf"
    target.write_bytes(b"old")
    new.write_bytes(b"new")
    with target.open("rb"), pytest.raises(PermissionError):
        os.replace(new, target)
    os.replace(new, target)  # closed: allowed
    assert target.read_bytes() == b"new"


def test_local_time_outside_1970_to_3000_fails():
    with pytest.raises(OSError):
        dates._system_local(datetime(1, 1, 1, tzinfo=UTC))
    with pytest.raises(OSError):
        dates._system_local(datetime(9999, 12, 31, tzinfo=UTC))
    assert dates._system_local(datetime(2024, 5, 1, tzinfo=UTC)).year == 2024


def test_files_outside_the_temporary_folder_are_not_checked(windows_rules):
    assert windows_rules._watched(Path.cwd() / "CON") is None
