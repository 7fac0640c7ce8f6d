"""Taking packages in: the office takes schools' snapshots, a school takes its office's feedback.

Each file goes through the spec's checks 1–6 and only then is applied, in its own
transaction: all of it or none of it (on a shared PostgreSQL server SERIALIZABLE, and run again
when a concurrent import wins a race: app/sync/retry.py). A refused file, a file already
imported, a dry run and a cancelled batch leave the database exactly as it was; every file,
whatever its outcome, gets a line in `<data dir>/exchange-log.jsonl` (refusals cannot go into
the database they leave alone), and every file applied gets its row in the package log.
"""

from __future__ import annotations

import itertools
import json
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nacl.public import PrivateKey
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.core.errors import UserError
from app.core.progress import Cancelled, Progress
from app.core.store import Store
from app.sync.batch import FileResult, collect_files, in_sequence_order, journal
from app.sync.container import (
    Limits,
    Package,
    PackageRefused,
    parse_stamp,
    read_package,
)
from app.sync.keymaterial import fingerprint
from app.sync.keys import (
    adopt_office,
    encryption_private_key,
    first_office_key_message,
    key_mismatch_message,
)
from app.sync.records import Changes, gc_paused
from app.sync.refusals import apply_failure_reason
from app.sync.retry import GAVE_UP, is_conflict, isolate, pause, worth_retrying
from app.sync.sending import FEEDBACK, SNAPSHOT
from db.models import Installation, Municipality, PackageLogEntry, School

STATUSES = ("imported", "already_imported", "refused", "would_import")
SHOWN_PROBLEMS = 5


class KeyRefused(PackageRefused):
    """Refused for its sender's key (not yet accepted here); `fingerprint` is the key's, for a
    person to compare with the one the sender reads out by phone before accepting it."""

    def __init__(self, reason: str, offered_key: str):
        super().__init__(reason)
        self.fingerprint = fingerprint(offered_key)


@dataclass
class _Receiver:
    """Who is taking packages in: the office, or a school (with its own school's id and code)."""

    mode: str
    private_key: PrivateKey
    school_id: str | None = None
    school_code: str | None = None


@dataclass
class _Sender:
    """What step 3 learnt about the sender, for steps 6 and the apply."""

    school_id: str | None = None  # office: the school on record (None: new); school: itself
    known_key: str | None = None


# --- one file --------------------------------------------------------------------------------


def _check_sender_at_office(session: Session, manifest: dict, accept_new: bool, sender: _Sender) -> None:
    if manifest["kind"] != SNAPSHOT:
        raise PackageRefused(
            "это пакет обратной связи управления — его принимает школа, а здесь база управления"
        )
    code = manifest["sender"]["code"].strip()
    school = session.scalars(select(School).where(School.code == code)).first()
    offered = manifest["sender"]["signing_key"]
    if school is not None:
        sender.school_id, sender.known_key = school.id, school.signing_key
    if sender.known_key and sender.known_key != offered and not accept_new:
        raise KeyRefused(key_mismatch_message(f"школы {code}", sender.known_key, offered), offered)


def _check_sender_at_school(
    session: Session, receiver: _Receiver, manifest: dict, accept_new: bool, sender: _Sender
) -> None:
    if manifest["kind"] != FEEDBACK:
        raise PackageRefused("это пакет школы — его принимает управление образования, а здесь база школы")
    recipient = manifest["recipient"]
    code = recipient.get("code")
    addressed = (
        code == receiver.school_code if isinstance(code, str) else recipient["id"] == receiver.school_id
    )
    if not addressed:
        name = recipient.get("name") or "?"
        raise PackageRefused(
            f"пакет обратной связи адресован другой школе («{name}», код {code or '?'}), не этой"
        )
    school = session.get(School, receiver.school_id)
    office = session.get(Municipality, school.municipality_id) if school.municipality_id else None
    sender.school_id = receiver.school_id
    sender.known_key = office.signing_key if office is not None else None
    offered = manifest["sender"]["signing_key"]
    if not sender.known_key and not accept_new:
        # A stranger's e-mailed «feedback» must not capture the school (spec, first-key rule).
        raise KeyRefused(first_office_key_message(offered), offered)
    if sender.known_key and sender.known_key != offered and not accept_new:
        raise KeyRefused(key_mismatch_message("управления", sender.known_key, offered), offered)


def _problems_reason(problems: list[str]) -> str:
    shown = "; ".join(p.rstrip(".") for p in problems[:SHOWN_PROBLEMS])
    more = len(problems) - SHOWN_PROBLEMS
    tail = f" … и ещё {more}" if more > 0 else ""
    return f"данные пакета не прошли проверку: {shown}{tail}"


def _validate(receiver: _Receiver, package: Package) -> None:
    """Spec step 5, and that the data says who sent it as the manifest does."""
    data, sender = package.data, package.manifest["sender"]
    if receiver.mode == "municipality":
        from app.sync.snapshot import validate_snapshot

        problems = validate_snapshot(data)
        card = data.get("school")
        if not problems and isinstance(card, dict) and card.get("code") != sender["code"]:
            problems = [f"код школы в данных («{card.get('code')}») не совпадает с кодом отправителя"]
    else:
        from app.sync.feedback import validate_feedback

        problems = validate_feedback(data)
        office = data.get("municipality")
        if not problems and isinstance(office, dict) and office.get("id") != sender["id"]:
            problems = ["управление в данных не то, что подписало пакет"]
    if problems:
        raise PackageRefused(_problems_reason(problems))


def _check_sequence(session: Session, package: Package, sender: _Sender) -> bool:
    """Spec step 6. True: this very package was imported before (nothing to do)."""
    manifest = package.manifest
    sequence, package_id = manifest["sequence"], manifest["package_id"]
    earlier = session.scalars(
        select(PackageLogEntry).where(
            PackageLogEntry.direction == "in",
            PackageLogEntry.result == "imported",
            PackageLogEntry.package_id == package_id,
        )
    ).first()
    if earlier is not None:
        if earlier.school_id == sender.school_id and earlier.sequence == sequence:
            return True
        raise PackageRefused(
            "пакет с этим идентификатором уже принят с другим номером — файл подделан или испорчен"
        )
    if sender.school_id is None:
        return False
    # Only this key's packages count: after a new key is accepted, numbers start afresh.
    last = session.scalar(
        select(func.max(PackageLogEntry.sequence)).where(
            PackageLogEntry.direction == "in",
            PackageLogEntry.result == "imported",
            PackageLogEntry.kind == manifest["kind"],
            PackageLogEntry.school_id == sender.school_id,
            PackageLogEntry.signing_key == manifest["sender"]["signing_key"],
        )
    )
    if last is not None and sequence < last:
        raise PackageRefused(
            f"устаревший пакет: это пакет №{sequence}, а от этого отправителя уже принят №{last} "
            "с более свежими данными — ничего не изменено"
        )
    if last is not None and sequence == last:
        raise PackageRefused(
            f"пакет №{sequence} от этого отправителя уже принят, а этот файл с тем же номером — другой; "
            "запишите новый пакет"
        )
    return False


def _apply_snapshot(session: Session, package: Package, sender: _Sender, dry_run: bool) -> Changes:
    from app.sync.snapshot import apply_snapshot

    changes = apply_snapshot(session, package.data, sender.school_id, dry_run=dry_run)
    school_id = changes.school_id or sender.school_id
    if school_id is not None:
        school = session.get(School, school_id)
        if school is not None:
            school.signing_key = package.manifest["sender"]["signing_key"]
    changes.school_id = school_id
    return changes


def _apply_feedback(session: Session, package: Package, sender: _Sender, dry_run: bool) -> Changes:
    from app.sync.feedback import apply_feedback

    manifest, data = package.manifest, package.data
    school = session.get(School, sender.school_id)
    office = data.get("municipality") or {}
    adopt_office(
        session,
        school,
        manifest["sender"]["id"],
        manifest["sender"]["name"].strip() or str(office.get("name") or ""),
        manifest["sender"]["signing_key"],
        office.get("encryption_key") if isinstance(office.get("encryption_key"), str) else None,
    )
    changes = apply_feedback(session, data, school_id=sender.school_id, dry_run=dry_run)
    confirmed = _apply_receipts(session, sender.school_id, data.get("receipts", []))
    if confirmed:
        changes.changed["receipts"] = changes.changed.get("receipts", 0) + confirmed
    changes.school_id = sender.school_id
    return changes


def _apply_receipts(session: Session, school_id: str, receipts: list[dict]) -> int:
    """«получен управлением DD.MM.YYYY» on the school's sent packages; the first receipt stays."""
    confirmed = 0
    wanted = {r["package_id"]: parse_stamp(r["imported_at"]) for r in receipts}
    if not wanted:
        return 0
    for entry in session.scalars(
        select(PackageLogEntry).where(
            PackageLogEntry.direction == "out",
            PackageLogEntry.kind == SNAPSHOT,
            PackageLogEntry.school_id == school_id,
            PackageLogEntry.confirmed_at.is_(None),
            PackageLogEntry.package_id.in_(list(wanted)),
        )
    ):
        entry.confirmed_at = wanted[entry.package_id]
        confirmed += 1
    return confirmed


def _log_entry(package: Package, path: Path, school_id: str | None, changes: Changes) -> PackageLogEntry:
    manifest = package.manifest
    return PackageLogEntry(
        direction="in",
        kind=manifest["kind"],
        package_id=manifest["package_id"],
        sequence=manifest["sequence"],
        school_id=school_id,
        sender_id=manifest["sender"]["id"],
        signing_key=manifest["sender"]["signing_key"],
        file_name=str(path),
        sha256=package.sha256,
        package_created_at=parse_stamp(manifest["created_at"]),
        result="imported",
        message=json.dumps(changes.as_dict(), ensure_ascii=False),
    )


def _check_sender(session: Session, receiver: _Receiver, manifest: dict, accept_new: bool) -> _Sender:
    """Spec step 3: who sent it, as this database knows them."""
    sender = _Sender()
    if receiver.mode == "municipality":
        _check_sender_at_office(session, manifest, accept_new, sender)
    else:
        _check_sender_at_school(session, receiver, manifest, accept_new, sender)
    return sender


def _take(
    session: Session, receiver: _Receiver, package: Package, path: Path, dry_run: bool, accept_new: bool
) -> tuple[str, Changes | None]:
    """The file's one transaction: steps 3 and 6 again (another PC may have taken a package of
    this sender meanwhile), then the apply and the log line. Returns the status and changes."""
    session.rollback()  # what earlier reads began ends here
    isolate(session)
    sender = _check_sender(session, receiver, package.manifest, accept_new)
    if _check_sequence(session, package, sender):
        session.rollback()
        return "already_imported", None
    apply = _apply_snapshot if receiver.mode == "municipality" else _apply_feedback
    changes = apply(session, package, sender, dry_run)
    if dry_run:
        session.rollback()  # a dry run reports what the apply did, then takes it back
        return "would_import", changes
    session.add(_log_entry(package, path, changes.school_id, changes))
    session.commit()
    return "imported", changes


def _import_file(
    store: Store, receiver: _Receiver, path: Path, dry_run: bool, accept_new: bool
) -> FileResult:
    result = FileResult(path)
    with gc_paused(), Session(store.engine, expire_on_commit=False) as session:

        def check_sender(manifest: dict) -> None:
            result.kind, result.package_id = manifest["kind"], manifest["package_id"]
            result.sequence, result.counts = manifest["sequence"], dict(manifest["counts"])
            # The school the package is about: its sender at the office, its addressee at a school.
            about = manifest["sender"] if receiver.mode == "municipality" else manifest.get("recipient") or {}
            code = about.get("code") if isinstance(about, dict) else None
            result.school_code = code if isinstance(code, str) else receiver.school_code
            _check_sender(session, receiver, manifest, accept_new)
            session.rollback()  # the reads above end here: nothing is held while decrypting

        try:
            package = read_package(path, receiver.private_key, Limits(), check_sender)
            _validate(receiver, package)
            for attempt in itertools.count(1):
                try:
                    result.status, result.changes = _take(
                        session, receiver, package, path, dry_run, accept_new
                    )
                    break
                except DBAPIError as exc:  # a concurrent import on a shared server got in the way
                    session.rollback()
                    if not worth_retrying(exc, attempt):
                        if is_conflict(exc):
                            raise PackageRefused(GAVE_UP.format(n=attempt)) from exc
                        raise
                    pause(attempt)
            if result.status == "already_imported":
                result.reason = "уже импортирован — ничего не изменено"
        except PackageRefused as exc:
            session.rollback()
            result.status, result.reason, result.changes = "refused", exc.reason, None
            result.offered_key = getattr(exc, "fingerprint", None)
        except UserError as exc:  # the apply found what the checks could not (a record of another school)
            session.rollback()
            result.status, result.changes = "refused", None
            result.reason = f"пакет не применён, база не изменена: {exc.message}"
        except Exception as exc:  # a package that passed every check and still broke the apply
            session.rollback()
            result.status, result.changes = "refused", None
            result.reason = f"пакет не удалось применить, база не изменена: {apply_failure_reason(exc)}"
            journal(store, {"file": str(path), "traceback": traceback.format_exc()})
    return result


def _receiver(store: Store) -> _Receiver:
    with store.session() as s:
        inst = s.scalars(select(Installation)).first()
        if inst is None:
            raise UserError("База ещё не настроена: создайте базу школы или управления (init или demo).")
        mode, school_id = inst.mode, inst.school_id
        school = s.get(School, school_id) if school_id else None
    if mode == "school" and school is None:
        raise UserError("В базе нет карточки школы — заполните «Карточку школы» и повторите.")
    return _Receiver(mode, encryption_private_key(store), school_id, school.code if school else None)


def import_packages(
    store: Store,
    paths: list[Path],
    dry_run: bool = False,
    accept_new_key: bool = False,
    progress: Progress | None = None,
) -> list[FileResult]:
    """Import files and folders of packages; one result per file, in the order they were taken.

    `progress` (app/core/progress.py) hears before each file which one is taken and how many are
    done; once it raises `Cancelled` the files not started stay untouched (and get no result),
    those done stay done — each file is applied in a transaction of its own.
    """
    receiver = _receiver(store)
    files, results = collect_files(paths)
    files = in_sequence_order(files)
    if files and not dry_run:
        from app.backup.copies import backup_before

        backup_before(store, "import")  # a copy of the database as it was before this batch
    tell = progress or (lambda _stage, _done: None)
    for result in results:  # the paths that were no packages at all
        _journal_result(store, result, dry_run)
    taken: list[FileResult] = []
    total = len(files)
    try:
        for done, path in enumerate(files):
            tell(f"Пакет {done + 1} из {total}", done / total)
            result = _import_file(store, receiver, path, dry_run, accept_new_key)
            # Its line as soon as its transaction is over: a killed batch leaves no file unlogged.
            _journal_result(store, result, dry_run)
            taken.append(result)
        tell(f"Пакетов обработано: {total} из {total}", 1.0)
    except Cancelled:
        pass  # what is done stays done; the rest is not started
    return results + taken


def _journal_result(store: Store, result: FileResult, dry_run: bool) -> None:
    journal(
        store,
        {
            "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "dry_run": dry_run,
            **{k: v for k, v in result.as_json().items() if k != "changes"},
        },
    )


__all__ = ["FileResult", "collect_files", "import_packages", "in_sequence_order"]
