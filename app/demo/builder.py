"""Rows from a demo's content (resources/demo/*.json), shared by the demo school and the office's
demo: loading the content, refusing a folder that already holds a database, and `DemoBuilder`, which
turns staff, programme, events, diaries, needs, questionnaire rounds (their sheets drawn with a fixed
seed) and indicators into rows of one session.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import paths
from app.core.errors import UserError
from app.surveys.builtin_templates import ensure_builtin_templates
from db.base import new_id
from db.models import (
    CatalogEvent,
    CuratorComment,
    DirectorDiaryActivity,
    DirectorDiaryEntry,
    DirectorDiaryEvent,
    Event,
    EventActivity,
    EventParticipant,
    ExamResult,
    Indicator,
    IndicatorValue,
    Installation,
    PlanActivity,
    PlanSection,
    Programme,
    Recommendation,
    School,
    Staff,
    SupportNeed,
    SupportNeedActivity,
    SupportNeedEvent,
    SupportNeedOffer,
    SurveyResponse,
    SurveyRound,
    SurveyTemplate,
    TeacherDiaryActivity,
    TeacherDiaryEntry,
    TeacherDiaryEvent,
)

COMMENT_DELAY_DAYS = 7  # a curator's comment on the demo's records comes a week after them
STAFF_FIELDS = (
    "full_name position subjects category education birth_year experience_years "
    "in_pos has_iprp has_tutor teaches_by_diploma active"
).split()
PROGRAMME_TEXT_FIELDS = "title goal indicators_text expected_results developers executors".split()
PROGRAMME_OPTIONAL_FIELDS = "head participants grounds stages".split()  # not every demo fills them
ACTIVITY_TEXT_FIELDS = (
    "title deadline_text responsible expected_result control_form status actual_result".split()
)
EVENT_TEXT_FIELDS = "title form organizer level participants_note key_elements program_elements_note".split()


def load_demo_data(file_name: str) -> dict:
    """A demo's content as shipped with the program (resources/demo/)."""
    return json.loads(paths.resource("demo", file_name).read_text(encoding="utf-8"))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def last_yearly_date(month_day: str, year_to: int) -> date:
    """The deadline of a yearly activity («ежегодно, май», `MM-DD`) in the programme's last year:
    the demo keeps the seeds' years, whatever today is, so a programme of 2020–2022 read in a later
    year is one that has ended, its unfinished activities not done in time — never due in a
    year after the programme."""
    month, day = (int(part) for part in month_day.split("-"))
    return date(year_to, month, day)


def written_after(day: date) -> datetime:
    """When the demo's curator wrote a comment on a record of `day`: a week later, at noon (UTC),
    so the comment sits in the data's own years, not on the day the demo was built."""
    return datetime.combine(day + timedelta(days=COMMENT_DELAY_DAYS), time(12), tzinfo=UTC)


def refuse_if_not_empty(session: Session) -> None:
    existing = session.scalars(select(Installation)).first()
    if existing is not None:
        name = existing.name
    elif (school := session.scalars(select(School)).first()) is not None:
        name = school.name
    else:
        return
    raise UserError(
        f"В этой папке данных уже есть база: «{name}». Демонстрационную базу можно создать "
        "только в пустой папке — выберите другую папку (--data-dir)."
    )


def demo_sheets(template: SurveyTemplate, spec: dict) -> tuple[list[dict], dict[str, list[int]]]:
    """`spec["sheets"]` answer sheets drawn with `spec["weights"]` per section, and the counts of
    each answer per item."""
    levels = len(template.scale)
    # A fixed seed: every demo database gets the same answers.
    rng = random.Random(spec["seed"])
    weights = spec["weights"]
    sheets = []
    for _ in range(spec["sheets"]):
        answers = {}
        for number, section in enumerate(template.sections, 1):
            chances = weights.get(str(number), weights["default"])
            for item in section["items"]:
                skipped = rng.random() < 0.04
                answers[item["id"]] = None if skipped else rng.choices(range(levels), weights=chances)[0]
        sheets.append(answers)
    item_ids = [item["id"] for section in template.sections for item in section["items"]]
    counts = {item_id: [0] * levels for item_id in item_ids}
    for answers in sheets:
        for item_id, value in answers.items():
            if value is not None:
                counts[item_id][value] += 1
    return sheets, counts


class DemoBuilder:
    """The demo's local keys (staff, activity numbers, events) mapped to new row ids; with
    `school_id` None it builds the office's own programme and catalogue."""

    def __init__(self, session: Session, school_id: str | None, office_id: str | None):
        self.s = session
        self.school_id = school_id
        self.office_id = office_id
        self.staff: dict[str, str] = {}
        self.activities: dict[str, str] = {}
        self.catalog: dict[str, str] = {}
        self.events: dict[str, str] = {}
        self.entries: dict[str, str] = {}
        self.days: dict[tuple[str, str], date] = {}  # ("events" or "entries", key) → the record's date

    def _add(self, cls, **fields):
        row = cls(id=new_id(), **fields)
        self.s.add(row)
        return row

    def _link(self, cls, **fields) -> None:
        self.s.add(cls(**fields))

    def build(self, data: dict) -> None:
        # Flushes keep parent rows ahead of the links to them; the parts taken by .get are optional.
        self.add_staff(data["staff"])
        programme = self.add_programme(data["programme"], data["sections"])
        self.add_catalog(data.get("catalog", []))
        self.s.flush()
        self.add_events(data.get("events", []))
        self.s.flush()
        self.add_diaries(data.get("teacher_diary", []), data.get("director_diary", []))
        self.add_support_needs(programme, data.get("support_needs", []))
        ensure_builtin_templates(self.s)
        share = self.add_survey(data["survey"]) if "survey" in data else None
        self.add_indicators(programme, data.get("indicators", []), share)
        self.add_exam_results(data["exam_results"])
        self.add_office_feedback(data)
        self.s.flush()

    def add_staff(self, people: list[dict]) -> None:
        for person in people:
            fields = {k: person[k] for k in STAFF_FIELDS if k in person}
            self.staff[person["key"]] = self._add(Staff, school_id=self.school_id, **fields).id

    def add_programme(self, passport: dict, sections: list[dict]) -> Programme:
        programme = self._add(
            Programme,
            school_id=self.school_id,
            year_from=passport["year_from"],
            year_to=passport["year_to"],
            tasks=list(passport["tasks"]),
            approved_on=_day(passport.get("approved_on")),
            is_current=True,
            **{k: passport[k] for k in PROGRAMME_TEXT_FIELDS},
            **{k: passport.get(k, "") for k in PROGRAMME_OPTIONAL_FIELDS},
        )
        self.s.flush()
        for position, section in enumerate(sections):
            row = self._add(
                PlanSection,
                school_id=self.school_id,
                program_id=programme.id,
                number=section["number"],
                position=position,
                title=section["title"],
            )
            self.s.flush()
            for order, item in enumerate(section["activities"]):
                due = _day(item.get("due_date"))
                if "due_next" in item:
                    due = last_yearly_date(item["due_next"], programme.year_to)
                activity = self._add(
                    PlanActivity,
                    school_id=self.school_id,
                    program_id=programme.id,
                    section_id=row.id,
                    number=item["number"],
                    position=order,
                    due_date=due,
                    done_on=_day(item.get("done_on")),
                    **{k: item.get(k, "") for k in ACTIVITY_TEXT_FIELDS},
                )
                self.activities[item["number"]] = activity.id
        return programme

    def add_catalog(self, items: list[dict]) -> None:
        for item in items:
            row = self._add(
                CatalogEvent,
                municipality_id=self.office_id,
                title=item["title"],
                form=item["form"],
                organizer=item["organizer"],
                level=item["level"],
                date_from=_day(item.get("date_from")),
                date_to=_day(item.get("date_to")),
                key_elements=item["key_elements"],
            )
            self.catalog[item["key"]] = row.id

    def add_events(self, events: list[dict]) -> None:
        for item in events:
            event = self._add(
                Event,
                school_id=self.school_id,
                date_from=_day(item["date_from"]),
                date_to=_day(item.get("date_to")),
                catalog_event_id=self.catalog[item["catalog"]] if "catalog" in item else None,
                **{k: item.get(k, "") for k in EVENT_TEXT_FIELDS},
            )
            self.events[item["key"]] = event.id
            self.days["events", item["key"]] = event.date_to or event.date_from
        self.s.flush()
        for item in events:
            event_id = self.events[item["key"]]
            for person in item["participants"]:
                self._link(EventParticipant, event_id=event_id, staff_id=self.staff[person])
            for number in item["activities"]:
                self._link(EventActivity, event_id=event_id, activity_id=self.activities[number])

    def add_diaries(self, teacher: list[dict], director: list[dict]) -> None:
        links = []
        for item in teacher:
            entry = self._add(
                TeacherDiaryEntry,
                school_id=self.school_id,
                staff_id=self.staff[item["staff"]],
                entry_date=_day(item["entry_date"]),
                methods=item["methods"],
                where_used=item["where_used"],
                results=item["results"],
                teacher_comment=item["teacher_comment"],
            )
            self.entries[item["key"]] = entry.id
            self.days["entries", item["key"]] = entry.entry_date
            links.append((TeacherDiaryEvent, TeacherDiaryActivity, entry.id, item))
        for item in director:
            entry = self._add(
                DirectorDiaryEntry,
                school_id=self.school_id,
                entry_date=_day(item["entry_date"]),
                form_of_use=item["form_of_use"],
                where_used=item["where_used"],
                results=item["results"],
                director_comment=item["director_comment"],
            )
            self.entries[item["key"]] = entry.id
            self.days["entries", item["key"]] = entry.entry_date
            links.append((DirectorDiaryEvent, DirectorDiaryActivity, entry.id, item))
        self.s.flush()
        for event_link, activity_link, entry_id, item in links:
            for key in item["events"]:
                self._link(event_link, entry_id=entry_id, event_id=self.events[key])
            for number in item["activities"]:
                self._link(activity_link, entry_id=entry_id, activity_id=self.activities[number])

    def add_support_needs(self, programme: Programme, needs: list[dict]) -> None:
        """«Карта поддержки»; `due_next` is yearly (in the programme's last year); `offers` come
        from the office."""
        rows = []
        for item in needs:
            due = last_yearly_date(item["due_next"], programme.year_to) if "due_next" in item else None
            need = self._add(
                SupportNeed,
                school_id=self.school_id,
                program_id=programme.id,
                task=programme.tasks[item["task"]],
                level=item["level"],
                content=item["content"],
                provider=item["provider"],
                due_text=item["due_text"],
                due_date=due or _day(item.get("due_date")),
                status=item["status"],
            )
            rows.append((need.id, item))
        self.s.flush()
        for need_id, item in rows:
            for number in item["activities"]:
                self._link(SupportNeedActivity, need_id=need_id, activity_id=self.activities[number])
            for key in item["events"]:
                self._link(SupportNeedEvent, need_id=need_id, event_id=self.events[key])
            for key in item.get("offers", []):
                self._link(SupportNeedOffer, need_id=need_id, catalog_event_id=self.catalog[key])

    def add_survey(self, spec: dict) -> float | None:
        """Closed rounds of anonymous sheets, the earlier showing less change; returns the
        share (%) of the top answer in the last round."""
        template = self.s.scalars(
            select(SurveyTemplate).where(
                SurveyTemplate.code == spec["template"], SurveyTemplate.version == spec["version"]
            )
        ).one()
        share = None
        for round_spec in spec["rounds"]:
            share = self._add_round(template, round_spec)
        return share

    def _add_round(self, template: SurveyTemplate, spec: dict) -> float | None:
        sheets, counts = demo_sheets(template, spec)
        survey = self._add(
            SurveyRound,
            school_id=self.school_id,
            template_id=template.id,
            title=spec["title"],
            held_on=_day(spec["held_on"]),
            source="sheets",
            closed=True,
            respondents=len(sheets),
            counts=counts,
        )
        self.s.flush()
        # Sheets are stored sorted by their answers, so not even row order recalls who came first.
        for answers in sorted(sheets, key=lambda a: [-1 if v is None else v for v in a.values()]):
            self._add(SurveyResponse, round_id=survey.id, answers=answers)
        answered = sum(sum(c) for c in counts.values())
        top = sum(c[-1] for c in counts.values())
        return round(100 * top / answered, 1) if answered else None

    def add_indicators(self, programme: Programme, indicators: list[dict], share: float | None) -> None:
        rows = []
        for position, item in enumerate(indicators):
            indicator = self._add(
                Indicator,
                school_id=self.school_id,
                program_id=programme.id,
                criterion=item["criterion"],
                name=item["name"],
                unit=item["unit"],
                higher_is_better=item.get("higher_is_better", True),
                position=position,
            )
            rows.append((indicator.id, item))
        self.s.flush()
        for indicator_id, item in rows:
            for year, (target, actual) in item["values"].items():
                if item.get("from_survey") == year:
                    actual = share
                self._add(
                    IndicatorValue,
                    indicator_id=indicator_id,
                    academic_year=year,
                    target=target,
                    actual=actual,
                )

    def add_exam_results(self, results: list[dict]) -> None:
        # Seed 004 Блок 1, school-level averages (grade NULL). Where the seed shows «-»
        # (ОГЭ 2020) or 0 (ЕГЭ 2020: nobody sat the exam) nothing is stored: a 0 would
        # read as a real average and pull the dynamics down.
        for item in results:
            self._add(
                ExamResult,
                school_id=self.school_id,
                year=item["year"],
                assessment=item["assessment"],
                subject=item["subject"],
                grade=None,
                level=item.get("level"),
                metric=item["metric"],
                value=float(item["value"]),
                note=item.get("note", ""),
            )

    def add_office_feedback(self, data: dict) -> None:
        """What the office sent back: curator comments and «Адресные рекомендации»."""
        for item in data.get("curator_comments", []):
            kind = "events" if item["target"] == "events" else "entries"
            target_id = (self.events if kind == "events" else self.entries)[item["ref"]]
            written = written_after(self.days[kind, item["ref"]])
            self._add(
                CuratorComment,
                school_id=self.school_id,
                target=item["target"],
                target_id=target_id,
                text=item["text"],
                author=data["curator"],
                created_at=written,
                updated_at=written,
            )
        if (rec := data.get("recommendation")) is None:
            return
        self._add(
            Recommendation,
            school_id=self.school_id,
            title=rec["title"],
            text=rec["text"],
            issued_on=_day(rec["issued_on"]),
            due_date=_day(rec["due_date"]) if rec.get("due_date") else None,
            activity_hint=rec.get("activity_hint", ""),
        )
