"""The three diary pages: «Дневник школы», «Дневник педагога», «Дневник директора»."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.diaries.common import RowBase
from app.diaries.director import director_diary
from app.diaries.events import EVENT_LEVEL_LABELS, school_diary
from app.diaries.teacher import teacher_diary
from app.school.staff import list_staff
from ui.dialogs.diary_entry import staff_label
from ui.dialogs.director_entry_dialog import DirectorEntryDialog
from ui.dialogs.event_dialog import EventDialog
from ui.dialogs.teacher_entry_dialog import TeacherEntryDialog
from ui.dialogs.training_path import TrainingPathDialog
from ui.models.diary_columns import (
    DIRECTOR_COL_COMMENTS,
    DIRECTOR_COL_DATE,
    DIRECTOR_COL_DIRECTOR_COMMENT,
    DIRECTOR_COL_FORM,
    DIRECTOR_COL_RESULTS,
    DIRECTOR_COL_SOURCES,
    DIRECTOR_COL_WHERE,
    EVENT_COL_ACTIVITIES,
    EVENT_COL_DATES,
    EVENT_COL_KEY_ELEMENTS,
    EVENT_COL_ORGANIZER,
    EVENT_COL_PARTICIPANTS,
    EVENT_COL_TITLE,
    EVENT_COL_USES,
    TEACHER_COL_COMMENTS,
    TEACHER_COL_DATE,
    TEACHER_COL_METHODS,
    TEACHER_COL_RESULTS,
    TEACHER_COL_SOURCES,
    TEACHER_COL_STAFF,
    TEACHER_COL_TEACHER_COMMENT,
    TEACHER_COL_WHERE,
)
from ui.models.diary_table import UNUSED_COLOR
from ui.pages.diaries.diary_page import DiaryPage

ALL_LEVELS = "Все уровни"
ALL_TEACHERS = "Все педагоги"
NO_SOURCE = (
    "У этой записи не указан «Источник» — мероприятие «Дневника школы», методы которого применены. "
    "Откройте запись и отметьте его."
)


class SchoolDiaryPage(DiaryPage):
    service = school_diary
    dialog_class = EventDialog
    date_column = EVENT_COL_DATES
    # Chosen so the seed's six columns fit at 1366×768 beside the navigation.
    column_widths = {
        EVENT_COL_TITLE: 200,
        EVENT_COL_ORGANIZER: 140,
        EVENT_COL_DATES: 88,
        EVENT_COL_PARTICIPANTS: 140,
        EVENT_COL_KEY_ELEMENTS: 160,
        EVENT_COL_ACTIVITIES: 190,
        EVENT_COL_USES: 96,
    }
    # The seed's last column: at the office it comes next to the event's dates, in sight.
    office_comments_after = EVENT_COL_DATES
    # «Применение в практике» is what the curator asks about: right after the comments, in sight.
    office_beside_comments = EVENT_COL_USES

    def build_filter(self) -> QWidget:
        self.level_combo = QComboBox()
        self.level_combo.setToolTip("Уровень организатора мероприятия")
        self.level_combo.addItem(ALL_LEVELS, None)
        for value, label in EVENT_LEVEL_LABELS.items():
            self.level_combo.addItem(f"{label} уровень", value)
        self.level_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        return self.level_combo

    def filter_values(self) -> dict:
        return {"level": self.level_combo.currentData()}

    def clear_own_filter(self) -> None:
        self.level_combo.setCurrentIndex(0)

    def legend(self) -> QWidget:
        label = QLabel("нет записей о применении")
        label.setStyleSheet(f"background: {UNUSED_COLOR.name()}; color: black; padding: 1px 6px;")
        label.setToolTip(
            "Так отмечены мероприятия, методы которых ещё не применялись: "
            "нет ни одной записи в дневниках педагогов и директора с этим «Источником»."
        )
        return label

    def describe(self, row: RowBase) -> str:
        return " ".join(row.cell("title").split("\n"))

    def path_for(self, row: RowBase) -> None:
        TrainingPathDialog.for_event(self.store, row.id, parent=self).exec()


class PracticeDiaryPage(DiaryPage):
    """Teacher and director diaries: the path opens at the entry's source events."""

    def has_path(self, row: RowBase) -> bool:
        return bool(getattr(row, "sources", []))

    def path_for(self, row: RowBase) -> None:
        sources = getattr(row, "sources", [])
        if not sources:
            self.error_label.set_message(NO_SOURCE)
            return
        TrainingPathDialog.for_sources(self.store, sources, parent=self).exec()

    def describe(self, row: RowBase) -> str:
        first = self.model.columns[1].key
        text = " ".join(row.cell(first).split())
        short = text if len(text) <= 60 else text[:57] + "…"
        return f"{row.cell('entry_date')}, {short}"


class TeacherDiaryPage(PracticeDiaryPage):
    service = teacher_diary
    dialog_class = TeacherEntryDialog
    date_column = TEACHER_COL_DATE
    search_hint = "Поиск по ФИО, методам, классам, результатам (Ctrl+F)"
    column_widths = {
        TEACHER_COL_DATE: 80,
        TEACHER_COL_STAFF: 135,
        TEACHER_COL_METHODS: 165,
        TEACHER_COL_WHERE: 110,
        TEACHER_COL_RESULTS: 165,
        TEACHER_COL_TEACHER_COMMENT: 115,
        TEACHER_COL_COMMENTS: 125,
        TEACHER_COL_SOURCES: 120,
    }

    def build_filter(self) -> QWidget:
        self.staff_combo = QComboBox()
        self.staff_combo.setToolTip("Показать записи одного педагога")
        self.staff_combo.setMinimumContentsLength(22)
        self.staff_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._fill_staff()
        self.staff_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        return self.staff_combo

    def _fill_staff(self) -> None:
        current = self.staff_combo.currentData()
        self.staff_combo.blockSignals(True)
        self.staff_combo.clear()
        self.staff_combo.addItem(ALL_TEACHERS, None)
        for member in list_staff(self.store, self.school_id, include_inactive=True):
            self.staff_combo.addItem(staff_label(member), member.id)
        self.staff_combo.setCurrentIndex(max(0, self.staff_combo.findData(current)))
        self.staff_combo.blockSignals(False)

    def refresh_filter_choices(self) -> None:
        self._fill_staff()

    def filter_values(self) -> dict:
        return {"staff_id": self.staff_combo.currentData()}

    def clear_own_filter(self) -> None:
        self.staff_combo.setCurrentIndex(0)

    def new_dialog(self) -> TeacherEntryDialog:
        return TeacherEntryDialog(
            self.store, self.school_id, None, staff_id=self.staff_combo.currentData(), parent=self
        )


class DirectorDiaryPage(PracticeDiaryPage):
    service = director_diary
    dialog_class = DirectorEntryDialog
    date_column = DIRECTOR_COL_DATE
    column_widths = {
        DIRECTOR_COL_DATE: 80,
        DIRECTOR_COL_FORM: 175,
        DIRECTOR_COL_WHERE: 150,
        DIRECTOR_COL_RESULTS: 175,
        DIRECTOR_COL_DIRECTOR_COMMENT: 125,
        DIRECTOR_COL_COMMENTS: 180,
        DIRECTOR_COL_SOURCES: 125,
    }
