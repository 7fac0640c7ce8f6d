"""Shared fixtures. Qt runs offscreen for the whole suite; every test gets its own data folder."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.paths import ENV_DATA_DIR  # noqa: E402
from app.services.installation import init_school  # noqa: E402
from app.store import Store  # noqa: E402


@pytest.fixture(autouse=True)
def _no_user_data_dir(tmp_path, monkeypatch):
    """Nothing a test does may reach the user's real data folder."""
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "default-data"))


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir):
    s = Store.open(data_dir)
    yield s
    s.close()


@pytest.fixture
def school_store(store):
    """A store set up as a school with its card, no other records."""
    init_school(store, code="3410", name="МКОУ Тест", municipality="Котельниковский район")
    return store


_exit_status: dict[str, int] = {}


def pytest_sessionfinish(session, exitstatus):
    _exit_status["code"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    # Once every result is reported, leave without the interpreter's final garbage collection:
    # Qt wrappers collected after the QApplication is gone can crash the process at exit
    # (seen as a rare «bool_dealloc» abort after a green run), which would turn CI red.
    if "code" in _exit_status and os.environ.get("DNEVNIK_TEST_NORMAL_EXIT") != "1":
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status["code"])
