"""Column numbers of the three diary tables, in the order of each service's `columns`.

The table shows the service's columns as they are; these constants name them for
the pages (widths, the «Путь к практике» cell). tests/diaries/test_ui_diaries.py checks
that they follow the services.
"""

from __future__ import annotations

# «Дневник школы»
EVENT_COL_TITLE = 0
EVENT_COL_ORGANIZER = 1
EVENT_COL_DATES = 2
EVENT_COL_PARTICIPANTS = 3
EVENT_COL_KEY_ELEMENTS = 4
EVENT_COL_ACTIVITIES = 5
EVENT_COL_USES = 6
EVENT_COL_COMMENTS = 7

# «Дневник педагога»
TEACHER_COL_DATE = 0
TEACHER_COL_STAFF = 1
TEACHER_COL_METHODS = 2
TEACHER_COL_WHERE = 3
TEACHER_COL_RESULTS = 4
TEACHER_COL_TEACHER_COMMENT = 5
TEACHER_COL_COMMENTS = 6
TEACHER_COL_SOURCES = 7
TEACHER_COL_ACTIVITIES = 8

# «Дневник директора»
DIRECTOR_COL_DATE = 0
DIRECTOR_COL_FORM = 1
DIRECTOR_COL_WHERE = 2
DIRECTOR_COL_RESULTS = 3
DIRECTOR_COL_DIRECTOR_COMMENT = 4
DIRECTOR_COL_COMMENTS = 5
DIRECTOR_COL_SOURCES = 6
DIRECTOR_COL_ACTIVITIES = 7

# The service column key of each constant, per diary.
KEYS = {
    "school-diary": {
        EVENT_COL_TITLE: "title",
        EVENT_COL_ORGANIZER: "organizer",
        EVENT_COL_DATES: "dates",
        EVENT_COL_PARTICIPANTS: "participants",
        EVENT_COL_KEY_ELEMENTS: "key_elements",
        EVENT_COL_ACTIVITIES: "activities",
        EVENT_COL_USES: "uses",
        EVENT_COL_COMMENTS: "comments",
    },
    "teacher-diary": {
        TEACHER_COL_DATE: "entry_date",
        TEACHER_COL_STAFF: "staff",
        TEACHER_COL_METHODS: "methods",
        TEACHER_COL_WHERE: "where_used",
        TEACHER_COL_RESULTS: "results",
        TEACHER_COL_TEACHER_COMMENT: "teacher_comment",
        TEACHER_COL_COMMENTS: "comments",
        TEACHER_COL_SOURCES: "sources",
        TEACHER_COL_ACTIVITIES: "activities",
    },
    "director-diary": {
        DIRECTOR_COL_DATE: "entry_date",
        DIRECTOR_COL_FORM: "form_of_use",
        DIRECTOR_COL_WHERE: "where_used",
        DIRECTOR_COL_RESULTS: "results",
        DIRECTOR_COL_DIRECTOR_COMMENT: "director_comment",
        DIRECTOR_COL_COMMENTS: "comments",
        DIRECTOR_COL_SOURCES: "sources",
        DIRECTOR_COL_ACTIVITIES: "activities",
    },
}
