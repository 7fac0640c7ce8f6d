"""Hostile packages, fuzzed: a good package from the demo school, mutated — its bytes, its ZIP
structure, its manifest's fields, its data records — and handed to an office that knows the school.

Every outcome is a clean import or a refusal with a Russian reason; never an exception, and never
the reader's last-resort catch (`пакет не удалось применить`, a traceback in the exchange journal):
that catch keeps the user safe, but a package reaching it is a bug to fix. A refused file leaves
the office's database exactly as it was. Manifest and data mutations are re-signed with the
school's key (and sometimes encrypted to the office), so they get past the signature and reach
the checks behind it.

The CI run is a few hundred examples; `make fuzz` sets DNEVNIK_FUZZ_EXAMPLES=10000.
"""

from __future__ import annotations

import copy
import hashlib
import io
import itertools
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.sync.container import MANIFEST, PLAIN, SIGNATURE, dump_json
from app.sync.exchange import export_snapshot, import_packages
from db.base import new_id
from tests.helpers.fuzzing import FIELD_VALUES, RUSSIAN, fuzz, json_places
from tests.helpers.sync_corpus import Source, signed_entries, source_of, zip_entries
from tests.helpers.sync_data import dump, only, open_office, open_school

pytestmark = pytest.mark.slow

SEQUENCES = itertools.count(2)
JOURNAL = "exchange-log.jsonl"
OUTCOMES = {"imported", "refused", "already_imported"}


@pytest.fixture(scope="module")
def office_knows_school(tmp_path_factory):
    """An office that has imported the demo school's first package, and that package's parts."""
    root = tmp_path_factory.mktemp("fuzz-packages")
    school = open_school(root / "school")
    office = open_office(root / "office")
    first = export_snapshot(school, root)
    assert only(import_packages(office, [first.path])).status == "imported"
    source = source_of(school, first.path, office.installation().encryption_public_key)
    yield office, source, root
    school.close()
    office.close()


@pytest.fixture(autouse=True)
def _no_backups(monkeypatch):
    """The copy before each import is tested elsewhere; here it would only cost time."""
    monkeypatch.setattr("app.backup.copies.backup_before", lambda store, reason: None)


def _fresh(source: Source) -> Source:
    """The source with a new number and id: newer than anything the office holds."""
    manifest = {**copy.deepcopy(source.manifest), "sequence": next(SEQUENCES), "package_id": new_id()}
    return Source(manifest, source.data, source.signing_key, source.office_key)


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """`original` with a few bytes flipped, inserted, cut or zeroed, or truncated. Places are drawn
    as fractions of the length: a re-signed package's length varies run to run, the draws must not."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "zero"]))
        at = int(draw(st.floats(0, 1, exclude_max=True)) * len(data))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 256))]
        elif kind == "zero":
            data[at : at + 512] = bytes(len(data[at : at + 512]))
        else:
            del data[at:]
    return bytes(data)


def _journal_lines(office) -> list[str]:
    path = office.data_dir / JOURNAL
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line] if path.exists() else []


def _take(office, path: Path) -> str:
    """Import `path`; check the outcome is clean; return the status."""
    before = dump(office)
    journal_before = len(_journal_lines(office))
    result = only(import_packages(office, [path]))
    assert result.status in OUTCOMES, result
    new_lines = [json.loads(line) for line in _journal_lines(office)[journal_before:]]
    crashes = [line["traceback"] for line in new_lines if "traceback" in line]
    assert not crashes, crashes[0]
    if result.status == "refused":
        assert RUSSIAN.search(result.reason), result.reason
        assert "Traceback" not in result.reason
        assert "пакет не удалось применить" not in result.reason, result.reason
        assert result.changes is None
        assert dump(office) == before
    elif result.status == "already_imported":
        assert dump(office) == before
    return result.status


def test_a_fresh_good_package_is_imported(office_knows_school, tmp_path):
    office, source, _ = office_knows_school
    entries = signed_entries(_fresh(source))
    assert _take(office, zip_entries(tmp_path / "good.dnevnik", entries)) == "imported"


# --- bytes -----------------------------------------------------------------------------------------


@fuzz(40)
@given(data=st.data())
def test_package_bytes_damaged(office_knows_school, tmp_path, data):
    office, source, _ = office_knows_school
    good = zip_entries(tmp_path / "whole.dnevnik", signed_entries(_fresh(source))).read_bytes()
    path = tmp_path / "damaged.dnevnik"
    path.write_bytes(data.draw(mutated(good)))
    _take(office, path)


# --- the ZIP's structure -----------------------------------------------------------------------------

ENTRY_NAMES = st.sampled_from(
    [
        MANIFEST,
        SIGNATURE,
        PLAIN,
        "data.json.enc",
        "../data.json",
        "/manifest.json",
        "MANIFEST.JSON",
        "manifest.json/",
        "data\\data.json",
        "ё.txt",
        "a" * 300,
    ]
)


@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")  # duplicates are the point here
@fuzz(40)
@given(data=st.data())
def test_package_zip_structure_rearranged(office_knows_school, tmp_path, data):
    """Entries dropped, doubled, reordered, renamed, emptied, stored instead of deflated."""
    office, source, _ = office_knows_school
    encrypt = source.office_key if data.draw(st.booleans()) else None
    entries = signed_entries(_fresh(source), encrypt_to=encrypt)
    for _ in range(data.draw(st.integers(1, 3))):
        action = data.draw(st.sampled_from(["drop", "double", "shuffle", "rename", "body", "swap"]))
        if not entries:
            break
        at = data.draw(st.integers(0, len(entries) - 1))
        name, body = entries[at]
        if action == "drop":
            del entries[at]
        elif action == "double":
            entries.insert(data.draw(st.integers(0, len(entries))), (name, body))
        elif action == "shuffle":
            entries = data.draw(st.permutations(entries))
        elif action == "rename":
            entries[at] = (data.draw(ENTRY_NAMES), body)
        elif action == "body":
            entries[at] = (name, data.draw(st.one_of(st.just(b""), st.binary(max_size=100), mutated(body))))
        else:
            other = data.draw(st.integers(0, len(entries) - 1))
            entries[at], entries[other] = (name, entries[other][1]), (entries[other][0], body)
    path = zip_entries(tmp_path / "rearranged.dnevnik", entries)
    if data.draw(st.booleans()):  # the same entries, stored rather than deflated
        stored = tmp_path / "stored.dnevnik"
        with (
            zipfile.ZipFile(io.BytesIO(path.read_bytes())) as source_zip,
            zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as target,
        ):
            for info in source_zip.infolist():
                target.writestr(info.filename, source_zip.read(info))
        path = stored
    _take(office, path)


# --- the manifest's fields (re-signed) ---------------------------------------------------------------


@fuzz(60)
@given(data=st.data())
def test_manifest_with_any_field_changed(office_knows_school, tmp_path, data):
    office, source, _ = office_knows_school
    fresh = _fresh(source)
    manifest = copy.deepcopy(fresh.manifest)
    for _ in range(data.draw(st.integers(1, 3))):
        places = [p for p in json_places(manifest) if p and p[0] != "data"]  # "data" is rewritten on signing
        place = data.draw(st.sampled_from(places))
        parent = manifest
        for step in place[:-1]:
            parent = parent[step]
        if not isinstance(parent, dict | list):
            break
        if isinstance(parent, dict) and data.draw(st.booleans()):
            del parent[place[-1]]
        else:
            parent[place[-1]] = data.draw(FIELD_VALUES)
    if data.draw(st.booleans()):
        manifest[data.draw(st.text(max_size=10))] = data.draw(FIELD_VALUES)
    encrypt = source.office_key if data.draw(st.booleans()) else None
    entries = signed_entries(fresh, manifest=manifest, encrypt_to=encrypt)
    _take(office, zip_entries(tmp_path / "manifest.dnevnik", entries))


ODD_UNICODE = st.one_of(
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),  # any scalar value
            st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),  # lone surrogates
            st.sampled_from(
                ["\u200b", "\u200f", "\u202e", "\ufeff", "\u0301", "\x00", "\uffff", "\U0010ffff"]
            ),
        ),
        max_size=40,
    ),
    st.sampled_from(
        ["dnevnik-shkoly\udc80", "school_snapshot\ud800", "3410\udc80", "\ud83d", "\udc80" * 100]
    ),
)


@fuzz(60)
@given(data=st.data())
def test_manifest_with_odd_unicode(office_knows_school, tmp_path, data):
    """format, kind, code, names and the version as odd Unicode, lone surrogates included (written as
    JSON escapes, as a hostile writer would): a Russian refusal or a clean import, never a traceback."""
    office, source, _ = office_knows_school
    fresh = _fresh(source)
    manifest = copy.deepcopy(fresh.manifest)
    places = [("format",), ("kind",), ("app_version",), ("sender", "code"), ("sender", "name")]
    places += [("recipient", "name")]
    for place in data.draw(st.lists(st.sampled_from(places), min_size=1, max_size=3, unique=True)):
        parent = manifest
        for step in place[:-1]:
            parent = parent[step]
        parent[place[-1]] = data.draw(ODD_UNICODE)
    plain = dump_json(fresh.data)
    digest = hashlib.sha256(plain).hexdigest()
    manifest["data"] = {"entry": PLAIN, "sha256": digest, "size": len(plain), "plain_sha256": digest}
    manifest["encryption"] = None
    body = json.dumps(manifest, ensure_ascii=True, indent=2).encode()
    entries = signed_entries(fresh, manifest_bytes=body)
    _take(office, zip_entries(tmp_path / "odd_unicode.dnevnik", entries))


# --- the data's records (re-signed) -------------------------------------------------------------------


@fuzz(80)
@given(data=st.data())
def test_data_with_any_record_changed(office_knows_school, tmp_path, data):
    office, source, _ = office_knows_school
    fresh = _fresh(source)
    doc = copy.deepcopy(fresh.data)
    tables = sorted(k for k, v in doc.items() if isinstance(v, list) and v)
    for _ in range(data.draw(st.integers(1, 3))):
        action = data.draw(
            st.sampled_from(
                [
                    "field",
                    "field",
                    "field",
                    "drop_field",
                    "extra_field",
                    "drop_record",
                    "double_record",
                    "table",
                    "school",
                ]
            )
        )
        table = data.draw(st.sampled_from(tables))
        records = doc[table]
        if not isinstance(records, list) or not records:
            continue
        at = data.draw(st.integers(0, len(records) - 1))
        record = records[at]
        if action == "table":
            doc[table] = data.draw(FIELD_VALUES)
        elif action == "school":
            field = data.draw(st.sampled_from(sorted(doc["school"])))
            doc["school"][field] = data.draw(FIELD_VALUES)
        elif action == "drop_record":
            del records[at]
        elif action == "double_record":
            records.append(copy.deepcopy(record))
        elif not isinstance(record, dict):
            continue
        elif action == "extra_field":
            record[data.draw(st.text(max_size=10))] = data.draw(FIELD_VALUES)
        else:
            field = data.draw(st.sampled_from(sorted(record)))
            if action == "drop_field":
                del record[field]
            else:
                record[field] = data.draw(FIELD_VALUES)
    encrypt = source.office_key if data.draw(st.booleans()) else None
    entries = signed_entries(fresh, data=doc, encrypt_to=encrypt)
    _take(office, zip_entries(tmp_path / "records.dnevnik", entries))
