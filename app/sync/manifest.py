"""The manifest of a package (spec/package-format.md, step 2 and the signature of step 3).

Also the JSON rules every entry follows: UTF-8 without BOM, timestamps `…Z` in UTC.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.signing import VerifyKey

from app.sync.keymaterial import decode_key

FORMAT = "dnevnik-shkoly"
FORMAT_VERSION = 1
KINDS = ("school_snapshot", "municipal_feedback")
SENDER_ROLE = {"school_snapshot": "school", "municipal_feedback": "municipality"}
RECIPIENT_ROLE = {"school_snapshot": "municipality", "municipal_feedback": "school"}
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PLAIN = "data.json"
ENCRYPTED = "data.json.enc"
SCHEME = "x25519-sealedbox"
SIGNATURE_BYTES = 64
MAX_SEQUENCE = 2_147_483_647  # what an INTEGER column holds on every database

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
STAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z\Z")
HEX64_RE = re.compile(r"^[0-9a-fA-F]{64}\Z")
# A JSON escape of a surrogate (\\ud800-\\udfff): json pairs valid ones into one character, so
# only where one occurs can a lone surrogate be left in the parsed text.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
SURROGATE = re.compile("[\ud800-\udfff]")
LONE_SURROGATE = (
    "«{entry}» содержит недопустимый символ (одиночный суррогат вида \\udc80): такой текст "
    "не является Юникодом — файл испорчен или подделан; попросите отправителя записать пакет заново"
)


class PackageRefused(Exception):
    """The package is not taken; `reason` says why, in Russian, for the person at the PC."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def utc_stamp(moment: datetime | None = None) -> str:
    """«2026-05-20T09:30:00Z»."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(text: object) -> datetime | None:
    """An aware UTC datetime from an ISO 8601 `…Z` stamp; None if `text` is not one."""
    if not isinstance(text, str) or not STAMP_RE.match(text):
        return None
    try:
        return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
    except ValueError:
        return None


def is_uuid(value: object) -> bool:
    return isinstance(value, str) and bool(UUID_RE.match(value))


def _json_default(value):
    if isinstance(value, datetime):
        return utc_stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def dump_json(value, indent: int | None = None) -> bytes:
    """UTF-8 JSON without BOM; compact unless `indent`."""
    separators = None if indent else (",", ":")
    text = json.dumps(
        value,
        ensure_ascii=False,
        indent=indent,
        separators=separators,
        allow_nan=False,
        default=_json_default,
    )
    return text.encode("utf-8")


# --- step 2, the manifest --------------------------------------------------------------------


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    result = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def parse_json(raw: bytes, entry: str, unique_keys: bool = False):
    """Strict JSON: UTF-8 without BOM, no NaN, (for the manifest) no repeated keys."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise PackageRefused(f"«{entry}» записан с меткой BOM — по формату JSON пишется в UTF-8 без неё")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageRefused(f"«{entry}» не в кодировке UTF-8") from exc
    try:
        value = json.loads(
            text, parse_constant=_no_constants, object_pairs_hook=_unique_keys if unique_keys else None
        )
    except (ValueError, RecursionError) as exc:
        raise PackageRefused(f"«{entry}» не читается как JSON (файл испорчен)") from exc
    if SURROGATE_ESCAPE.search(raw) and _holds_surrogate(value):
        raise PackageRefused(LONE_SURROGATE.format(entry=entry))
    return value


def _holds_surrogate(value) -> bool:
    """Whether any text (key or value) in parsed JSON holds a lone surrogate."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _kind_name(value: object) -> str:
    return {
        bool: "логическое значение",
        int: "число",
        float: "число",
        str: "строка",
        list: "список",
        dict: "объект",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _wrong(field: str, expected: str, value: object) -> PackageRefused:
    return PackageRefused(
        f"в manifest.json поле «{field}» должно быть {expected}, а там {_kind_name(value)} "
        f"{json.dumps(value, ensure_ascii=False)[:60]}"
    )


def _field(obj: dict, prefix: str, name: str, check: Callable[[object], bool], expected: str):
    full = f"{prefix}{name}"
    if name not in obj:
        raise PackageRefused(f"в manifest.json нет обязательного поля «{full}»")
    value = obj[name]
    if not check(value):
        raise _wrong(full, expected, value)
    return value


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_obj(value: object) -> bool:
    return isinstance(value, dict)


def check_manifest(manifest: object) -> None:
    """Spec step 2: every required field, of the right type; the format known to this reader."""
    if not isinstance(manifest, dict):
        raise PackageRefused("manifest.json должен быть объектом JSON")
    fmt = _field(manifest, "", "format", _is_str, "строкой")
    if fmt != FORMAT:
        raise PackageRefused(f"это не пакет «Дневника школы»: формат «{fmt[:60]}», ожидается «{FORMAT}»")
    version = _field(manifest, "", "format_version", _is_int, "целым числом")
    if version > FORMAT_VERSION:
        raise PackageRefused("Пакет создан более новой версией программы — обновите её")
    if version < 1:
        raise _wrong("format_version", "целым числом от 1", version)
    kind = _field(manifest, "", "kind", _is_str, "строкой")
    if kind not in KINDS:
        raise PackageRefused(f"неизвестный вид пакета «{kind[:60]}» (ожидается {' или '.join(KINDS)})")
    _field(manifest, "", "package_id", is_uuid, "идентификатором UUID")
    _field(
        manifest, "", "created_at", lambda v: parse_stamp(v) is not None, "временем вида 2026-05-20T09:30:00Z"
    )
    _field(manifest, "", "app_version", _is_str, "строкой")
    _field(
        manifest,
        "",
        "sequence",
        lambda v: _is_int(v) and 1 <= v <= MAX_SEQUENCE,
        f"целым числом от 1 до {MAX_SEQUENCE}",
    )
    sender = _field(manifest, "", "sender", _is_obj, "объектом")
    role = _field(sender, "sender.", "role", _is_str, "строкой")
    if role != SENDER_ROLE[kind]:
        raise PackageRefused(
            f"в manifest.json отправитель «{role[:40]}» не может отправлять пакет вида {kind}"
        )
    _field(sender, "sender.", "id", is_uuid, "идентификатором UUID")
    _field(sender, "sender.", "name", _is_str, "строкой")
    _field(sender, "sender.", "signing_key", lambda v: decode_key(v) is not None, "ключом Ed25519 в base64")
    if role == "school":
        _field(sender, "sender.", "code", lambda v: _is_str(v) and v.strip() != "", "непустой строкой")
    elif "code" in sender and not (sender["code"] is None or _is_str(sender["code"])):
        raise _wrong("sender.code", "строкой", sender["code"])
    recipient = _field(manifest, "", "recipient", _is_obj, "объектом")
    if _field(recipient, "recipient.", "role", _is_str, "строкой") != RECIPIENT_ROLE[kind]:
        raise PackageRefused(f"в manifest.json получатель пакета вида {kind} указан неверно")
    _field(recipient, "recipient.", "id", lambda v: v is None or is_uuid(v), "UUID или null")
    _field(recipient, "recipient.", "name", lambda v: v is None or _is_str(v), "строкой или null")
    data = _field(manifest, "", "data", _is_obj, "объектом")
    _field(data, "data.", "entry", lambda v: v in (PLAIN, ENCRYPTED), f"«{PLAIN}» или «{ENCRYPTED}»")
    _field(data, "data.", "sha256", lambda v: _is_str(v) and bool(HEX64_RE.match(v)), "SHA-256 (64 hex)")
    _field(data, "data.", "size", lambda v: _is_int(v) and v >= 0, "целым числом")
    _field(
        data, "data.", "plain_sha256", lambda v: _is_str(v) and bool(HEX64_RE.match(v)), "SHA-256 (64 hex)"
    )
    encryption = _field(manifest, "", "encryption", lambda v: v is None or _is_obj(v), "объектом или null")
    if encryption is not None:
        _field(encryption, "encryption.", "scheme", lambda v: v == SCHEME, f"«{SCHEME}»")
        _field(
            encryption,
            "encryption.",
            "recipient_key",
            lambda v: decode_key(v) is not None,
            "ключом X25519 в base64",
        )
    if (encryption is None) != (data["entry"] == PLAIN):
        raise PackageRefused("в manifest.json поля «encryption» и «data.entry» противоречат друг другу")
    counts = _field(manifest, "", "counts", _is_obj, "объектом")
    for key, value in counts.items():
        if not (_is_int(value) and value >= 0):
            raise _wrong(f"counts.{key}", "целым числом", value)


# --- step 3, the signature ----------------------------------------------------------------


def verify_signature(manifest: dict, manifest_bytes: bytes, signature: bytes) -> None:
    if len(signature) != SIGNATURE_BYTES:
        raise PackageRefused("подпись пакета (manifest.sig) повреждена: она должна занимать 64 байта")
    try:
        VerifyKey(decode_key(manifest["sender"]["signing_key"])).verify(manifest_bytes, signature)
    except (BadSignatureError, CryptoError, ValueError) as exc:
        raise PackageRefused(
            "подпись пакета неверна: файл изменён после подписи или подписан не тем ключом, "
            "который в нём указан"
        ) from exc
