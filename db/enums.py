"""Value sets of the domain, stored as text and guarded by CHECK constraints.

The stored values are those of the exchange package (spec/package-format.md);
the Russian labels are what the user reads.
"""

MODES = ("school", "municipality")
MODE_LABELS = {"school": "школа", "municipality": "управление образования"}

SCHOOL_STATUSES = ("ШНОР", "ШНСУ", "пилотная")

CATEGORIES = ("высшая", "первая", "соответствие", "без категории")
EDUCATION = ("высшее", "среднее профессиональное")

ACTIVITY_STATUSES = ("planned", "in_progress", "done", "cancelled")
ACTIVITY_STATUS_LABELS = {
    "planned": "запланировано",
    "in_progress": "в работе",
    "done": "выполнено",
    "cancelled": "отменено",
}

SUPPORT_LEVELS = ("school", "municipal", "regional")
SUPPORT_LEVEL_LABELS = {
    "school": "Школа сама",
    "municipal": "Муниципальный уровень",
    "regional": "Региональный уровень",
}
SUPPORT_STATUSES = ("needed", "agreed", "received", "not_received")
SUPPORT_STATUS_LABELS = {
    "needed": "нужна",
    "agreed": "согласована",
    "received": "получена",
    "not_received": "не получена",
}

EVENT_LEVELS = ("school", "municipal", "regional", "federal")
EVENT_LEVEL_LABELS = {
    "school": "школьный",
    "municipal": "муниципальный",
    "regional": "региональный",
    "federal": "федеральный",
}

ASSESSMENTS = ("ВПР", "ОГЭ", "ЕГЭ", "ГВЭ")
EXAM_LEVELS = ("базовая", "профильная")
EXAM_METRICS = (
    "mean_mark",
    "mean_score",
    "students",
    "participants",
    "confirmed_pct",
    "lowered_pct",
    "failed_pct",
)
EXAM_METRIC_LABELS = {
    "mean_mark": "средняя оценка",
    "mean_score": "средний балл",
    "students": "обучающихся",
    "participants": "участников",
    "confirmed_pct": "подтвердили/улучшили, %",
    "lowered_pct": "понизили, %",
    "failed_pct": "не справились, %",
}

COMMENT_TARGETS = ("teacher_diary", "director_diary", "events")

# A school's answer to a recommendation of the office (spec «Recommendations answered»).
RESPONSE_STATUSES = ("accepted", "in_progress", "done", "declined")
RESPONSE_STATUS_LABELS = {
    "accepted": "принята",
    "in_progress": "в работе",
    "done": "выполнена",
    "declined": "отклонена",
}

ROUND_SOURCES = ("sheets", "totals")

PACKAGE_DIRECTIONS = ("out", "in")
PACKAGE_KINDS = ("school_snapshot", "municipal_feedback")
PACKAGE_RESULTS = ("written", "imported", "already_imported", "refused")
