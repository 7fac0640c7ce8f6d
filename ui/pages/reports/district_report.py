"""At the office, «Отчёты → Отчёт по району»: «Отчёт о реализации программ повышения качества
образования» (seed 004) for the schools and years chosen here, with Блок 1 previewed as it prints;
the district's name and total of ОО for the header are typed here and saved as the field is left.

The choices sit in one band at the top (the school list a few lines high, the years and the
header beside it) so that the preview below has the page's whole width.

Only presentation: the report is built in app.reports.district from app.office.district*.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import format_day
from app.core.errors import UserError
from app.office.district import (
    YEAR_MAX,
    YEAR_MIN,
    DistrictChoice,
    DistrictHeader,
    choose,
    default_years,
    district_header,
    registry_schools,
    save_district_header,
    year_span,
)
from app.office.district_results import results_block
from app.reports.catalog import ReportOptions, writer
from app.reports.district import DISTRICT_TITLE
from ui.forms import save_with
from ui.ops import attempt
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel, FormErrors, SavedNote, page_title
from ui.widgets.district_preview import spanned_widget
from ui.widgets.flow import FlowLayout

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_TITLE = "Отчёт по району"
RIGHT_WIDTH = 440  # the years and the header's fields
LIST_WIDTH = 380  # px: «3410 · МКОУ Нагольненская СШ (ШНОР)» and a little more
LIST_ROWS = (3, 6)  # the school list shows this many lines at least and at most (then it scrolls)


def years_hint(choice: DistrictChoice) -> str:
    """What the chosen years decide, said on the page."""
    return (
        "Годы экзаменов — столбцы Блока 1. Для Блока 2, показателей и анкет это период "
        f"{format_day(choice.period_start)} – {format_day(choice.period_end)}: в Блок 2 входят "
        "мероприятия, шедшие в это время хотя бы частично (и ещё не законченные), и мероприятия без срока."
    )


class DistrictReportPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.header: DistrictHeader | None = None
        self.tables: dict[str, QTableWidget] = {}
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(page_title(PAGE_TITLE))
        head.addStretch(1)
        self.saved_note = SavedNote()
        head.addWidget(self.saved_note)
        self.printing = PrintButtons(
            self, [Printout(PAGE_TITLE, self._report_writer)], "отчёт по отмеченным школам и годам"
        )
        self.printing.add_to(head)
        layout.addLayout(head)
        subtitle = QLabel(f"«{DISTRICT_TITLE}»: шапка, Блок 1, 2, 3, показатели школ и анкетирование.")
        subtitle.setWordWrap(True)
        layout.addWidget(subtitle)

        # The schools and the form side by side, the form under the list on a narrow screen.
        band = FlowLayout(spacing=12)
        layout.addLayout(band)
        band.addWidget(self._schools_box())

        right_box = QWidget()
        right_box.setMinimumWidth(RIGHT_WIDTH)
        right = QVBoxLayout(right_box)
        right.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        years = QHBoxLayout()
        self.first_year = QSpinBox()
        self.last_year = QSpinBox()
        for spin in (self.first_year, self.last_year):
            spin.setRange(YEAR_MIN, YEAR_MAX)
        years.addWidget(QLabel("с"))
        years.addWidget(self.first_year)
        years.addWidget(QLabel("по"))
        years.addWidget(self.last_year)
        self.years_label = QLabel()
        self.years_label.setWordWrap(True)
        years.addWidget(self.years_label, 1)
        form.addRow("Годы экзаменов:", years)
        self.years_hint = QLabel()
        self.years_hint.setObjectName("years_hint")
        self.years_hint.setWordWrap(True)
        self.years_hint.setStyleSheet("color: #555555;")
        form.addRow("", self.years_hint)
        self.general_error = ErrorLabel()
        self.errors = FormErrors(self.general_error)
        self.district_edit = QLineEdit()
        self.district_edit.setMaxLength(300)
        self.errors.add_row(form, "Муниципальный район:", "district", self.district_edit)
        total = QHBoxLayout()
        self.total_edit = QLineEdit()
        self.total_edit.setPlaceholderText("не указано")
        self.total_edit.setMaximumWidth(90)
        self.total_edit.setToolTip("Общее количество ОО в муниципальном районе — для шапки отчёта")
        total.addWidget(self.total_edit)
        self.shnor_label = QLabel()
        self.shnor_label.setWordWrap(True)
        total.addWidget(self.shnor_label, 1)
        total_box = QWidget()
        total_box.setLayout(total)
        total.setContentsMargins(0, 0, 0, 0)
        self.errors.add_row(form, "Всего ОО в районе:", "schools_total", total_box)
        right.addLayout(form)
        right.addWidget(self.general_error)
        self.choice_error = ErrorLabel()
        self.choice_error.setObjectName("choice_error")
        right.addWidget(self.choice_error)
        right.addStretch(1)
        band.addWidget(right_box)

        preview_title = QLabel("Блок 1. Динамика образовательных результатов — как в отчёте:")
        font = preview_title.font()
        font.setBold(True)
        preview_title.setFont(font)
        layout.addWidget(preview_title)
        self.preview = QScrollArea()
        self.preview.setWidgetResizable(True)
        layout.addWidget(self.preview, 1)

        self.all_button.clicked.connect(lambda: self._mark_all(True))
        self.none_button.clicked.connect(lambda: self._mark_all(False))
        self.school_list.itemChanged.connect(lambda _item: self.update_preview())
        self.first_year.valueChanged.connect(lambda _v: self.update_preview())
        self.last_year.valueChanged.connect(lambda _v: self.update_preview())
        self.district_edit.editingFinished.connect(self.save_header)
        self.total_edit.editingFinished.connect(self.save_header)
        self.reload()

    # --- data ----------------------------------------------------------------------------------

    def _schools_box(self) -> QWidget:
        """«Школы в отчёте»: the list to tick, «Отметить все», «Снять все» and the count."""
        schools_box = QWidget()
        schools = QVBoxLayout(schools_box)
        schools.setContentsMargins(0, 0, 0, 0)
        marks = QHBoxLayout()
        marks.addWidget(QLabel("Школы в отчёте:"))
        marks.addStretch(1)
        self.all_button = QPushButton("Отметить все")
        self.none_button = QPushButton("Снять все")
        marks.addWidget(self.all_button)
        marks.addWidget(self.none_button)
        schools.addLayout(marks)
        self.school_list = QListWidget()
        self.school_list.setFixedWidth(LIST_WIDTH)
        schools.addWidget(self.school_list)
        self.count_label = QLabel()
        schools.addWidget(self.count_label)
        schools.addStretch(1)
        return schools_box

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Schools from the registry (checks kept; new ones checked), the header, the preview."""
        unchecked = {
            item.data(CODE_ROLE) for item in self._items() if item.checkState() != Qt.CheckState.Checked
        }
        first_load = self.school_list.count() == 0
        schools = registry_schools(self.store)
        self.school_list.blockSignals(True)
        self.school_list.clear()
        for school in schools:
            label = f"{school.code} · {school.name}" + (" (ШНОР)" if school.is_shnor else "")
            item = QListWidgetItem(label)
            item.setData(CODE_ROLE, school.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if school.code in unchecked else Qt.CheckState.Checked)
            self.school_list.addItem(item)
        self.school_list.blockSignals(False)
        self._fit_list(len(schools))
        if first_load and schools:
            years = default_years(self.store, [s.id for s in schools])
            self._set_years(years[0], years[-1])
        elif first_load:
            self._set_years(self.last_year.maximum(), self.last_year.maximum())
        self._show_header(district_header(self.store))
        self.update_preview()

    def _fit_list(self, count: int) -> None:
        """A few lines high: the preview below keeps the room."""
        row = self.school_list.sizeHintForRow(0) if count else self.fontMetrics().height() + 4
        lines = min(max(count, LIST_ROWS[0]), LIST_ROWS[1])
        self.school_list.setFixedHeight(lines * row + 2 * self.school_list.frameWidth() + 2)

    def _set_years(self, first: int, last: int) -> None:
        for spin, value in ((self.first_year, first), (self.last_year, last)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)

    def _show_header(self, header: DistrictHeader) -> None:
        self.header = header
        self.district_edit.setText(header.district_typed)
        self.district_edit.setPlaceholderText(header.district_from_schools or "впишите наименование района")
        self.total_edit.setText("" if header.schools_total is None else str(header.schools_total))
        self.shnor_label.setText(f"ШНОР в реестре: {header.shnor}")

    def _items(self) -> list[QListWidgetItem]:
        return [self.school_list.item(i) for i in range(self.school_list.count())]

    def checked_codes(self) -> list[str]:
        return [i.data(CODE_ROLE) for i in self._items() if i.checkState() == Qt.CheckState.Checked]

    def _mark_all(self, on: bool) -> None:
        self.school_list.blockSignals(True)
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.school_list.blockSignals(False)
        self.update_preview()

    def options(self) -> ReportOptions:
        """What the report is asked for; UserError says what is wrong with the choice."""
        years = year_span(self.first_year.value(), self.last_year.value())
        codes = self.checked_codes()
        if not codes:
            raise UserError("Отметьте хотя бы одну школу: отчёт строится по выбранным школам.")
        return ReportOptions(schools=tuple(codes), years=years)

    # --- preview -------------------------------------------------------------------------------

    def update_preview(self) -> None:
        total = self.school_list.count()
        self.count_label.setText(f"Выбрано: {len(self.checked_codes())} из {total}")
        inner = QWidget()
        box = QVBoxLayout(inner)
        self.tables = {}
        choice = attempt(self, self._choice, self._refuse_choice)
        if choice is None:
            self.years_label.setText("")
            self.years_hint.setText("")
            self._enable(False)
            box.addStretch(1)
            self.preview.setWidget(inner)
            return
        self.choice_error.set_message(None)
        self.years_label.setText(choice.years_text)
        self.years_hint.setText(years_hint(choice))
        for table in results_block(self.store, choice):
            title = QLabel(table.title)
            title.setStyleSheet("font-weight: bold;")
            box.addWidget(title)
            self.tables[table.key] = spanned_widget(table)
            box.addWidget(self.tables[table.key])
        box.addStretch(1)
        self.preview.setWidget(inner)
        self._enable(True)

    def _choice(self) -> DistrictChoice:
        """The schools and years chosen, as the report takes them; UserError when there are none."""
        if not self.school_list.count():
            raise UserError(
                "В реестре пока нет школ: примите пакеты школ («Обмен → Принять пакеты») "
                "или добавьте их в «Реестре школ»."
            )
        options = self.options()
        return choose(self.store, options.schools, options.years)

    def _refuse_choice(self, message: str) -> None:
        message = message[0].upper() + message[1:]
        self.choice_error.set_message(message if message.endswith(".") else message + ".")

    def _enable(self, on: bool) -> None:
        self.printing.print_button.setEnabled(on)
        self.printing.save_as_button.setEnabled(on)

    # --- header --------------------------------------------------------------------------------

    def save_header(self) -> None:
        district, total = self.district_edit.text(), self.total_edit.text()
        current = self.header
        if (
            current is not None
            and district.strip() == current.district_typed
            and total.strip() == ("" if current.schools_total is None else str(current.schools_total))
        ):
            return
        header = save_with(self.errors, lambda: save_district_header(self.store, district, total))
        if header is None:
            return
        self.errors.clear()
        self._show_header(header)
        self.saved_note.flash()
        self.data_changed.emit()

    # --- files ---------------------------------------------------------------------------------

    def _report_writer(self):
        """write(fmt, path) for the schools and years chosen; UserError says what is wrong with them."""
        return writer(self.store, "district", self.options())
