"""Writing packages: the school's snapshot for its office, the office's feedback for a school.

Each package gets the next sequence number for its recipient and a line in the package log
(direction out) in the same transaction as the file is written, so a number is never used
twice and never skipped silently: if the log cannot be written, the file is taken back.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app import __version__
from app.core.errors import UserError
from app.core.records import live
from app.core.store import Store
from app.sync.container import FORMAT, FORMAT_VERSION, SUFFIX, utc_stamp, write_package
from app.sync.keys import encode_key, ensure_keys, receiving_key_of, signing_key
from app.sync.records import gc_paused
from app.sync.retry import isolate, pause, worth_retrying
from db.base import new_id
from db.models import CuratorComment, Installation, Municipality, PackageLogEntry, Recommendation, School

SNAPSHOT = "school_snapshot"
FEEDBACK = "municipal_feedback"


@dataclass
class OutgoingSummary:
    """What «Отправить в управление» shows before writing: what goes, and what went last."""

    counts: dict[str, int]
    last_sequence: int | None
    last_written_at: datetime | None
    encrypted: bool  # the office's key is known, so data.json goes as data.json.enc
    school_code: str


@dataclass
class ExportResult:
    path: Path
    sequence: int
    counts: dict[str, int]
    encrypted: bool
    package_id: str = ""


@dataclass
class SentPackage:
    """A package this school wrote, for «Отправленные пакеты»."""

    sequence: int
    written_at: datetime
    file_name: str
    confirmed_at: datetime | None  # when the office's receipt for it arrived
    package_id: str | None = None


@dataclass
class _Outgoing:
    kind: str
    school: School
    sender: dict
    recipient: dict
    recipient_key: str | None
    data: dict = field(default_factory=dict)


def installation_of(session: Session, mode: str, action: str) -> Installation:
    inst = session.scalars(select(Installation)).first()
    if inst is None:
        raise UserError("База ещё не настроена: создайте базу школы или управления (init или demo).")
    if inst.mode != mode:
        who = "школы" if mode == "school" else "управления образования"
        raise UserError(f"{action} можно только в базе {who}, а эта база — другого режима.")
    return inst


def package_name(code: str, day: date, sequence: int, tail: str = "") -> str:
    """«3410_2026-05-20_7.dnevnik» (spec's suggested name; readers never rely on it)."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in code)
    return f"{safe}_{day.isoformat()}_{sequence}{tail}{SUFFIX}"


def _target(out: str | os.PathLike, name: str) -> Path:
    """`out` itself, or `name` inside it when it is a folder (never over another package there)."""
    out = Path(out)
    if not out.is_dir():
        if out.suffix.lower() != SUFFIX:
            raise UserError(
                f"Папки «{out}» нет. Укажите существующую папку (флешку) или имя файла "
                f"с расширением {SUFFIX}."
            )
        return out
    target = out / name
    number = 2
    while target.exists():
        target = out / name.replace(SUFFIX, f"-{number}{SUFFIX}")
        number += 1
    return target


def next_sequence(session: Session, kind: str, school_id: str) -> int:
    last = session.scalar(
        select(func.max(PackageLogEntry.sequence)).where(
            PackageLogEntry.direction == "out",
            PackageLogEntry.kind == kind,
            PackageLogEntry.school_id == school_id,
        )
    )
    return (last or 0) + 1


def _write_logged(
    store: Store,
    outgoing: _Outgoing,
    out: str | os.PathLike,
    tail: str = "",
    on_written: Callable | None = None,
) -> tuple[Path, dict]:
    """Number, write and log one package, all or nothing. On a shared server two PCs writing to
    one school at once would take the same number: the loser's transaction (SERIALIZABLE, see
    app/sync/retry.py) fails, its file is removed, and it is written again with the next one."""
    for attempt in itertools.count(1):
        try:
            return _write_once(store, outgoing, out, tail, on_written)
        except DBAPIError as exc:
            if not worth_retrying(exc, attempt):
                raise
            pause(attempt)
    raise AssertionError("unreachable")


def _write_once(
    store: Store, outgoing: _Outgoing, out: str | os.PathLike, tail: str, on_written: Callable | None
) -> tuple[Path, dict]:
    key = signing_key(store)
    target: Path | None = None
    on_disk = False
    session = Session(store.engine, expire_on_commit=False)
    try:
        with session.begin():
            isolate(session)
            sequence = next_sequence(session, outgoing.kind, outgoing.school.id)
            now = datetime.now(UTC)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "kind": outgoing.kind,
                "package_id": new_id(),
                "created_at": utc_stamp(now),
                "app_version": __version__,
                "sender": outgoing.sender,
                "recipient": outgoing.recipient,
                "sequence": sequence,
                "counts": data_counts(outgoing.data),
            }
            target = _target(out, package_name(outgoing.school.code, date.today(), sequence, tail))
            written = write_package(target, manifest, outgoing.data, key, outgoing.recipient_key)
            on_disk = True
            session.add(
                PackageLogEntry(
                    direction="out",
                    kind=outgoing.kind,
                    package_id=manifest["package_id"],
                    sequence=sequence,
                    school_id=outgoing.school.id,
                    sender_id=outgoing.sender["id"],
                    signing_key=outgoing.sender["signing_key"],
                    file_name=str(target),
                    sha256=file_sha256(target),
                    package_created_at=now.replace(microsecond=0),
                    result="written",
                    message="зашифрован" if outgoing.recipient_key else "не зашифрован",
                )
            )
            if on_written is not None:
                on_written(session, now)
    except BaseException:
        if on_disk:
            target.unlink(missing_ok=True)
        raise
    finally:
        session.close()
    return target, written


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def data_counts(data: dict) -> dict[str, int]:
    return {key: len(value) for key, value in data.items() if isinstance(value, list)}


# --- the school's snapshot -------------------------------------------------------------------


def _school_outgoing(store: Store) -> _Outgoing:
    with store.session() as s:
        inst = installation_of(s, "school", "Пакет для управления записать")
        school = live(
            s, School, inst.school_id, "В базе нет карточки школы — заполните «Карточку школы» и повторите."
        )
        office = s.get(Municipality, school.municipality_id) if school.municipality_id else None
        known = office is not None and office.signing_key is not None
        return _Outgoing(
            kind=SNAPSHOT,
            school=school,
            sender={
                "role": "school",
                "id": school.id,
                "code": school.code,
                "name": school.name,
                "signing_key": inst.signing_public_key,
                # Not in the spec's list (readers ignore it): where feedback may be sealed to.
                "encryption_key": inst.encryption_public_key,
            },
            recipient={
                "role": "municipality",
                "id": office.id if known else None,
                "name": office.name if office is not None else (school.municipality or None),
            },
            recipient_key=office.encryption_key if office is not None else None,
        )


def outgoing_summary(store: Store) -> OutgoingSummary:
    """Counts per instrument of the next package, the last package's number and date, encryption."""
    from app.sync.snapshot import build_snapshot

    outgoing = _school_outgoing(store)
    counts = data_counts(build_snapshot(store, outgoing.school.id))
    with store.session() as s:
        last = s.execute(
            select(PackageLogEntry.sequence, PackageLogEntry.created_at)
            .where(
                PackageLogEntry.direction == "out",
                PackageLogEntry.kind == SNAPSHOT,
                PackageLogEntry.school_id == outgoing.school.id,
            )
            .order_by(PackageLogEntry.sequence.desc())
            .limit(1)
        ).first()
    return OutgoingSummary(
        counts=counts,
        last_sequence=last.sequence if last else None,
        last_written_at=last.created_at if last else None,
        encrypted=outgoing.recipient_key is not None,
        school_code=outgoing.school.code,
    )


def export_snapshot(store: Store, out: str | os.PathLike) -> ExportResult:
    """Write the school's package to `out` (a file, or a folder for `<code>_<date>_<n>.dnevnik`)."""
    from app.sync.snapshot import build_snapshot

    signing_key(store)  # the keys exist before the sender's public key is read
    outgoing = _school_outgoing(store)
    with gc_paused():
        outgoing.data = build_snapshot(store, outgoing.school.id)
        path, manifest = _write_logged(store, outgoing, out)
    return ExportResult(
        path=path,
        sequence=manifest["sequence"],
        counts=manifest["counts"],
        encrypted=manifest["encryption"] is not None,
        package_id=manifest["package_id"],
    )


def sent_packages(store: Store) -> list[SentPackage]:
    """The school's packages, newest first, with the office's confirmation when it came."""
    with store.session() as s:
        inst = s.scalars(select(Installation)).first()
        if inst is None or inst.school_id is None:
            return []
        rows = s.scalars(
            select(PackageLogEntry)
            .where(
                PackageLogEntry.direction == "out",
                PackageLogEntry.kind == SNAPSHOT,
                PackageLogEntry.school_id == inst.school_id,
            )
            .order_by(PackageLogEntry.sequence.desc())
        )
        return [
            SentPackage(r.sequence, r.created_at, r.file_name, r.confirmed_at, r.package_id) for r in rows
        ]


# --- the office's feedback -------------------------------------------------------------------


def _receipts(session: Session, school_id: str) -> list[dict]:
    rows = session.scalars(
        select(PackageLogEntry)
        .where(
            PackageLogEntry.direction == "in",
            PackageLogEntry.kind == SNAPSHOT,
            PackageLogEntry.school_id == school_id,
            PackageLogEntry.result == "imported",
        )
        .order_by(PackageLogEntry.created_at)
    )
    return [
        {
            "package_id": r.package_id,
            "sequence": r.sequence,
            "imported_at": utc_stamp(r.created_at),
            "result": r.result,
        }
        for r in rows
    ]


def write_feedback(store: Store, school_code: str, out: str | os.PathLike) -> Path:
    """The office's feedback package for one school: comments, recommendations, catalogue, receipts.

    Sealed to the school's receiving key (derived from its signing key) when that key is known.
    The comments and recommendations that went are marked sent.
    """
    from app.sync.feedback import build_feedback

    key = signing_key(store)
    ensure_keys(store)
    with store.session() as s:
        inst = installation_of(s, "municipality", "Обратную связь записать")
        school = s.scalars(select(School).where(School.code == school_code.strip())).first()
        if school is None:
            raise UserError(f"В реестре нет школы с кодом «{school_code}». Проверьте код (реестр школ).")
        receipts = _receipts(s, school.id)
        office = {"id": inst.id, "name": inst.name, "encryption_key": inst.encryption_public_key}
    data = build_feedback(store, school.id)
    data["municipality"] = {**(data.get("municipality") or {}), **office}
    data["receipts"] = receipts
    outgoing = _Outgoing(
        kind=FEEDBACK,
        school=school,
        sender={
            "role": "municipality",
            "id": office["id"],
            "code": "",
            "name": office["name"],
            "signing_key": encode_key(bytes(key.verify_key)),
        },
        recipient={"role": "school", "id": school.id, "name": school.name, "code": school.code},
        recipient_key=receiving_key_of(school.signing_key) if school.signing_key else None,
        data=data,
    )
    comment_ids = [c["id"] for c in data.get("curator_comments", [])]
    recommendation_ids = [r["id"] for r in data.get("recommendations", [])]

    def mark_sent(session: Session, now: datetime) -> None:
        for model, ids in ((CuratorComment, comment_ids), (Recommendation, recommendation_ids)):
            for start in range(0, len(ids), 500):
                session.execute(
                    update(model)
                    .where(model.id.in_(ids[start : start + 500]), model.school_id == school.id)
                    .values(sent_at=now, updated_at=model.updated_at)
                )

    path, _ = _write_logged(store, outgoing, out, tail="_feedback", on_written=mark_sent)
    return path


def write_feedback_all(store: Store, folder: str | os.PathLike) -> list[Path]:
    """A feedback package for every school in the registry, into `folder` (made if missing)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"«{folder}» — файл, а нужна папка для пакетов обратной связи.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Папку «{folder}» не удалось создать ({exc.strerror}). Выберите другую.") from exc
    with store.session() as s:
        installation_of(s, "municipality", "Обратную связь записать")
        codes = list(s.scalars(select(School.code).order_by(School.code)))
    return [write_feedback(store, code, folder) for code in codes]
