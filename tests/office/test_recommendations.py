"""«Адресные рекомендации»: written at the office, checked, sent with feedback, unsent again once changed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.core.errors import UserError, ValidationError
from app.diaries.comments import add_comment, list_comments, update_comment
from app.office.recommendations import (
    RecommendationData,
    add_recommendation,
    delete_recommendation,
    list_recommendations,
    update_recommendation,
)
from app.sync.exchange import import_packages, write_feedback
from app.sync.feedback import build_feedback
from db.models import Recommendation, TeacherDiaryEntry
from tests.helpers.desk import DEMO_CODE, demo_pair
from tests.helpers.diaries import municipal_store_with_school

TODAY = date(2021, 5, 20)
GOOD = RecommendationData(
    title="Наставничество",
    text="Закрепить за молодыми учителями наставников, план встреч — до 01.09.2021.",
    issued_on=date(2021, 5, 18),
)


@pytest.fixture
def office(store):
    return store, municipal_store_with_school(store)


def test_add_edit_delete(office):
    store, school_id = office
    first = add_recommendation(store, school_id, GOOD, today=TODAY)
    second = add_recommendation(
        store,
        school_id,
        RecommendationData("  Взаимопосещение   уроков ", "  Раз в четверть.\n", date(2021, 5, 19)),
        today=TODAY,
    )
    rows = list_recommendations(store, school_id)
    assert [r.id for r in rows] == [second.id, first.id]  # newest first
    assert rows[0].title == "Взаимопосещение уроков" and rows[0].text == "Раз в четверть."
    assert rows[0].sent_text == "не отправлено"

    changed = update_recommendation(
        store, first.id, RecommendationData(GOOD.title, GOOD.text + " Отчёт — в декабре.", GOOD.issued_on)
    )
    assert changed.text.endswith("Отчёт — в декабре.")
    delete_recommendation(store, second.id)
    assert [r.id for r in list_recommendations(store, school_id)] == [first.id]
    with pytest.raises(UserError, match="уже удалена"):
        update_recommendation(store, second.id, GOOD, today=TODAY)


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (RecommendationData("", "Текст", date(2021, 5, 1)), "title", "Впишите тему"),
        (RecommendationData("Т" * 301, "Текст", date(2021, 5, 1)), "title", "не длиннее 300"),
        (RecommendationData("Тема", "  \n ", date(2021, 5, 1)), "text", "Впишите текст"),
        (RecommendationData("Тема", "Текст", None), "issued_on", "Укажите дату"),
        (
            RecommendationData("Тема", "Текст", date(2021, 5, 21)),
            "issued_on",
            "позже сегодняшней (20.05.2021)",
        ),
        (RecommendationData("Тема", "Текст", date(1999, 12, 31)), "issued_on", "раньше 01.01.2000"),
        (
            RecommendationData("Тема", "Текст", date(2021, 5, 1), due_date=date(2021, 4, 30)),
            "due_date",
            "Срок раньше даты рекомендации (01.05.2021)",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(office, data, field, words):
    store, school_id = office
    kept = add_recommendation(store, school_id, GOOD, today=TODAY)
    with pytest.raises(ValidationError) as refused:
        add_recommendation(store, school_id, data, today=TODAY)
    assert words in refused.value.errors[field]
    with pytest.raises(ValidationError):
        update_recommendation(store, kept.id, data, today=TODAY)
    assert list_recommendations(store, school_id) == [kept]


def test_a_school_cannot_write_recommendations(school_store):
    from app.school.school import get_card

    school_id = get_card(school_store).id
    with pytest.raises(UserError, match="пишет методист управления"):
        add_recommendation(school_store, school_id, GOOD, today=TODAY)
    with school_store.session() as s:
        s.add(
            Recommendation(school_id=school_id, title="Пришла с обратной связью", text="…", issued_on=TODAY)
        )
    arrived = list_recommendations(school_store, school_id)[0]
    for attempt in (
        lambda: update_recommendation(school_store, arrived.id, GOOD, today=TODAY),
        lambda: delete_recommendation(school_store, arrived.id),
    ):
        with pytest.raises(UserError, match="пишет методист управления"):
            attempt()
    assert list_recommendations(school_store, school_id) == [arrived]


def test_feedback_carries_them_and_marks_them_sent_and_a_change_unsent(tmp_path):
    pair = demo_pair(tmp_path)
    try:
        office, school_id = pair.office, pair.office_school_id
        with pair.school.session() as s:
            entry_id = s.scalars(select(TeacherDiaryEntry.id)).first()
        recommendation = add_recommendation(office, school_id, GOOD, today=TODAY)
        comment = add_comment(office, "teacher_diary", entry_id, "Опишите роли в группах", "Куратор")
        gone = add_recommendation(office, school_id, RecommendationData("Удалю", "скоро", TODAY), today=TODAY)
        delete_recommendation(office, gone.id)
        data = build_feedback(office, school_id)
        assert [r["id"] for r in data["recommendations"]] == [recommendation.id]
        assert data["recommendations"][0]["text"] == GOOD.text

        path = write_feedback(office, DEMO_CODE, pair.outbox)
        sent = list_recommendations(office, school_id)[0]
        assert sent.sent_at is not None and sent.sent_text.startswith("отправлено ")
        assert sent.sent_text == f"отправлено {sent.sent_at.astimezone():%d.%m.%Y}"
        assert list_comments(office, "teacher_diary", entry_id)[0].sent_at is not None
        assert [r.status for r in import_packages(pair.school, [path], accept_new_key=True)] == ["imported"]
        with pair.school.session() as s:
            held = s.scalars(select(Recommendation).where(Recommendation.deleted_at.is_(None))).all()
            assert [(r.id, r.title) for r in held] == [(recommendation.id, GOOD.title)]

        same = update_recommendation(office, recommendation.id, GOOD, today=TODAY)  # nothing changed
        assert same.sent_at == sent.sent_at
        update_comment(office, comment.id, "Опишите роли в группах")
        assert list_comments(office, "teacher_diary", entry_id)[0].sent_at is not None
        edited = update_recommendation(
            office, recommendation.id, RecommendationData("Наставничество (уточнено)", GOOD.text, TODAY)
        )
        assert edited.sent_at is None and edited.sent_text == "не отправлено"
        update_comment(office, comment.id, "Опишите роли в группах и итоги")
        assert list_comments(office, "teacher_diary", entry_id)[0].sent_at is None
    finally:
        pair.close()
