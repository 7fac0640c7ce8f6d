"""Bad packages for the reader's tests: each built from a good one, broken in one way only.

`BAD_PACKAGES` maps a case name to (builder, a fragment of the Russian reason it must be
refused with). A builder takes a `Source` (a good package taken apart, the school's signing key,
the office's receiving key) and a folder, and returns the bad file. Packages broken inside are
re-signed with fresh hashes, so each is refused for its own fault, not for a broken signature.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey

from app.core.store import Store
from app.sync import keys
from app.sync.container import ENCRYPTED, MANIFEST, PLAIN, SCHEME, SIGNATURE, dump_json, read_package
from app.sync.keymaterial import encode_key
from db.base import new_id

MiB = 1024 * 1024


@dataclass
class Source:
    manifest: dict  # as the good package has it
    data: dict
    signing_key: SigningKey
    office_key: str | None = None  # base64 X25519: the office's receiving key


def zip_entries(path: Path, entries: list[tuple[str, bytes]]) -> Path:
    """A ZIP holding exactly `entries`, in order, duplicates and odd names included."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name: that is the point
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, body in entries:
                archive.writestr(
                    zipfile.ZipInfo(name, date_time=(2026, 5, 20, 9, 30, 0)), body, zipfile.ZIP_DEFLATED
                )
    return path


def signed_entries(
    source: Source,
    manifest: dict | None = None,
    data: dict | None = None,
    data_bytes: bytes | None = None,
    key: SigningKey | None = None,
    encrypt_to: str | None = None,
    manifest_bytes: bytes | None = None,
) -> list[tuple[str, bytes]]:
    """manifest.json, manifest.sig and the data entry of a package signed by `key`."""
    key = key or source.signing_key
    manifest = copy.deepcopy(manifest if manifest is not None else source.manifest)
    plain = data_bytes if data_bytes is not None else dump_json(data if data is not None else source.data)
    entry_name, entry = PLAIN, plain
    if encrypt_to is not None:
        entry_name = ENCRYPTED
        entry = SealedBox(PublicKey(base64.b64decode(encrypt_to))).encrypt(plain)
        manifest["encryption"] = {"scheme": SCHEME, "recipient_key": encrypt_to}
    else:
        manifest["encryption"] = None
    manifest["data"] = {
        "entry": entry_name,
        "sha256": hashlib.sha256(entry).hexdigest(),
        "size": len(entry),
        "plain_sha256": hashlib.sha256(plain).hexdigest(),
    }
    body = manifest_bytes if manifest_bytes is not None else dump_json(manifest, indent=2)
    return [(MANIFEST, body), (SIGNATURE, key.sign(body).signature), (entry_name, entry)]


def good(source: Source, folder: Path, name: str = "good.dnevnik", **changes) -> Path:
    """A package like the source's, re-signed; `changes` go into the manifest."""
    manifest = {**copy.deepcopy(source.manifest), **changes}
    return zip_entries(folder / name, signed_entries(source, manifest))


# --- the container ----------------------------------------------------------------------------


def not_a_zip(source: Source, folder: Path) -> Path:
    path = folder / "not_a_zip.dnevnik"
    path.write_text("Это не пакет, а письмо: «Высылаем отчёт за четверть».", encoding="utf-8")
    return path


def empty_file(source: Source, folder: Path) -> Path:
    path = folder / "empty.dnevnik"
    path.write_bytes(b"")
    return path


def truncated(source: Source, folder: Path) -> Path:
    whole = good(source, folder, "whole.dnevnik").read_bytes()
    path = folder / "truncated.dnevnik"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    return path


def extra_entry(source: Source, folder: Path) -> Path:
    entries = signed_entries(source) + [("readme.txt", "Прочти меня".encode())]
    return zip_entries(folder / "extra.dnevnik", entries)


def duplicate_entry(source: Source, folder: Path) -> Path:
    entries = signed_entries(source)
    return zip_entries(folder / "duplicate.dnevnik", entries + [entries[0]])


def path_in_name(source: Source, folder: Path) -> Path:
    entries = signed_entries(source)
    entries[2] = ("../" + entries[2][0], entries[2][1])
    return zip_entries(folder / "path.dnevnik", entries)


def folder_in_name(source: Source, folder: Path) -> Path:
    entries = signed_entries(source)
    entries[2] = ("data/" + entries[2][0], entries[2][1])
    return zip_entries(folder / "folder.dnevnik", entries)


def zip_bomb(source: Source, folder: Path) -> Path:
    """20 MiB of spaces after the JSON: deflates ~1000 times, a bomb's ratio."""
    bomb = dump_json(source.data) + b" " * (20 * MiB)
    return zip_entries(folder / "bomb.dnevnik", signed_entries(source, data_bytes=bomb))


def lying_size(source: Source, folder: Path) -> Path:
    """data.json's headers claim 100 bytes; it inflates to far more."""
    path = zip_entries(folder / "lying.dnevnik", signed_entries(source))
    raw = bytearray(path.read_bytes())
    name = PLAIN.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = raw.find(signature)
        while start != -1:
            length = struct.unpack_from("<H", raw, start + (26 if signature == b"PK\x03\x04" else 28))[0]
            if bytes(raw[start + name_at : start + name_at + length]) == name:
                struct.pack_into("<I", raw, start + size_at, 100)
            start = raw.find(signature, start + 4)
    path.write_bytes(bytes(raw))
    return path


def oversized_file(source: Source, folder: Path) -> Path:
    path = folder / "huge.dnevnik"
    with open(path, "wb") as handle:
        handle.truncate(51 * MiB)  # sparse: costs no disk, and is refused before it is read
    return path


# --- the manifest -----------------------------------------------------------------------------


def _manifest_case(name: str, edit: Callable[[dict], None]) -> Callable[[Source, Path], Path]:
    def build(source: Source, folder: Path) -> Path:
        manifest = copy.deepcopy(source.manifest)
        edit(manifest)
        return zip_entries(folder / f"{name}.dnevnik", signed_entries(source, manifest))

    build.__name__ = name
    return build


unknown_format = _manifest_case("unknown_format", lambda m: m.update(format="zhurnal-shkoly"))
newer_version = _manifest_case("newer_version", lambda m: m.update(format_version=2))
missing_field = _manifest_case("missing_field", lambda m: m.pop("sequence"))
wrong_type = _manifest_case("wrong_type", lambda m: m.update(sequence="7"))
missing_sender_key = _manifest_case("missing_sender_code", lambda m: m["sender"].pop("code"))
bad_timestamp = _manifest_case("bad_timestamp", lambda m: m.update(created_at="20.05.2026 09:30"))
wrong_kind = _manifest_case("wrong_kind", lambda m: m.update(kind="municipal_feedback"))


def manifest_with_bom(source: Source, folder: Path) -> Path:
    body = b"\xef\xbb\xbf" + dump_json(source.manifest, indent=2)
    entries = signed_entries(source, manifest_bytes=body)
    return zip_entries(folder / "bom.dnevnik", entries)


def manifest_not_json(source: Source, folder: Path) -> Path:
    entries = signed_entries(source, manifest_bytes=b'{"format": "dnevnik-shkoly", ')
    return zip_entries(folder / "manifest_not_json.dnevnik", entries)


# --- signature, keys, hashes, encryption ---------------------------------------------------------


def hash_mismatch(source: Source, folder: Path) -> Path:
    manifest = copy.deepcopy(source.manifest)
    entries = signed_entries(source, manifest)
    described = json.loads(entries[0][1])
    described["data"]["sha256"] = hashlib.sha256(b"other data").hexdigest()
    described["data"]["plain_sha256"] = described["data"]["sha256"]
    body = dump_json(described, indent=2)
    entries[0] = (MANIFEST, body)
    entries[1] = (SIGNATURE, source.signing_key.sign(body).signature)
    return zip_entries(folder / "hash.dnevnik", entries)


def data_changed_after_signing(source: Source, folder: Path) -> Path:
    entries = signed_entries(source)
    data = copy.deepcopy(source.data)
    data["school"]["name"] = "Подменённая школа"
    entries[2] = (PLAIN, dump_json(data))
    return zip_entries(folder / "changed.dnevnik", entries)


def foreign_signature(source: Source, folder: Path) -> Path:
    """Signed by another key while the manifest still names the school's."""
    entries = signed_entries(source, key=SigningKey.generate())
    return zip_entries(folder / "forged.dnevnik", entries)


def short_signature(source: Source, folder: Path) -> Path:
    entries = signed_entries(source)
    entries[1] = (SIGNATURE, entries[1][1][:10])
    return zip_entries(folder / "short_sig.dnevnik", entries)


def key_differs(source: Source, folder: Path) -> Path:
    """A whole, well-signed package from the school's code, by a key the office does not know."""
    other = SigningKey.generate()
    manifest = copy.deepcopy(source.manifest)
    manifest["sender"]["signing_key"] = encode_key(bytes(other.verify_key))
    manifest["package_id"] = new_id()
    manifest["sequence"] = source.manifest["sequence"] + 10
    return zip_entries(folder / "new_key.dnevnik", signed_entries(source, manifest, key=other))


def encrypted_to_other_office(source: Source, folder: Path) -> Path:
    other = encode_key(bytes(PrivateKey.generate().public_key))
    return zip_entries(folder / "other_office.dnevnik", signed_entries(source, encrypt_to=other))


def data_not_json(source: Source, folder: Path) -> Path:
    entries = signed_entries(source, data_bytes=b'{"school": {"code": "3410", ')
    return zip_entries(folder / "data_not_json.dnevnik", entries)


# --- data.json (step 5) --------------------------------------------------------------------------


def _data_case(name: str, edit: Callable[[dict], None]) -> Callable[[Source, Path], Path]:
    def build(source: Source, folder: Path) -> Path:
        data = copy.deepcopy(source.data)
        edit(data)
        return zip_entries(folder / f"{name}.dnevnik", signed_entries(source, data=data))

    build.__name__ = name
    return build


def _first(data: dict, array: str) -> dict:
    return data[array][0]


not_a_date = _data_case("not_a_date", lambda d: _first(d, "events").update(date_from="31.02.2021"))
impossible_date = _data_case("impossible_date", lambda d: _first(d, "events").update(date_from="2021-02-31"))
unknown_enum = _data_case("unknown_enum", lambda d: _first(d, "events").update(level="galactic"))
dangling_reference = _data_case(
    "dangling_reference", lambda d: _first(d, "teacher_diary").update(staff_id=new_id())
)
missing_table = _data_case("missing_table", lambda d: d.pop("events"))
other_school_code = _data_case("other_school_code", lambda d: d["school"].update(code="9999"))


# name → (builder, a fragment of the reason)
BAD_PACKAGES: dict[str, tuple[Callable[[Source, Path], Path], str]] = {
    "not_a_zip": (not_a_zip, "не является ZIP"),
    "empty_file": (empty_file, "пуст"),
    "truncated": (truncated, "ZIP"),
    "oversized_file": (oversized_file, "больше 50 МиБ"),
    "extra_entry": (extra_entry, "лишний файл"),
    "duplicate_entry": (duplicate_entry, "дважды"),
    "path_in_name": (path_in_name, "с путём"),
    "folder_in_name": (folder_in_name, "с путём"),
    "zip_bomb": (zip_bomb, "zip-бомб"),
    "lying_size": (lying_size, "повреждён"),
    "unknown_format": (unknown_format, "это не пакет «Дневника школы»"),
    "newer_version": (newer_version, "Пакет создан более новой версией программы — обновите её"),
    "missing_field": (missing_field, "нет обязательного поля «sequence»"),
    "wrong_type": (wrong_type, "«sequence» должно быть целым числом"),
    "missing_sender_code": (missing_sender_key, "«sender.code»"),
    "bad_timestamp": (bad_timestamp, "«created_at»"),
    "wrong_kind": (wrong_kind, "не может отправлять"),
    "manifest_with_bom": (manifest_with_bom, "BOM"),
    "manifest_not_json": (manifest_not_json, "не читается как JSON"),
    "hash_mismatch": (hash_mismatch, "контрольной суммой"),
    "data_changed_after_signing": (data_changed_after_signing, "контрольной суммой"),
    "foreign_signature": (foreign_signature, "подпись пакета неверна"),
    "short_signature": (short_signature, "64 байта"),
    "key_differs": (key_differs, "не совпадает с известным"),
    "encrypted_to_other_office": (encrypted_to_other_office, "для другого получателя"),
    "data_not_json": (data_not_json, "не читается как JSON"),
    "not_a_date": (not_a_date, "date_from"),
    "impossible_date": (impossible_date, "date_from"),
    "unknown_enum": (unknown_enum, "level"),
    "dangling_reference": (dangling_reference, "staff_id"),
    "missing_table": (missing_table, "events"),
    "other_school_code": (other_school_code, "код школы в данных"),
}


def source_of(school: Store, path: Path, office_key: str | None = None) -> Source:
    """The parts of the school's package at `path`, to be changed and signed again."""
    package = read_package(path)
    return Source(package.manifest, package.data, keys.signing_key(school), office_key)
