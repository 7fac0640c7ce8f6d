"""Shared fixtures. Qt runs offscreen for the whole suite; every test gets its own data folder.

A module marked `pytestmark = pytest.mark.both_backends` runs each test that opens a database
(through `store`, `on_backend` or `db_backend`) twice: ids `sqlite` and `postgresql`. The
PostgreSQL runs use a server the session starts itself (tests/helpers/pg_server.py) and a fresh database
per data folder, named in the folder's database.json, so `Store.open(folder)` and the command line
with `--data-dir folder` reach it exactly as an office's installation would.
"""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.core.db_address import config_file, save_address  # noqa: E402
from app.core.paths import ENV_DATA_DIR  # noqa: E402
from app.core.store import Store  # noqa: E402
from app.school.installation import init_school  # noqa: E402
from tests.helpers.pg_server import PgUnavailable, start_server  # noqa: E402
from tests.windows.rules import WindowsRules  # noqa: E402

BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "both_backends: each test runs on SQLite and on a PostgreSQL server the session starts"
    )


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("both_backends") and "db_backend" in metafunc.fixturenames:
        # Module scope: the tests of one backend run together, module fixtures follow the backend.
        metafunc.parametrize("db_backend", BACKENDS, indirect=True, scope="module")


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the session, started on first use, stopped at its end."""
    try:
        server = start_server()
    except PgUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(
                f"{exc}. В CI тесты PostgreSQL обязательны (.ci/run ставит postgresql).", pytrace=False
            )
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def db_backend(request) -> str:
    """sqlite, unless the module is marked both_backends (then each of BACKENDS in turn)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="module")
def on_backend(request, db_backend):
    """folder → the same folder, its database on this test's backend (PostgreSQL: a new database)."""
    if db_backend == "sqlite":
        return Path
    server = request.getfixturevalue("pg_server")

    def place(folder) -> Path:
        folder = Path(folder)
        if not config_file(folder).exists():
            save_address(folder, server.new_database())
        return folder

    return place


@pytest.fixture(autouse=True)
def windows_rules(tmp_path, tmp_path_factory, monkeypatch) -> WindowsRules:
    """Windows' rules for files and local time on every run (tests/windows/rules.py)."""
    rules = WindowsRules(tmp_path_factory.getbasetemp(), data_root=tmp_path)
    rules.install(monkeypatch)
    return rules


@pytest.fixture(autouse=True)
def _no_user_data_dir(tmp_path, monkeypatch):
    """Nothing a test does may reach the user's real data folder."""
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "default-data"))


@pytest.fixture(autouse=True)
def _unsaved_question(monkeypatch):
    """«Сохранить изменения?» answered «Не сохранять» unless a test says otherwise (helpers/forms.py)."""
    from tests.helpers.forms import answer_unsaved

    return answer_unsaved(monkeypatch)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir, on_backend):
    s = Store.open(on_backend(data_dir))
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
