"""The exchange between a school and its office: every bad file refused with the database untouched,
replays and stale packages, encryption, a reinstalled school's new key, feedback and receipts."""

import json
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.demo import build_demo
from app.errors import UserError
from app.services.installation import init_municipality, init_school
from app.store import Store
from app.sync import keys
from app.sync.container import ENCRYPTED, PackageRefused, read_package
from app.sync.exchange import (
    export_snapshot,
    import_packages,
    outgoing_summary,
    sent_packages,
    write_feedback,
    write_feedback_all,
)
from app.sync.records import snapshot_counts
from app.sync.snapshot import build_snapshot
from db.models import CuratorComment, PackageLogEntry, School, Staff, TeacherDiaryEntry
from tests.sync_corpus import BAD_PACKAGES, Source
from tests.sync_data_helpers import dump as table_dump

pytestmark = pytest.mark.both_backends
OFFICE_NAME = "Отдел образования администрации Котельниковского района"


def dump(store: Store) -> dict[str, list]:
    """Every row of every table, on SQLite or PostgreSQL: equal dumps, equal databases."""
    return table_dump(store)


def open_school(folder: Path, demo: bool = True, code: str = "3410") -> Store:
    store = Store.open(folder)
    if demo:
        build_demo(store)
    else:
        init_school(store, code, "МКОУ Переустановленная СШ", "Котельниковский район")
    return store


def open_office(folder: Path) -> Store:
    store = Store.open(folder)
    init_municipality(store, OFFICE_NAME)
    keys.ensure_keys(store)
    return store


def only(results):
    assert len(results) == 1, results
    return results[0]


def source_of(school: Store, path: Path, office_key: str | None = None) -> Source:
    package = read_package(path)
    return Source(package.manifest, package.data, keys.signing_key(school), office_key)


@pytest.fixture
def school(tmp_path, on_backend):
    store = open_school(on_backend(tmp_path / "school"))
    yield store
    store.close()


@pytest.fixture
def office(tmp_path, on_backend):
    store = open_office(on_backend(tmp_path / "office"))
    yield store
    store.close()


@pytest.fixture
def outbox(tmp_path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


# --- the corpus: one office that knows the school, many bad files -------------------------------


@pytest.fixture(scope="module")
def known_school(tmp_path_factory, on_backend):
    """An office that has imported the demo school's first package, and that package's parts."""
    root = tmp_path_factory.mktemp("corpus")
    school = open_school(root / "school")
    office = open_office(on_backend(root / "office"))
    first = export_snapshot(school, root)
    assert only(import_packages(office, [first.path])).status == "imported"
    source = source_of(school, first.path, office.installation().encryption_public_key)
    source.manifest = {**source.manifest, "sequence": 2}  # a newer number, so only the fault refuses
    yield office, source, root
    school.close()
    office.close()


@pytest.mark.parametrize("case", sorted(BAD_PACKAGES))
def test_bad_package_is_refused_and_changes_nothing(case, known_school):
    office, source, root = known_school
    build, reason = BAD_PACKAGES[case]
    folder = root / case
    folder.mkdir()
    path = build(source, folder)
    before = dump(office)
    result = only(import_packages(office, [path]))
    assert result.status == "refused", result
    assert reason.lower() in result.reason.lower()
    assert re.search("[а-яё]", result.reason, re.IGNORECASE)
    assert result.changes is None
    assert dump(office) == before
    journal = (office.data_dir / "exchange-log.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(journal[-1])["file"] == str(path)


def test_corpus_has_what_the_issue_lists():
    assert len(BAD_PACKAGES) >= 18


def test_a_good_package_from_the_corpus_source_is_taken(known_school, tmp_path):
    from tests.sync_corpus import good

    office, source, _ = known_school
    path = good(source, tmp_path, sequence=2, package_id="5d1b6a43-6a63-4a1c-8f0e-0b0b5d2f2a01")
    before = dump(office)
    result = only(import_packages(office, [path], dry_run=True))
    assert result.status == "would_import"
    assert dump(office) == before


# --- replay, stale, order ---------------------------------------------------------------------------


def test_the_same_package_twice_changes_nothing(school, office, outbox):
    package = export_snapshot(school, outbox)
    first = only(import_packages(office, [package.path]))
    assert first.status == "imported" and first.changes.total() > 0
    before = dump(office)
    again = only(import_packages(office, [package.path]))
    assert again.status == "already_imported"
    assert "уже импортирован" in again.reason
    assert dump(office) == before


def test_package_3_after_package_5_is_refused(school, office, outbox):
    written = [export_snapshot(school, outbox) for _ in range(5)]
    assert [w.sequence for w in written] == [1, 2, 3, 4, 5]
    assert only(import_packages(office, [written[4].path])).status == "imported"
    before = dump(office)
    stale = only(import_packages(office, [written[2].path]))
    assert stale.status == "refused" and "устаревший пакет" in stale.reason
    assert dump(office) == before


def test_a_folder_is_taken_in_number_order(school, office, outbox):
    for _ in range(10):
        export_snapshot(school, outbox)
    names = sorted(p.name for p in outbox.iterdir())
    assert names[1].endswith("_10.dnevnik")  # by name, the 10th would come before the 9th
    results = import_packages(office, [outbox])
    assert [r.sequence for r in results] == list(range(1, 11))
    assert {r.status for r in results} == {"imported"}


def test_dry_run_reports_and_changes_nothing(school, office, outbox):
    package = export_snapshot(school, outbox)
    before = dump(office)
    result = only(import_packages(office, [package.path], dry_run=True))
    assert result.status == "would_import"
    assert result.changes.added.get("staff") == package.counts["staff"]
    assert dump(office) == before


def test_cancel_leaves_files_not_started_untouched(school, office, outbox):
    for _ in range(3):
        export_snapshot(school, outbox)
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return done < 1

    results = import_packages(office, [outbox], progress=progress)
    assert [r.status for r in results] == ["imported"]
    assert calls == [(0, 3), (1, 3)]
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(PackageLogEntry)) == 1


def test_an_empty_folder_and_a_missing_file_are_reported(office, tmp_path):
    empty = tmp_path / "пусто"
    empty.mkdir()
    results = import_packages(office, [empty, tmp_path / "нет.dnevnik"])
    assert [r.status for r in results] == ["refused", "refused"]
    assert "нет пакетов" in results[0].reason and "не найден" in results[1].reason


# --- encryption and keys ----------------------------------------------------------------------------


def test_with_the_office_key_the_package_is_sealed_and_the_office_reads_it(school, office, outbox, tmp_path):
    assert not outgoing_summary(school).encrypted
    keys.import_key(school, keys.export_public(office, tmp_path / "office.json"))
    assert outgoing_summary(school).encrypted
    package = export_snapshot(school, outbox)
    assert package.encrypted
    with zipfile.ZipFile(package.path) as archive:
        sealed = archive.read(ENCRYPTED)
    with school.session() as s:
        teacher = s.scalars(select(Staff.full_name)).first()
    assert teacher.encode() not in sealed
    with pytest.raises(PackageRefused):
        read_package(package.path)  # without the office's private key, nothing to read
    with pytest.raises(PackageRefused):
        read_package(package.path, keys.encryption_private_key(school))
    result = only(import_packages(office, [package.path]))
    assert result.status == "imported"
    with office.session() as s:
        assert s.scalar(select(func.count()).where(Staff.full_name == teacher)) == 1


def test_a_reinstalled_school_comes_back_with_a_new_key(school, office, outbox, tmp_path, on_backend):
    old = export_snapshot(school, outbox)
    only(import_packages(office, [old.path]))
    with office.session() as s:
        school_id = s.scalars(select(School.id).where(School.code == "3410")).one()
        old_staff = s.scalar(select(func.count()).where(Staff.school_id == school_id))
    fresh_school = open_school(on_backend(tmp_path / "reinstalled"), demo=False)
    try:
        fresh = export_snapshot(fresh_school, tmp_path)
        assert fresh.sequence == 1
        before = dump(office)
        refused = only(import_packages(office, [fresh.path]))
        assert refused.status == "refused"
        old_key = school.installation().signing_public_key
        new_key = fresh_school.installation().signing_public_key
        assert keys.fingerprint(old_key) in refused.reason and keys.fingerprint(new_key) in refused.reason
        assert "--accept-new-key" in refused.reason
        assert dump(office) == before

        taken = only(import_packages(office, [fresh.path], accept_new_key=True))
        assert taken.status == "imported"
        assert taken.changes.removed.get("staff") == old_staff
        with office.session() as s:
            row = s.get(School, school_id)
            assert row.signing_key == new_key
            assert s.scalar(select(func.count()).where(Staff.school_id == school_id)) == old_staff
            assert (
                s.scalar(select(func.count()).where(Staff.school_id == school_id, Staff.deleted_at.is_(None)))
                == 0
            )
        second = export_snapshot(fresh_school, tmp_path)
        assert only(import_packages(office, [second.path])).status == "imported"
        # The old PC's packages are now signed by a key the office no longer takes.
        stale = export_snapshot(school, outbox)
        assert "не совпадает с известным" in only(import_packages(office, [stale.path])).reason
    finally:
        fresh_school.close()


# --- feedback ---------------------------------------------------------------------------------------


def _comment_at_office(office: Store, snapshot_entry_id: str) -> str:
    with office.session() as s:
        school_id = s.scalars(select(School.id).where(School.code == "3410")).one()
        comment = CuratorComment(
            school_id=school_id,
            target="teacher_diary",
            target_id=snapshot_entry_id,
            text="Хороший приём, поделитесь им на ШМО.",
            author="Куратор Петрова",
        )
        s.add(comment)
        s.flush()
        return comment.id


def _owned_dump(store: Store, school_id: str) -> dict:
    data = build_snapshot(store, school_id)
    data["school"].pop("updated_at")
    return data


def test_feedback_brings_comments_and_receipts_and_leaves_the_school_alone(school, office, outbox):
    package = export_snapshot(school, outbox)
    only(import_packages(office, [package.path]))
    with school.session() as s:
        entry_id = s.scalars(select(TeacherDiaryEntry.id).order_by(TeacherDiaryEntry.id)).first()
        school_id = s.scalars(select(School.id)).one()
    comment_id = _comment_at_office(office, entry_id)
    path = write_feedback(office, "3410", outbox)
    assert path.name.endswith("_feedback.dnevnik")
    assert read_package(path, keys.encryption_private_key(school)).encrypted  # sealed to the school
    with office.session() as s:
        assert s.get(CuratorComment, comment_id).sent_at is not None
    owned_before = _owned_dump(school, school_id)
    assert sent_packages(school)[0].confirmed_at is None

    result = only(import_packages(school, [path]))
    assert result.status == "imported", result.reason
    with school.session() as s:
        comment = s.get(CuratorComment, comment_id)
        assert comment.target_id == entry_id and comment.text.startswith("Хороший приём")
    assert _owned_dump(school, school_id) == owned_before
    sent = only(sent_packages(school))
    assert sent.sequence == 1 and sent.confirmed_at is not None
    prints = keys.fingerprints(school)
    assert prints["office"]["signing"] == keys.fingerprint(office.installation().signing_public_key)
    assert only(import_packages(school, [path])).status == "already_imported"


def test_feedback_signed_by_another_office_is_refused(school, office, outbox, tmp_path, on_backend):
    package = export_snapshot(school, outbox)
    only(import_packages(office, [package.path]))
    only(import_packages(school, [write_feedback(office, "3410", outbox)]))
    impostor = open_office(on_backend(tmp_path / "impostor"))
    try:
        only(import_packages(impostor, [package.path]))
        forged = write_feedback(impostor, "3410", tmp_path)
    finally:
        impostor.close()
    before = dump(school)
    refused = only(import_packages(school, [forged]))
    assert refused.status == "refused" and "не совпадает с известным" in refused.reason
    assert dump(school) == before


def test_each_side_takes_only_its_kind(school, office, outbox, tmp_path, on_backend):
    package = export_snapshot(school, outbox)
    assert "принимает управление" in only(import_packages(school, [package.path])).reason
    only(import_packages(office, [package.path]))
    other = open_school(on_backend(tmp_path / "other"), demo=False, code="77")
    try:
        only(import_packages(office, [export_snapshot(other, tmp_path).path]))
        addressed_elsewhere = write_feedback(office, "77", tmp_path)
    finally:
        other.close()
    refused = only(import_packages(school, [addressed_elsewhere]))
    assert "другой школе" in refused.reason
    assert refused.school_code == "77"  # the package's addressee, not the school reading it
    with pytest.raises(UserError):
        export_snapshot(office, outbox)
    with pytest.raises(UserError, match="нет школы с кодом"):
        write_feedback(office, "0000", outbox)


def test_feedback_for_every_school(office, tmp_path, on_backend):
    for number, code in enumerate(("11", "12"), 1):
        store = open_school(on_backend(tmp_path / f"s{number}"), demo=False, code=code)
        try:
            only(import_packages(office, [export_snapshot(store, tmp_path).path]))
        finally:
            store.close()
    written = write_feedback_all(office, tmp_path / "feedback")
    assert [p.name.split("_")[0] for p in written] == ["11", "12"]


# --- writing ---------------------------------------------------------------------------------------


def test_export_names_numbers_and_logs(school, outbox, tmp_path):
    summary = outgoing_summary(school)
    assert summary.last_sequence is None and summary.school_code == "3410"
    first = export_snapshot(school, outbox)
    assert re.fullmatch(r"3410_\d{4}-\d{2}-\d{2}_1\.dnevnik", first.path.name)
    assert first.counts == summary.counts
    explicit = export_snapshot(school, tmp_path / "своё имя.dnevnik")
    assert explicit.path.name == "своё имя.dnevnik" and explicit.sequence == 2
    summary = outgoing_summary(school)
    assert summary.last_sequence == 2 and summary.last_written_at is not None
    assert [p.sequence for p in sent_packages(school)] == [2, 1]
    assert [p.name for p in outbox.iterdir()] == [first.path.name]
    with pytest.raises(UserError, match="Папки"):
        export_snapshot(school, tmp_path / "нет такой папки")
    assert outgoing_summary(school).last_sequence == 2  # a refused export takes no number


def test_the_office_holds_what_the_school_sent(school, office, outbox):
    """End to end, in counts: the office's snapshot of the school is the school's."""
    package = export_snapshot(school, outbox)
    result = only(import_packages(office, [package.path]))
    assert result.status == "imported"
    at_office = snapshot_counts(build_snapshot(office, result.changes.school_id))
    assert at_office == package.counts
    assert sum(package.counts.values()) > 100


def test_importing_into_a_database_not_set_up(store, tmp_path):
    with pytest.raises(UserError, match="не настроена"):
        import_packages(store, [tmp_path])


def test_an_import_is_preceded_by_a_backup_and_a_dry_run_is_not(school, office, outbox, db_backend):
    from app.backup import list_backups

    package = export_snapshot(school, outbox)
    import_packages(office, [package.path], dry_run=True)
    assert [b for b in list_backups(office.data_dir) if b.reason == "before-import"] == []
    import_packages(office, [package.path])
    # A server database is backed up by its server (pg_dump), not by the program.
    expected = 1 if db_backend == "sqlite" else 0
    assert [b.reason for b in list_backups(office.data_dir)].count("before-import") == expected


def test_an_unreadable_path_is_reported_not_raised(office, tmp_path):
    results = import_packages(office, [tmp_path / ("x" * 300 + ".dnevnik")])
    assert results[0].status == "refused" and "путь" in results[0].reason
