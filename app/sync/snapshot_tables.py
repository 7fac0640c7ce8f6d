"""The arrays of a school_snapshot's data.json and their fields (spec/package-format.md).

Fields marked required=False are this implementation's additions: written always, read when
present (another implementation may leave them out), and ignored by readers that do not know them.
"""

from __future__ import annotations

from app.sync.records import Field, Link, Table
from db.enums import (
    ACTIVITY_STATUSES,
    ASSESSMENTS,
    CATEGORIES,
    EDUCATION,
    EVENT_LEVELS,
    EXAM_LEVELS,
    EXAM_METRICS,
    RESPONSE_STATUSES,
    SCHOOL_STATUSES,
    SUPPORT_LEVELS,
    SUPPORT_STATUSES,
)
from db.models import (
    DirectorDiaryActivity,
    DirectorDiaryEntry,
    DirectorDiaryEvent,
    DirectorDiaryRecommendation,
    Event,
    EventActivity,
    EventParticipant,
    EventRecommendation,
    ExamResult,
    Indicator,
    IndicatorValue,
    PlanActivity,
    PlanActivityRecommendation,
    PlanSection,
    Programme,
    RecommendationResponse,
    School,
    Staff,
    SupportNeed,
    SupportNeedActivity,
    SupportNeedEvent,
    SurveyRound,
    SurveyTemplate,
    TeacherDiaryActivity,
    TeacherDiaryEntry,
    TeacherDiaryEvent,
    TeacherDiaryRecommendation,
)


def text(name: str, required: bool = True) -> Field:
    return Field(name, "text", required=required, default="")


def title(name: str) -> Field:
    return Field(name, "title")


def day(name: str, null: bool = True) -> Field:
    return Field(name, "date", null=null)


def ref(name: str, target: str, null: bool = False) -> Field:
    return Field(name, "ref", null=null, target=target)


def flag(name: str, required: bool = True, default: bool = False) -> Field:
    return Field(name, "bool", required=required, default=default)


def answers(model: type, own: str) -> Link:
    """`recommendation_ids`: the office's recommendations a record answers (spec «Recommendations
    answered»); absent in an older package, read as empty (with_absent_fields)."""
    return Link(RECOMMENDATION_IDS, model, own, "recommendation_id", "recommendations", outside=True)


RECOMMENDATION_IDS = "recommendation_ids"
RESPONSES_KEY = "recommendation_responses"


def position() -> Field:
    return Field("position", "int", required=False, default=0, low=0)


# The school card: the `school` object (its flags travel as `statuses`).
SCHOOL_FIELDS = (
    Field("code", "title"),
    title("name"),
    text("short_name"),
    text("municipality"),
    text("settlement"),
    text("director"),
    text("deputy"),
)
SCHOOL_MODEL = School
STATUS_FLAGS = dict(zip(SCHOOL_STATUSES, ("is_shnor", "is_shnsu", "is_pilot"), strict=True))

STAFF = Table(
    "staff",
    Staff,
    (
        title("full_name"),
        text("position"),
        Field("subjects", "texts"),
        flag("active"),
        Field("category", "enum", null=True, values=CATEGORIES),
        Field("education", "enum", null=True, values=EDUCATION),
        Field("birth_year", "int", null=True, low=1920, high=2015),
        Field("experience_years", "int", null=True, low=0, high=70),
        flag("in_pos"),
        flag("has_iprp"),
        flag("has_tutor", required=False),
        flag("teaches_by_diploma", required=False, default=True),
    ),
)

PROGRAMS = Table(
    "programs",
    Programme,
    (
        title("title"),
        Field("year_from", "int", low=2000, high=2100),
        Field("year_to", "int", low=2000, high=2100),
        text("goal"),
        Field("tasks", "texts"),
        text("indicators_text"),
        text("expected_results"),
        text("developers"),
        text("executors"),
        day("approved_on"),
        flag("is_current", required=False, default=True),
    ),
)

PLAN_SECTIONS = Table(
    "plan_sections",
    PlanSection,
    (ref("program_id", "programs"), text("number"), title("title"), position()),
)

PLAN_ACTIVITIES = Table(
    "plan_activities",
    PlanActivity,
    (
        ref("program_id", "programs"),
        ref("section_id", "plan_sections"),
        text("number"),
        title("title"),
        text("deadline_text"),
        day("due_date"),
        text("responsible"),
        text("expected_result"),
        text("control_form"),
        Field("status", "enum", values=ACTIVITY_STATUSES),
        text("actual_result"),
        day("done_on"),
        position(),
    ),
    (answers(PlanActivityRecommendation, "activity_id"),),
)

SUPPORT_NEEDS = Table(
    "support_needs",
    SupportNeed,
    (
        ref("program_id", "programs", null=True),
        text("task"),
        Field("level", "enum", values=SUPPORT_LEVELS),
        title("content"),
        text("provider"),
        text("due_text"),
        day("due_date"),
        Field("status", "enum", values=SUPPORT_STATUSES),
    ),
    (
        Link("activity_ids", SupportNeedActivity, "need_id", "activity_id", "plan_activities"),
        Link("event_ids", SupportNeedEvent, "need_id", "event_id", "events"),
    ),
)

EVENTS = Table(
    "events",
    Event,
    (
        title("title"),
        text("form"),
        text("organizer"),
        Field("level", "enum", values=EVENT_LEVELS),
        day("date_from", null=False),
        day("date_to"),
        text("participants_note"),
        text("key_elements"),
        text("program_elements_note"),
        # The office's catalogue event this attendance answers (an id the office gave).
        Field("catalog_event_id", "uuid", null=True, required=False),
    ),
    (
        Link("participant_ids", EventParticipant, "event_id", "staff_id", "staff"),
        Link("activity_ids", EventActivity, "event_id", "activity_id", "plan_activities"),
        answers(EventRecommendation, "event_id"),
    ),
)

TEACHER_DIARY = Table(
    "teacher_diary",
    TeacherDiaryEntry,
    (
        ref("staff_id", "staff"),
        day("entry_date", null=False),
        title("methods"),
        text("where_used"),
        text("results"),
        text("teacher_comment"),
    ),
    (
        Link("event_ids", TeacherDiaryEvent, "entry_id", "event_id", "events"),
        Link("activity_ids", TeacherDiaryActivity, "entry_id", "activity_id", "plan_activities"),
        answers(TeacherDiaryRecommendation, "entry_id"),
    ),
)

DIRECTOR_DIARY = Table(
    "director_diary",
    DirectorDiaryEntry,
    (
        day("entry_date", null=False),
        title("form_of_use"),
        text("where_used"),
        text("results"),
        text("director_comment"),
    ),
    (
        Link("event_ids", DirectorDiaryEvent, "entry_id", "event_id", "events"),
        Link("activity_ids", DirectorDiaryActivity, "entry_id", "activity_id", "plan_activities"),
        answers(DirectorDiaryRecommendation, "entry_id"),
    ),
)

INDICATORS = Table(
    "indicators",
    Indicator,
    (
        ref("program_id", "programs", null=True),
        text("criterion"),
        title("name"),
        text("unit"),
        flag("higher_is_better"),
        position(),
        # The key of its count from records (app/programme/indicator_formulas.py), null: typed.
        Field("formula", "text", null=True, required=False, default=None),
    ),
)

INDICATOR_VALUES = Table(
    "indicator_values",
    IndicatorValue,
    (
        ref("indicator_id", "indicators"),
        Field("academic_year", "year"),
        Field("target", "number", null=True),
        Field("actual", "number", null=True),
    ),
    owned=False,
)

EXAM_RESULTS = Table(
    "exam_results",
    ExamResult,
    (
        Field("year", "int", low=2000, high=2100),
        Field("assessment", "enum", values=ASSESSMENTS),
        title("subject"),
        Field("grade", "int", null=True, low=1, high=11),
        Field("level", "enum", null=True, values=EXAM_LEVELS),
        Field("metric", "enum", values=EXAM_METRICS),
        Field("value", "number"),
        text("note", required=False),
    ),
)

SURVEY_TEMPLATES = Table(
    "survey_templates",
    SurveyTemplate,
    (
        Field("code", "title"),
        Field("version", "int", required=False, default=1, low=1),
        title("title"),
        text("intro"),
        Field("scale", "json"),
        Field("sections", "json"),
    ),
    owned=False,
)

SURVEY_ROUNDS = Table(
    "survey_rounds",
    SurveyRound,
    (
        ref("template_id", "survey_templates"),
        title("title"),
        day("held_on", null=False),
        Field("respondents", "int", low=0),
        Field("counts", "json"),
    ),
)

# The school's answers to the office's recommendations (their ids are the office's, checked
# against its database when applied: app.sync.answers).
RECOMMENDATION_RESPONSES = Table(
    RESPONSES_KEY,
    RecommendationResponse,
    (
        Field("recommendation_id", "uuid"),
        Field("status", "enum", values=RESPONSE_STATUSES),
        text("note"),
        day("answered_on", null=False),
    ),
)

# In the spec's order, which is also an order where every row's parents come first.
TABLES: tuple[Table, ...] = (
    STAFF,
    PROGRAMS,
    PLAN_SECTIONS,
    PLAN_ACTIVITIES,
    SUPPORT_NEEDS,
    EVENTS,
    TEACHER_DIARY,
    DIRECTOR_DIARY,
    INDICATORS,
    INDICATOR_VALUES,
    EXAM_RESULTS,
    SURVEY_TEMPLATES,
    SURVEY_ROUNDS,
    RECOMMENDATION_RESPONSES,
)
TABLES_BY_KEY = {t.key: t for t in TABLES}
ARRAYS = tuple(t.key for t in TABLES)
# The arrays whose records are built here; the questionnaires come from app.surveys.surveys.
BUILT_HERE = tuple(t for t in TABLES if t.key not in ("survey_templates", "survey_rounds"))


def with_absent_fields(data: object) -> object:
    """The fields format 1 gained later, filled in where an older package leaves them out: an
    absent `recommendation_responses` or `recommendation_ids` is empty (spec «Recommendations
    answered»). Changes `data` in place (only what is absent) and returns it."""
    if not isinstance(data, dict):
        return data
    data.setdefault(RESPONSES_KEY, [])
    for table in TABLES:
        if not any(link.key == RECOMMENDATION_IDS for link in table.links):
            continue
        records = data.get(table.key)
        for record in records if isinstance(records, list) else ():
            if isinstance(record, dict):
                record.setdefault(RECOMMENDATION_IDS, [])
    return data
