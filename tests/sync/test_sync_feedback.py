"""The office's feedback for one school: comments, recommendations and the catalogue (with the
needs each event answers) arrive at the school, and nothing the school owns changes."""

import copy
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.core.errors import UserError
from app.core.store import Store
from app.demo.school import build_demo
from app.diaries import school_diary
from app.diaries.comments import add_comment, delete_comment, list_comments, update_comment
from app.support.support_office import link_offer
from app.sync.feedback import apply_feedback, build_feedback, validate_feedback
from db.base import new_id
from db.models import (
    CatalogEvent,
    CuratorComment,
    Installation,
    Recommendation,
    School,
    SupportNeed,
    SupportNeedOffer,
)
from tests.helpers.sync_data import (
    OFFICE_NAME,
    OFFICE_OWNED,
    dump,
    export,
    import_snapshot,
    open_office,
    school_id_by_code,
    send_feedback,
)

pytestmark = pytest.mark.both_backends


@pytest.fixture
def pair(tmp_path, on_backend):
    """A demo school and its office, which has imported the school's first snapshot."""
    school = Store.open(on_backend(tmp_path / "school"))
    school_id = build_demo(school).id
    office = open_office(on_backend(tmp_path / "office"))
    snapshot = export(school, school_id)
    import_snapshot(office, snapshot)
    yield school, office, school_id_by_code(office, snapshot["school"]["code"]), snapshot
    school.close()
    office.close()


def _office_content(office: Store, office_school_id: str) -> dict:
    with office.session() as s:
        s.add(
            Recommendation(
                school_id=office_school_id,
                title="Усилить работу с родителями",
                text="Провести родительские собрания по итогам ВПР.",
                issued_on=date(2021, 3, 1),
            )
        )
        catalog = CatalogEvent(
            title="Семинар «Мотивация к учению»",
            form="Семинар",
            organizer="ИМЦ",
            level="municipal",
            date_from=date(2021, 4, 5),
            key_elements="Приёмы мотивации",
        )
        s.add(catalog)
        s.flush()
        need_id = s.scalars(
            select(SupportNeed.id).where(SupportNeed.school_id == office_school_id).order_by(SupportNeed.id)
        ).first()
        return {"catalog_id": catalog.id, "need_id": need_id}


def test_a_comment_written_at_the_office_appears_at_the_school_and_nothing_else_changes(pair):
    school, office, office_school_id, snapshot = pair
    entry_id, event_id = snapshot["teacher_diary"][0]["id"], snapshot["events"][0]["id"]
    on_entry = add_comment(
        office, "teacher_diary", entry_id, "Опишите, в каком классе применяли.", "Иванова Н. П."
    )
    on_event = add_comment(office, "events", event_id, "Хороший выбор курса.", "Иванова Н. П.")
    made = _office_content(office, office_school_id)
    assert link_offer(office, [made["need_id"]], made["catalog_id"]) == 1

    owned_before = dump(school, skip=OFFICE_OWNED)
    changes = send_feedback(office, office_school_id, school)
    assert dump(school, skip=OFFICE_OWNED) == owned_before  # the school's own records untouched

    assert {k: changes.added[k] for k in ("curator_comments", "recommendations", "event_catalog")} == {
        "curator_comments": 2,
        "recommendations": 1,
        "event_catalog": 1,
    }
    assert changes.added["support_need_offers"] == 1
    shown = list_comments(school, "teacher_diary", entry_id)
    assert [(c.id, c.text, c.author) for c in shown] == [(on_entry.id, on_entry.text, "Иванова Н. П.")]
    assert [c.text for c in school_diary.get_row(school, event_id).comments] == ["Хороший выбор курса."]
    with school.session() as s:
        live = s.scalars(select(Recommendation).where(Recommendation.deleted_at.is_(None))).all()
        assert [r.title for r in live] == ["Усилить работу с родителями"]
        assert s.get(CatalogEvent, made["catalog_id"]).deleted_at is None
        assert {(o.need_id, o.catalog_event_id) for o in s.scalars(select(SupportNeedOffer))} == {
            (made["need_id"], made["catalog_id"])
        }
        # The demo's own sample feedback came from no office: the real office's replaces it.
        comments = s.scalars(select(CuratorComment)).all()
        assert all(c.deleted_at is not None for c in comments if c.id not in (on_entry.id, on_event.id))


def test_comments_changed_and_removed_at_the_office_follow_at_the_school(pair):
    school, office, office_school_id, snapshot = pair
    entry_id = snapshot["director_diary"][0]["id"]
    comment = add_comment(office, "director_diary", entry_id, "Уточните результаты.", "Петров А. А.")
    send_feedback(office, office_school_id, school)

    update_comment(office, comment.id, "Уточните результаты в цифрах.")
    with office.session() as s:  # a person edits later than the package of a second ago
        row = s.get(CuratorComment, comment.id)
        row.updated_at = row.updated_at + timedelta(seconds=1)
    changes = send_feedback(office, office_school_id, school)
    assert changes.changed == {"curator_comments": 1} and changes.added == {} and changes.removed == {}
    assert [c.text for c in list_comments(school, "director_diary", entry_id)] == [
        "Уточните результаты в цифрах."
    ]

    delete_comment(office, comment.id)
    changes = send_feedback(office, office_school_id, school)
    assert changes.removed == {"curator_comments": 1}
    assert list_comments(school, "director_diary", entry_id) == []
    with school.session() as s:
        assert s.get(CuratorComment, comment.id).deleted_at is not None  # kept, marked


def test_the_same_feedback_twice_changes_nothing_and_a_dry_run_writes_nothing(pair):
    school, office, office_school_id, snapshot = pair
    add_comment(office, "events", snapshot["events"][1]["id"], "Отметьте участников.", "Иванова Н. П.")
    made = _office_content(office, office_school_id)
    link_offer(office, [made["need_id"]], made["catalog_id"])
    before = dump(school)
    preview = send_feedback(office, office_school_id, school, dry_run=True)
    assert dump(school) == before
    applied = send_feedback(office, office_school_id, school)
    assert (preview.added, preview.changed, preview.removed) == (
        applied.added,
        applied.changed,
        applied.removed,
    )
    after = dump(school)
    assert send_feedback(office, office_school_id, school).total() == 0
    assert dump(school) == after
    with office.session() as s:  # the office takes the offer back: the link goes at the school
        s.execute(SupportNeedOffer.__table__.delete())
    assert send_feedback(office, office_school_id, school).removed == {"support_need_offers": 1}
    with school.session() as s:
        assert s.scalars(select(SupportNeedOffer)).all() == []


def test_a_school_gets_only_its_own_comments_and_offers(pair):
    school, office, office_school_id, snapshot = pair
    with office.session() as s:
        other = School(code="3999", name="МКОУ Другая СШ")
        s.add(other)
        s.flush()
        other_need = SupportNeed(school_id=other.id, level="municipal", content="Курсы по ОГЭ")
        s.add(other_need)
        s.add(
            CuratorComment(school_id=other.id, target="events", target_id=new_id(), text="Чужой комментарий")
        )
        s.flush()
        ids = {"other": other.id, "other_need": other_need.id}
    made = _office_content(office, office_school_id)
    link_offer(office, [made["need_id"], ids["other_need"]], made["catalog_id"])
    data = build_feedback(office, office_school_id)
    assert [item["support_need_ids"] for item in data["event_catalog"]] == [[made["need_id"]]]
    assert "Чужой комментарий" not in json.dumps(data, ensure_ascii=False)
    assert data["receipts"] == []
    with office.session() as s:
        installation = s.scalars(select(Installation)).one()
    assert data["municipality"] == {"id": installation.id, "name": OFFICE_NAME, "encryption_key": None}


def test_feedback_is_written_by_an_office_only(pair):
    school, office, office_school_id, snapshot = pair
    with pytest.raises(UserError):
        build_feedback(school, snapshot["school"]["id"])
    with pytest.raises(UserError):
        build_feedback(office, new_id())
    with office.session() as s, pytest.raises(UserError):  # and applied at a school only
        apply_feedback(s, build_feedback(office, office_school_id), None)


@pytest.fixture
def feedback(pair):
    school, office, office_school_id, snapshot = pair
    add_comment(office, "events", snapshot["events"][0]["id"], "Хорошо.", "Иванова Н. П.")
    _office_content(office, office_school_id)
    data = json.loads(json.dumps(build_feedback(office, office_school_id), ensure_ascii=False))
    data["receipts"] = [
        {"package_id": new_id(), "sequence": 1, "imported_at": "2026-05-20T09:30:00Z", "result": "imported"}
    ]
    assert validate_feedback(data) == []
    return data


BREAKS = {
    "unknown comment target": (("curator_comments", 0, "target", "plan"), ("curator_comments", "target")),
    "comment target not an id": (
        ("curator_comments", 0, "target_id", "7"),
        ("curator_comments", "target_id"),
    ),
    "date that is not a date": (
        ("recommendations", 0, "issued_on", "01.03.2021"),
        ("recommendations", "issued_on"),
    ),
    "unknown event level": (("event_catalog", 0, "level", "district"), ("event_catalog", "level")),
    "needs that are not ids": (
        ("event_catalog", 0, "support_need_ids", ["№5"]),
        ("event_catalog", "support_need_ids"),
    ),
    "receipt sequence": (("receipts", 0, "sequence", 0), ("receipts", "sequence")),
    "receipt time": (("receipts", 0, "imported_at", "вчера"), ("receipts", "imported_at")),
}


@pytest.mark.parametrize("how", sorted(BREAKS))
def test_a_bad_feedback_record_is_caught_and_named(feedback, how):
    (array, index, field, value), names = BREAKS[how]
    data = copy.deepcopy(feedback)
    data[array][index][field] = value
    problems = validate_feedback(data)
    assert any(all(name in p for name in names) for p in problems), problems


def test_a_feedback_without_its_parts_is_refused(feedback):
    for key in ("curator_comments", "recommendations", "event_catalog", "receipts"):
        data = copy.deepcopy(feedback)
        del data[key]
        assert any(key in p for p in validate_feedback(data))
    data = copy.deepcopy(feedback)
    data["municipality"]["encryption_key"] = "не ключ"
    assert any("encryption_key" in p for p in validate_feedback(data))
    assert validate_feedback("[]") and validate_feedback({}) != []
