"""One package file's transaction on a shared database server: its isolation level, and what to
do when a concurrent import on another PC gets in its way.

Why SERIALIZABLE: a file's transaction first reads (is this school known, is this package in the
log already, is it newer than the last one taken from this school) and then writes what those
answers allow. Under PostgreSQL's default READ COMMITTED two importers could both pass the checks
at once — log one package twice, create a school twice, or apply a school's package 1 after its
package 2, leaving older data on top. Under SERIALIZABLE the server lets only outcomes that some
one-after-another order would give: the loser of such a race is aborted (SQLSTATE 40001) and its
transaction is simply run again, when it sees what the winner committed and answers
«уже импортирован» or «устаревший пакет» as a lone importer would. Each file is one short
transaction, so a re-run costs little. SQLite has one writer at a time and needs none of this.
"""

from __future__ import annotations

import random
import time

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

ATTEMPTS = 10  # a file's transaction runs at most this many times
FIRST_PAUSE_S = 0.05
LONGEST_PAUSE_S = 2.0
# serialization failure and deadlock: the server's word that a concurrent transaction won.
CONFLICTS = {"40001", "40P01"}
# A unique key a concurrent first insert (a new school, a questionnaire two schools share) took a
# moment earlier. It may also be the package's own fault, so it is tried again only briefly.
UNIQUE_VIOLATION = "23505"
UNIQUE_ATTEMPTS = 3
GAVE_UP = (
    "другие компьютеры в это время записывали в общую базу те же записи, и после {n} попыток "
    "пакет так и не удалось применить; база не изменена — повторите импорт этого файла"
)


def isolate(session: Session) -> None:
    """Begin the session's transaction, SERIALIZABLE on PostgreSQL (see the module's docstring)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "SERIALIZABLE"})


def sqlstate(exc: BaseException) -> str | None:
    return getattr(exc.orig, "pgcode", None) if isinstance(exc, DBAPIError) else None


def is_conflict(exc: BaseException) -> bool:
    """A serialization failure or deadlock: the server's word that a concurrent import won."""
    return sqlstate(exc) in CONFLICTS


def worth_retrying(exc: BaseException, attempt: int) -> bool:
    """Whether to run the transaction that failed at `attempt` (1, 2 …) once more."""
    if is_conflict(exc):
        return attempt < ATTEMPTS
    return sqlstate(exc) == UNIQUE_VIOLATION and attempt < UNIQUE_ATTEMPTS


def pause(attempt: int) -> None:
    """Wait a little longer after each failed attempt, with jitter so the rivals do not meet again."""
    ceiling = min(LONGEST_PAUSE_S, FIRST_PAUSE_S * 2 ** (attempt - 1))
    time.sleep(random.uniform(ceiling / 2, ceiling))
