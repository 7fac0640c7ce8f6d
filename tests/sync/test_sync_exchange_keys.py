"""The exchange between a school and its office, its keys: packages sealed to the office, a
reinstalled school's new key, the office's feedback with comments and receipts, and who may take
which kind of package."""

import zipfile

import pytest
from sqlalchemy import func, select

from app.core.errors import UserError
from app.core.store import Store
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
from app.sync.snapshot import build_snapshot
from db.models import CuratorComment, School, Staff, TeacherDiaryEntry
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

    # The office's first key: refused until a person compares its fingerprint (spec, first-key rule).
    before = dump(school)
    first = only(import_packages(school, [path]))
    office_print = keys.fingerprint(office.installation().signing_public_key)
    assert first.status == "refused" and "ещё нет ключа управления" in first.reason
    assert first.offered_key == office_print and office_print in first.reason
    assert dump(school) == before
    result = only(import_packages(school, [path], accept_new_key=True))
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
    only(import_packages(school, [write_feedback(office, "3410", outbox)], accept_new_key=True))
    impostor = open_office(on_backend(tmp_path / "impostor"), with_keys=True)
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
