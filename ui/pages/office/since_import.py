"""«Новое с прошлого импорта» on the curator's desk: what the opened school's last package changed.

A double click on a diary entry or an event opens it in the desk's diary page (`open_record_requested`).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.core.dates import format_day, format_moment
from app.office.since_import import CHANGED, KIND_LABELS, NEW, REMOVED, SinceImport, since_last_import
from ui.pages.base import Page, PageContext
from ui.widgets.common import page_title, widget_shortcut
from ui.widgets.tables import desk_table, fill

OPENABLE = ("events", "teacher_diary", "director_diary")  # shown in a diary page of the desk
KIND_COLORS = {NEW: QColor("#1b7f3b"), CHANGED: QColor("#8a5a00"), REMOVED: QColor("#b00020")}
COL_INSTRUMENT, COL_KIND, COL_TITLE, COL_WHEN = range(4)
ALL = "all"
NONE_YET = "От этой школы ещё не принято ни одного пакета — смотреть пока нечего."


def _package(sequence: int | None, made: datetime | None) -> str:
    number = f"№ {sequence}" if sequence else "без номера"
    return f"пакет {number} от {format_day(made)}" if made else f"пакет {number}"


def summary(found: SinceImport | None) -> str:
    if found is None:
        return NONE_YET
    last = _package(found.sequence, found.made_at)
    head = f"Последний {last} (принят {format_moment(found.imported_at)})"
    if found.first:
        head += " — первый пакет школы: всё, что в нём, новое для управления."
    else:
        head += f" по сравнению с предыдущим: {_package(found.previous_sequence, found.previous_made_at)}."
    counts = (
        f"Новых записей: {found.count(NEW)}, изменённых: {found.count(CHANGED)}, "
        f"удалённых: {found.count(REMOVED)}"
    )
    return f"{head}\n{counts}." if found.records else f"{head}\nИзменений нет."


class SinceImportPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        school_id = context.school_id
        self.school_id = school_id
        self.found: SinceImport | None = None
        self.shown: list = []

        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Новое с прошлого импорта"))
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        tools = QHBoxLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Все изменения", ALL)
        for kind, label in KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.kind_combo.setToolTip("Показать только новые, изменённые или удалённые записи")
        self.instrument_combo = QComboBox()
        self.instrument_combo.setToolTip("Показать изменения одного раздела")
        self.instrument_combo.setMinimumContentsLength(24)
        tools.addWidget(QLabel("Показать:"))
        tools.addWidget(self.kind_combo)
        tools.addWidget(self.instrument_combo)
        tools.addStretch(1)
        layout.addLayout(tools)

        self.table = desk_table(["Раздел", "Изменение", "Запись", "Дата"], stretch=COL_TITLE)
        layout.addWidget(self.table, 1)
        self.hint_label = QLabel(
            "Двойной щелчок (или Enter) по записи дневника открывает её в дневнике этой школы. "
            "«Дата» — когда школа внесла или изменила запись; у удалённых — когда пакет принят."
        )
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.hint_label)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self._show())
        self.instrument_combo.currentIndexChanged.connect(lambda _i: self._show())
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            widget_shortcut(QKeySequence(key), self.table, self.open_selected)
        self.reload()

    def reload(self) -> None:
        self.found = since_last_import(self.store, self.school_id)
        self.summary_label.setText(summary(self.found))
        chosen = self.instrument_combo.currentData()
        self.instrument_combo.blockSignals(True)
        self.instrument_combo.clear()
        self.instrument_combo.addItem("Все разделы", ALL)
        seen: dict[str, str] = {}
        for record in self.found.records if self.found else []:
            seen.setdefault(record.instrument, record.instrument_label)
        for key, label in seen.items():
            self.instrument_combo.addItem(label, key)
        self.instrument_combo.setCurrentIndex(max(0, self.instrument_combo.findData(chosen)))
        self.instrument_combo.blockSignals(False)
        self._show()

    def refresh(self) -> None:
        self.reload()

    def _show(self) -> None:
        kind = self.kind_combo.currentData()
        instrument = self.instrument_combo.currentData()
        records = self.found.records if self.found else []
        self.shown = [r for r in records if kind in (ALL, r.kind) and instrument in (ALL, None, r.instrument)]
        fill(
            self.table, [[r.instrument_label, r.kind_label, r.title, format_day(r.when)] for r in self.shown]
        )
        for i, record in enumerate(self.shown):
            self.table.item(i, COL_KIND).setForeground(QBrush(KIND_COLORS[record.kind]))
            if record.instrument in OPENABLE and record.kind != REMOVED:
                tip = f"{record.title}\n(двойной щелчок — открыть в дневнике)"
                self.table.item(i, COL_TITLE).setToolTip(tip)

    def open_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.shown):
            return
        record = self.shown[row]
        if record.instrument in OPENABLE and record.kind != REMOVED and record.record_id:
            self.open_record_requested.emit(record.instrument, record.record_id)
