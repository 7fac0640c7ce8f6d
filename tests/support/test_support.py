"""«Карта поддержки»: needs and their statuses, events through which help came, overdue needs,
«Достаточна ли поддержка», the printout, and the office's sum of all its schools' needs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.cli.main import main
from app.core.errors import UserError, ValidationError
from app.demo.school import build_demo
from app.diaries import EventData, TeacherEntryData, school_diary, teacher_diary
from app.programme.programme import PassportData, create_programme
from app.reports import write_report
from app.reports.support import district_report, support_report
from app.school.installation import init_municipality, own_school
from app.school.staff import StaffData, add_staff
from app.support import support
from app.support.support import NeedData, is_overdue
from app.support.support_office import (
    OTHER_TOPIC,
    catalog_choices,
    district_needs,
    link_offer,
    offered_need_ids,
    topic_of,
    unlink_offer,
)
from app.support.support_summary import sufficiency
from db.models import CatalogEvent, Programme, School, SupportNeed

TODAY = date(2021, 5, 20)
TASKS = ["Повысить профессиональные компетенции педагогов.", "Повысить учебную мотивацию обучающихся."]


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages).split())


@pytest.fixture
def school(school_store):
    school_id = own_school(school_store).id
    create_programme(
        school_store,
        school_id,
        PassportData(
            title="Программа перехода в эффективный режим", year_from=2020, year_to=2022, tasks=TASKS
        ),
    )
    return school_store, school_id


def need(**fields) -> NeedData:
    values = {
        "task": TASKS[0],
        "level": "municipal",
        "content": "Практический семинар «Учитель-фасилитатор» для учителей основной школы",
        "provider": "Муниципальная методическая служба",
        "due_text": "март 2021 г.",
        "due_date": date(2021, 3, 31),
    }
    return NeedData(**{**values, **fields})


def add_event(store, school_id, title="Практический семинар «Учитель-фасилитатор»") -> str:
    data = EventData(title=title, level="municipal", date_from=date(2021, 2, 10))
    return school_diary.create(store, school_id, data, today=TODAY)


# --- the school's needs ---------------------------------------------------------------------------


def test_a_need_is_refused_with_a_message_per_field(school):
    store, school_id = school
    with pytest.raises(ValidationError) as caught:
        support.create_need(store, school_id, NeedData(level="municipal"))
    assert set(caught.value.errors) == {"content", "provider", "due_text"}
    assert "конкретнее" in caught.value.errors["content"]
    with pytest.raises(ValidationError) as caught:
        support.create_need(store, school_id, need(level="galaxy", status="maybe", due_date=date(1900, 1, 1)))
    assert set(caught.value.errors) == {"level", "status", "due_date"}
    # The school itself needs no «От кого», and a date alone is a deadline.
    support.create_need(store, school_id, need(level="school", provider="", due_text=""))
    assert len(support.list_needs(store, school_id, TODAY)) == 1


def test_received_needs_the_events_it_came_through(school):
    store, school_id = school
    need_id = support.create_need(store, school_id, need())
    event_id = add_event(store, school_id)
    with pytest.raises(ValidationError) as caught:
        support.set_status(store, need_id, "received")
    assert list(caught.value.errors) == ["event_ids"]
    assert "Дневника школы" in caught.value.errors["event_ids"]
    assert support.get_need(store, need_id).status == "needed"

    support.mark_received(store, need_id, [event_id])
    row = support.get_need(store, need_id)
    assert row.status == "received" and row.event_ids == [event_id]
    assert row.events[0].label == "Практический семинар «Учитель-фасилитатор» (10.02.2021)"

    support.set_status(store, need_id, "agreed")  # help that did not come has no events
    row = support.get_need(store, need_id)
    assert row.status == "agreed" and row.events == []
    support.set_status(store, need_id, "not_received")
    assert support.get_need(store, need_id).status_label == "не получена"


def test_another_schools_event_cannot_deliver_the_help(school):
    store, school_id = school
    need_id = support.create_need(store, school_id, need())
    with store.session() as s:
        other = School(code="9999", name="МКОУ Другая СШ")
        s.add(other)
        s.flush()
        other_id = other.id
    stranger = add_event(store, other_id)
    with pytest.raises(UserError, match="откройте форму заново"):
        support.mark_received(store, need_id, [stranger])
    assert support.get_need(store, need_id).status == "needed"


def test_overdue_is_past_its_date_and_not_received(school):
    assert is_overdue(date(2021, 3, 31), "needed", TODAY)
    assert is_overdue(date(2021, 3, 31), "agreed", TODAY)
    assert is_overdue(date(2021, 3, 31), "not_received", TODAY)
    assert not is_overdue(date(2021, 3, 31), "received", TODAY)
    assert not is_overdue(date(2021, 5, 20), "needed", TODAY)  # the day itself is not late yet
    assert not is_overdue(None, "needed", TODAY)
    store, school_id = school
    late = support.create_need(store, school_id, need())
    ahead = support.create_need(store, school_id, need(due_date=date(2021, 9, 1)))
    rows = {r.id: r for r in support.list_needs(store, school_id, TODAY)}
    assert rows[late].overdue and not rows[ahead].overdue


def test_the_map_groups_needs_by_task_in_passport_order(school):
    store, school_id = school
    a = support.create_need(store, school_id, need(task=TASKS[1], level="regional"))
    b = support.create_need(store, school_id, need(task=TASKS[0], level="school"))
    c = support.create_need(store, school_id, need(task="Старая задача, которой нет в паспорте"))
    d = support.create_need(store, school_id, need(task=""))
    found = support.support_map(store, school_id, TODAY)
    assert [g.task for g in found.groups] == [*TASKS, "Старая задача, которой нет в паспорте", ""]
    assert found.groups[0].title.startswith("Задача 1. ") and found.groups[0].needs["school"][0].id == b
    assert found.groups[1].needs["regional"][0].id == a
    assert "нет в паспорте" in found.groups[2].title and found.groups[2].needs["municipal"][0].id == c
    assert found.groups[3].title == support.NO_TASK_TITLE and found.groups[3].needs["municipal"][0].id == d
    support.delete_need(store, d)
    assert [g.task for g in support.support_map(store, school_id, TODAY).groups][-1] != ""
    with pytest.raises(UserError):
        support.update_need(store, d, need())


def test_sufficiency_counts_by_level_and_follows_help_into_practice(school):
    store, school_id = school
    event_id = add_event(store, school_id)
    received = support.create_need(store, school_id, need())
    support.mark_received(store, received, [event_id])
    support.create_need(store, school_id, need(status="not_received"))  # overdue too
    support.create_need(store, school_id, need(status="agreed", due_date=date(2021, 9, 1)))
    support.create_need(store, school_id, need(level="school", provider=""))  # overdue
    support.create_need(store, school_id, need(level="regional", provider="ВГАПО", status="agreed"))

    summary = sufficiency(store, school_id, TODAY)
    municipal = summary.level("municipal")
    assert (municipal.stated, municipal.received, municipal.not_received, municipal.agreed) == (3, 1, 1, 1)
    assert municipal.overdue == 1 and municipal.in_practice == 0
    assert municipal.counts_text == "заявлено 3, получено 1, просрочено 1"
    assert (summary.level("school").stated, summary.level("school").overdue) == (1, 1)
    assert summary.level("regional").overdue == 1
    assert (summary.total.stated, summary.total.received, summary.total.overdue) == (5, 1, 3)
    assert summary.path(received).uses == 0 and "пока не применялись" in summary.path(received).uses_text
    assert "Применяется в практике: 0 из 1" in municipal.verdict

    teacher = add_staff(store, school_id, StaffData(full_name="Калинин Андрей Сергеевич")).id
    teacher_diary.create(
        store,
        school_id,
        TeacherEntryData(
            staff_id=teacher,
            entry_date=date(2021, 3, 2),
            methods="Групповая работа, диалог и дискуссия",
            where_used="7 класс, русский язык",
            event_ids=[event_id],
        ),
        today=TODAY,
    )
    summary = sufficiency(store, school_id, TODAY)
    path = summary.path(received)
    assert path.used and path.uses == 1 and summary.level("municipal").in_practice == 1
    assert path.lines() == [
        "Дневник педагога, 02.03.2021, Калинин Андрей Сергеевич: "
        "Групповая работа, диалог и дискуссия; 7 класс, русский язык"
    ]


def test_the_demo_school_has_a_support_map_drawn_from_its_seed(store):
    school = build_demo(store)
    summary = sufficiency(store, school.id, TODAY)
    for level in summary.levels:
        assert level.stated >= 3, level.label
        assert level.received >= 1, level.label
    received = [p for p in summary.paths if p.need.level != "school"]
    assert all(p.need.events for p in summary.paths)
    assert any(p.used for p in received) and any(not p.used for p in received)
    contents = " ".join(n.content for n in support.list_needs(store, school.id, TODAY))
    for words in ("учебной мотивации", "учителей-предметников", "психолог"):
        assert words in contents
    offered = [n for n in support.list_needs(store, school.id, TODAY) if n.offers]
    assert offered and all(n.status != "received" for n in offered)


# --- the printout -----------------------------------------------------------------------------------


def test_the_printout_has_the_map_the_summary_and_the_path(store, tmp_path):
    school = build_demo(store)
    report = support_report(store, school.id, TODAY)
    assert "Достаточна ли поддержка:" in report.subtitle
    assert any(line.startswith("Муниципальный уровень: Получено") for line in report.subtitle)
    text = pdf_text(write_report(report, "pdf", tmp_path / "support.pdf"))
    assert "Карта поддержки" in text and "МКОУ Нагольненская СШ" in text
    assert "Задача 1. Повысить профессиональные компетенции" in text
    assert "Стр. 1 из" in text and "Путь в практику" in text
    assert "Дневник педагога, 12.05.2021, Карпова Людмила Алексеевна" in text
    assert "методы пока не применялись" in text and "(срок прошёл)" in text

    out = write_report(report, "xlsx", tmp_path / "support.xlsx")
    values = [c.value for row in load_workbook(out).active.iter_rows() for c in row if c.value]
    assert "Содержание помощи" in values and any(
        "Практический семинар по технологиям" in str(v) for v in values
    )


def test_cli_report_support(tmp_path, capsys):
    folder = tmp_path / "demo"
    assert main(["--data-dir", str(folder), "demo"]) == 0
    out = tmp_path / "карта.pdf"
    assert main(["--data-dir", str(folder), "report", "support", "--format", "pdf", "--out", str(out)]) == 0
    assert "«Карта поддержки», потребностей: 16" in capsys.readouterr().out
    assert "Достаточна ли поддержка" in pdf_text(out)
    # --level and --received narrow the office's needs; a school's map is refused them.
    assert (
        main(["--data-dir", str(folder), "report", "support", "--level", "regional", "--out", str(out)]) == 1
    )
    assert "в базе школы печатается её карта поддержки" in capsys.readouterr().err


# --- at the office ----------------------------------------------------------------------------------


@pytest.fixture
def office(store):
    """An office's database holding three schools' needs, as imported packages would leave them."""
    init_municipality(store, "Отдел образования Котельниковского района")
    schools = {}
    with store.session() as s:
        for code, name in (
            ("1", "МКОУ Красноярская СШ"),
            ("2", "МКОУ Нагольненская СШ"),
            ("3", "МКОУ Семиченская СШ"),
        ):
            school = School(code=code, name=name)
            s.add(school)
            s.flush()
            schools[name] = school.id
            s.add(
                Programme(school_id=school.id, title="Программа", year_from=2020, year_to=2022, tasks=TASKS)
            )

        def add(school, content, due, status="needed", level="municipal"):
            row = SupportNeed(
                school_id=schools[school],
                level=level,
                content=content,
                due_date=due,
                status=status,
                task=TASKS[0],
            )
            s.add(row)
            s.flush()
            return row.id

        ids = {
            "motivation_k": add(
                "МКОУ Красноярская СШ", "Семинар по работе с низкой учебной мотивацией", date(2021, 3, 5)
            ),
            "motivation_n": add(
                "МКОУ Нагольненская СШ", "Курсы: мотивация к учению", date(2021, 3, 28), "agreed"
            ),
            "motivation_s": add("МКОУ Семиченская СШ", "Приёмы повышения мотивации", date(2021, 4, 10)),
            "motivation_done": add(
                "МКОУ Семиченская СШ", "Тренинг по мотивации", date(2021, 2, 1), "received"
            ),
            "psych": add("МКОУ Нагольненская СШ", "Консультации психолога для педагогов", None),
            "oge_k": add(
                "МКОУ Красноярская СШ", "Мастер-класс: подготовка к ОГЭ", date(2021, 3, 31), "not_received"
            ),
            "regional": add(
                "МКОУ Красноярская СШ", "Курсы для учителей-предметников", date(2021, 3, 1), level="regional"
            ),
            "other": add("МКОУ Семиченская СШ", "Ремонт кабинета", date(2021, 6, 1)),
        }
        gone = add("МКОУ Семиченская СШ", "Удалённая мотивация", date(2021, 3, 1))
        s.get(SupportNeed, gone).deleted_at = s.get(SupportNeed, gone).created_at
        catalog = CatalogEvent(title="Практический семинар «Мотивация»", form="Семинар", level="municipal")
        s.add(catalog)
        s.flush()
        ids["catalog"] = catalog.id
    return store, schools, ids


def test_topics_are_found_by_the_words_of_the_need():
    assert topic_of("Практический семинар по технологиям, повышающим учебную мотивацию") == (
        "Учебная мотивация обучающихся"
    )
    assert topic_of("Занятия психолога с педагогами") == "Психолого-педагогическая помощь"
    assert topic_of("Мастер-классы по подготовке к ОГЭ и ЕГЭ по математике").startswith("Подготовка к ГИА")
    assert topic_of("Что-то", "Вовлечь родителей в образовательный процесс") == "Работа с родителями"
    assert topic_of("Ремонт кабинета") == OTHER_TOPIC


def test_the_office_adds_up_its_schools_needs_by_topic_and_month(office):
    store, schools, ids = office
    found = district_needs(store, "municipal", today=TODAY)
    assert [t.topic for t in found.topics][0] == "Учебная мотивация обучающихся"
    motivation = found.topics[0]
    assert (
        len(motivation.needs()) == 3 and motivation.waiting == 3
    )  # the received and the deleted are left out
    assert motivation.schools == sorted(schools)  # all three schools wait for it
    assert [(m.label, len(m.needs)) for m in motivation.months] == [("март 2021", 2), ("апрель 2021", 1)]
    assert motivation.months[0].schools == ["МКОУ Красноярская СШ", "МКОУ Нагольненская СШ"]
    psych = found.topic("Психолого-педагогическая помощь")
    assert [m.label for m in psych.months] == ["срок без даты"]
    oge = found.topic("Подготовка к ГИА, предметные компетенции учителей").needs()[0]
    assert oge.overdue and oge.status_label == "не получена, срок прошёл"
    assert found.topics[-1].topic == OTHER_TOPIC
    assert len(found.needs()) == 6 and len(found.schools) == 3
    assert all(n.id != ids["regional"] for n in found.needs())  # another level

    with_received = district_needs(store, "municipal", include_received=True, today=TODAY)
    assert len(with_received.topic("Учебная мотивация обучающихся").needs()) == 4
    regional = district_needs(store, "regional", today=TODAY)
    assert [n.school for n in regional.needs()] == ["МКОУ Красноярская СШ"]
    with pytest.raises(UserError):
        district_needs(store, "federal")


def test_a_catalogue_event_is_offered_for_needs_and_the_school_sees_it(office):
    store, schools, ids = office
    assert [r.id for r in catalog_choices(store)] == [ids["catalog"]]
    with store.session() as s:
        stamp = s.get(CatalogEvent, ids["catalog"]).updated_at
    assert link_offer(store, [ids["motivation_k"], ids["motivation_n"]], ids["catalog"]) == 2
    assert link_offer(store, [ids["motivation_k"]], ids["catalog"]) == 0  # already offered
    assert offered_need_ids(store, ids["catalog"]) == sorted([ids["motivation_k"], ids["motivation_n"]])
    with store.session() as s:
        assert s.get(CatalogEvent, ids["catalog"]).updated_at >= stamp  # goes out in the next feedback
    motivation = district_needs(store, today=TODAY).topic("Учебная мотивация обучающихся")
    assert motivation.offered == 2
    # The school's own map shows the offer next to its need.
    rows = {r.id: r for r in support.list_needs(store, schools["МКОУ Красноярская СШ"], TODAY)}
    assert [o.label for o in rows[ids["motivation_k"]].offers] == [
        "Практический семинар «Мотивация» (Семинар)"
    ]
    unlink_offer(store, ids["motivation_k"], ids["catalog"])
    assert offered_need_ids(store, ids["catalog"]) == [ids["motivation_n"]]
    with pytest.raises(UserError):
        link_offer(store, [], ids["catalog"])
    with pytest.raises(UserError):
        link_offer(store, ["нет такой"], ids["catalog"])


def test_the_office_printout_and_cli(office, tmp_path, capsys):
    store, _schools, _ids = office
    report = district_report(store, today=TODAY)
    assert report.title == "Потребности школ в поддержке"
    text = pdf_text(write_report(report, "pdf", tmp_path / "district.pdf"))
    assert "Учебная мотивация обучающихся — потребностей: 3, школ: 3" in text
    assert "март 2021" in text and "МКОУ Семиченская СШ" in text and "Стр. 1 из 1" in text
    out = tmp_path / "district.xlsx"
    assert (
        main(["--data-dir", str(store.data_dir), "report", "support", "--format", "xlsx", "--out", str(out)])
        == 0
    )
    assert "«Потребности школ в поддержке», потребностей: 6" in capsys.readouterr().out


def test_schools_are_kept_apart_and_an_offer_fills_the_diary_form(office):
    store, schools, ids = office
    with store.session() as s:
        total = len(s.scalars(select(SupportNeed).where(SupportNeed.deleted_at.is_(None))).all())
    per_school = [len(support.list_needs(store, school_id, TODAY)) for school_id in schools.values()]
    assert sum(per_school) == total and per_school == [3, 2, 3]
    data = support.event_data_from_offer(store, ids["catalog"])
    assert (data.title, data.form, data.level) == ("Практический семинар «Мотивация»", "Семинар", "municipal")
