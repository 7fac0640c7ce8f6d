"""A week of the three Kotelnikovo schools (tests/helpers/district_data.py) for «Новое во всех школах»:
each school's first package imported, the office's visit, then a second package from each, made
after changes the tests know one by one.

Красноярская writes a teacher diary entry (the office comments it, not yet sent), deletes its
director entry, finishes «Консультации для родителей» and asks for help; Нагольненская adds an
activity due in two days and gets, at a seminar it writes down, the help it asked for before
the visit; Семиченская sends again
having changed nothing; a fourth school, entered by hand, never sent a package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from app.core.store import Store
from app.diaries import EventData, TeacherEntryData, director_diary, school_diary, teacher_diary
from app.diaries.comments import add_comment
from app.office.registry import SchoolData, add_school
from app.programme.plan import ActivityData
from app.programme.plan_edit import add_activity, set_status
from app.school.installation import init_municipality, own_school
from app.support.support import NeedData, create_need, mark_received
from app.sync import keys
from app.sync.exchange import export_snapshot, import_packages
from db.models import DirectorDiaryEntry, PlanActivity, PlanSection, Staff
from tests.helpers.desk import backdate
from tests.helpers.district_data import KRASNOYARSK, NAGOLNOE, OFFICE_NAME, SCHOOLS, make_school

SILENT_SCHOOL = "МКОУ Пимено-Чернянская СШ"
ENTRY_METHODS = "Кейс-метод на уроках геометрии"
NEED = "Курсы по формированию функциональной грамотности"
MET_NEED = "Методическое сопровождение молодых педагогов"
DUE_ACTIVITY = "Открытые уроки молодых педагогов"
SEMINAR = "Семинар «Наставничество в сельской школе»"
PROVIDER = "Муниципальная методическая служба"
COMMENT = "Хорошая запись: пришлите, пожалуйста, план урока."


@dataclass
class District:
    office: Store
    schools: dict[str, Store]
    folder: Path
    visit: datetime  # the office's visit between the two packages
    ids: dict[str, str]  # what the second packages changed, by name: record ids at the school
    office_ids: dict[str, str]  # code → school id at the office

    def send(self, code: str) -> None:
        package = export_snapshot(self.schools[code], self.folder)
        (result,) = import_packages(self.office, [package.path])
        assert result.status == "imported", result.reason

    def close(self) -> None:
        for store in self.schools.values():
            store.close()
        self.office.close()


def _school_id(store: Store) -> str:
    return own_school(store).id


def _first_round(root: Path, place: Callable[[Path], Path]) -> District:
    office = Store.open(place(root / "office"))
    init_municipality(office, OFFICE_NAME)
    keys.ensure_keys(office)
    schools = {}
    with_need = None
    for code in SCHOOLS:
        school = make_school(root / f"school-{code}", code)
        if code == NAGOLNOE:
            with_need = create_need(
                school,
                _school_id(school),
                NeedData(content=MET_NEED, provider=PROVIDER, due_text="до 1 декабря"),
            )
        backdate(school)  # typed long before the first package (stamps are whole seconds)
        schools[code] = school
    district = District(office, schools, root, datetime.now(UTC), {"met_need": with_need}, {})
    for code in SCHOOLS:
        district.send(code)
    district.office_ids = _office_ids(office)
    return district


def _office_ids(office: Store) -> dict[str, str]:
    from app.office.registry import list_registry

    return {row.code: row.id for row in list_registry(office)}


def build_week(root: Path, place: Callable[[Path], Path] = Path) -> District:
    """Both rounds: `visit` lies between them; the office then comments the new teacher entry."""
    district = _first_round(root, place)
    district.visit = datetime.now(UTC)
    add_school(district.office, SchoolData(code="3404", name=SILENT_SCHOOL))
    today = date.today()

    kras = district.schools[KRASNOYARSK]
    kras_id = _school_id(kras)
    with kras.session() as s:
        teacher_id = s.scalars(select(Staff.id)).one()
        director_entry = s.scalars(select(DirectorDiaryEntry.id)).one()
        consultations = s.scalars(
            select(PlanActivity.id).where(PlanActivity.title.like("Консультации%"))
        ).one()
    entry = teacher_diary.create(
        kras,
        kras_id,
        TeacherEntryData(staff_id=teacher_id, entry_date=today, methods=ENTRY_METHODS),
        today=today,
    )
    director_diary.delete(kras, director_entry)
    set_status(
        kras, consultations, "done", done_on=today, actual_result="Проведено 3 консультации", today=today
    )
    need = create_need(kras, kras_id, NeedData(content=NEED, provider=PROVIDER, due_text="до 1 декабря"))

    nag = district.schools[NAGOLNOE]
    with nag.session() as s:
        section_id = s.scalars(select(PlanSection.id)).one()
    due = add_activity(
        nag, section_id, ActivityData(title=DUE_ACTIVITY, due_date=today + timedelta(days=2)), today=today
    )
    seminar = school_diary.create(
        nag,
        _school_id(nag),
        EventData(title=SEMINAR, form="семинар", level="municipal", date_from=today),
        today=today,
    )
    mark_received(nag, district.ids["met_need"], [seminar])

    for code in SCHOOLS:
        district.send(code)
    comment = add_comment(district.office, "teacher_diary", entry, COMMENT, "Методист").id
    district.ids.update(
        entry=entry,
        director_entry=director_entry,
        consultations=consultations,
        need=need,
        due=due.id,
        comment=comment,
        seminar=seminar,
    )
    return district
