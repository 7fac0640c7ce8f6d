"""Random content for one school, made through the models, for the exchange round-trip tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import strategies as st
from sqlalchemy import select

from app.core.store import Store
from app.surveys.builtin_templates import ensure_builtin_templates
from app.surveys.survey_templates import Template
from app.surveys.surveys import count_sheets
from db.base import new_id
from db.enums import (
    ACTIVITY_STATUSES,
    ASSESSMENTS,
    CATEGORIES,
    EDUCATION,
    EVENT_LEVELS,
    EXAM_LEVELS,
    EXAM_METRICS,
    SUPPORT_LEVELS,
    SUPPORT_STATUSES,
)
from db.models import (
    DirectorDiaryActivity,
    DirectorDiaryEntry,
    DirectorDiaryEvent,
    Event,
    EventActivity,
    EventParticipant,
    ExamResult,
    Indicator,
    IndicatorValue,
    PlanActivity,
    PlanSection,
    Programme,
    School,
    Staff,
    SupportNeed,
    SupportNeedActivity,
    SupportNeedEvent,
    SurveyResponse,
    SurveyRound,
    SurveyTemplate,
    TeacherDiaryActivity,
    TeacherDiaryEntry,
    TeacherDiaryEvent,
)

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
TITLE = TEXT.filter(lambda t: t.strip() != "")
DAYS = st.dates(date(2015, 1, 1), date(2030, 12, 31))
YEARS = [f"{y}/{y + 1}" for y in range(2018, 2025)]
VALUE_RANGES = {"mean_mark": (0, 5), "mean_score": (0, 100)}


class SchoolFiller:
    """Random content for one school, added through the models in one session."""

    def __init__(self, draw, session, school_id: str):
        self.draw, self.s, self.school_id = draw, session, school_id
        self.now = datetime.now(UTC)

    def add(self, model, **values):
        row = model(id=new_id(), **values)
        self.s.add(row)
        return row

    def owned(self, model, gone: bool = False, **values):
        deleted = gone or self.draw(st.integers(0, 5)) == 0  # about one in six is in «Корзина»
        return self.add(model, school_id=self.school_id, deleted_at=self.now if deleted else None, **values)

    def some(self, items: list, most: int = 3) -> list:
        if not items:
            return []
        return self.draw(st.lists(st.sampled_from(items), max_size=most, unique_by=lambda r: r.id))

    def maybe(self, strategy):
        return self.draw(st.none() | strategy)

    def fill(self) -> None:
        d = self.draw
        staff = [
            self.add(
                Staff,
                school_id=self.school_id,
                full_name=d(TITLE),
                position=d(TEXT),
                subjects=d(st.lists(TEXT, max_size=3)),
                active=d(st.booleans()),
                category=self.maybe(st.sampled_from(CATEGORIES)),
                education=self.maybe(st.sampled_from(EDUCATION)),
                birth_year=self.maybe(st.integers(1920, 2015)),
                experience_years=self.maybe(st.integers(0, 70)),
                in_pos=d(st.booleans()),
                has_iprp=d(st.booleans()),
                has_tutor=d(st.booleans()),
                teaches_by_diploma=d(st.booleans()),
            )
            for _ in range(d(st.integers(0, 4)))
        ]
        programmes, activities = self.fill_programmes()
        self.s.flush()
        events = []
        for _ in range(d(st.integers(0, 4))):
            start = d(DAYS)
            event = self.owned(
                Event,
                title=d(TITLE),
                form=d(TEXT),
                organizer=d(TEXT),
                level=d(st.sampled_from(EVENT_LEVELS)),
                date_from=start,
                date_to=self.maybe(st.dates(start, date(2031, 12, 31))),
                participants_note=d(TEXT),
                key_elements=d(TEXT),
                program_elements_note=d(TEXT),
            )
            events.append(event)
        self.s.flush()
        for event in events:
            self.link(EventParticipant, "event_id", event, "staff_id", staff)
            self.link(EventActivity, "event_id", event, "activity_id", activities)
        self.fill_needs(programmes, activities, events)
        self.fill_diaries(staff, activities, events)
        self.fill_monitoring(programmes)
        self.fill_surveys()
        self.s.flush()

    def link(self, model, own: str, row, other: str, choices: list) -> None:
        for target in self.some(choices):
            self.s.add(model(**{own: row.id, other: target.id}))

    def fill_programmes(self):
        d = self.draw
        programmes, activities = [], []
        for _ in range(d(st.integers(0, 2))):
            first = d(st.integers(2000, 2099))
            programme = self.owned(
                Programme,
                title=d(TITLE),
                year_from=first,
                year_to=d(st.integers(first, 2100)),
                goal=d(TEXT),
                tasks=d(st.lists(TEXT, max_size=3)),
                indicators_text=d(TEXT),
                expected_results=d(TEXT),
                developers=d(TEXT),
                executors=d(TEXT),
                approved_on=self.maybe(DAYS),
                is_current=d(st.booleans()),
            )
            programmes.append(programme)
            self.s.flush()
            for position in range(d(st.integers(0, 3))):
                # Deleting a programme or a section takes what is under it along (as the services do).
                section = self.owned(
                    PlanSection,
                    gone=programme.deleted_at is not None,
                    program_id=programme.id,
                    number=str(position + 1),
                    position=position,
                    title=d(TITLE),
                )
                self.s.flush()
                for order in range(d(st.integers(0, 3))):
                    status = d(st.sampled_from(ACTIVITY_STATUSES))
                    activities.append(
                        self.owned(
                            PlanActivity,
                            gone=section.deleted_at is not None,
                            program_id=programme.id,
                            section_id=section.id,
                            number=f"{position + 1}.{order + 1}",
                            position=order,
                            title=d(TITLE),
                            deadline_text=d(TEXT),
                            due_date=self.maybe(DAYS),
                            responsible=d(TEXT),
                            expected_result=d(TEXT),
                            control_form=d(TEXT),
                            status=status,
                            actual_result=d(TEXT),
                            done_on=self.maybe(DAYS) if status == "done" else None,
                        )
                    )
        return programmes, activities

    def fill_needs(self, programmes, activities, events) -> None:
        d = self.draw
        for _ in range(d(st.integers(0, 3))):
            need = self.owned(
                SupportNeed,
                program_id=d(st.sampled_from(programmes)).id if programmes and d(st.booleans()) else None,
                task=d(TEXT),
                level=d(st.sampled_from(SUPPORT_LEVELS)),
                content=d(TITLE),
                provider=d(TEXT),
                due_text=d(TEXT),
                due_date=self.maybe(DAYS),
                status=d(st.sampled_from(SUPPORT_STATUSES)),
            )
            self.s.flush()
            self.link(SupportNeedActivity, "need_id", need, "activity_id", activities)
            self.link(SupportNeedEvent, "need_id", need, "event_id", events)

    def fill_diaries(self, staff, activities, events) -> None:
        d = self.draw
        for _ in range(d(st.integers(0, 3)) if staff else 0):
            entry = self.owned(
                TeacherDiaryEntry,
                staff_id=d(st.sampled_from(staff)).id,
                entry_date=d(DAYS),
                methods=d(TITLE),
                where_used=d(TEXT),
                results=d(TEXT),
                teacher_comment=d(TEXT),
            )
            self.s.flush()
            self.link(TeacherDiaryEvent, "entry_id", entry, "event_id", events)
            self.link(TeacherDiaryActivity, "entry_id", entry, "activity_id", activities)
        for _ in range(d(st.integers(0, 3))):
            entry = self.owned(
                DirectorDiaryEntry,
                entry_date=d(DAYS),
                form_of_use=d(TITLE),
                where_used=d(TEXT),
                results=d(TEXT),
                director_comment=d(TEXT),
            )
            self.s.flush()
            self.link(DirectorDiaryEvent, "entry_id", entry, "event_id", events)
            self.link(DirectorDiaryActivity, "entry_id", entry, "activity_id", activities)

    def fill_monitoring(self, programmes) -> None:
        d = self.draw
        number = st.floats(-1e6, 1e6, allow_nan=False)
        for position in range(d(st.integers(0, 3))):
            indicator = self.owned(
                Indicator,
                program_id=d(st.sampled_from(programmes)).id if programmes and d(st.booleans()) else None,
                criterion=d(TEXT),
                name=d(TITLE),
                unit=d(TEXT),
                higher_is_better=d(st.booleans()),
                position=position,
            )
            self.s.flush()
            for year in d(st.lists(st.sampled_from(YEARS), max_size=3, unique=True)):
                self.add(
                    IndicatorValue,
                    indicator_id=indicator.id,
                    academic_year=year,
                    target=self.maybe(number),
                    actual=self.maybe(number),
                )
        keys = st.tuples(
            st.integers(2018, 2024),
            st.sampled_from(ASSESSMENTS),
            st.sampled_from(["Математика", "Русский язык", "История"]),
            st.none() | st.integers(4, 11),
            st.none() | st.sampled_from(EXAM_LEVELS),
            st.sampled_from(EXAM_METRICS),
        )
        for year, assessment, subject, grade, level, metric in d(st.lists(keys, max_size=4, unique=True)):
            low, high = VALUE_RANGES.get(metric, (0, 100))
            self.owned(
                ExamResult,
                year=year,
                assessment=assessment,
                subject=subject,
                grade=grade,
                level=level,
                metric=metric,
                value=d(st.floats(low, high)),
                note=d(TEXT),
            )

    def fill_surveys(self) -> None:
        d = self.draw
        ensure_builtin_templates(self.s)
        templates = list(self.s.scalars(select(SurveyTemplate).where(SurveyTemplate.builtin.is_(True))))
        if d(st.booleans()):
            scale = d(st.lists(TITLE, min_size=2, max_size=4))
            sections = [
                {"title": d(TEXT), "items": [{"id": f"{n}.{i}", "text": d(TITLE)} for i in range(1, 3)]}
                for n in range(1, d(st.integers(1, 2)) + 1)
            ]
            code = f"anketa-{new_id()[:6]}"
            templates.append(
                self.add(
                    SurveyTemplate,
                    code=code,
                    version=1,
                    title=d(TITLE),
                    intro=d(TEXT),
                    scale=scale,
                    sections=sections,
                )
            )
            self.s.flush()
        for _ in range(d(st.integers(0, 3))):
            template = d(st.sampled_from(templates))
            levels = len(template.scale)
            items = [i["id"] for section in template.sections for i in section["items"]]
            answer = st.none() | st.integers(0, levels - 1)
            source = d(st.sampled_from(["sheets", "totals"]))
            sheets = d(st.lists(st.fixed_dictionaries({i: answer for i in items}), max_size=5))
            totals = count_sheets(Template.of(template), sheets)
            survey = self.owned(
                SurveyRound,
                template_id=template.id,
                title=d(TITLE),
                held_on=d(DAYS),
                source=source,
                closed=d(st.integers(0, 3)) > 0,
                respondents=totals.respondents,
                counts=totals.counts,
            )
            self.s.flush()
            if source == "sheets":
                for answers in sheets:
                    self.add(SurveyResponse, round_id=survey.id, answers=answers)


def add_school(store: Store, code: str, draw) -> str:
    """A new school with random content in `store`; its id."""
    with store.session() as s:
        school = School(
            code=code,
            name=f"МКОУ Школа {code}",
            short_name=draw(TEXT),
            settlement=draw(TEXT),
            director=draw(TEXT),
            is_shnor=draw(st.booleans()),
            is_pilot=draw(st.booleans()),
        )
        s.add(school)
        s.flush()
        SchoolFiller(draw, s, school.id).fill()
        return school.id
