"""Seed 001's analysis of the teaching staff, counted from the staff records, not typed.

What counts:
- a teacher is an active staff member (not deleted, not marked as left) who has at least one
  subject or whose position contains «учитель»; the director or a deputy who teaches counts;
- ages are counted from the birth year: age = the reference year − the birth year; «до 35
  лет» is an age under 35, «старше 55 лет» an age over 55; people without a birth year are
  in neither and are counted apart (the same for education, category and experience);
- «высшая или первая категория»: category «высшая» or «первая»;
- «стаж более 20 лет»: more than 20 years of teaching experience;
- КПК coverage: teachers who took part (as a participant) in at least one live event of
  «Дневник школы», of any form and level, that ended (or, without an end date, began) within
  the three years up to the reference date;
- by subject: «русский язык и литература» — teachers with «русский язык» or «литература»
  among their subjects; «математика» — with «математика», «алгебра» or «геометрия».
Shares are of all teachers (of the subject's teachers in the table by subject).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from app.core.dates import format_day
from app.core.numbers import format_number
from app.core.store import Store
from app.core.text import fold
from app.programme.subjects import SUBJECTS, normalize_subject
from db.models import Event, EventParticipant, Staff

YOUNG_AGE = 35  # «в возрасте до 35 лет»: younger than this
OLD_AGE = 55  # «старше 55 лет»: older than this
LONG_EXPERIENCE = 20  # «стаж работы более 20 лет»: more than this
COURSE_YEARS = 3  # КПК «за последние три года»
TOP_CATEGORIES = ("высшая", "первая")

# The two subject groups of seed 001's table, with the subjects that put a teacher in each.
SUBJECT_GROUPS = (
    ("Русский язык и литература", ("русский язык", "литература")),
    ("Математика", ("математика", "алгебра", "геометрия")),
)


@dataclass(frozen=True)
class Share:
    """`count` of `total`, and the percentage (None when there is nobody to count)."""

    count: int
    total: int

    @property
    def percent(self) -> float | None:
        return 100 * self.count / self.total if self.total else None

    @property
    def percent_text(self) -> str:
        """«65,6» (one decimal at most), «» when there is nobody."""
        return format_number(self.percent, max_decimals=1)


@dataclass(frozen=True)
class SubjectStaff:
    """One row of seed 001's «Качественный состав учителей русского языка и математики»."""

    label: str
    teachers: int
    top_category: Share
    courses: Share
    over_55: Share


@dataclass
class StaffAnalysis:
    reference: date  # ages and the three years of КПК are counted up to this day
    courses_since: date  # the first day of those three years
    staff: int  # active staff members on the list
    teachers: int
    under_35: Share
    higher_education: Share
    top_category: Share
    experience_over_20: Share
    over_55: Share
    courses: Share
    iprp: Share
    in_pos: Share
    tutor: Share
    by_diploma: Share
    by_subject: list[SubjectStaff] = field(default_factory=list)
    # Every subject the teachers teach, as app/programme/subjects spells it (a teacher of two
    # subjects is in both rows).
    by_every_subject: list[SubjectStaff] = field(default_factory=list)
    # Teachers without a birth year, education, category or experience on their record.
    unknown: dict[str, int] = field(default_factory=dict)


def is_teacher(person: Staff) -> bool:
    return bool([s for s in person.subjects or [] if str(s).strip()]) or "учитель" in fold(person.position)


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def course_takers(store: Store, school_ids: str | Sequence[str], since: date, until: date) -> set[str]:
    """Staff ids that took part in a live «Дневник школы» event of the school(s) ending between
    the two days."""
    ids = [school_ids] if isinstance(school_ids, str) else list(school_ids)
    ended = func.coalesce(Event.date_to, Event.date_from)
    with store.session() as s:
        rows = s.scalars(
            select(EventParticipant.staff_id)
            .join(Event, Event.id == EventParticipant.event_id)
            .where(
                Event.school_id.in_(ids),
                Event.deleted_at.is_(None),
                ended >= since,
                Event.date_from <= until,
            )
            .distinct()
        )
        return set(rows)


def course_window(reference: date | None) -> tuple[date, date]:
    """(the first day of the three years of КПК, the reference day: today by default)."""
    reference = reference or date.today()
    return years_before(reference, COURSE_YEARS) + timedelta(days=1), reference


def active_staff(store: Store, school_ids: Sequence[str]) -> list[Staff]:
    """The active staff members of the schools (detached from the session)."""
    with store.session() as s:
        people = list(
            s.scalars(
                select(Staff).where(
                    Staff.school_id.in_(list(school_ids)), Staff.deleted_at.is_(None), Staff.active.is_(True)
                )
            )
        )
        s.expunge_all()
    return people


def analyse_staff(store: Store, school_id: str, reference: date | None = None) -> StaffAnalysis:
    """The staff analysis of the school as on `reference` (today by default)."""
    return analyse_schools(store, [school_id], reference)


def analyse_schools(store: Store, school_ids: Sequence[str], reference: date | None = None) -> StaffAnalysis:
    """The staff analysis of several schools' staff taken together (a district: seed 001's «Общее
    количество учителей составляет 268»), as on `reference`."""
    since, reference = course_window(reference)
    people = active_staff(store, school_ids)
    return analysis_of(people, course_takers(store, school_ids, since, reference), reference)


def analysis_of(people: list[Staff], taken: set[str], reference: date) -> StaffAnalysis:
    """The analysis of these staff members; `taken`: the ids of those with КПК in the window."""
    since, reference = course_window(reference)
    teachers = [p for p in people if is_teacher(p)]
    total = len(teachers)

    def share(test, among=teachers) -> Share:
        return Share(sum(1 for p in among if test(p)), len(among))

    def age(person: Staff) -> int | None:
        return None if person.birth_year is None else reference.year - person.birth_year

    def over_55(p: Staff) -> bool:
        return age(p) is not None and age(p) > OLD_AGE  # type: ignore[operator]

    def top(p: Staff) -> bool:
        return p.category in TOP_CATEGORIES

    def took_courses(p: Staff) -> bool:
        return p.id in taken

    def subject_row(label: str, group: list[Staff]) -> SubjectStaff:
        return SubjectStaff(
            label=label,
            teachers=len(group),
            top_category=share(top, group),
            courses=share(took_courses, group),
            over_55=share(over_55, group),
        )

    by_subject = [
        subject_row(label, [p for p in teachers if {fold(x) for x in p.subjects or []} & set(subjects)])
        for label, subjects in SUBJECT_GROUPS
    ]
    every: dict[str, list[Staff]] = {}
    for person in teachers:
        names = {normalize_subject(x) or " ".join(fold(x).split()) for x in person.subjects or []}
        for name in sorted(n for n in names if n):
            every.setdefault(name, []).append(person)
    by_every_subject = [
        subject_row(name, group)
        for name, group in sorted(every.items(), key=lambda item: (_subject_order(item[0]), item[0]))
    ]
    return StaffAnalysis(
        reference=reference,
        courses_since=since,
        staff=len(people),
        teachers=total,
        under_35=share(lambda p: age(p) is not None and age(p) < YOUNG_AGE),
        higher_education=share(lambda p: p.education == "высшее"),
        top_category=share(top),
        experience_over_20=share(
            lambda p: p.experience_years is not None and p.experience_years > LONG_EXPERIENCE
        ),
        over_55=share(over_55),
        courses=share(took_courses),
        iprp=share(lambda p: p.has_iprp),
        in_pos=share(lambda p: p.in_pos),
        tutor=share(lambda p: p.has_tutor),
        by_diploma=share(lambda p: p.teaches_by_diploma),
        by_subject=by_subject,
        by_every_subject=by_every_subject,
        unknown={
            "birth_year": sum(1 for p in teachers if p.birth_year is None),
            "education": sum(1 for p in teachers if p.education is None),
            "category": sum(1 for p in teachers if p.category is None),
            "experience_years": sum(1 for p in teachers if p.experience_years is None),
        },
    )


def _subject_order(subject: str) -> int:
    return SUBJECTS.index(subject) if subject in SUBJECTS else len(SUBJECTS)


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian form for `n`: 1 учитель, 2 учителя, 5 учителей (11–14 take «many»)."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def people(n: int) -> str:
    return f"{n} {plural(n, 'человек', 'человека', 'человек')}"


def teachers_word(n: int) -> str:
    return f"{n} {plural(n, 'учитель', 'учителя', 'учителей')}"


def _pct(share: Share) -> str:
    return f"{share.percent_text}%" if share.total else "—"


def analysis_text(a: StaffAnalysis) -> list[str]:
    """The analysis in words, in the manner of seed 001 («… из них в возрасте до 35 лет – 55
    человек (20,37%)»), one paragraph per list item."""
    if not a.teachers:
        return [
            "В списке педагогов нет ни одного работающего учителя (учитель — сотрудник, у которого "
            "указан предмет или в должности есть слово «учитель»). Заполните раздел «Педагоги»."
        ]
    n = a.teachers
    lines = [
        f"В списке педагогов {people(a.staff)}, из них учителей — {n}; "
        f"в возрасте до {YOUNG_AGE} лет — {people(a.under_35.count)} ({_pct(a.under_35)}). "
        f"{teachers_word(a.higher_education.count).capitalize()} ({_pct(a.higher_education)}) "
        "имеют высшее образование. "
        f"Высшую или первую квалификационную категорию имеют {people(a.top_category.count)}, что "
        f"составляет {_pct(a.top_category)}. "
        f"Стаж работы более {LONG_EXPERIENCE} лет имеют {teachers_word(a.experience_over_20.count)} "
        f"({_pct(a.experience_over_20)}). "
        f"Доля учителей старше {OLD_AGE} лет составляет {_pct(a.over_55)} ({people(a.over_55.count)}).",
        f"Курсы повышения квалификации за последние три года (участие в мероприятиях «Дневника "
        f"школы» с {format_day(a.courses_since)} по {format_day(a.reference)}) прошли "
        f"{teachers_word(a.courses.count)} — охват {_pct(a.courses)}.",
    ]
    subjects = []
    for row in a.by_subject:
        if row.teachers:
            subjects.append(
                f"{row.label.lower()} — {people(row.teachers)}, из них с высшей или первой "
                f"категорией {row.top_category.count} ({_pct(row.top_category)}), старше {OLD_AGE} "
                f"лет — {_pct(row.over_55)}"
            )
        else:
            subjects.append(f"{row.label.lower()} — учителей в списке нет")
    lines.append("По предметам: " + "; ".join(subjects) + ".")
    missing = {
        "birth_year": "год рождения",
        "education": "образование",
        "category": "категория",
        "experience_years": "стаж",
    }
    gaps = [f"{label} — у {a.unknown[key]}" for key, label in missing.items() if a.unknown.get(key)]
    if gaps:
        lines.append(
            "Не указаны в карточках педагогов: " + "; ".join(gaps) + ". Такие учителя не попали в "
            "соответствующие доли (посчитаны как не имеющие признака)."
        )
    return lines
