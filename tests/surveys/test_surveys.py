"""Questionnaires: the built-in template, templates and their versions and files, rounds, anonymous
sheets, typed-in totals, and the totals a package carries (never the sheets)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from app.core.errors import UserError, ValidationError
from app.school.installation import own_school
from app.surveys.builtin_templates import builtin_template_id, ensure_builtin_templates
from app.surveys.survey_sheets import add_sheet, delete_sheet, list_sheets, update_sheet
from app.surveys.survey_templates import (
    TemplateData,
    TemplateItem,
    TemplateSection,
    copy_data,
    create_template,
    delete_template,
    export_template,
    get_template,
    import_template,
    list_templates,
    make_code,
    save_template,
)
from app.surveys.surveys import (
    RoundData,
    create_round,
    find_round,
    latest_round,
    list_rounds,
    package_survey_records,
    round_totals,
    set_round_closed,
    set_round_totals,
    survey_package_records,
    update_round,
)
from db.models import SurveyResponse, SurveyTemplate

# «Есть ли изменения?» word for word from ../shared/domain.md (seed 004), «следую» spelled right.
EST_LI_IZMENENIYA = [
    (
        "Доверие и сотрудничество",
        [
            "Учителя наблюдают и обсуждают преподавание друг с другом",
            "Школа поддерживает взаимодействие учителей",
            "Учителя совместно разрабатывают программы и учебные планы",
            "Я следую тем решениям, которые были согласованы с коллегами",
            "Хорошие отношения в коллективе нашей школы усиливают пользу нововведений",
        ],
    ),
    (
        "Целенаправленная командная работа",
        [
            "В школе регулярно обсуждаются учебные цели и их достижение",
            "Учителя вовлечены в работу по улучшению результатов школы",
            "В школе сформирована стратегическая команда, участвующая в управленческих решениях",
            "Улучшением результатов работы школы руководит стратегическая команда",
            "Руководство школы поощряет участие учителя в командной работе, в том числе, материально",
        ],
    ),
    (
        "Работа с данными",
        [
            "Планирование в школе происходит на основе анализа информации",
            "Достижение поставленных целей определяется тем, как изменились "
            "образовательные результаты учеников",
            "Внутришкольный мониторинг улучшает возможности обучения",
            "В школе собираются разнообразные данные об индивидуальном прогрессе учеников",
            "Достижения учителя измеряются разными способами",
        ],
    ),
    (
        "Возможности профессионального развития",
        [
            "Школа организует полезные рабочие группы и тренинги",
            "Школа выделяет учителям время для самообучения",
            "Мы получили возможность для практики, рефлексии, обсуждения",
            "Мы определяем задачи профессионального развития, ориентируясь на новые "
            "стратегии/технологии преподавания",
            "Профессиональный рост учителя поддерживается разными способами",
        ],
    ),
]

SATISFACTION = TemplateData(
    title="Удовлетворённость методической помощью",
    intro="Уважаемые коллеги! Оцените, пожалуйста, методическую помощь, полученную в этом году.",
    scale=["Не удовлетворён(а)", "Частично удовлетворён(а)", "Удовлетворён(а)"],
    sections=[
        TemplateSection(
            "Адресная помощь",
            [
                TemplateItem("", "Консультации методистов помогли решить мои затруднения"),
                TemplateItem("", "Семинары для педагогических команд были полезны"),
            ],
        ),
        TemplateSection("Материалы", [TemplateItem("", "Методические рекомендации применимы в моих уроках")]),
    ],
)


@pytest.fixture
def school_id(school_store) -> str:
    with school_store.session() as s:
        ensure_builtin_templates(s)
    return own_school(school_store).id


@pytest.fixture
def store_factory(tmp_path):
    """Another installation (a second school) in its own data folder."""
    from app.core.store import Store
    from app.school.installation import init_school

    opened = []

    def make(name: str):
        st = Store.open(tmp_path / name)
        init_school(st, code=name, name=f"МКОУ {name}")
        opened.append(st)
        return st

    yield make
    for st in opened:
        st.close()


@pytest.fixture
def builtin_id() -> str:
    return builtin_template_id("est-li-izmeneniya", 1)


def new_round(store, school_id, template_id, title="Май 2021", day=date(2021, 5, 20), source="sheets"):
    return create_round(store, school_id, RoundData(template_id, title, day, source))


def test_builtin_template_matches_domain_md_word_for_word(school_store, school_id, builtin_id):
    template = get_template(school_store, builtin_id)
    assert template.title == "Есть ли изменения?" and template.builtin
    assert template.intro.startswith("Уважаемые коллеги!")
    assert template.scale == ["Изменений нет", "Незначительные изменения", "Заметные изменения"]
    assert [(s.title, [i.text for i in s.items]) for s in template.sections] == EST_LI_IZMENENIYA
    assert [n for n, _ in template.numbered_items()] == [f"{s}.{i}" for s in range(1, 5) for i in range(1, 6)]


def test_new_template_gets_its_own_code_and_ids(school_store, school_id):
    template = create_template(school_store, SATISFACTION)
    assert template.version == 1 and not template.builtin
    assert template.code.startswith("udovletvorennost-metodicheskoy-pomoshchyu-")
    assert template.item_ids() == ["1.1", "1.2", "2.1"]
    assert make_code("Анкета") != make_code("Анкета")  # two schools never clash


def test_template_form_errors_name_their_fields(school_store, school_id):
    with pytest.raises(ValidationError) as caught:
        create_template(
            school_store, TemplateData(title=" ", scale=["Да"], sections=[TemplateSection("", [])])
        )
    assert set(caught.value.errors) == {"title", "scale", "sections"}
    assert "двух вариантов" in caught.value.errors["scale"]
    with pytest.raises(ValidationError) as caught:
        create_template(school_store, TemplateData(title="А", scale=["Да", "да"], sections=[]))
    assert "повторяются" in caught.value.errors["scale"]


def test_template_without_rounds_is_edited_in_place(school_store, school_id):
    template = create_template(school_store, SATISFACTION)
    data = copy_data(template)
    data.title = "Удовлетворённость помощью"
    outcome = save_template(school_store, template.id, data)
    assert not outcome.new_version and outcome.template.id == template.id
    assert get_template(school_store, template.id).title == "Удовлетворённость помощью"


def test_template_with_answers_gets_a_new_version_and_old_round_still_reports(school_store, school_id):
    template = create_template(school_store, SATISFACTION)
    info = new_round(school_store, school_id, template.id)
    add_sheet(school_store, info.id, {"1.1": 2, "1.2": 1, "2.1": 0})
    data = TemplateData.from_doc(template.to_doc())
    data.sections[0].items[0].text = "Консультации методистов помогли мне"
    data.sections[1].items.append(TemplateItem("", "Материалы пришли вовремя"))
    outcome = save_template(school_store, template.id, data)
    assert outcome.new_version
    assert outcome.template.id != template.id and outcome.template.code == template.code
    assert outcome.template.version == 2 and outcome.template.item_ids() == ["1.1", "1.2", "2.1", "2.2"]
    old = get_template(school_store, template.id)
    assert old.sections[0].items[0].text == "Консультации методистов помогли решить мои затруднения"
    assert [t.version for t in list_templates(school_store) if t.code == template.code] == [2]
    assert round_totals(school_store, info.id).counts == {
        "1.1": [0, 0, 1],
        "1.2": [0, 1, 0],
        "2.1": [1, 0, 0],
    }
    # Saving the same text again makes no third version.
    again = save_template(school_store, outcome.template.id, TemplateData.from_doc(outcome.template.to_doc()))
    assert not again.new_version and again.template.version == 2


def test_builtin_template_is_not_edited_nor_deleted(school_store, school_id, builtin_id):
    template = get_template(school_store, builtin_id)
    with pytest.raises(UserError, match="Создайте копию"):
        save_template(school_store, builtin_id, copy_data(template))
    with pytest.raises(UserError):
        delete_template(school_store, builtin_id)


def test_template_file_round_trip_keeps_id_code_and_version(school_store, school_id, tmp_path, store_factory):
    template = create_template(school_store, SATISFACTION)
    path = export_template(school_store, template.id, tmp_path / "анкета.json")
    doc = json.loads(path.read_text("utf-8"))
    assert doc["format"] == "dnevnik-shkoly-anketa" and doc["id"] == template.id

    other = store_factory("school2")
    first = import_template(other, path)
    assert first.added and first.template.id == template.id
    assert first.template.code == template.code and first.template.to_doc() == template.to_doc()
    assert not import_template(other, path).added  # importing twice changes nothing

    doc["sections"][0]["items"][0]["text"] = "Другой текст"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    with pytest.raises(UserError, match="с другим текстом"):
        import_template(other, changed)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("не json", "не в формате JSON"),
        ('{"format": "что-то другое"}', "не шаблон анкеты"),
        ('{"code": "x", "version": 1, "title": "", "scale": [], "sections": []}', "повреждён"),
    ],
)
def test_damaged_template_file_is_refused_in_russian(school_store, school_id, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    with pytest.raises(UserError, match=message):
        import_template(school_store, path)


def test_rounds_are_found_by_title_or_id_and_titles_do_not_repeat(school_store, school_id, builtin_id):
    may20 = new_round(school_store, school_id, builtin_id, "Май 2020", date(2020, 5, 21))
    may21 = new_round(school_store, school_id, builtin_id)
    assert [r.title for r in list_rounds(school_store, school_id)] == ["Май 2021", "Май 2020"]
    assert latest_round(school_store, school_id).id == may21.id
    assert find_round(school_store, school_id, "май 2020").id == may20.id
    assert find_round(school_store, school_id, may20.id).title == "Май 2020"
    with pytest.raises(UserError, match="Есть туры: «Май 2021», «Май 2020»"):
        find_round(school_store, school_id, "Ноябрь 2023")
    with pytest.raises(ValidationError) as caught:
        new_round(school_store, school_id, builtin_id, "МАЙ 2021")
    assert "уже есть" in caught.value.errors["title"]
    with pytest.raises(ValidationError) as caught:
        create_round(school_store, school_id, RoundData("", "", None))
    assert set(caught.value.errors) == {"template_id", "title", "held_on"}
    renamed = update_round(school_store, may20.id, "Весна 2020", date(2020, 4, 30))
    assert renamed.title == "Весна 2020" and renamed.held_on == date(2020, 4, 30)


def test_sheets_are_anonymous_and_listed_by_content_not_by_entry(school_store, school_id, builtin_id):
    info = new_round(school_store, school_id, builtin_id)
    typed = [{"1.1": 2}, {"1.1": 0, "4.5": 1}, {"1.1": 1}]
    ids = [add_sheet(school_store, info.id, answers).id for answers in typed]
    sheets = list_sheets(school_store, info.id)
    assert [s.answers["1.1"] for s in sheets] == [0, 1, 2]  # sorted by answers, not typed order
    assert all(len(s.answers) == 20 and s.answers["2.1"] is None for s in sheets)
    with school_store.session() as s:
        rows = s.scalars(select(SurveyResponse)).all()
    assert {r.id for r in rows} == set(ids)
    assert set(SurveyResponse.__table__.columns.keys()) == {"id", "round_id", "answers"}


def test_sheet_checks_and_corrections_until_closed(school_store, school_id, builtin_id):
    info = new_round(school_store, school_id, builtin_id)
    with pytest.raises(UserError, match="нет ни одного ответа"):
        add_sheet(school_store, info.id, {"1.1": None})
    with pytest.raises(UserError, match="от 1 до 3"):
        add_sheet(school_store, info.id, {"1.1": 3})
    with pytest.raises(UserError, match="которых нет в анкете"):
        add_sheet(school_store, info.id, {"9.9": 1})
    sheet = add_sheet(school_store, info.id, {"1.1": 1})
    update_sheet(school_store, sheet.id, {"1.1": 2, "1.2": 0})
    assert round_totals(school_store, info.id).counts["1.1"] == [0, 0, 1]
    closed = set_round_closed(school_store, info.id, True)
    assert closed.closed and closed.respondents == 1
    with pytest.raises(UserError, match="Тур закрыт"):
        update_sheet(school_store, sheet.id, {"1.1": 0})
    with pytest.raises(UserError, match="Тур закрыт"):
        add_sheet(school_store, info.id, {"1.1": 0})
    set_round_closed(school_store, info.id, False)
    delete_sheet(school_store, sheet.id)
    assert round_totals(school_store, info.id).respondents == 0


def test_totals_round_adds_up(school_store, school_id, builtin_id):
    info = new_round(school_store, school_id, builtin_id, "Региональный опрос", source="totals")
    counts = {f"{s}.{i}": [1, 2, 3] for s in range(1, 5) for i in range(1, 6)}
    counts["2.2"] = [4, 4, 4]
    with pytest.raises(ValidationError) as caught:
        set_round_totals(school_store, info.id, 7, counts)
    assert list(caught.value.errors) == ["item:2.2"]
    assert "ответов 12, а участников 7" in caught.value.errors["item:2.2"]
    with pytest.raises(ValidationError) as caught:
        set_round_totals(school_store, info.id, 0, counts)
    assert "respondents" in caught.value.errors
    counts["2.2"] = [0, 3, 3]
    set_round_totals(school_store, info.id, 7, counts)
    totals = round_totals(school_store, info.id)
    assert totals.respondents == 7 and totals.counts["2.2"] == [0, 3, 3]
    with pytest.raises(UserError, match="нет"):
        add_sheet(school_store, info.id, {"1.1": 1})


def test_package_carries_closed_rounds_totals_only(school_store, school_id, builtin_id):
    big = new_round(school_store, school_id, builtin_id, "Май 2021")
    for value in (0, 1, 2, 2):
        add_sheet(school_store, big.id, {"1.1": value, "1.2": 1})
    small = new_round(school_store, school_id, builtin_id, "Май 2022", date(2022, 5, 20))
    add_sheet(school_store, small.id, {"1.1": 2})
    add_sheet(school_store, small.id, {"1.1": 0})
    still_open = new_round(school_store, school_id, builtin_id, "Май 2023", date(2023, 5, 20))
    add_sheet(school_store, still_open.id, {"1.1": 1})
    set_round_closed(school_store, big.id, True)
    set_round_closed(school_store, small.id, True)

    records = survey_package_records(school_store, school_id)
    with school_store.session() as s:
        assert package_survey_records(s, school_id) == records
    rounds = {r["title"]: r for r in records["survey_rounds"]}
    assert set(rounds) == {"Май 2021", "Май 2022"}  # the open round does not go
    full = rounds["Май 2021"]
    assert full["respondents"] == 4 and full["template_id"] == builtin_id and full["held_on"] == "2021-05-20"
    assert full["counts"]["1.1"] == [1, 1, 2] and full["counts"]["1.2"] == [0, 4, 0]
    assert full["counts"]["4.5"] == [0, 0, 0] and len(full["counts"]) == 20
    assert full["updated_at"].endswith("Z") and "counts_withheld" not in full
    assert rounds["Май 2022"]["respondents"] == 2
    assert rounds["Май 2022"]["counts"] == {} and rounds["Май 2022"]["counts_withheld"] is True
    (template,) = records["survey_templates"]
    assert template["id"] == builtin_id and template["code"] == "est-li-izmeneniya"
    assert set(template) >= {"code", "title", "intro", "scale", "sections"}
    text = json.dumps(records, ensure_ascii=False)
    for sheet in list_sheets(school_store, big.id):
        assert sheet.id not in text  # no sheet, not even its id, leaves the school


def test_delete_template_only_while_unused(school_store, school_id):
    template = create_template(school_store, SATISFACTION)
    info = new_round(school_store, school_id, template.id)
    with pytest.raises(UserError, match="нельзя удалить"):
        delete_template(school_store, template.id)
    assert info.template_label == "Удовлетворённость методической помощью"
    spare = create_template(school_store, SATISFACTION)
    delete_template(school_store, spare.id)
    with school_store.session() as s:
        assert s.get(SurveyTemplate, spare.id) is None
