"""The package file (spec/package-format.md): a ZIP of manifest.json, manifest.sig, data.json(.enc).

`write_package` makes one atomically; `read_package` takes one apart, doing the reader's
steps 1 (container and limits), 2 (manifest), the signature part of 3 and 4 (decryption and
hashes), and parses data.json. Anything wrong raises `PackageRefused` with a Russian reason;
nothing is unpacked to disk, and no entry is inflated past its limit.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey

from app.core import paths
from app.core.files import atomic_path
from app.sync.keymaterial import decode_key, encode_key, fingerprint
from app.sync.manifest import (  # noqa: F401  (PackageRefused and the names are public here too)
    ENCRYPTED,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PLAIN,
    SCHEME,
    SIGNATURE,
    PackageRefused,
    check_manifest,
    dump_json,
    parse_json,
    parse_stamp,
    utc_stamp,
    verify_signature,
)

ALLOWED_ENTRIES = (MANIFEST, SIGNATURE, PLAIN, ENCRYPTED)
SUFFIX = paths.PACKAGE_SUFFIX
MiB = 1024 * 1024
CHUNK = 256 * 1024


def size_text(count: int) -> str:
    """«50 МиБ», «12 КиБ», «100 байт»."""
    if count >= MiB:
        return f"{count // MiB} МиБ"
    if count >= 1024:
        return f"{count // 1024} КиБ"
    return f"{count} байт"


@dataclass(frozen=True)
class Limits:
    """What a package may cost the reader; the defaults are the spec's and the issue's."""

    max_file_bytes: int = 50 * MiB
    max_entry_bytes: int = 64 * MiB  # data.json once decompressed (the spec's «Size»)
    max_total_bytes: int = 66 * MiB
    # Inflated ÷ compressed size. JSON of real schools deflates 5–20 times; deflate cannot
    # pass ~1030, so a bigger ratio above the floor is a bomb, not a diary.
    max_ratio: int = 200
    ratio_floor_bytes: int = 1 * MiB
    max_manifest_bytes: int = 1 * MiB
    # What parsing data.json may cost: Python holds a JSON object or list in ~100–200 bytes and
    # a value in ~50, so 64 MiB of tiny ones would take gigabytes. Real records of a school are a
    # few hundred bytes each; this budget lets a 64 MiB package of them import within 1 GiB.
    max_parsed_bytes: int = 640 * MiB


@dataclass
class Package:
    manifest: dict
    data: dict
    manifest_bytes: bytes
    signature: bytes
    data_bytes: bytes  # data.json as the sender wrote it (decrypted when it came encrypted)
    encrypted: bool
    sha256: str  # of the whole file, for the log
    size: int


# --- writing ---------------------------------------------------------------------------------


def write_package(
    path: str | os.PathLike,
    manifest: dict,
    data: dict,
    signing_key: SigningKey,
    recipient_encryption_key: str | PublicKey | None = None,
) -> dict:
    """Write a signed package to `path` atomically; returns the manifest as written.

    `manifest` holds everything but `data` and `encryption`, which are filled in here from
    what is actually written. With `recipient_encryption_key` (base64 X25519 or PublicKey)
    data.json travels as a sealed box, readable only with the recipient's private key.
    """
    plain = dump_json(data)
    plain_sha = hashlib.sha256(plain).hexdigest()
    manifest = dict(manifest)
    sender = dict(manifest.get("sender") or {})
    own_key = encode_key(bytes(signing_key.verify_key))
    if sender.setdefault("signing_key", own_key) != own_key:
        raise ValueError("sender.signing_key is not the key the package is signed with")
    manifest["sender"] = sender
    if recipient_encryption_key is not None:
        public = (
            recipient_encryption_key
            if isinstance(recipient_encryption_key, PublicKey)
            else PublicKey(decode_key(recipient_encryption_key))
        )
        entry_name, entry = ENCRYPTED, SealedBox(public).encrypt(plain)
        manifest["encryption"] = {"scheme": SCHEME, "recipient_key": encode_key(bytes(public))}
    else:
        entry_name, entry = PLAIN, plain
        manifest["encryption"] = None
    manifest["data"] = {
        "entry": entry_name,
        "sha256": hashlib.sha256(entry).hexdigest(),
        "size": len(entry),
        "plain_sha256": plain_sha,
    }
    manifest_bytes = dump_json(manifest, indent=2)
    signature = signing_key.sign(manifest_bytes).signature
    stamp = parse_stamp(manifest.get("created_at")) or datetime.now(UTC)
    with atomic_path(path) as temporary:
        with open(temporary, "wb") as handle:
            with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, body in ((MANIFEST, manifest_bytes), (SIGNATURE, signature), (entry_name, entry)):
                    info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    archive.writestr(info, body)
    return manifest


# --- reading: step 1, the container ----------------------------------------------------------


def _read_file(path: Path, limits: Limits) -> bytes:
    try:
        with open(path, "rb") as handle:
            # The size first, so an oversized file is refused before a byte of it is read.
            too_big = os.fstat(handle.fileno()).st_size > limits.max_file_bytes
            raw = b"" if too_big else handle.read(limits.max_file_bytes + 1)
    except FileNotFoundError as exc:
        raise PackageRefused("файл не найден") from exc
    except IsADirectoryError as exc:
        raise PackageRefused("это папка, а не файл пакета") from exc
    except OSError as exc:
        raise PackageRefused(f"файл не удалось прочитать ({exc.strerror})") from exc
    if too_big or len(raw) > limits.max_file_bytes:
        raise PackageRefused(
            f"файл больше {size_text(limits.max_file_bytes)} — пакет «Дневника школы» не бывает таким большим"
        )
    if not raw:
        raise PackageRefused("файл пуст (0 байт) — скорее всего, он не дописался; запишите пакет заново")
    return raw


def _has_path(name: str) -> bool:
    return (
        "/" in name
        or "\\" in name
        or ".." in name
        or ":" in name
        or "\x00" in name
        or name.startswith(("/", "\\"))
    )


def _inspect(raw: bytes, limits: Limits) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    """Open the ZIP directory and check it before any entry is read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise PackageRefused(
            "файл не является ZIP-архивом пакета или повреждён (например, обрезан при копировании)"
        ) from exc
    entries: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if _has_path(name) or info.is_dir():
            raise PackageRefused(
                f"в пакете есть имя с путём или папка: «{name}» — такой пакет не принимается"
            )
        if name not in ALLOWED_ENTRIES:
            raise PackageRefused(
                f"в пакете лишний файл «{name}»: допустимы только {', '.join(ALLOWED_ENTRIES)}"
            )
        if name in entries:
            raise PackageRefused(f"файл «{name}» встречается в пакете дважды")
        if info.flag_bits & 0x1:
            raise PackageRefused(f"файл «{name}» в пакете защищён паролем ZIP — так пакеты не пишутся")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageRefused(f"файл «{name}» сжат неизвестным способом (допустим только deflate)")
        limit = limits.max_manifest_bytes if name in (MANIFEST, SIGNATURE) else limits.max_entry_bytes
        if info.file_size > limit:
            raise PackageRefused(
                f"файл «{name}» в распакованном виде больше допустимого ({size_text(limit)}) — "
                "возможна zip-бомба"
            )
        if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise PackageRefused(
                f"файл «{name}» сжат подозрительно сильно "
                f"(в {info.file_size // max(info.compress_size, 1)} раз) — похоже на zip-бомбу"
            )
        total += info.file_size
        entries[name] = info
    if total > limits.max_total_bytes:
        raise PackageRefused(f"пакет в распакованном виде больше {size_text(limits.max_total_bytes)}")
    for required in (MANIFEST, SIGNATURE):
        if required not in entries:
            raise PackageRefused(f"в пакете нет файла «{required}»")
    if (PLAIN in entries) == (ENCRYPTED in entries):
        raise PackageRefused(f"в пакете должен быть ровно один из файлов «{PLAIN}» или «{ENCRYPTED}»")
    return archive, entries


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The entry's bytes, inflated in bounded steps: never more than declared, nor than `limit`."""
    cap = min(info.file_size, limit)
    parts: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > cap:
                    raise PackageRefused(
                        f"файл «{info.filename}» распаковывается в больший объём, чем заявлено — "
                        "возможна zip-бомба"
                    )
                parts.append(chunk)
    except PackageRefused:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError) as exc:
        raise PackageRefused(f"файл «{info.filename}» в пакете повреждён (не распаковывается)") from exc
    except Exception as exc:  # zlib.error and the like: a broken stream, whatever the library calls it
        raise PackageRefused(f"файл «{info.filename}» в пакете повреждён (не распаковывается)") from exc
    if total != info.file_size:
        raise PackageRefused(f"файл «{info.filename}» в пакете повреждён (размер не совпадает с заявленным)")
    return b"".join(parts)


# --- the cost of parsing data.json ----------------------------------------------------------

JSON_STRING = re.compile(rb'"(?:[^"\\\\]|\\\\.)*"')
CONTAINER_BYTES = 200  # a small dict or list, with its slot in the parent
VALUE_BYTES = 90  # a short str (Cyrillic ones take two bytes a letter) or a float, with its slot


def parsed_cost(plain: bytes) -> int:
    """An upper estimate of the memory json.loads takes for `plain`, counted without parsing:
    containers by their brackets, values by their separators (text inside strings not counted)."""
    containers = plain.count(b"{") + plain.count(b"[")
    values = plain.count(b",") + plain.count(b":")
    rough = containers * CONTAINER_BYTES + values * VALUE_BYTES
    if rough <= 64 * MiB:
        return rough + len(plain)
    bare = JSON_STRING.sub(b'""', plain)  # brackets and commas inside texts are not structure
    containers = bare.count(b"{") + bare.count(b"[")
    values = bare.count(b",") + bare.count(b":")
    return containers * CONTAINER_BYTES + values * VALUE_BYTES + len(plain)


def check_parsed_cost(plain: bytes, limits: Limits) -> None:
    if parsed_cost(plain) > limits.max_parsed_bytes:
        raise PackageRefused(
            "data.json состоит из миллионов мелких записей: такой пакет программа не пишет, а его "
            "разбор занял бы больше памяти, чем допустимо — файл испорчен или подделан"
        )


# --- step 4, the data ----------------------------------------------------------------------


def _open_data(manifest: dict, entry: bytes, private_key: PrivateKey | None) -> bytes:
    described = manifest["data"]
    if len(entry) != described["size"] or hashlib.sha256(entry).hexdigest() != described["sha256"].lower():
        raise PackageRefused("данные пакета не совпадают с контрольной суммой в manifest.json: файл испорчен")
    if manifest["encryption"] is None:
        if described["plain_sha256"].lower() != described["sha256"].lower():
            raise PackageRefused("в manifest.json контрольные суммы незашифрованных данных различаются")
        return entry
    if private_key is None:
        raise PackageRefused("пакет зашифрован, а у этой установки нет ключа для расшифровки")
    ours = encode_key(bytes(private_key.public_key))
    theirs = manifest["encryption"]["recipient_key"]
    if theirs != ours:
        raise PackageRefused(
            f"пакет зашифрован для другого получателя (ключ с отпечатком {fingerprint(theirs)}), "
            f"а ключ этой установки — {fingerprint(ours)}. Отправителю нужен ваш открытый ключ "
            "(«Сервис → Настройки → Сохранить мой ключ в файл…» или команда keys export-public) — "
            "пусть запишет пакет заново"
        )
    try:
        plain = SealedBox(private_key).decrypt(entry)
    except CryptoError as exc:
        raise PackageRefused(
            "данные пакета не расшифровываются ключом этой установки: файл испорчен"
        ) from exc
    if hashlib.sha256(plain).hexdigest() != described["plain_sha256"].lower():
        raise PackageRefused("расшифрованные данные не совпадают с контрольной суммой в manifest.json")
    return plain


def read_package(
    path: str | os.PathLike,
    encryption_private_key: PrivateKey | None = None,
    limits: Limits = Limits(),  # noqa: B008 (frozen, shared safely)
    sender_check: Callable[[dict], None] | None = None,
) -> Package:
    """Check and open a package (spec steps 1–4 and the parsing of data.json).

    `sender_check(manifest)` runs right after the signature is verified, so a caller can do
    the rest of step 3 (the key on record) and refuse by raising PackageRefused before
    anything is decrypted.
    """
    raw = _read_file(Path(path), limits)
    archive, entries = _inspect(raw, limits)
    manifest_bytes = _read_entry(archive, entries[MANIFEST], limits.max_manifest_bytes)
    signature = _read_entry(archive, entries[SIGNATURE], limits.max_manifest_bytes)
    data_name = PLAIN if PLAIN in entries else ENCRYPTED
    entry = _read_entry(archive, entries[data_name], limits.max_entry_bytes)
    manifest = parse_json(manifest_bytes, MANIFEST, unique_keys=True)
    check_manifest(manifest)
    if manifest["data"]["entry"] != data_name:
        raise PackageRefused(
            f"manifest.json называет файл данных «{manifest['data']['entry']}», а в пакете «{data_name}»"
        )
    verify_signature(manifest, manifest_bytes, signature)
    if sender_check is not None:
        sender_check(manifest)
    plain = _open_data(manifest, entry, encryption_private_key)
    file_sha256, file_size = hashlib.sha256(raw).hexdigest(), len(raw)
    del entry, raw, archive  # the file itself is not needed while data.json is parsed
    check_parsed_cost(plain, limits)
    data = parse_json(plain, PLAIN)
    if not isinstance(data, dict):
        raise PackageRefused("data.json должен быть объектом JSON")
    return Package(
        manifest=manifest,
        data=data,
        manifest_bytes=manifest_bytes,
        signature=signature,
        data_bytes=plain,
        encrypted=manifest["encryption"] is not None,
        sha256=file_sha256,
        size=file_size,
    )


def peek_manifest(path: str | os.PathLike, limits: Limits = Limits()) -> dict | None:  # noqa: B008
    """The manifest of a package, unverified, to put a batch in order; None if unreadable."""
    try:
        raw = _read_file(Path(path), limits)
        archive, entries = _inspect(raw, limits)
        manifest = parse_json(_read_entry(archive, entries[MANIFEST], limits.max_manifest_bytes), MANIFEST)
    except PackageRefused:
        return None
    return manifest if isinstance(manifest, dict) else None
