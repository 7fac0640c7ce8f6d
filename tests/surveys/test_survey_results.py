"""Results of a round and the comparison of two, on a hand-made example counted by hand."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.errors import UserError
from app.school.installation import own_school
from app.surveys.builtin_templates import builtin_template_id, ensure_builtin_templates
from app.surveys.survey_results import (
    compare_rounds,
    mean_change_text,
    mean_text,
    percent,
    points_change_text,
    round_results,
    scale_colors,
)
from app.surveys.survey_sheets import add_sheet
from app.surveys.survey_templates import (
    TemplateData,
    TemplateItem,
    TemplateSection,
    create_template,
    save_template,
)
from app.surveys.surveys import RoundData, create_round, set_round_totals

SCALE = ["нет", "немного", "заметно"]
TEMPLATE = TemplateData(
    title="Пример",
    scale=SCALE,
    sections=[
        TemplateSection("Первый", [TemplateItem("a", "Утверждение А"), TemplateItem("b", "Утверждение Б")]),
        TemplateSection("Второй", [TemplateItem("c", "Утверждение В")]),
    ],
)
# Four sheets of the later round, one per column: a = 0,1,2,2; b = 2,2,–,1; c = 0,0,1,–
LATER = [{"a": 0, "b": 2, "c": 0}, {"a": 1, "b": 2, "c": 0}, {"a": 2, "b": None, "c": 1}, {"a": 2, "b": 1}]
# Three sheets of the earlier round: a = 0,0,1; b = 1,1,1; c = 0,1,2
EARLIER = [{"a": 0, "b": 1, "c": 0}, {"a": 0, "b": 1, "c": 1}, {"a": 1, "b": 1, "c": 2}]


@pytest.fixture
def school_id(school_store) -> str:
    return own_school(school_store).id


@pytest.fixture
def example(school_store, school_id):
    template = create_template(school_store, TEMPLATE)

    def held(title: str, day: date, sheets: list[dict]) -> str:
        info = create_round(school_store, school_id, RoundData(template.id, title, day, "sheets"))
        for answers in sheets:
            add_sheet(school_store, info.id, answers)
        return info.id

    return template, held("Май 2021", date(2021, 5, 20), LATER), held("Май 2020", date(2020, 5, 20), EARLIER)


def test_counts_shares_and_indices(school_store, example):
    _, later, _ = example
    results = round_results(school_store, later)
    assert results.respondents == 4 and results.breakdown and results.note == ""
    first, second = results.sections
    a, b = first.items
    assert (a.number, a.text, a.tally.counts, a.no_answer) == ("1.1", "Утверждение А", [1, 1, 2], 0)
    assert a.tally.shares == [0.25, 0.25, 0.5]
    assert a.tally.mean == pytest.approx(1.25) and a.tally.top_share == 0.5
    assert (b.tally.counts, b.tally.answered, b.no_answer) == ([0, 1, 2], 3, 1)
    assert b.tally.mean == pytest.approx(5 / 3) and b.tally.top_share == pytest.approx(2 / 3)
    # The section's index pools every answer in it: (0·1 + 1·2 + 2·4) / 7.
    assert first.tally.counts == [1, 2, 4]
    assert first.tally.mean == pytest.approx(10 / 7) and first.tally.top_share == pytest.approx(4 / 7)
    (c,) = second.items
    assert (c.number, c.tally.counts, c.no_answer) == ("2.1", [2, 1, 0], 1)
    assert second.tally.mean == pytest.approx(1 / 3) and second.tally.top_share == 0
    assert results.overall.counts == [3, 3, 4] and results.overall.mean == pytest.approx(1.1)
    assert results.overall.top_share == pytest.approx(0.4)


def test_comparison_per_statement_and_section(school_store, example):
    _, later, earlier = example
    comparison = compare_rounds(school_store, later, earlier)  # either order: earlier is «before»
    assert comparison.before.round.title == "Май 2020" and comparison.after.round.title == "Май 2021"
    assert comparison.note == ""
    first, second = comparison.sections
    a, b = first.items
    assert a.mean.before == pytest.approx(1 / 3) and a.mean.after == pytest.approx(1.25)
    assert a.mean.delta == pytest.approx(1.25 - 1 / 3)
    assert a.top_share.delta == pytest.approx(0.5)
    assert b.mean.delta == pytest.approx(5 / 3 - 1) and b.top_share.delta == pytest.approx(2 / 3)
    # Earlier «Первый»: [2, 4, 0] → mean 4/6; later 10/7.
    assert first.before.counts == [2, 4, 0] and first.mean.delta == pytest.approx(10 / 7 - 4 / 6)
    (c,) = second.items
    assert c.mean.delta == pytest.approx(1 / 3 - 1) and c.top_share.delta == pytest.approx(-1 / 3)
    # Earlier, all answers: [3, 5, 1] → mean 7/9.
    assert comparison.overall_mean.delta == pytest.approx(1.1 - 7 / 9)
    assert mean_change_text(a.mean) == "+0,92" and mean_change_text(c.mean) == "−0,67"
    assert points_change_text(a.top_share) == "+50 п. п." and points_change_text(c.top_share) == "−33 п. п."


def test_round_of_two_shows_only_totals(school_store, school_id, example):
    template, *_ = example
    small = create_round(school_store, school_id, RoundData(template.id, "Ноябрь 2021", date(2021, 11, 1)))
    add_sheet(school_store, small.id, {"a": 2, "b": 2, "c": 2})
    add_sheet(school_store, small.id, {"a": 0, "b": 1})
    results = round_results(school_store, small.id)
    assert not results.breakdown and results.sections == []
    assert "меньше 3" in results.note and "Ответили 2 чел." in results.note
    assert results.overall.counts == [1, 1, 3]
    comparison = compare_rounds(school_store, small.id, example[1])
    assert comparison.sections == [] and "«Ноябрь 2021» (2 чел.)" in comparison.note
    assert comparison.overall_mean.after is not None


def test_edited_template_new_version_compares_with_the_old(school_store, school_id, example):
    template, later, earlier = example
    data = TemplateData.from_doc(template.to_doc())
    data.sections[1].items.append(TemplateItem("", "Утверждение Г"))
    outcome = save_template(school_store, template.id, data)
    assert outcome.new_version
    newer = create_round(
        school_store, school_id, RoundData(outcome.template.id, "Май 2022", date(2022, 5, 20))
    )
    for answers in ({"a": 2, "c": 2, "2.2": 2}, {"a": 2, "c": 1, "2.2": 1}, {"a": 1, "c": 1, "2.2": 0}):
        add_sheet(school_store, newer.id, answers)
    # The old rounds still report on the statements they were answered on.
    old = round_results(school_store, earlier)
    assert [i.text for s in old.sections for i in s.items] == [
        "Утверждение А",
        "Утверждение Б",
        "Утверждение В",
    ]
    comparison = compare_rounds(school_store, later, newer.id)
    items = {i.id: i for s in comparison.sections for i in s.items}
    assert items["a"].mean.delta == pytest.approx(5 / 3 - 1.25)
    assert items["2.2"].before is None and items["2.2"].mean.delta is None


def test_rounds_of_different_questionnaires_are_not_compared(school_store, school_id, example):
    with school_store.session() as s:
        ensure_builtin_templates(s)
    other = create_round(
        school_store,
        school_id,
        RoundData(builtin_template_id("est-li-izmeneniya", 1), "Другая", date(2021, 1, 1)),
    )
    with pytest.raises(UserError, match="по разным анкетам"):
        compare_rounds(school_store, example[1], other.id)
    with pytest.raises(UserError, match="другой тур"):
        compare_rounds(school_store, example[1], example[1])


def test_totals_round_reports_like_any_other(school_store, school_id, example):
    template, *_ = example
    info = create_round(school_store, school_id, RoundData(template.id, "Онлайн", date(2021, 3, 1), "totals"))
    set_round_totals(school_store, info.id, 10, {"a": [2, 3, 5], "b": [0, 0, 10], "c": [1, 1, 1]})
    results = round_results(school_store, info.id)
    a, b = results.sections[0].items
    assert a.tally.shares == [0.2, 0.3, 0.5] and b.tally.mean == 2
    assert results.sections[1].items[0].no_answer == 7


def test_words_and_colours():
    assert percent(1 / 3) == "33 %" and percent(None) == "—"
    assert mean_text(1.25) == "1,25" and mean_text(None) == "—"
    assert scale_colors(3)[0] == "#C8C8C8" and len(scale_colors(5)) == 5
