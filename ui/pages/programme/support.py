"""«Карта поддержки» (seed 004): what help each task of the programme needs, from the school itself,
the municipal and the regional level; whether it came, through which events of «Дневник школы»;
and «Достаточна ли поддержка» beside it, with the path of each help on into practice.

Only presentation: every rule is in app.support.support and app.support.support_summary.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.reports.catalog import ReportOptions, writer
from app.support import support
from app.support.support_summary import Sufficiency, summarize
from ui.dialogs.support_need_dialog import NeedDialog, ReceivedDialog
from ui.ops import attempt, refused
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel, SavedNote, ask_yes
from ui.widgets.read_only import hide_all, title_row
from ui.widgets.support_map import SupportMapView
from ui.widgets.support_summary import SufficiencyPanel

TITLE = "Карта поддержки"
HINT = (
    "Для каждой задачи программы: что школа сделает сама, какая помощь нужна от муниципального "
    "и регионального уровня — от кого и к какому сроку. Пришедшую помощь отмечайте «получена» "
    "с мероприятием «Дневника школы»."
)
READ_ONLY_HINT = (
    "Для каждой задачи программы: что школа сделает сама, какая помощь ей нужна от муниципального "
    "и регионального уровня, пришла ли она и через какие мероприятия. Двойной щелчок по полученной "
    "помощи открывает её путь в практику."
)
SUMMARY_WIDTH = 300


class ElidedLabel(QLabel):
    """One line that shortens itself with «…» instead of widening the page (the whole text in the tip)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.full_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width() - 4, 20)
        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, width))


class SupportPage(Page):
    """`read_only`: the office reads a school's map — cards, sufficiency, paths and printing stay;
    no need is added, changed, marked or deleted."""

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        school_id = context.school_id
        read_only = context.read_only
        self.school_id = school_id
        self.map: support.SupportMap | None = None
        self.summary: Sufficiency | None = None

        layout = QVBoxLayout(self)
        head = title_row(TITLE, read_only)
        self.programme_label = ElidedLabel()
        self.programme_label.setStyleSheet("color: palette(mid);")
        head.addSpacing(8)
        head.addWidget(self.programme_label, 1)
        self.saved_note = SavedNote()
        head.addWidget(self.saved_note)
        self.printing = PrintButtons(
            self, [Printout(TITLE, self._report_writer)], "карту поддержки и «Достаточна ли поддержка»"
        )
        self.printing.add_to(head)
        layout.addLayout(head)

        tools = QHBoxLayout()
        hint = QLabel(READ_ONLY_HINT if read_only else HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        tools.addWidget(hint, 1)
        self.add_button = QPushButton("Добавить")
        self.add_button.setToolTip("Новая потребность в поддержке (Ctrl+N)")
        self.edit_button = QPushButton("Изменить")
        self.edit_button.setToolTip("Открыть выбранную потребность (Enter или двойной щелчок)")
        self.received_button = QPushButton("Получена…")
        self.received_button.setToolTip(
            "Отметить помощь полученной и указать мероприятия, через которые она пришла"
        )
        self.status_button = QPushButton("Статус")
        self.status_button.setToolTip("Изменить статус выбранной потребности")
        status_menu = QMenu(self.status_button)
        for value in support.STATUSES:
            label = support.STATUS_LABELS[value] + ("…" if value == support.RECEIVED else "")
            status_menu.addAction(label, lambda v=value: self.change_status(v))
        self.status_button.setMenu(status_menu)
        self.delete_button = QPushButton("Удалить")
        self.delete_button.setToolTip("Удалить выбранную потребность (Del)")
        for button in (
            self.add_button,
            self.edit_button,
            self.received_button,
            self.status_button,
            self.delete_button,
        ):
            tools.addWidget(button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(tools)

        self.map_view = SupportMapView(read_only=read_only)
        self.panel = SufficiencyPanel()
        self.panel.setMinimumWidth(260)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.map_view)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setCollapsible(0, False)
        splitter.setSizes([830, SUMMARY_WIDTH])
        layout.addWidget(splitter, 1)
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)

        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(self.edit)
        self.received_button.clicked.connect(lambda: self.change_status(support.RECEIVED))
        self.delete_button.clicked.connect(self.delete)
        self.map_view.chosen.connect(self._chosen)
        self.map_view.opened.connect(lambda need_id: self.open_need(need_id))
        self.map_view.delete_asked.connect(lambda need_id: self.delete(need_id))
        self.map_view.add_asked.connect(lambda task, level: self.add(task, level))
        self.panel.chosen.connect(self.map_view.focus_card)
        self.panel.path_asked.connect(self.show_path)
        if read_only:
            hide_all(
                self.add_button,
                self.edit_button,
                self.received_button,
                self.status_button,
                self.delete_button,
            )
        else:
            QShortcut(QKeySequence.StandardKey.New, self, lambda: self.add())
        self.reload()

    # --- data -------------------------------------------------------------

    def _read_map(self) -> tuple[support.SupportMap, Sufficiency]:
        """The school's map and how far its needs are met, read together."""
        needs_map = support.support_map(self.store, self.school_id)
        return needs_map, summarize(self.store, needs_map.needs())

    def reload(self, select_id: str | None = None) -> None:
        current = select_id or self.selected_id()
        read = attempt(self, self._read_map, self.error_label.set_message)
        if read is None:
            return
        self.map, self.summary = read
        title = self.map.programme_title
        self.programme_label.set_full_text(
            f"Программа: {title}" if title else "Задачи программы задаются в «Паспорте программы»."
        )
        self.map_view.selected_id = current
        self.map_view.show_map(self.map, self.summary)
        self.panel.show_summary(self.summary)
        self.panel.select(self.map_view.selected_id, emit=False)
        self._update_buttons()

    def refresh(self) -> None:
        """Shown again: the passport, the plan or «Дневник школы» may have changed."""
        self.reload()

    def selected_id(self) -> str | None:
        return self.map_view.selected_id

    def selected(self) -> support.NeedRow | None:
        need_id = self.selected_id()
        return self.map.find(need_id) if self.map is not None and need_id else None

    def _chosen(self, need_id: str) -> None:
        self.panel.select(need_id, emit=False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        need = self.selected()
        for button in (self.edit_button, self.status_button, self.delete_button):
            button.setEnabled(need is not None)
        self.received_button.setEnabled(need is not None)
        if need is not None and need.status == support.RECEIVED:
            self.received_button.setText("Мероприятия…")
            self.received_button.setToolTip("Изменить мероприятия, через которые пришла помощь")
        else:
            self.received_button.setText("Получена…")
            self.received_button.setToolTip(
                "Отметить помощь полученной и указать мероприятия, через которые она пришла"
            )

    def _changed(self, note: str, select_id: str | None = None) -> None:
        self.error_label.set_message(None)
        self.saved_note.flash(note)
        self.reload(select_id)
        if select_id is not None:
            self.map_view.focus_card(select_id)
        self.data_changed.emit()

    # --- actions ----------------------------------------------------------

    def open_need(self, need_id: str) -> None:
        """A double click or Enter on a card: its form; on the desk, the path of help that came."""
        if not self.read_only:
            self.edit(need_id)
            return
        need = self.map.find(need_id) if self.map else None
        if need is not None and need.events:
            self.show_path(need_id)

    def add(self, task: str | None = None, level: str | None = None) -> None:
        if self.read_only:
            return
        current = self.selected()
        if task is None:
            task = (
                current.task
                if current is not None
                else (self.map.tasks[0] if self.map and self.map.tasks else "")
            )
        if level is None:
            level = current.level if current is not None else "municipal"
        dialog = NeedDialog(self.store, self.school_id, None, task=task, level=level, parent=self)
        dialog.exec()
        if dialog.saved and dialog.need_id is not None:
            self._changed("Потребность добавлена", dialog.need_id)

    def edit(self, need_id: str | None = None) -> None:
        need = self.map.find(need_id) if need_id and self.map else self.selected()
        if need is None or self.read_only:
            return
        dialog = NeedDialog(self.store, self.school_id, need, parent=self)
        dialog.exec()
        if dialog.saved:
            self._changed("Сохранено", need.id)

    def change_status(self, status: str) -> None:
        need = self.selected()
        if need is None or self.read_only:
            return
        if status == support.RECEIVED:
            dialog = ReceivedDialog(self.store, self.school_id, need, parent=self)
            dialog.exec()
            if dialog.saved:
                self._changed("Помощь отмечена полученной", need.id)
            return
        if need.status == support.RECEIVED and need.events:
            if not ask_yes(
                self,
                TITLE,
                "Помощь отмечена полученной через мероприятия: "
                f"{', '.join(e.label for e in need.events)}.\n\n"
                f"Сменить статус на «{support.STATUS_LABELS[status]}»? Связь с этими мероприятиями "
                "будет снята (сами мероприятия останутся в «Дневнике школы»).",
            ):
                return
        change = lambda: support.set_status(self.store, need.id, status)  # noqa: E731
        if refused(self, change, self.error_label.set_message):
            return
        self._changed(f"Статус: {support.STATUS_LABELS[status]}", need.id)

    def delete(self, need_id: str | None = None) -> None:
        need = self.map.find(need_id) if need_id and self.map else self.selected()
        if need is None or self.read_only:
            return
        if not ask_yes(
            self,
            "Удалить потребность",
            f"Удалить потребность «{need.content}» ({need.level_label.lower()})?\n\n"
            "Мероприятия «Дневника школы» и пункты плана, связанные с ней, останутся.",
        ):
            return
        attempt(self, lambda: support.delete_need(self.store, need.id), self.error_label.set_message)
        self.map_view.selected_id = None
        self._changed("Потребность удалена")

    def show_path(self, need_id: str) -> None:
        from ui.dialogs.training_path import TrainingPathDialog

        need = self.map.find(need_id) if self.map else None
        if need is None or not need.events:
            self.error_label.set_message(
                "Путь в практику есть у полученной помощи: отметьте «Получена…» и выберите мероприятия."
            )
            return
        TrainingPathDialog.for_sources(self.store, need.events, parent=self).exec()

    def _report_writer(self):
        return writer(self.store, "support", ReportOptions(school_id=self.school_id))
