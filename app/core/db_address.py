"""The data folder's choice of database: its own SQLite file, or a PostgreSQL server.

«Сервис → Настройки → База данных» writes `<data dir>/database.json` ({"url": "postgresql://…"});
whenever that folder is opened without --db (the window, every command), its database is the
one named there. No file: the folder's dnevnik.db. The keys, backups of the folder's own file and
the exchange journal stay in the data folder either way.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import inspect, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from app.core.errors import UserError
from app.core.files import write_atomically
from db.migrate import DatabaseRefused

CONFIG_FILE = "database.json"
SERVER_SCHEMES = ("postgresql", "postgresql+psycopg2")
EXAMPLE = "postgresql://пользователь@сервер:5432/база"


class AddressFileDamaged(DatabaseRefused):
    """The folder's database.json cannot be read; the message says what to do."""


def config_file(folder: Path) -> Path:
    return Path(folder) / CONFIG_FILE


def configured_url(folder: Path) -> str | None:
    """The server address the folder names, or None (the folder's own SQLite file)."""
    path = config_file(folder)
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise AddressFileDamaged(_damaged(path, str(exc))) from exc
    url = body.get("url") if isinstance(body, dict) else None
    if url is None:
        return None
    if not isinstance(url, str) or not url.strip():
        raise AddressFileDamaged(_damaged(path, "в нём нет адреса базы"))
    return url.strip()


def describe(folder: Path) -> str:
    """For messages: the data folder, or the server it names and where that is written."""
    try:
        url = configured_url(folder)
    except AddressFileDamaged:
        url = None
    return f"{shown(url)}, адрес из файла {config_file(folder)}" if url else str(folder)


def _damaged(path: Path, why: str) -> str:
    return (
        f"Файл настройки базы данных {path} не читается ({why}). Удалите его, чтобы работать с базой "
        "на этом компьютере, или исправьте адрес в нём."
    )


def shown(url: str) -> str:
    """The address for the user: postgresql://user@host:port/db, never the password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.drivername in SERVER_SCHEMES:
        parsed = parsed.set(drivername="postgresql")
    return unquote(parsed.render_as_string(hide_password=True))  # «методист», not %D0%BC…


def parse_address(entered: str) -> URL:
    """A PostgreSQL address as typed; UserError (in Russian) saying what is missing."""
    value = entered.strip()
    if not value:
        raise UserError(f"Адрес базы данных не указан. Введите его в виде {EXAMPLE}.")
    try:
        url = make_url(value)
    except ArgumentError:
        raise UserError(f"Адрес «{value}» не распознан. Введите его в виде {EXAMPLE}.") from None
    if url.drivername not in SERVER_SCHEMES:
        raise UserError(
            f"Адрес должен начинаться с postgresql:// (указано «{url.drivername}»). Пример: {EXAMPLE}."
        )
    if not url.host:
        raise UserError(f"В адресе не указан сервер. Пример: {EXAMPLE}.")
    if not url.database:
        raise UserError(f"В адресе не указано имя базы данных (после «/»). Пример: {EXAMPLE}.")
    if url.port is not None and not 0 < url.port < 65536:
        raise UserError("Порт сервера указан неверно: это число от 1 до 65535 (обычно 5432).")
    return url


def check_connection(url: URL | str) -> None:
    """Connect once and look at the database: empty, or this program's of a schema it knows.
    UserError (in Russian) otherwise, or if the server cannot be reached."""
    from db.engine import make_engine
    from db.migrate import current_revision, known_revisions

    address = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
    try:
        engine = make_engine(address)
    except (ArgumentError, ImportError) as exc:
        raise UserError(f"К базе «{shown(address)}» не подключиться: {exc}.") from exc
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            tables = inspect(conn).get_table_names()
        revision = current_revision(engine)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise UserError(
            f"Не удалось подключиться к базе «{shown(address)}»: {reason}. Проверьте адрес, имя "
            "пользователя и пароль и что сервер PostgreSQL включён и доступен с этого компьютера."
        ) from exc
    finally:
        engine.dispose()
    if revision is None and tables:
        raise UserError(
            f"В базе «{shown(address)}» уже есть таблицы другой программы. Укажите пустую базу "
            "или базу «Дневника школы»."
        )
    if revision is not None and revision not in known_revisions():
        raise UserError(
            f"База «{shown(address)}» создана более новой версией программы. Сначала обновите "
            "«Дневник школы» на этом компьютере."
        )


def save_address(folder: Path, url: str | None) -> None:
    """Write the folder's choice (None: back to its own SQLite file); replaced whole or not at all."""
    path = config_file(folder)
    if url is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # private: it may hold a password
    write_atomically(path, json.dumps({"url": url}, ensure_ascii=False, indent=2) + "\n", private=True)
