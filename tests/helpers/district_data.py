"""An office database for the district report's tests: three Kotelnikovo schools (seed 004) that
keep their records through the services, send a package each, and are imported at the office.

Блок 1 figures are the seed's (a «0» of the seed is no result, as in the demo). Each school's
other records are small and known, so the tests can name what every block must show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date
from pathlib import Path

from app.core.store import Store
from app.diaries import (
    DirectorEntryData,
    EventData,
    TeacherEntryData,
    director_diary,
    school_diary,
    teacher_diary,
)
from app.office.registry import SchoolData, list_registry, update_school
from app.programme.assessments import ResultData, add_result
from app.programme.indicators import IndicatorData, add_indicator, set_value
from app.programme.plan import ActivityData
from app.programme.plan_edit import add_activity, add_section
from app.programme.programme import PassportData, create_programme
from app.school.installation import init_municipality, init_school, own_school
from app.school.school import update_card
from app.school.staff import StaffData, add_staff
from app.surveys.survey_sheets import add_sheet
from app.surveys.survey_templates import list_templates
from app.surveys.surveys import RoundData, create_round, set_round_closed
from app.sync import keys
from app.sync.exchange import export_snapshot, import_packages

OFFICE_NAME = "Отдел образования администрации Котельниковского муниципального района"
MUNICIPALITY = "Котельниковский муниципальный район Волгоградской области"
TODAY = date(2024, 10, 15)
KRASNOYARSK, NAGOLNOE, SEMICHNOE = "3401", "3402", "3403"
SCHOOLS = {
    KRASNOYARSK: "МКОУ Красноярская СШ",
    NAGOLNOE: "МКОУ Нагольненская СШ",
    SEMICHNOE: "МКОУ Семиченская СШ",
}
RU, MATH = "русский язык", "математика"
# (year, assessment, subject, level, metric, value): seed 004 Блок 1.
_VPR = {
    KRASNOYARSK: ((3.58, 3.56), (3.33, 3.4), (3.61, 3.66)),
    NAGOLNOE: ((3.16, 3.57), (3.55, 3.53), (4.0, 3.54)),
    SEMICHNOE: ((3.4, 3.5), (3.6, 3.43), (3.61, 3.56)),
}
_OGE = {  # 2019 and 2021: no ОГЭ in 2020
    KRASNOYARSK: ((3.84, 4), (3.2, 3.33)),
    NAGOLNOE: ((3.4, 4.2), (3.38, 3.75)),
    SEMICHNOE: ((3.83, 4), (3.33, 3.33)),
}
_EXAMS = {
    KRASNOYARSK: [
        (2019, "ЕГЭ", RU, None, "mean_score", 51),
        (2019, "ЕГЭ", MATH, "базовая", "mean_mark", 3.2),
        (2019, "ЕГЭ", MATH, "профильная", "mean_score", 50),
        (2020, "ЕГЭ", RU, None, "mean_score", 73),
    ],
    NAGOLNOE: [
        (2019, "ЕГЭ", RU, None, "mean_score", 49),
        (2019, "ЕГЭ", MATH, "базовая", "mean_mark", 3),
        (2019, "ЕГЭ", MATH, "профильная", "mean_score", 50),
        (2021, "ЕГЭ", RU, None, "mean_score", 67),
        (2021, "ЕГЭ", MATH, "профильная", "mean_score", 45),
        (2021, "ГВЭ", RU, None, "mean_mark", 3),
        (2021, "ГВЭ", MATH, None, "mean_mark", 3),
    ],
    SEMICHNOE: [
        (2019, "ЕГЭ", RU, None, "mean_score", 38),
        (2019, "ЕГЭ", MATH, "базовая", "mean_mark", 3),
        (2020, "ЕГЭ", RU, None, "mean_score", 46.3),
        (2020, "ЕГЭ", MATH, "профильная", "mean_score", 24.7),
        (2021, "ГВЭ", RU, None, "mean_mark", 3.5),
        (2021, "ГВЭ", MATH, None, "mean_mark", 3.5),
    ],
}
# «Качество знаний», % by academic year; Семиченская also counts «Количество неуспевающих».
QUALITY = {
    KRASNOYARSK: {"2019/2020": 40, "2020/2021": 50},
    NAGOLNOE: {"2019/2020": 30},
    SEMICHNOE: {"2020/2021": 60},
}
LEFT_ON = date(2021, 8, 31)
LEFT_GROUNDS = "Стабильные результаты ВПР, ОГЭ.\nНалажено взаимодействие со школой – наставником."
DONE_RESULT = "Получили удостоверение 3 педагога (математика, физика, русский язык)."
TEACHER_RESULT = "Рост учебной мотивации в 7 классе"
DIRECTOR_RESULT = "Проведён малый педсовет по итогам семинара"
FORUM = "IV региональный форум «Эффективной школе — успешный педагог»"


def results_of(code: str) -> list[tuple]:
    rows = []
    for year, (ru, math) in zip((2019, 2020, 2021), _VPR[code], strict=True):
        rows += [(year, "ВПР", RU, None, "mean_mark", ru), (year, "ВПР", MATH, None, "mean_mark", math)]
    for year, (ru, math) in zip((2019, 2021), _OGE[code], strict=True):
        rows += [(year, "ОГЭ", RU, None, "mean_mark", ru), (year, "ОГЭ", MATH, None, "mean_mark", math)]
    return rows + _EXAMS[code]


def _plan(store: Store, school_id: str, code: str) -> None:
    """Красноярская: a done measure with diaries, one without a date or result, one cancelled,
    one of 2017; Нагольненская: one done measure; Семиченская keeps no programme."""
    if code == SEMICHNOE:
        return
    programme = create_programme(
        store,
        school_id,
        PassportData(title="Программа перехода в эффективный режим", year_from=2019, year_to=2024),
    )
    section = add_section(store, programme.id, "Кадровое обеспечение")
    done = add_activity(
        store,
        section,
        ActivityData(
            title="Обучение педагогов на курсе «Школа современного учителя»",
            deadline_text="2020-2021 гг.",
            due_date=date(2021, 5, 31),
            status="done",
            done_on=date(2021, 5, 20),
            actual_result=DONE_RESULT,
        ),
        today=TODAY,
    )
    if code != KRASNOYARSK:
        return
    for data in (
        ActivityData(
            title="Консультации для родителей", deadline_text="в течение года", status="in_progress"
        ),
        ActivityData(title="Отменённая поездка", deadline_text="май 2021", status="cancelled"),
        ActivityData(
            title="Семинар 2017 года", due_date=date(2017, 5, 10), status="done", done_on=date(2017, 5, 10)
        ),
    ):
        add_activity(store, section, data, today=TODAY)
    teacher = add_staff(store, school_id, StaffData(full_name="Петрова Анна Сергеевна", position="учитель"))
    seminar = school_diary.create(
        store,
        school_id,
        EventData(
            title="Практический семинар «Учитель-фасилитатор»",
            form="семинар",
            level="municipal",
            date_from=date(2021, 3, 18),
            participant_ids=[teacher.id],
            activity_ids=[done.id],
        ),
        today=TODAY,
    )
    school_diary.create(
        store,
        school_id,
        EventData(
            title=FORUM,
            form="форум",
            level="regional",
            date_from=date(2020, 11, 12),
            participant_ids=[teacher.id],
            key_elements="Наставничество молодых педагогов",
        ),
        today=TODAY,
    )
    school_diary.create(
        store, school_id, EventData(title="Семинар 2016 года", date_from=date(2016, 1, 10)), today=TODAY
    )
    teacher_diary.create(
        store,
        school_id,
        TeacherEntryData(
            staff_id=teacher.id,
            entry_date=date(2021, 4, 2),
            methods="Групповая работа",
            results=TEACHER_RESULT,
            event_ids=[seminar],
            activity_ids=[done.id],
        ),
        today=TODAY,
    )
    director_diary.create(
        store,
        school_id,
        DirectorEntryData(
            entry_date=date(2021, 4, 10),
            form_of_use="Малый педсовет",
            results=DIRECTOR_RESULT,
            activity_ids=[done.id],
        ),
        today=TODAY,
    )


def _indicators(store: Store, school_id: str, code: str) -> None:
    quality = add_indicator(
        store, school_id, IndicatorData(name="Качество знаний", criterion="Качество образования")
    )
    for year, value in QUALITY[code].items():
        set_value(store, quality.id, year, None, value)
    if code == SEMICHNOE:
        failing = add_indicator(
            store,
            school_id,
            IndicatorData(name="Количество неуспевающих", criterion="Качество образования", unit="чел."),
        )
        set_value(store, failing.id, "2020/2021", None, 2)


def _survey(store: Store, school_id: str, code: str) -> None:
    """Красноярская: 4 sheets all «1» (May 2020), 4 all «2» (May 2021); Нагольненская: 3 sheets
    all «0», then only 2 sheets (too few to show sections); Семиченская: no questionnaire."""
    plan = {KRASNOYARSK: ((1, 4), (2, 4)), NAGOLNOE: ((0, 3), (2, 2))}.get(code)
    if plan is None:
        return
    template = next(t for t in list_templates(store) if t.code == "est-li-izmeneniya")
    for (answer, sheets), (title, held_on) in zip(
        plan, (("Май 2020", date(2020, 5, 20)), ("Май 2021", date(2021, 5, 20))), strict=True
    ):
        info = create_round(store, school_id, RoundData(template.id, title, held_on, "sheets"))
        for _ in range(sheets):
            add_sheet(store, info.id, {item: answer for item in template.item_ids()})
        set_round_closed(store, info.id, True)


SchoolExtra = Callable[[Store, str, str], None]  # (the school's store, its id, its code)


def make_school(folder: Path, code: str, extra: SchoolExtra | None = None) -> Store:
    store = Store.open(folder)
    init_school(store, code, SCHOOLS[code], MUNICIPALITY)
    school_id = own_school(store).id
    update_card(store, school_id, is_shnor=True)
    for year, assessment, subject, level, metric, value in results_of(code):
        add_result(store, school_id, ResultData(year, assessment, subject, None, level, metric, value))
    _plan(store, school_id, code)
    _indicators(store, school_id, code)
    _survey(store, school_id, code)
    if extra is not None:
        extra(store, school_id, code)
    return store


def build_office(root: Path, place: Callable[[Path], Path] = Path, extra: SchoolExtra | None = None) -> Store:
    """The office with the three schools' packages imported; Красноярская left the programme.

    `place` (conftest's on_backend) may put the office's database on a PostgreSQL server;
    `extra` adds a test's own records to each school before it sends its package.
    """
    office = Store.open(place(root / "office"))
    init_municipality(office, OFFICE_NAME)
    keys.ensure_keys(office)
    for code in SCHOOLS:
        school = make_school(root / f"school-{code}", code, extra)
        try:
            package = export_snapshot(school, root)
        finally:
            school.close()
        (result,) = import_packages(office, [package.path])
        assert result.status == "imported", result.reason
    for row in list_registry(office):
        if row.code == KRASNOYARSK:
            data = SchoolData(**{f.name: getattr(row, f.name) for f in fields(SchoolData)})
            update_school(office, row.id, replace(data, left_programme_on=LEFT_ON, left_grounds=LEFT_GROUNDS))
    return office
