"""Text from anywhere: strings a user may type, paste or be sent, each of which must stay data.

`HOSTILE` fits a String(200) column; `LONG_WORDS` go only into Text columns. `FREE_TEXT` names the
free-text columns of a school's records that reports print and packages carry. `readable(s)` is `s`
as a reader should see it: control characters dropped, whitespace ignored (PDFs wrap lines).
"""

from __future__ import annotations

import re

from db.models import (
    DirectorDiaryEntry,
    Event,
    ExamResult,
    Indicator,
    PlanActivity,
    PlanSection,
    Programme,
    School,
    Staff,
    SupportNeed,
    SurveyRound,
    TeacherDiaryEntry,
)

HOSTILE = (
    '<b>жирный</b> & <font color="red">красный</font> <br/> &amp; &lt;i&gt;',
    '<para><img src="/etc/passwd"/></para><a href="http://example.com">ссылка</a>',
    '=HYPERLINK("http://example.com","Нажми")',
    "=1+2",
    "+7 (900) 000-00-00",
    "-5 баллов",
    "@SUM(A1:A3)",
    "=cmd|' /C calc'!A0",
    "до\x00\x01\x07\x1b\x7fпосле",
    "строка\nвторая\r\nтретья\tтаб",
    "😀👩‍🏫 Учитель — مرحبا 中文 Ελληνικά עברית ǅ ß İ",
    "\u202eтекст наоборот\u202c и\u200bневидимый пробел",
    "Привет, <script>alert('x')</script>",
    "x" * 150,
)
LONG_WORDS = ("Ж" * 3000, "https://example.com/" + "очень-длинный-адрес" * 100)

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

FREE_TEXT = {
    School: ("name", "director", "deputy", "settlement"),
    Staff: ("full_name", "position"),
    Programme: ("title", "goal", "indicators_text", "expected_results", "developers", "executors"),
    PlanSection: ("title",),
    PlanActivity: (
        "title",
        "responsible",
        "expected_result",
        "control_form",
        "deadline_text",
        "actual_result",
    ),
    SupportNeed: ("task", "content", "provider", "due_text"),
    Event: ("title", "form", "organizer", "participants_note", "key_elements", "program_elements_note"),
    TeacherDiaryEntry: ("methods", "where_used", "results", "teacher_comment"),
    DirectorDiaryEntry: ("form_of_use", "where_used", "results", "director_comment"),
    Indicator: ("criterion", "name"),
    ExamResult: ("note",),
    SurveyRound: ("title",),
}
SHORT_COLUMNS = {
    "form",
    "control_form",
    "deadline_text",
    "due_text",
    "criterion",
    "title",
    "full_name",
    "position",
    "name",
    "director",
    "deputy",
    "settlement",
}


def readable(text: str) -> str:
    return "".join(CONTROL.sub("", text).split())
