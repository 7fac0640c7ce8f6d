"""Анкетирование: the school's rounds, the ways to enter answers, the results as bars and the
comparison of two rounds, printed or saved as PDF / XLSX."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import format_day
from app.core.errors import UserError
from app.reports.catalog import ReportOptions, writer
from app.school.installation import own_school
from app.surveys.survey_results import compare_rounds, round_results
from app.surveys.surveys import RoundInfo, delete_round, list_rounds, set_round_closed
from ui.dialogs.kiosk import KioskStartDialog, KioskWindow
from ui.dialogs.round_dialog import RoundDialog
from ui.dialogs.sheet_entry import SheetEntryDialog
from ui.dialogs.totals_entry import TotalsDialog
from ui.ops import attempt
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel, ask_and_do, first_selected, widget_shortcut
from ui.widgets.flow import FlowLayout
from ui.widgets.read_only import hide_all, title_row
from ui.widgets.survey_bars import SurveyBars
from ui.widgets.survey_rounds import RoundsTable

NO_COMPARISON = "не сравнивать"


class SurveysPage(Page):
    """`read_only`: the office reads a school's rounds — results, comparison and printing stay;
    no round is made, changed, deleted, closed or answered (a closed round's totals open to read)."""

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        store = context.store
        school_id = context.school_id
        read_only = context.read_only
        if school_id is None:
            school = own_school(store)
            if school is None:
                raise UserError("Анкетирование ведётся в базе школы.")
            school_id = school.id
        self.school_id = school_id
        self.rounds: list[RoundInfo] = []
        self.kiosk: KioskWindow | None = None

        layout = QVBoxLayout(self)
        head = title_row("Анкетирование", read_only)
        head.addStretch(1)
        layout.addLayout(head)
        tools = FlowLayout()
        self.new_button = QPushButton("Новый тур…")
        self.new_button.setToolTip("Новый тур анкетирования (Ctrl+N)")
        self.edit_button = QPushButton("Изменить…")
        self.delete_button = QPushButton("Удалить")
        self.sheets_button = QPushButton("Ввод листов")
        self.sheets_button.setToolTip("Набрать бумажные листы с клавиатуры: 1, 2, 3, Enter — следующий лист")
        self.kiosk_button = QPushButton("Анкетирование на этом компьютере")
        self.totals_button = QPushButton("Ввести итоги")
        self.close_button = QPushButton("Закрыть тур")
        for button in (self.new_button, self.edit_button, self.delete_button):
            tools.addWidget(button)
        tools.add_gap(16)
        for button in (self.sheets_button, self.kiosk_button, self.totals_button, self.close_button):
            tools.addWidget(button)
        layout.addLayout(tools)

        self.table = RoundsTable()
        layout.addWidget(self.table)

        results_bar = FlowLayout()
        self.results_title = QLabel()
        font = self.results_title.font()
        font.setBold(True)
        self.results_title.setFont(font)
        self.compare_combo = QComboBox()
        self.compare_combo.setMinimumWidth(200)
        self.printing = PrintButtons(
            self,
            [
                Printout("Анкетирование", self.report_writer, self._report_name),
                Printout("Бланк анкеты", self.blank_writer, self._blank_name),
            ],
            "отчёт или бланк анкеты выбранного тура",
        )
        results_bar.addWidget(self.results_title)
        results_bar.add_gap(16)
        results_bar.add_group(QLabel("Сравнить с туром:"), self.compare_combo)
        results_bar.add_group(
            self.printing.choice, self.printing.print_button, self.printing.save_as_button, spacing=6
        )
        layout.addLayout(results_bar)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        layout.addWidget(self.hint_label)

        self.bars = SurveyBars()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.bars)
        layout.addWidget(self.scroll, 1)
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)

        self.new_button.clicked.connect(self.new_round)
        self.edit_button.clicked.connect(self.edit_round)
        self.delete_button.clicked.connect(self.delete_selected)
        self.sheets_button.clicked.connect(self.enter_sheets)
        self.kiosk_button.clicked.connect(self.start_kiosk)
        self.totals_button.clicked.connect(self.enter_totals)
        self.close_button.clicked.connect(self.toggle_closed)
        self.table.itemSelectionChanged.connect(self._round_changed)
        self.table.doubleClicked.connect(lambda _i: self.enter_answers())
        self.compare_combo.currentIndexChanged.connect(lambda _i: self.show_results())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            widget_shortcut(QKeySequence(key), self.table, self.enter_answers)
        if read_only:
            hide_all(
                self.new_button,
                self.edit_button,
                self.delete_button,
                self.sheets_button,
                self.kiosk_button,
                self.totals_button,
                self.close_button,
            )
        else:
            QShortcut(QKeySequence.StandardKey.New, self, self.new_round)
            widget_shortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.delete_selected)
        self.reload()

    # --- rounds ------------------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        current = select_id or (r.id if (r := self.selected()) else None)
        self.rounds = list_rounds(self.store, self.school_id)
        self.table.show_rounds(self.rounds, current)
        self._round_changed()

    def refresh(self) -> None:
        self.reload()

    def selected(self) -> RoundInfo | None:
        index = first_selected(self.table)
        if index is None or index.row() >= len(self.rounds):
            return None
        return self.rounds[index.row()]

    def select(self, round_id: str) -> bool:
        self.reload(select_id=round_id)
        chosen = self.selected()
        return chosen is not None and chosen.id == round_id

    def _round_changed(self) -> None:
        info = self.selected()
        has = info is not None
        for button in (
            self.edit_button,
            self.delete_button,
            self.close_button,
            self.printing.print_button,
            self.printing.save_as_button,
        ):
            button.setEnabled(has)
        sheets = has and info.source == "sheets"
        self.sheets_button.setEnabled(sheets)
        self.kiosk_button.setEnabled(sheets and not info.closed)
        self.totals_button.setEnabled(has and info.source == "totals")
        self.close_button.setText("Открыть тур снова" if has and info.closed else "Закрыть тур")
        self.compare_combo.blockSignals(True)
        self.compare_combo.clear()
        self.compare_combo.addItem(NO_COMPARISON, None)
        if has:
            for other in self.rounds:
                if other.id != info.id and other.template_code == info.template_code:
                    self.compare_combo.addItem(f"{other.title} ({format_day(other.held_on)})", other.id)
        self.compare_combo.setEnabled(self.compare_combo.count() > 1)
        self.compare_combo.blockSignals(False)
        self.show_results()

    def compare_with(self, round_id: str | None) -> None:
        self.compare_combo.setCurrentIndex(max(0, self.compare_combo.findData(round_id)))

    def show_results(self) -> None:
        info = self.selected()
        self.error_label.set_message(None)
        if info is None:
            self.results_title.setText("")
            self.hint_label.setText("")
            self.bars.show_message(
                "Закрытых туров анкетирования школа пока не присылала."
                if self.read_only
                else "Туров пока нет. Нажмите «Новый тур…», выберите анкету (например, «Есть ли изменения?») "
                "и дату, затем введите ответы."
            )
            return
        if self.read_only:
            hint = "Итоги тура, как их прислала школа; двойной щелчок по туру открывает итоги по вопросам."
        elif info.closed:
            hint = "Тур закрыт: его итоги уйдут в управление с очередным пакетом (без отдельных листов)."
        elif info.source == "sheets":
            hint = (
                "Тур открыт: листы можно добавлять и исправлять. Закройте тур, когда все ответили, — "
                "тогда его итоги уйдут в управление."
            )
        else:
            hint = "Тур открыт: итоги можно исправить. Закройте тур, когда они сверены."
        self.hint_label.setText(hint)
        other = self.compare_combo.currentData()
        attempt(self, lambda: self._show_results(info, other), self._results_refused)

    def _show_results(self, info: RoundInfo, other: str | None) -> None:
        """The round's answers as bars, or compared with the round `other`."""
        if other:
            comparison = compare_rounds(self.store, info.id, other)
            self.results_title.setText(
                f"Сравнение: «{comparison.before.round.title}» → «{comparison.after.round.title}»"
            )
            self.bars.show_comparison(comparison)
        else:
            results = round_results(self.store, info.id)
            self.results_title.setText(f"«{info.title}»: ответили {results.respondents} чел.")
            if results.respondents == 0:
                self.bars.show_message("Ответов пока нет.")
            else:
                self.bars.show_results(results)

    def _results_refused(self, message: str) -> None:
        self.bars.show_message("")
        self.error_label.set_message(message)

    # --- actions ---------------------------------------------------------------

    def new_round(self) -> None:
        if self.read_only:
            return
        dialog = RoundDialog(self.store, self.school_id, parent=self)
        if dialog.exec() == RoundDialog.DialogCode.Accepted and dialog.info is not None:
            self.select(dialog.info.id)

    def edit_round(self) -> None:
        info = self.selected()
        if info is None or self.read_only:
            return
        dialog = RoundDialog(self.store, self.school_id, info, parent=self)
        if dialog.exec() == RoundDialog.DialogCode.Accepted:
            self.select(info.id)

    def delete_selected(self) -> None:
        info = self.selected()
        if info is None or self.read_only:
            return
        question = f"Удалить тур «{info.title}» вместе с его ответами ({info.respondents} чел.)?"
        act = lambda: delete_round(self.store, info.id)  # noqa: E731
        if ask_and_do(self, "Удалить тур", question, act, self.error_label.set_message) is not None:
            self.reload()

    def enter_answers(self) -> None:
        """Enter or a double click: the round's sheets or totals. On the desk only a closed round
        opens — its dialogs then show and change nothing."""
        info = self.selected()
        if info is not None and not (self.read_only and not info.closed):
            (self.enter_sheets if info.source == "sheets" else self.enter_totals)()

    def enter_sheets(self) -> None:
        info = self.selected()
        if info is None or info.source != "sheets":
            return
        SheetEntryDialog(self.store, info.id, parent=self).exec()
        self.reload()

    def enter_totals(self) -> None:
        info = self.selected()
        if info is None or info.source != "totals":
            return
        TotalsDialog(self.store, info.id, parent=self).exec()
        self.reload()

    def start_kiosk(self) -> KioskWindow | None:
        info = self.selected()
        if info is None or info.source != "sheets" or info.closed or self.read_only:
            return None
        start = KioskStartDialog(info.title, parent=self)
        if start.exec() != KioskStartDialog.DialogCode.Accepted:
            return None
        return self.open_kiosk(info.id, start.code)

    def open_kiosk(self, round_id: str, code: str) -> KioskWindow:
        self.kiosk = KioskWindow(self.store, round_id, code)
        self.kiosk.finished.connect(self._kiosk_finished)
        self.kiosk.showFullScreen()
        return self.kiosk

    def _kiosk_finished(self) -> None:
        self.kiosk = None
        self.reload()

    def toggle_closed(self) -> None:
        info = self.selected()
        if info is None or self.read_only:
            return
        if info.closed:
            question = (
                f"Открыть тур «{info.title}» снова? Листы (или итоги) можно будет исправлять; "
                "в управление итоги тура уйдут, когда вы его снова закроете."
            )
        else:
            question = (
                f"Закрыть тур «{info.title}»? Ответили {info.respondents} чел. Листы больше нельзя будет "
                "менять (пока тур не открыт снова), итоги уйдут в управление с очередным пакетом."
            )
        act = lambda: set_round_closed(self.store, info.id, not info.closed)  # noqa: E731
        if ask_and_do(self, "Тур анкетирования", question, act, self.error_label.set_message) is not None:
            self.reload()

    # --- printouts ---------------------------------------------------------------

    def _chosen_round(self) -> RoundInfo:
        info = self.selected()
        if info is None:
            raise UserError("Выберите тур анкетирования в списке, затем печатайте.")
        return info

    def _report_name(self) -> str:
        info = self.selected()
        return f"Анкетирование — {info.title}" if info is not None else "Анкетирование"

    def _blank_name(self) -> str:
        info = self.selected()
        return f"Бланк анкеты — {info.title}" if info is not None else "Бланк анкеты"

    def blank_writer(self):
        """write(fmt, path): the selected round's blank questionnaire, to print and hand out."""
        options = ReportOptions(round=self._chosen_round().id, school_id=self.school_id)
        return writer(self.store, "survey-blank", options)

    def report_writer(self):
        """write(fmt, path) for the selected round and comparison; runs off the GUI thread."""
        options = ReportOptions(
            round=self._chosen_round().id, compare=self.compare_combo.currentData(), school_id=self.school_id
        )
        return writer(self.store, "survey", options)
