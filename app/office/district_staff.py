"""«Педагоги района»: seed 001's analysis of the teaching staff for the whole district («Общее
количество учителей составляет 268 человек, из них в возрасте до 35 лет – 55 человек»), counted
from the staff records the schools sent, with each school's own figures beside it.

The rules of what counts are app/school/staff_analysis's, the same as at a school; the district's
figures are those of all the chosen schools' teachers taken together (so its shares are weighted
by the schools' numbers of teachers). A school that sent no staff list is named, not counted as
a school without teachers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.core.store import Store
from app.office.district import SchoolRef, choose
from app.office.district_vpr import require_office
from app.programme.academic_years import shift_year
from app.reports.data_years import last_data_year, year_end
from app.school.staff_analysis import StaffAnalysis, active_staff, analysis_of, course_takers, course_window


@dataclass(frozen=True)
class SchoolStaff:
    school: SchoolRef
    analysis: StaffAnalysis


@dataclass
class DistrictStaff:
    academic_year: str  # the staff is counted on 31 August of it (not later than today)
    total: StaffAnalysis  # all the chosen schools' teachers together
    schools: list[SchoolStaff]  # the schools that sent a staff list
    silent: list[SchoolRef]  # sent no active staff member

    def gaps(self) -> list[str]:
        if not self.silent:
            return []
        return [
            "Не прислали списка педагогов (в пакете школы нет работающих сотрудников): "
            + ", ".join(f"{s.name} ({s.code})" for s in self.silent)
            + ". Эти школы не вошли в итоги района."
        ]


def staff_years(store: Store, today: date | None = None, count: int = 6) -> list[str]:
    """The academic years a page offers, newest first: up to the last one the records reach."""
    last = last_data_year(store, None, today)
    return [shift_year(last, -n) for n in range(count)]


def district_staff(
    store: Store,
    codes: Sequence[str] | None = None,
    academic_year: str | None = None,
    today: date | None = None,
) -> DistrictStaff:
    """The district's staff analysis as on the end of `academic_year` (by default the last one
    the schools' records reach), and each school's."""
    require_office(store, "Анализ педагогов района")
    today = today or date.today()
    choice = choose(store, codes, None, today)
    year = academic_year or last_data_year(store, None, today)
    since, reference = course_window(min(year_end(year), today))
    ids = choice.school_ids
    people = active_staff(store, ids)
    taken = course_takers(store, ids, since, reference)
    by_school = defaultdict(list)
    for person in people:
        by_school[person.school_id].append(person)
    schools = [
        SchoolStaff(ref, analysis_of(by_school[ref.id], taken, reference))
        for ref in choice.schools
        if by_school.get(ref.id)
    ]
    silent = [ref for ref in choice.schools if not by_school.get(ref.id)]
    return DistrictStaff(year, analysis_of(people, taken, reference), schools, silent)
