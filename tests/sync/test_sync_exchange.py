"""The exchange between a school and its office: every bad file refused with the database untouched,
replays and stale packages, the order of a folder, writing and numbering packages. Encryption, a
reinstalled school's new key and the office's feedback are in test_sync_exchange_keys.py."""

import json
import re

import pytest
from sqlalchemy import func, select

from app.core.errors import UserError
from app.core.progress import Cancelled
from app.sync.exchange import export_snapshot, import_packages, outgoing_summary, sent_packages
from app.sync.records import snapshot_counts
from app.sync.snapshot import build_snapshot
from db.models import PackageLogEntry
from tests.helpers.sync_corpus import BAD_PACKAGES, source_of
from tests.helpers.sync_data import (  # noqa: F401  (the *_fixture names are fixtures)
    dump,
    office_fixture,
    only,
    open_office,
    open_school,
    outbox_fixture,
    school_fixture,
)

pytestmark = pytest.mark.both_backends


# --- the corpus: one office that knows the school, many bad files -------------------------------


@pytest.fixture(scope="module")
def known_school(tmp_path_factory, on_backend):
    """An office that has imported the demo school's first package, and that package's parts."""
    root = tmp_path_factory.mktemp("corpus")
    school = open_school(root / "school")
    office = open_office(on_backend(root / "office"), with_keys=True)
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
    from tests.helpers.sync_corpus import good

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

    def progress(stage, done):
        calls.append((stage, done))
        if done >= 1 / 3:
            raise Cancelled  # «Отмена» pressed while the first file was taken

    results = import_packages(office, [outbox], progress=progress)
    assert [r.status for r in results] == ["imported"]
    assert calls == [("Пакет 1 из 3", 0), ("Пакет 2 из 3", 1 / 3)]
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(PackageLogEntry)) == 1


def test_an_empty_folder_and_a_missing_file_are_reported(office, tmp_path):
    empty = tmp_path / "пусто"
    empty.mkdir()
    results = import_packages(office, [empty, tmp_path / "нет.dnevnik"])
    assert [r.status for r in results] == ["refused", "refused"]
    assert "нет пакетов" in results[0].reason and "не найден" in results[1].reason


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
    from app.backup.copies import list_backups

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
