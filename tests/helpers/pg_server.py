"""A throw-away PostgreSQL server for the test session: initdb in a temporary folder, a free port
on 127.0.0.1, its socket in that folder, run as a non-root user when the tests run as root.

Every test gets a database of its own, copied from a template migrated once to the head of the
schema (CREATE DATABASE … TEMPLATE: a few tens of milliseconds instead of a migration each).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "dnevnik"
TEMPLATE_DB = "dnevnik_template"
# Who runs the server when the tests run as root (PostgreSQL refuses to run as root).
RUN_AS_CANDIDATES = ("postgres", "dnevnik-test")
START_ATTEMPTS = 3


class PgUnavailable(Exception):
    """No PostgreSQL binaries here; the message says so in Russian and English."""


def find_bin_dir() -> Path | None:
    """The folder with initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    for folder in candidates:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run_as_user() -> str | None:
    """None when not root; else a system user to run the server (created if there is none)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    import pwd  # POSIX only, like running as root

    for name in RUN_AS_CANDIDATES:
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    name = RUN_AS_CANDIDATES[-1]
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
        check=True,
        capture_output=True,
    )
    return name


@dataclass
class PgServer:
    """One server for the session. `new_database()` hands out a fresh database's URL."""

    bin_dir: Path
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="dnevnik-pg-")))
    port: int = 0
    user: str | None = None
    running: bool = False
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def _cmd(self, program: str, *args: str) -> list[str]:
        command = [str(self.bin_dir / program), *args]
        return ["runuser", "-u", self.user, "--", *command] if self.user else command

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run(self._cmd(program, *args), capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr}{done.stdout}\n{tail}")

    def init(self) -> None:
        self.user = _run_as_user()
        if self.user:
            import pwd

            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        common = ("-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8")
        try:  # a UTF-8 locale, so lower() and ORDER BY know Cyrillic; C.UTF-8 is on every Debian
            self._run("initdb", *common, "--locale=C.UTF-8")
        except RuntimeError:
            shutil.rmtree(self.data, ignore_errors=True)
            self._run("initdb", *common, "--no-locale")

    def start(self) -> None:
        for attempt in range(START_ATTEMPTS):
            self.port = _free_port()
            options = " ".join(
                (
                    f"-p {self.port}",
                    "-c listen_addresses=127.0.0.1",
                    f"-c unix_socket_directories={self.root}",
                    "-c max_connections=300",
                    "-c shared_buffers=32MB",
                    # A test server: durability is not wanted, speed is.
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                )
            )
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
                self.running = True
                return
            except RuntimeError:
                if attempt == START_ATTEMPTS - 1:  # the port may have been taken meanwhile
                    raise
                time.sleep(0.5)

    def stop(self) -> None:
        try:
            if self.running:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            self.running = False
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """One statement outside a transaction (CREATE DATABASE cannot run inside one)."""
        import psycopg2

        connection = psycopg2.connect(self.url())
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    def make_template(self) -> None:
        """A database migrated to the head of the schema, which the tests' databases copy."""
        from app.core.store import Store

        self.admin(f"CREATE DATABASE {TEMPLATE_DB}")
        store = Store.open(self.root / "template-data", url=self.url(TEMPLATE_DB))
        store.close()

    def new_database(self, empty: bool = False, c_locale: bool = False) -> str:
        """A fresh database's URL: at the head of the schema, or `empty` (no tables at all);
        `c_locale`: empty, with LC_CTYPE=C, where lower() leaves Cyrillic as it is."""
        name = f"test_{next(self._numbers)}"
        if c_locale:
            self.admin(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
        else:
            self.admin(f"CREATE DATABASE {name} TEMPLATE {'template0' if empty else TEMPLATE_DB}")
        return self.url(name)


def start_server() -> PgServer:
    """A running server with its template database; PgUnavailable if there are no binaries."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PgUnavailable(
            "PostgreSQL не установлен (нет initdb/pg_ctl в PATH и в /usr/lib/postgresql/*/bin) — "
            "PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin); "
            "apt-get install postgresql"
        )
    server = PgServer(bin_dir)
    try:
        server.init()
        server.start()
        server.make_template()
    except BaseException:
        server.stop()
        raise
    return server
