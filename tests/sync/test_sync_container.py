"""The package file and the keys: writing, reading with checks 1–4, limits, fingerprints, key files."""

import json
import os
import re
import stat
import zipfile

import pytest
from nacl.public import PrivateKey
from nacl.signing import SigningKey
from sqlalchemy import select

from app.core.errors import UserError
from app.core.store import Store
from app.school.installation import init_municipality
from app.sync import keys
from app.sync.container import (
    ENCRYPTED,
    MANIFEST,
    PLAIN,
    SIGNATURE,
    Limits,
    PackageRefused,
    peek_manifest,
    read_package,
    utc_stamp,
    write_package,
)
from app.sync.keymaterial import encode_key
from db.base import new_id
from db.models import Municipality, School
from tests.helpers.sync_corpus import BAD_PACKAGES, Source, good

# Cases the container alone refuses; the rest need the office's records (test_sync_exchange).
NEEDS_RECORDS = {
    "key_differs",
    "not_a_date",
    "impossible_date",
    "unknown_enum",
    "dangling_reference",
    "missing_table",
    "other_school_code",
}
FINGERPRINT = re.compile(r"^([0-9A-F]{4} ){7}[0-9A-F]{4}$")


def manifest_for(key: SigningKey, **changes) -> dict:
    manifest = {
        "format": "dnevnik-shkoly",
        "format_version": 1,
        "kind": "school_snapshot",
        "package_id": new_id(),
        "created_at": utc_stamp(),
        "app_version": "0.1.0",
        "sender": {
            "role": "school",
            "id": new_id(),
            "code": "3410",
            "name": "МКОУ Нагольненская СШ",
            "signing_key": encode_key(bytes(key.verify_key)),
        },
        "recipient": {"role": "municipality", "id": None, "name": None},
        "sequence": 3,
        "counts": {"events": 1},
    }
    manifest.update(changes)
    return manifest


DATA = {
    "school": {"id": new_id(), "code": "3410", "name": "МКОУ Нагольненская СШ"},
    "events": [{"id": new_id(), "title": "Семинар", "date_from": "2021-02-01", "level": "municipal"}],
    "teacher_diary": [{"id": new_id(), "staff_id": new_id(), "methods": "Иванова Мария Петровна"}],
}


@pytest.fixture
def office_private():
    return PrivateKey.generate()


@pytest.fixture
def source(tmp_path, office_private):
    key = SigningKey.generate()
    written = write_package(tmp_path / "source.dnevnik", manifest_for(key), DATA, key)
    return Source(written, json.loads(json.dumps(DATA)), key, encode_key(bytes(office_private.public_key)))


def test_write_then_read_plain(tmp_path):
    key = SigningKey.generate()
    path = tmp_path / "3410_2026-05-20_3.dnevnik"
    written = write_package(path, manifest_for(key), DATA, key)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == [MANIFEST, SIGNATURE, PLAIN]
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())
        raw_manifest = archive.read(MANIFEST)
        assert not raw_manifest.startswith(b"\xef\xbb\xbf")
        assert len(archive.read(SIGNATURE)) == 64
    package = read_package(path)
    assert package.data == DATA and package.manifest == written and not package.encrypted
    assert package.manifest_bytes == raw_manifest
    assert written["encryption"] is None
    assert written["data"]["sha256"] == written["data"]["plain_sha256"]
    assert written["data"]["entry"] == PLAIN
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_encrypted_data_is_unreadable_without_the_private_key(tmp_path, office_private):
    key = SigningKey.generate()
    path = tmp_path / "sealed.dnevnik"
    office_key = encode_key(bytes(office_private.public_key))
    written = write_package(path, manifest_for(key), DATA, key, office_key)
    assert written["encryption"] == {"scheme": "x25519-sealedbox", "recipient_key": office_key}
    assert written["data"]["entry"] == ENCRYPTED
    assert written["data"]["sha256"] != written["data"]["plain_sha256"]
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == [MANIFEST, SIGNATURE, ENCRYPTED]
        sealed = archive.read(ENCRYPTED)
    assert "Иванова".encode() not in sealed and b"teacher_diary" not in sealed
    with pytest.raises(PackageRefused, match="нет ключа для расшифровки"):
        read_package(path)
    with pytest.raises(PackageRefused, match="для другого получателя"):
        read_package(path, PrivateKey.generate())
    package = read_package(path, office_private)
    assert package.encrypted and package.data == DATA


def test_a_failed_write_leaves_nothing(tmp_path, monkeypatch):
    key = SigningKey.generate()
    path = tmp_path / "half.dnevnik"

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", broken)
    with pytest.raises(OSError):
        write_package(path, manifest_for(key), DATA, key)
    assert list(tmp_path.iterdir()) == []


def test_writing_into_a_missing_folder_says_so(tmp_path):
    key = SigningKey.generate()
    with pytest.raises(UserError, match="Папки"):
        write_package(tmp_path / "нет" / "p.dnevnik", manifest_for(key), DATA, key)


def test_a_manifest_naming_another_key_is_not_written(tmp_path):
    key = SigningKey.generate()
    with pytest.raises(ValueError):
        write_package(tmp_path / "p.dnevnik", manifest_for(SigningKey.generate()), DATA, key)


@pytest.mark.parametrize("case", sorted(set(BAD_PACKAGES) - NEEDS_RECORDS))
def test_bad_package_is_refused_by_the_reader(case, source, tmp_path, office_private):
    build, reason = BAD_PACKAGES[case]
    folder = tmp_path / "bad"
    folder.mkdir()
    path = build(source, folder)
    with pytest.raises(PackageRefused) as refused:
        read_package(path, office_private)
    assert reason in refused.value.reason
    assert re.search("[а-яё]", refused.value.reason, re.IGNORECASE)


def test_the_good_source_is_read(source, tmp_path):
    path = good(source, tmp_path)
    assert read_package(path).data == DATA


def test_entry_limits_are_checked_before_reading(source, tmp_path):
    path = good(source, tmp_path)
    with pytest.raises(PackageRefused, match="больше допустимого"):
        read_package(path, limits=Limits(max_entry_bytes=50))
    with pytest.raises(PackageRefused, match="в распакованном виде больше 100 байт"):
        read_package(path, limits=Limits(max_total_bytes=100))
    with pytest.raises(PackageRefused, match="файл больше 100 байт"):
        read_package(path, limits=Limits(max_file_bytes=100))


def test_compression_ratio_cap(source, tmp_path):
    path = BAD_PACKAGES["zip_bomb"][0](source, tmp_path)
    with pytest.raises(PackageRefused, match="подозрительно сильно"):
        read_package(path)
    # Signed, hashed, valid JSON (padded with spaces): only the ratio cap refused it.
    assert read_package(path, limits=Limits(max_ratio=10_000)).data == DATA


def test_sender_check_runs_before_decryption(source, tmp_path, office_private):
    path = tmp_path / "sealed.dnevnik"
    write_package(path, source.manifest, DATA, source.signing_key, source.office_key)
    seen = []

    def refuse(manifest):
        seen.append(manifest["sender"]["code"])
        raise PackageRefused("ключ не тот")

    with pytest.raises(PackageRefused, match="ключ не тот"):
        read_package(path, None, sender_check=refuse)  # no key: decryption would have refused
    assert seen == ["3410"]


def test_peek_manifest(source, tmp_path):
    assert peek_manifest(good(source, tmp_path))["sequence"] == 3
    assert peek_manifest(BAD_PACKAGES["not_a_zip"][0](source, tmp_path)) is None


# --- keys ------------------------------------------------------------------------------------------


@pytest.fixture
def office_store(tmp_path):
    store = Store.open(tmp_path / "office")
    init_municipality(store, "Отдел образования администрации Котельниковского района")
    yield store
    store.close()


def test_fingerprint_reads_over_the_phone():
    key = encode_key(bytes(SigningKey.generate().verify_key))
    assert FINGERPRINT.match(keys.fingerprint(key))
    assert keys.fingerprint(key) == keys.fingerprint(key)
    assert keys.fingerprint(None) == "" and keys.fingerprint("не ключ") == ""


def test_ensure_keys_before_first_start_does_nothing(store):
    assert keys.ensure_keys(store) is False
    assert not (store.data_dir / "keys").exists()
    with pytest.raises(UserError, match="не настроена"):
        keys.signing_key(store)


def test_school_keys(school_store):
    assert keys.ensure_keys(school_store)
    inst = school_store.installation()
    signing_file = school_store.data_dir / "keys" / "signing.key"
    assert signing_file.is_file()
    if os.name == "posix":
        assert stat.S_IMODE(signing_file.stat().st_mode) == 0o600
    assert encode_key(bytes(keys.signing_key(school_store).verify_key)) == inst.signing_public_key
    # A school's receiving key is its signing key converted to X25519: no second file to lose.
    assert inst.encryption_public_key == keys.receiving_key_of(inst.signing_public_key)
    assert not (school_store.data_dir / "keys" / "encryption.key").exists()
    private = keys.encryption_private_key(school_store)
    assert encode_key(bytes(private.public_key)) == inst.encryption_public_key
    keys.ensure_keys(school_store)
    assert school_store.installation().signing_public_key == inst.signing_public_key


def test_office_keys(office_store):
    assert keys.ensure_keys(office_store)
    inst = office_store.installation()
    assert (office_store.data_dir / "keys" / "encryption.key").is_file()
    assert (
        encode_key(bytes(keys.encryption_private_key(office_store).public_key)) == inst.encryption_public_key
    )
    prints = keys.fingerprints(office_store)
    assert prints["mode"] == "municipality"
    assert FINGERPRINT.match(prints["signing"]) and FINGERPRINT.match(prints["encryption"])


def test_a_lost_key_file_makes_a_new_key(school_store):
    keys.ensure_keys(school_store)
    before = school_store.installation().signing_public_key
    (school_store.data_dir / "keys" / "signing.key").unlink()
    keys.signing_key(school_store)
    assert school_store.installation().signing_public_key != before


def test_key_files_go_both_ways(school_store, office_store, tmp_path):
    school_file = keys.export_public(school_store, tmp_path / "school.json")
    office_file = keys.export_public(office_store, tmp_path / "office.json")
    body = json.loads(school_file.read_text(encoding="utf-8"))
    assert body["role"] == "school" and body["code"] == "3410"
    assert body["fingerprints"]["signing"] == keys.fingerprint(body["signing_key"])

    taken = keys.import_key(office_store, school_file)
    assert taken.created_school and taken.code == "3410"
    with office_store.session() as s:
        school = s.scalars(select(School).where(School.code == "3410")).one()
        assert school.signing_key == body["signing_key"] and school.id == body["id"]

    office_body = json.loads(office_file.read_text(encoding="utf-8"))
    taken = keys.import_key(school_store, office_file)
    assert "принят" in taken.message
    with school_store.session() as s:
        office = s.get(Municipality, office_body["id"])  # the row took the office's own id
        assert office.signing_key == office_body["signing_key"]
        assert office.encryption_key == office_body["encryption_key"]
        assert s.scalars(select(School)).one().municipality_id == office.id
        assert len(s.scalars(select(Municipality)).all()) == 1
    prints = keys.fingerprints(school_store)
    assert prints["office"]["signing"] == keys.fingerprint(office_body["signing_key"])


def test_a_different_key_for_a_known_sender_is_refused_naming_both(school_store, office_store, tmp_path):
    office_file = keys.export_public(office_store, tmp_path / "office.json")
    keys.import_key(school_store, office_file)
    known = json.loads(office_file.read_text(encoding="utf-8"))["signing_key"]
    other = json.loads(office_file.read_text(encoding="utf-8"))
    other["signing_key"] = encode_key(bytes(SigningKey.generate().verify_key))
    forged = tmp_path / "other.json"
    forged.write_text(json.dumps(other), encoding="utf-8")
    with pytest.raises(UserError) as refused:
        keys.import_key(school_store, forged)
    assert keys.fingerprint(known) in refused.value.message
    assert keys.fingerprint(other["signing_key"]) in refused.value.message
    taken = keys.import_key(school_store, forged, accept_new=True)
    assert taken.previous_fingerprint == keys.fingerprint(known)


def test_a_key_file_of_the_wrong_side_or_kind_is_refused(school_store, tmp_path):
    other_school = Store.open(tmp_path / "other")
    try:
        from app.school.installation import init_school

        init_school(other_school, "77", "МКОУ Другая")
        wrong_side = keys.export_public(other_school, tmp_path / "school.json")
    finally:
        other_school.close()
    with pytest.raises(UserError, match="здесь принимается ключ управления"):
        keys.import_key(school_store, wrong_side)
    junk = tmp_path / "junk.json"
    junk.write_text("{}", encoding="utf-8")
    with pytest.raises(UserError, match="не является файлом ключей"):
        keys.import_key(school_store, junk)
    with pytest.raises(UserError, match="нет"):
        keys.import_key(school_store, tmp_path / "missing.json")
