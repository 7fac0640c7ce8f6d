"""The spec's «Records of many schools in one office database», as an attacker or a clumsy user
tries it: a school's package never changes another school's records or the office's own, subject
names spelt another way still reach the district tables, odd text and huge numbers are refused in
Russian, and a package of millions of tiny objects is refused before it is parsed."""

import copy
import hashlib
import json
import re

import pytest
from nacl.signing import SigningKey
from sqlalchemy import select

from app.programme.assessment_tables import dynamics_table
from app.surveys.builtin_templates import builtin_template_id
from app.sync.container import dump_json
from app.sync.exchange import export_snapshot, import_packages
from app.sync.keymaterial import encode_key
from app.sync.snapshot_apply import school_template_code
from db.base import new_id
from db.models import ExamResult, SurveyRound, SurveyTemplate
from tests.helpers.sync_corpus import Source, signed_entries, source_of, zip_entries
from tests.helpers.sync_data import dump, only, open_office, open_school, school_id_by_code

BUILTIN = builtin_template_id("est-li-izmeneniya", 1)
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def known_school(tmp_path_factory):
    """An office that has imported the demo school 3410's first package, and that package's parts."""
    root = tmp_path_factory.mktemp("hostile")
    school = open_school(root / "school")
    office = open_office(root / "office", with_keys=True)
    first = export_snapshot(school, root)
    assert only(import_packages(office, [first.path])).status == "imported"
    source = source_of(school, first.path)
    source.manifest = {**source.manifest, "sequence": 2, "package_id": new_id()}
    yield office, source, root
    school.close()
    office.close()


def stranger(source: Source, code: str = "7777", keep: tuple[str, ...] = ()) -> Source:
    """A school the office has never seen, with its own key and id, built from the demo's data."""
    key = SigningKey.generate()
    manifest = copy.deepcopy(source.manifest)
    manifest.update(package_id=new_id(), sequence=1)
    manifest["sender"].update(
        id=new_id(), code=code, name=f"Школа {code}", signing_key=encode_key(bytes(key.verify_key))
    )
    text = json.dumps(source.data, ensure_ascii=False)
    for key_name, records in source.data.items():  # every record its own id, references following
        if isinstance(records, list) and key_name != "survey_templates":
            for record in records:
                if record["id"] not in keep:
                    text = text.replace(f'"{record["id"]}"', f'"{new_id()}"')
    data = json.loads(text)
    data["school"].update(id=new_id(), code=code, name=f"Школа {code}")
    return Source(manifest, data, key)


def write(source: Source, folder, name: str, data: dict | None = None, **entries) -> object:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.dnevnik"
    return zip_entries(
        path, signed_entries(source, data=data if data is not None else source.data, **entries)
    )


def refused(office, path, fragment: str):
    before = dump(office)
    result = only(import_packages(office, [path]))
    assert result.status == "refused", result
    assert fragment.lower() in result.reason.lower(), result.reason
    assert re.search("[а-яё]", result.reason, re.IGNORECASE)
    assert not re.search(r"Python|sqlite|Error|codec", result.reason), result.reason
    assert dump(office) == before
    return result


def template_row(office, template_id):
    with office.session() as s:
        row = s.get(SurveyTemplate, template_id)
        return None if row is None else (row.code, row.title, list(row.scale), row.sections)


# --- a new school and the office's built-in questionnaire ---------------------------------------


def test_a_new_school_cannot_rewrite_the_builtin_template(known_school, tmp_path):
    office, source, _ = known_school
    intruder = stranger(source)
    template = next(t for t in intruder.data["survey_templates"] if t["id"] == BUILTIN)
    template.update(title="Анкета взломщика", scale=["1", "2", "3", "4", "5"])
    for round_ in intruder.data["survey_rounds"]:
        round_["counts"] = {item: [0, 0, 0, 0, 1] for item in round_["counts"]}
    before = template_row(office, BUILTIN)
    path = write(intruder, tmp_path, "intruder")

    preview = only(import_packages(office, [path], dry_run=True))
    assert preview.status == "would_import", preview.reason
    assert preview.changes.added.get("survey_templates") == 1  # its own, not «changed 1»
    assert "survey_templates" not in preview.changes.changed

    assert only(import_packages(office, [path])).status == "imported"
    assert template_row(office, BUILTIN) == before  # the office's questionnaire as it was
    school_id = school_id_by_code(office, "7777")
    with office.session() as s:
        own = s.scalars(
            select(SurveyTemplate).where(
                SurveyTemplate.code == school_template_code("est-li-izmeneniya", "7777")
            )
        ).one()
        assert own.title == "Анкета взломщика" and len(own.scale) == 5 and not own.builtin
        rounds = s.scalars(select(SurveyRound).where(SurveyRound.school_id == school_id)).all()
        assert rounds and {r.template_id for r in rounds} == {own.id}
        first = school_id_by_code(office, "3410")
        others = s.scalars(select(SurveyRound).where(SurveyRound.school_id == first)).all()
        assert others and {r.template_id for r in others} == {BUILTIN}


def test_a_school_template_with_the_builtin_code_but_other_items_stays_its_own(known_school, tmp_path):
    office, source, _ = known_school
    school = stranger(source, "7778")
    template = next(t for t in school.data["survey_templates"] if t["id"] == BUILTIN)
    fresh = new_id()
    template["id"] = fresh
    template["sections"][0]["items"][0]["text"] = "Совсем другое утверждение"
    for round_ in school.data["survey_rounds"]:
        round_["template_id"] = fresh
    before = template_row(office, BUILTIN)
    assert only(import_packages(office, [write(school, tmp_path, "own")])).status == "imported"
    assert template_row(office, BUILTIN) == before
    with office.session() as s:
        school_id = school_id_by_code(office, "7778")
        rounds = s.scalars(select(SurveyRound).where(SurveyRound.school_id == school_id)).all()
        used = {s.get(SurveyTemplate, r.template_id).code for r in rounds}
    assert used == {school_template_code("est-li-izmeneniya", "7778")}


def test_an_identical_template_is_matched_to_the_offices(known_school, tmp_path):
    office, source, _ = known_school
    school = stranger(source, "7779")
    fresh = new_id()
    for template in school.data["survey_templates"]:
        template["id"], template["title"] = fresh, "Переименованная, но та же анкета"
    for round_ in school.data["survey_rounds"]:
        round_["template_id"] = fresh
    result = only(import_packages(office, [write(school, tmp_path, "same")]))
    assert result.status == "imported" and "survey_templates" not in result.changes.added
    with office.session() as s:
        school_id = school_id_by_code(office, "7779")
        rounds = s.scalars(select(SurveyRound).where(SurveyRound.school_id == school_id)).all()
    assert {r.template_id for r in rounds} == {BUILTIN}


@pytest.mark.parametrize("table", ["staff", "events", "teacher_diary", "exam_results"])
def test_a_record_id_of_another_school_is_refused_naming_table_and_id(known_school, tmp_path, table):
    office, source, _ = known_school
    taken = source.data[table][0]["id"]  # held at the office for school 3410
    intruder = stranger(source, "7780", keep=(taken,))
    path = write(intruder, tmp_path, f"clash_{table}")
    result = refused(office, path, taken)
    assert f"«{table}»" in result.reason


# --- subjects spelt another way ------------------------------------------------------------------


def test_capitalised_subjects_reach_the_district_tables(tmp_path):
    school = open_school(tmp_path / "school")
    office = open_office(tmp_path / "office", with_keys=True)
    source = source_of(school, export_snapshot(school, tmp_path).path)
    spelled = {"русский язык": "Русский язык", "математика": "Математика."}
    for record in source.data["exam_results"]:
        record["subject"] = spelled.get(record["subject"], record["subject"])
    source.data["exam_results"][-1]["subject"] = "Астрономия"  # not on the list: kept as written
    assert only(import_packages(office, [write(source, tmp_path, "caps")])).status == "imported"
    school_id = school_id_by_code(office, "3410")
    with office.session() as s:
        subjects = set(s.scalars(select(ExamResult.subject).where(ExamResult.school_id == school_id)))
    assert subjects == {"русский язык", "математика", "Астрономия"}
    table = dynamics_table(office, "ВПР", [school_id])
    cells = [cell for _name, row in table.rows for cell in row]
    assert any(cell not in ("-", "—", "") for cell in cells), cells
    school.close()
    office.close()


# --- text, numbers and size ---------------------------------------------------------------------


def ascii_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=True, indent=2).encode()


@pytest.mark.parametrize("where", ["format", "kind", "sender.code"])
def test_a_lone_surrogate_in_the_manifest_is_refused(known_school, tmp_path, where):
    office, source, _ = known_school
    manifest = copy.deepcopy(source.manifest)
    if where == "sender.code":
        manifest["sender"]["code"] = "3410\udc80"
    else:
        manifest[where] = manifest[where] + "\udc80"
    plain = dump_json(source.data)
    digest = hashlib.sha256(plain).hexdigest()
    manifest["data"] = {"entry": "data.json", "sha256": digest, "size": len(plain), "plain_sha256": digest}
    manifest["encryption"] = None
    path = write(source, tmp_path, f"surrogate_{where}", manifest_bytes=ascii_json(manifest))
    refused(office, path, "суррогат")


def test_a_lone_surrogate_in_a_text_field_is_refused(known_school, tmp_path):
    office, source, _ = known_school
    data = copy.deepcopy(source.data)
    data["teacher_diary"][0]["methods"] = "Метод \udc80 проектов"
    path = write(source, tmp_path, "surrogate_text", data_bytes=ascii_json(data))
    refused(office, path, "суррогат")


def test_a_huge_sequence_is_refused_in_russian(known_school, tmp_path):
    office, source, _ = known_school
    manifest = {**copy.deepcopy(source.manifest), "sequence": 10**30}
    path = write(source, tmp_path, "huge_sequence", manifest=manifest)
    refused(office, path, "«sequence»")


def test_millions_of_tiny_objects_are_refused_before_parsing(known_school, tmp_path):
    office, source, _ = known_school
    import random

    rng = random.Random(7)
    tiny = b"".join(rng.choice((b"{},", b"[], ", b"{}, ", b"[],\n")) for _ in range(3_500_000))
    plain = json.dumps(source.data, ensure_ascii=False).encode()
    bloated = plain[:-1] + b', "x": [' + tiny + b"{}]}"
    assert 10 * MiB < len(bloated) < 64 * MiB
    path = write(source, tmp_path, "tiny_objects", data_bytes=bloated)
    refused(office, path, "мелких записей")


def test_data_over_64_mib_is_refused(known_school, tmp_path):
    office, source, _ = known_school
    plain = json.dumps(source.data, ensure_ascii=False).encode()
    padded = plain[:-1] + b', "x": "' + b" " * (64 * MiB) + b'"}'
    path = write(source, tmp_path, "over_64", data_bytes=padded)
    refused(office, path, "64 МиБ")


# --- what the database or the system says, in Russian ---------------------------------------------


def test_an_apply_failure_is_told_in_russian(known_school, tmp_path, monkeypatch):
    office, source, _ = known_school
    from app.sync import snapshot

    def overflow(*_args, **_kwargs):
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(snapshot, "apply_snapshot", overflow)
    path = write(source, tmp_path, "overflow")
    refused(office, path, "число больше")


# --- the journal, file by file ---------------------------------------------------------------------


def test_the_journal_has_each_file_as_soon_as_it_is_done(tmp_path):
    school = open_school(tmp_path / "school")
    office = open_office(tmp_path / "office", with_keys=True)
    (tmp_path / "out1").mkdir()
    (tmp_path / "out2").mkdir()
    first = export_snapshot(school, tmp_path / "out1").path
    second = export_snapshot(school, tmp_path / "out2").path
    journal = office.data_dir / "exchange-log.jsonl"
    seen: list[list[str]] = []

    def progress(_stage, done):
        lines = journal.read_text(encoding="utf-8").splitlines() if journal.exists() else []
        seen.append([json.loads(line).get("file") for line in lines])

    results = import_packages(office, [first, second], progress=progress)
    assert [r.status for r in results] == ["imported", "imported"]
    assert str(first) in seen[1]  # before the second file was started, the first was logged
    school.close()
    office.close()


# --- a reinstalled school and the office's own records -------------------------------------------


def test_a_reinstalled_school_keeps_the_offices_offers_and_comments(tmp_path):
    from datetime import date

    from app.diaries.comments import add_comment
    from app.office.catalogue import CatalogueData, add_event
    from db.models import CuratorComment, SupportNeed, SupportNeedOffer, TeacherDiaryEntry
    from ui.dialogs.package_outcome import change_details

    school = open_school(tmp_path / "school")
    office = open_office(tmp_path / "office", with_keys=True)
    source = source_of(school, export_snapshot(school, tmp_path).path)
    assert only(import_packages(office, [write(source, tmp_path, "first")])).status == "imported"
    first = source.data
    need_id, entry_id = first["support_needs"][0]["id"], first["teacher_diary"][0]["id"]
    gone_need = first["support_needs"][1]["id"]
    offer = add_event(office, CatalogueData(title="Семинар «Мотивация»", date_from=date(2021, 4, 5)))
    with office.session() as s:
        s.add_all([SupportNeedOffer(need_id=need_id, catalog_event_id=offer.id)])
        s.add_all([SupportNeedOffer(need_id=gone_need, catalog_event_id=offer.id)])
    comment = add_comment(office, "teacher_diary", entry_id, "Хороший приём", "Куратор")

    # The school reinstalled without a backup: a new key, a new id, every record anew, number 1.
    again = stranger(source, "3410")
    again.manifest["sender"]["name"] = source.manifest["sender"]["name"]
    again.data["school"].update(name=first["school"]["name"])
    dropped = again.data["support_needs"].pop(1)  # this need did not come back
    for other in again.data["support_needs"]:
        other["event_ids"] = []
    del dropped
    path = write(again, tmp_path, "reinstalled")

    preview = only(import_packages(office, [path], dry_run=True, accept_new_key=True))
    assert preview.status == "would_import", preview.reason
    assert preview.changes.relinked == {"support_need_offers": 1, "curator_comments": 1}
    assert preview.changes.kept == {"support_need_offers": 1}
    told = change_details(preview)
    assert "предложений из каталога: 1" in told and "комментариев куратора: 1" in told

    result = only(import_packages(office, [path], accept_new_key=True))
    assert result.status == "imported"
    assert (result.changes.relinked, result.changes.kept) == (preview.changes.relinked, preview.changes.kept)
    new_need = again.data["support_needs"][0]["id"]
    new_entry = again.data["teacher_diary"][0]["id"]
    with office.session() as s:
        offers = set(s.execute(select(SupportNeedOffer.need_id, SupportNeedOffer.catalog_event_id)))
        assert offers == {(new_need, offer.id), (gone_need, offer.id)}  # the office's work survives
        assert s.get(CuratorComment, comment.id).target_id == new_entry
        assert s.get(SupportNeed, gone_need).deleted_at is not None
        assert s.get(TeacherDiaryEntry, entry_id).deleted_at is not None
    school.close()
    office.close()
