"""All models; importing this package registers every table on Base.metadata."""

from db.models.diaries import (
    DirectorDiaryActivity,
    DirectorDiaryEntry,
    DirectorDiaryEvent,
    Event,
    EventActivity,
    EventParticipant,
    TeacherDiaryActivity,
    TeacherDiaryEntry,
    TeacherDiaryEvent,
)
from db.models.exchange import (
    CatalogEvent,
    CuratorComment,
    PackageLogEntry,
    Recommendation,
    StatusDecision,
    SupportNeedOffer,
)
from db.models.monitoring import ExamResult, Indicator, IndicatorValue
from db.models.programme import (
    PlanActivity,
    PlanSection,
    Programme,
    SupportNeed,
    SupportNeedActivity,
    SupportNeedEvent,
)
from db.models.school import Installation, Municipality, School, Staff
from db.models.surveys import SurveyResponse, SurveyRound, SurveyTemplate

__all__ = [
    "CatalogEvent",
    "CuratorComment",
    "DirectorDiaryActivity",
    "DirectorDiaryEntry",
    "DirectorDiaryEvent",
    "Event",
    "EventActivity",
    "EventParticipant",
    "ExamResult",
    "Indicator",
    "IndicatorValue",
    "Installation",
    "Municipality",
    "PackageLogEntry",
    "PlanActivity",
    "PlanSection",
    "Programme",
    "Recommendation",
    "StatusDecision",
    "School",
    "Staff",
    "SupportNeed",
    "SupportNeedActivity",
    "SupportNeedEvent",
    "SupportNeedOffer",
    "SurveyResponse",
    "SurveyRound",
    "SurveyTemplate",
    "TeacherDiaryActivity",
    "TeacherDiaryEntry",
    "TeacherDiaryEvent",
]
