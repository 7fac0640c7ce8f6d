"""The installation's keys: Ed25519 to sign packages, X25519 to receive encrypted ones.

Private halves are files in `<data dir>/keys/` (so backups of the data folder carry them);
public halves live in the Installation row, where packages and key files take them from.

An office has its own X25519 pair (`encryption.key`). A school's receiving key is its
Ed25519 key converted to X25519 (libsodium's crypto_sign_ed25519_pk_to_curve25519), so an
office that knows a school's signing key can encrypt feedback to it with nothing more
to store, and a school that reinstalls gets both keys renewed together.

Fingerprints (app/sync/keymaterial.py): 8 groups of 4 hex digits of the key's SHA-256.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nacl.public import PrivateKey
from nacl.signing import SigningKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import UserError
from app.core.files import atomic_path
from app.core.store import Store
from app.sync.keymaterial import (  # noqa: F401  (fingerprint and the codecs are public here too)
    decode_key,
    encode_key,
    fingerprint,
    read_private,
    receiving_key_of,
    write_private,
)
from db.engine import is_sqlite
from db.models import Installation, Municipality, School

KEYS_DIR = "keys"
SIGNING_FILE = "signing.key"
ENCRYPTION_FILE = "encryption.key"
KEY_FILE_FORMAT = "dnevnik-shkoly-key"


def keys_dir(store: Store) -> Path:
    return store.data_dir / KEYS_DIR


def _installation(session: Session) -> Installation | None:
    return session.scalars(select(Installation)).first()


def _settle(store: Store, file_name: str, recorded: str | None, public_of) -> bytes | None:
    """The private key in `file_name`, made if need be; None if the database knows another.

    A data folder with its own SQLite database owns its keys: a missing or different key file
    means the folder was copied or restored without them, so the file is the truth (the other
    side will see a new key and must accept it). A server database shared by several office PCs
    must not be re-keyed by one of them: there a missing key is reported, not replaced.
    """
    path = keys_dir(store) / file_name
    raw = read_private(path)
    if raw is not None and (recorded is None or public_of(raw) == recorded):
        return raw
    if recorded is not None and not is_sqlite(store.engine):
        return None
    if raw is None:
        raw = bytes(SigningKey.generate()) if file_name == SIGNING_FILE else bytes(PrivateKey.generate())
        write_private(path, raw)
    return raw


def _signing_public(raw: bytes) -> str:
    return encode_key(bytes(SigningKey(raw).verify_key))


def _encryption_public(raw: bytes) -> str:
    return encode_key(bytes(PrivateKey(raw).public_key))


def ensure_keys(store: Store) -> bool:
    """Make the installation's key pairs if it has none yet; True when its keys are usable.

    Does nothing (False) before the first start has chosen a mode. Never raises for a missing
    key, so it is safe at start-up; `signing_key()` says what is wrong when a key is needed.
    """
    with store.session() as s:
        inst = _installation(s)
        if inst is None:
            return False
        signing = _settle(store, SIGNING_FILE, inst.signing_public_key, _signing_public)
        if signing is None:
            return False
        inst.signing_public_key = _signing_public(signing)
        if inst.mode == "municipality":
            encryption = _settle(store, ENCRYPTION_FILE, inst.encryption_public_key, _encryption_public)
            if encryption is None:
                return False
            inst.encryption_public_key = _encryption_public(encryption)
        else:
            inst.encryption_public_key = receiving_key_of(inst.signing_public_key)
    return True


def _missing_key(store: Store, what: str) -> UserError:
    return UserError(
        f"Закрытый {what} не найден в папке {keys_dir(store)} или не совпадает с тем, что знает база. "
        "Скопируйте папку keys с компьютера, где ключи были созданы (или из резервной копии), "
        "и повторите."
    )


def _require_installation(store: Store) -> Installation:
    inst = store.installation()
    if inst is None:
        raise UserError("База ещё не настроена: создайте базу школы или управления (init или demo).")
    return inst


def signing_key(store: Store) -> SigningKey:
    """The installation's Ed25519 private key, made on first need."""
    _require_installation(store)
    if not ensure_keys(store):
        raise _missing_key(store, "ключ подписи")
    raw = read_private(keys_dir(store) / SIGNING_FILE)
    if raw is None:
        raise _missing_key(store, "ключ подписи")
    return SigningKey(raw)


def encryption_private_key(store: Store) -> PrivateKey:
    """The X25519 private key packages for this installation are encrypted to."""
    inst = _require_installation(store)
    if inst.mode != "municipality":
        return signing_key(store).to_curve25519_private_key()
    if not ensure_keys(store):
        raise _missing_key(store, "ключ расшифровки")
    raw = read_private(keys_dir(store) / ENCRYPTION_FILE)
    if raw is None:
        raise _missing_key(store, "ключ расшифровки")
    return PrivateKey(raw)


# --- key files -------------------------------------------------------------------------------


def export_public(store: Store, out: str | os.PathLike) -> Path:
    """Write the installation's public keys, with fingerprints, as a JSON key file."""
    inst = _require_installation(store)
    signing_key(store)  # makes the keys if this is their first need
    with store.session() as s:
        inst = _installation(s)
        school = s.get(School, inst.school_id) if inst.school_id else None
        body = {
            "format": KEY_FILE_FORMAT,
            "format_version": 1,
            "role": inst.mode,
            "id": school.id if school else inst.id,
            "code": school.code if school else None,
            "name": school.name if school else inst.name,
            "signing_key": inst.signing_public_key,
            "encryption_key": inst.encryption_public_key,
            "fingerprints": {
                "signing": fingerprint(inst.signing_public_key),
                "encryption": fingerprint(inst.encryption_public_key) or None,
            },
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
    target = Path(out)
    with atomic_path(target) as temporary:
        temporary.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target


@dataclass(frozen=True)
class KeyImport:
    """What `import_key` took: whose key, its fingerprint, and the one it replaced (if any)."""

    role: str  # "municipality" (taken at a school) or "school" (taken at the office)
    name: str
    code: str | None
    fingerprint: str
    previous_fingerprint: str | None
    created_school: bool = False

    @property
    def message(self) -> str:
        who = (
            f"управления «{self.name}»" if self.role == "municipality" else f"школы {self.code} «{self.name}»"
        )
        text = f"Ключ {who} принят, отпечаток {self.fingerprint}."
        if self.previous_fingerprint and self.previous_fingerprint != self.fingerprint:
            text += f" Прежний ключ ({self.previous_fingerprint}) больше не действует."
        if self.created_school:
            text += " Школа добавлена в реестр."
        return text


def key_mismatch_message(who: str, known: str, offered: str) -> str:
    return (
        f"ключ подписи {who} не совпадает с известным: известный отпечаток {fingerprint(known)}, "
        f"в пакете — {fingerprint(offered)}. Если на компьютере отправителя действительно "
        "переустановили программу, сверьте новый отпечаток по телефону и примите ключ явно "
        "(«Принять новый ключ», в командной строке --accept-new-key)."
    )


def first_office_key_message(offered: str) -> str:
    """The spec's first-key rule: a school takes its office's first key only when a person has
    compared its fingerprint (or from the office's key file)."""
    return (
        f"у школы ещё нет ключа управления, а этот пакет подписан ключом с отпечатком "
        f"{fingerprint(offered)}. Позвоните в управление и сверьте отпечаток: если он тот же, "
        "примите ключ («Принять ключ управления», в командной строке --accept-new-key) или "
        "загрузите файл ключа управления («Сервис → Настройки»). Пока ключ не принят, пакет "
        "не принимается, а пакеты школы уходят незашифрованными"
    )


def sentence(text: str) -> str:
    """`text` with its first letter capital (str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]


def _read_key_file(path: Path) -> dict:
    try:
        if path.stat().st_size > 64 * 1024:
            raise UserError(f"Файл «{path}» слишком велик для файла ключей.")
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UserError(f"Файла «{path}» нет. Проверьте путь.") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"Файл «{path}» не является файлом ключей «Дневника школы».") from exc
    if not isinstance(body, dict) or body.get("format") != KEY_FILE_FORMAT:
        raise UserError(f"Файл «{path}» не является файлом ключей «Дневника школы».")
    if decode_key(body.get("signing_key")) is None:
        raise UserError(f"В файле «{path}» нет верного ключа подписи.")
    encryption = body.get("encryption_key")
    if encryption is not None and decode_key(encryption) is None:
        raise UserError(f"В файле «{path}» неверный ключ шифрования.")
    if not isinstance(body.get("name"), str) or not body["name"].strip():
        raise UserError(f"В файле «{path}» не указано наименование.")
    if not isinstance(body.get("id"), str):
        raise UserError(f"В файле «{path}» не указан идентификатор.")
    return body


def import_key(store: Store, path: str | os.PathLike, accept_new: bool = False) -> KeyImport:
    """Take the office's key at a school, or a school's key at the office (before its first package).

    A different key for a sender already known is refused, naming both fingerprints,
    unless `accept_new` (a person compared the new fingerprint by phone).
    """
    path = Path(path)
    body = _read_key_file(path)
    inst = _require_installation(store)
    wanted = "municipality" if inst.mode == "school" else "school"
    if body.get("role") != wanted:
        whose = "управления" if wanted == "municipality" else "школы"
        raise UserError(f"В файле «{path}» ключ не того участника обмена: здесь принимается ключ {whose}.")
    with store.session() as s:
        if wanted == "municipality":
            return _take_office_key(s, body, accept_new)
        return _take_school_key(s, body, accept_new)


def _take_office_key(s: Session, body: dict, accept_new: bool) -> KeyImport:
    inst = _installation(s)
    school = s.get(School, inst.school_id)
    office = s.get(Municipality, school.municipality_id) if school.municipality_id else None
    known = office.signing_key if office else None
    if known and known != body["signing_key"] and not accept_new:
        raise UserError(sentence(key_mismatch_message("управления", known, body["signing_key"])))
    adopt_office(s, school, body["id"], body["name"].strip(), body["signing_key"], body.get("encryption_key"))
    return KeyImport(
        "municipality",
        body["name"].strip(),
        None,
        fingerprint(body["signing_key"]),
        fingerprint(known) or None,
    )


def adopt_office(
    s: Session, school: School, office_id: str, name: str, signing: str, encryption: str | None
) -> Municipality:
    """Make the school's office row the office's own (its id, name and keys).

    The row a school starts with has a local id; once the office is known, the row takes the
    office's id, so packages name it as the office names itself. What pointed at the old row
    (the school, the catalogue) follows.
    """
    from db.models import CatalogEvent

    current = s.get(Municipality, school.municipality_id) if school.municipality_id else None
    office = s.get(Municipality, office_id)
    if office is None:
        office = Municipality(id=office_id, name=name)
        s.add(office)
        s.flush()
    if current is not None and current.id != office.id:
        old_id = current.id
        s.query(CatalogEvent).filter(CatalogEvent.municipality_id == old_id).update(
            {CatalogEvent.municipality_id: office.id}, synchronize_session=False
        )
        s.query(School).filter(School.municipality_id == old_id).update(
            {School.municipality_id: office.id}, synchronize_session=False
        )
        s.flush()
        s.expire(school)
        s.delete(current)
    school.municipality_id = office.id
    office.name = name or office.name
    if not school.municipality:
        school.municipality = office.name
    office.signing_key = signing
    if encryption is not None:
        office.encryption_key = encryption
    s.flush()
    return office


def _take_school_key(s: Session, body: dict, accept_new: bool) -> KeyImport:
    code = body.get("code")
    if not isinstance(code, str) or not code.strip():
        raise UserError("В файле ключей школы не указан код школы.")
    code = code.strip()
    school = s.scalars(select(School).where(School.code == code)).first()
    created = school is None
    known = school.signing_key if school else None
    if known and known != body["signing_key"] and not accept_new:
        raise UserError(sentence(key_mismatch_message(f"школы {code}", known, body["signing_key"])))
    if school is None:
        same_id = s.get(School, body["id"]) is not None
        school = School(code=code, name=body["name"].strip())
        if not same_id:
            school.id = body["id"]
        s.add(school)
    school.signing_key = body["signing_key"]
    s.flush()
    return KeyImport(
        "school", school.name, code, fingerprint(body["signing_key"]), fingerprint(known) or None, created
    )


def fingerprints(store: Store) -> dict:
    """For the settings page: own keys, and the office's (school) or each school's (office)."""
    ensure_keys(store)
    with store.session() as s:
        inst = _installation(s)
        if inst is None:
            return {"mode": None, "signing": "", "encryption": "", "office": None, "schools": []}
        result: dict = {
            "mode": inst.mode,
            "signing": fingerprint(inst.signing_public_key),
            "encryption": fingerprint(inst.encryption_public_key),
            "office": None,
            "schools": [],
        }
        if inst.mode == "school":
            school = s.get(School, inst.school_id)
            office = (
                s.get(Municipality, school.municipality_id) if school and school.municipality_id else None
            )
            if office is not None:
                result["office"] = {
                    "id": office.id,
                    "name": office.name,
                    "signing": fingerprint(office.signing_key),
                    "encryption": fingerprint(office.encryption_key),
                }
        else:
            for school in s.scalars(select(School).order_by(School.code)):
                result["schools"].append(
                    {"code": school.code, "name": school.name, "signing": fingerprint(school.signing_key)}
                )
        return result
