"""The district report's frame (seed 004): which schools and years it covers, and its header —
the municipality, the total number of ОО (entered by the office), the number of ШНОР (counted).

A year is the calendar year of the exams: «2021» is ВПР, ОГЭ, ЕГЭ of 2021 and the academic year
2020/2021 that ends with them; the period of a report is 01.09 of the year before its first
year to 31.08 of its last year. The blocks are in district_results, district_activities and
district_monitoring; all of them take a `DistrictChoice` from `choose()`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.errors import UserError, ValidationError
from app.core.store import Store
from db.models import ExamResult, Installation, Municipality, School

DEFAULT_YEARS = 3  # seed 004: three years side by side
MAX_YEARS = 6  # more would not fit Блок 1 on a landscape page
YEAR_MIN, YEAR_MAX = 2000, 2100
SCHOOLS_TOTAL_MAX = 100_000
_YEARS_RE = re.compile(r"^\s*(\d{4})\s*(?:[-–—]\s*(\d{4})\s*)?$")


@dataclass(frozen=True)
class SchoolRef:
    id: str
    code: str
    name: str
    is_shnor: bool = False


@dataclass(frozen=True)
class DistrictChoice:
    """The schools (registry order: by name) and the years a district report covers."""

    schools: tuple[SchoolRef, ...]
    years: tuple[int, ...]

    @property
    def school_ids(self) -> list[str]:
        return [s.id for s in self.schools]

    @property
    def all_shnor(self) -> bool:
        return all(s.is_shnor for s in self.schools)

    @property
    def period_start(self) -> date:
        return date(self.years[0] - 1, 9, 1)

    @property
    def period_end(self) -> date:
        return date(self.years[-1], 8, 31)

    @property
    def academic_years(self) -> list[str]:
        return [f"{y - 1}/{y}" for y in self.years]

    @property
    def years_text(self) -> str:
        first, last = self.years[0], self.years[-1]
        if first == last:
            return f"{first} год (учебный год {first - 1}/{first})"
        return f"{first}–{last} годы (учебные годы {first - 1}/{first} – {last - 1}/{last})"


# --- what the command line and the page give --------------------------------------------


def parse_years(text: str) -> tuple[int, ...]:
    """«2019-2021» → (2019, 2020, 2021); «2021» → (2021,). UserError says what is wrong."""
    match = _YEARS_RE.match(text or "")
    if not match:
        raise UserError(f"годы «{text}» не распознаны — укажите их как 2019-2021 или один год: 2021")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    return year_span(first, last)


def year_span(first: int, last: int) -> tuple[int, ...]:
    if not (YEAR_MIN <= first <= YEAR_MAX and YEAR_MIN <= last <= YEAR_MAX):
        raise UserError(f"годы отчёта — от {YEAR_MIN} до {YEAR_MAX}, а указано {first}–{last}")
    if first > last:
        raise UserError(f"первый год ({first}) позже последнего ({last}) — поменяйте их местами")
    if last - first + 1 > MAX_YEARS:
        raise UserError(
            f"в отчёт входит не больше {MAX_YEARS} лет подряд (иначе таблицы Блока 1 не поместятся "
            f"на лист), а указано {last - first + 1}: сократите период"
        )
    return tuple(range(first, last + 1))


def parse_codes(text: str) -> tuple[str, ...]:
    """«3410, 3411» (commas or semicolons between, spaces around them) → the codes, each once, in
    order. A space inside a value stays: «Красноярская СШ» is one value (not a code, as choose says)."""
    codes = [" ".join(c.split()) for c in re.split(r"[,;]", text or "")]
    codes = [c for c in codes if c]
    if not codes:
        raise UserError("после --schools нужны коды школ через запятую, например 3410,3411")
    return tuple(dict.fromkeys(codes))


# --- the choice ---------------------------------------------------------------------------


def registry_schools(store: Store) -> list[SchoolRef]:
    """Every school the office database holds, by name."""
    with store.session() as s:
        rows = s.execute(
            select(School.id, School.code, School.name, School.is_shnor).order_by(School.name, School.code)
        )
        return [SchoolRef(*row) for row in rows]


def codes_text(schools: Sequence[SchoolRef], limit: int = 20) -> str:
    """«3401 — МКОУ Красноярская СШ, 3402 — …»: the codes a user can type, with whose they are."""
    listed = ", ".join(f"{s.code} — {s.name}" for s in schools[:limit])
    return listed + (f" и ещё {len(schools) - limit}" if len(schools) > limit else "")


def unknown_codes_message(unknown: Sequence[str], known: Sequence[SchoolRef]) -> str:
    """What is said of codes the registry does not hold, with the codes it does hold."""
    quoted = ", ".join(f"«{c}»" for c in unknown)
    which = "школы с кодом" if len(unknown) == 1 else "школ с кодами"
    if not known:
        return f"В реестре нет {which} {quoted}: реестр пока пуст."
    return f"В реестре нет {which} {quoted}. Коды школ реестра: {codes_text(known)}."


def _require_office(store: Store) -> Installation:
    installation = store.installation()
    if installation is None:
        raise UserError("База пуста: управление ещё не настроено. Создайте базу командой init.")
    if installation.mode != "municipality":
        raise UserError(
            "Отчёт о реализации программ повышения качества образования печатается в базе "
            "управления образования: он собирает данные всех школ района, а это база одной школы. "
            "Для школы есть отчёты implementation и results."
        )
    return installation


def last_exam_year(today: date | None = None) -> int:
    """The latest year whose exams are over: this year from September on, else the last one."""
    today = today or date.today()
    return today.year if today.month >= 9 else today.year - 1


def default_years(store: Store, school_ids: Sequence[str], today: date | None = None) -> tuple[int, ...]:
    """The last DEFAULT_YEARS years up to the latest year with results (or the latest exams)."""
    with store.session() as s:
        latest = s.scalar(
            select(func.max(ExamResult.year)).where(
                ExamResult.school_id.in_(list(school_ids)), ExamResult.deleted_at.is_(None)
            )
        )
    last = latest or last_exam_year(today)
    return tuple(range(last - DEFAULT_YEARS + 1, last + 1))


def choose(
    store: Store,
    codes: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    today: date | None = None,
) -> DistrictChoice:
    """The schools by code (None: every school of the registry) and the years (None: the last
    three with results). Refused: a school mode database, an empty registry, an unknown code."""
    _require_office(store)
    known = registry_schools(store)
    if not known:
        raise UserError(
            "В реестре пока нет ни одной школы: примите пакеты школ (страница «Принять пакеты») "
            "или добавьте школы в «Реестре школ»."
        )
    if codes is None:
        chosen = known
    else:
        by_code = {s.code: s for s in known}
        unknown = [c for c in codes if c not in by_code]
        if unknown:
            raise UserError(unknown_codes_message(unknown, known))
        if not codes:
            raise UserError("Не выбрано ни одной школы: отметьте хотя бы одну.")
        wanted = set(codes)
        chosen = [s for s in known if s.code in wanted]
    ids = [s.id for s in chosen]
    chosen_years = year_span(min(years), max(years)) if years else default_years(store, ids, today)
    return DistrictChoice(tuple(chosen), chosen_years)


def exam_results_count(store: Store, choice: DistrictChoice) -> int:
    """How many exam results the chosen schools have in the chosen years (0: Блок 1 is all «-»)."""
    with store.session() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(ExamResult)
                .where(
                    ExamResult.school_id.in_(choice.school_ids),
                    ExamResult.year.in_(list(choice.years)),
                    ExamResult.deleted_at.is_(None),
                )
            )
            or 0
        )


# --- the header -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictHeader:
    district: str  # as printed: typed by the office, or the municipality its schools name
    district_typed: str  # what the office typed ("" = not typed)
    district_from_schools: str
    schools_total: int | None  # «Общее количество ОО»: entered by the office
    shnor: int  # «Количество школ с низкими образовательными результатами»: counted

    @property
    def lines(self) -> list[str]:
        total = str(self.schools_total) if self.schools_total is not None else "не указано"
        return [
            f"Наименование муниципального района: {self.district or 'не указано'}",
            f"Общее количество ОО в муниципальном районе: {total}",
            f"Количество школ с низкими образовательными результатами в муниципальном районе: {self.shnor}",
        ]


def _office_row(session: Session, installation: Installation, create: bool) -> Municipality | None:
    """The office's own row: the one with the installation's id (made on first save)."""
    row = session.get(Municipality, installation.id)
    if row is None and create:
        row = Municipality(id=installation.id, name=installation.name)
        session.add(row)
    return row


def _district_from_schools(session: Session) -> str:
    """The municipality most of the registry's schools name on their cards."""
    names = Counter(
        " ".join(m.split()) for m in session.scalars(select(School.municipality)) if m and m.strip()
    )
    return names.most_common(1)[0][0] if names else ""


def count_shnor(session: Session, start: date | None = None, end: date | None = None) -> int:
    """ШНОР of the registry that were in the programme at some time in [start, end]."""
    query = select(func.count()).select_from(School).where(School.is_shnor.is_(True))
    if end is not None:
        query = query.where((School.in_programme_since.is_(None)) | (School.in_programme_since <= end))
    if start is not None:
        query = query.where((School.left_programme_on.is_(None)) | (School.left_programme_on >= start))
    return session.scalar(query) or 0


def district_header(store: Store, choice: DistrictChoice | None = None) -> DistrictHeader:
    """The header lines; the ШНОР are counted over the choice's period (all of them without one)."""
    installation = _require_office(store)
    with store.session() as s:
        row = _office_row(s, installation, create=False)
        typed = row.district_name if row is not None else ""
        total = row.schools_total if row is not None else None
        derived = _district_from_schools(s)
        start, end = (choice.period_start, choice.period_end) if choice else (None, None)
        shnor = count_shnor(s, start, end)
    return DistrictHeader(typed or derived, typed, derived, total, shnor)


def check_header(district: str, schools_total: object) -> tuple[str, int | None]:
    """The name squeezed and the total parsed; ValidationError names the wrong field."""
    errors: dict[str, str] = {}
    name = " ".join(str(district or "").split())
    if len(name) > 300:
        errors["district"] = "Наименование района — не длиннее 300 знаков; сократите его."
    total: int | None = None
    text = str(schools_total).strip() if schools_total is not None else ""
    if text:
        if not text.isdigit():
            errors["schools_total"] = (
                f"Общее количество ОО — целое число без пробелов и букв (например, 20), а введено «{text}»."
            )
        elif int(text) > SCHOOLS_TOTAL_MAX:
            errors["schools_total"] = f"Общее количество ОО — не больше {SCHOOLS_TOTAL_MAX}; проверьте число."
        else:
            total = int(text)
    if errors:
        raise ValidationError(errors)
    return name, total


def save_district_header(store: Store, district: str, schools_total: object) -> DistrictHeader:
    """Keep what the office typed: the district's name ("" = from the schools) and the total of ОО
    («20», 20, or empty = not known). Bad input changes nothing."""
    name, total = check_header(district, schools_total)
    installation = _require_office(store)
    with store.session() as s:
        row = _office_row(s, installation, create=True)
        row.district_name = name
        row.schools_total = total
    return district_header(store)
