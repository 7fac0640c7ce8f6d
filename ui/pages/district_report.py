"""At the office, «Отчёты → Отчёт по району»: «Отчёт о реализации программ повышения качества
образования» (seed 004) for the schools and years chosen here, with Блок 1 previewed as it prints;
the district's name and total of ОО for the header are typed here and saved as the field is left.

Only presentation: the report is built in app.reports.district from app.services.district*.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
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

from app.errors import UserError, ValidationError
from app.reports import header_spans
from app.reports.catalog import ReportOptions
from app.reports.district import DISTRICT_TITLE, write_district_report
from app.services.district import (
    YEAR_MAX,
    YEAR_MIN,
    DistrictHeader,
    choose,
    default_years,
    district_header,
    registry_schools,
    save_district_header,
    year_span,
)
from app.services.district_results import SpannedTable, results_block
from app.store import Store

# The results page's table helpers: the same look for the same seed table.
from ui.pages.results_tables import SCHOOL_COLUMN_WIDTH, VALUE_COLUMN_WIDTH, _fit_height, _fixed_table, _put
from ui.report_runner import FILTERS, ReportRun
from ui.widgets import ErrorLabel, FormErrors, SavedNote, page_title

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_TITLE = "Отчёт по району"


def spanned_widget(table: SpannedTable) -> QTableWidget:
    """A Блок 1 table with its header lines merged as in the seed and the printout."""
    lines = table.header_rows
    widget = _fixed_table(len(lines) + len(table.rows), len(lines[0]))
    widget.setObjectName(f"block1_{table.key}")
    for r, line in enumerate(lines):
        for c, text in enumerate(line):
            _put(widget, r, c, text, header=True)
    for row, column, rows, columns in header_spans(lines):
        widget.setSpan(row, column, rows, columns)
    for r, (name, cells) in enumerate(table.rows, start=len(lines)):
        _put(widget, r, 0, name)
        widget.item(r, 0).setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for c, text in enumerate(cells, start=1):
            _put(widget, r, c, text)
    widget.setColumnWidth(0, SCHOOL_COLUMN_WIDTH)
    for c in range(1, widget.columnCount()):
        label = lines[-1][c]
        widget.setColumnWidth(c, max(VALUE_COLUMN_WIDTH, widget.fontMetrics().horizontalAdvance(label) + 24))
    _fit_height(widget)
    widget.setFixedWidth(
        sum(widget.columnWidth(c) for c in range(widget.columnCount())) + 2 * widget.frameWidth()
    )
    return widget


class DistrictReportPage(QWidget):
    data_changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.header: DistrictHeader | None = None
        self.report_run: ReportRun | None = None
        self.tables: dict[str, QTableWidget] = {}
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(page_title(PAGE_TITLE))
        head.addStretch(1)
        self.saved_note = SavedNote()
        head.addWidget(self.saved_note)
        self.pdf_button = QPushButton("PDF…")
        self.pdf_button.setToolTip("Сохранить отчёт в PDF (A4, альбомная)")
        self.xlsx_button = QPushButton("XLSX…")
        self.xlsx_button.setToolTip("Сохранить отчёт в книгу Excel: лист на каждую таблицу")
        head.addWidget(self.pdf_button)
        head.addWidget(self.xlsx_button)
        layout.addLayout(head)
        subtitle = QLabel(f"«{DISTRICT_TITLE}»: шапка, Блок 1, 2, 3, показатели школ и анкетирование.")
        subtitle.setWordWrap(True)
        layout.addWidget(subtitle)

        body = QHBoxLayout()
        layout.addLayout(body, 1)
        left = QVBoxLayout()
        left.addWidget(QLabel("Школы в отчёте:"))
        marks = QHBoxLayout()
        self.all_button = QPushButton("Отметить все")
        self.none_button = QPushButton("Снять все")
        marks.addWidget(self.all_button)
        marks.addWidget(self.none_button)
        left.addLayout(marks)
        self.school_list = QListWidget()
        self.school_list.setMinimumWidth(300)
        left.addWidget(self.school_list, 1)
        self.count_label = QLabel()
        left.addWidget(self.count_label)
        body.addLayout(left)

        right = QVBoxLayout()
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
        years.addWidget(self.years_label, 1)
        form.addRow("Годы экзаменов:", years)
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
        preview_title = QLabel("Блок 1. Динамика образовательных результатов — как в отчёте:")
        font = preview_title.font()
        font.setBold(True)
        preview_title.setFont(font)
        right.addWidget(preview_title)
        self.preview = QScrollArea()
        self.preview.setWidgetResizable(True)
        right.addWidget(self.preview, 1)
        body.addLayout(right, 1)

        self.all_button.clicked.connect(lambda: self._mark_all(True))
        self.none_button.clicked.connect(lambda: self._mark_all(False))
        self.school_list.itemChanged.connect(lambda _item: self.update_preview())
        self.first_year.valueChanged.connect(lambda _v: self.update_preview())
        self.last_year.valueChanged.connect(lambda _v: self.update_preview())
        self.district_edit.editingFinished.connect(self.save_header)
        self.total_edit.editingFinished.connect(self.save_header)
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.reload()

    # --- data ----------------------------------------------------------------------------------

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
        if first_load and schools:
            years = default_years(self.store, [s.id for s in schools])
            self._set_years(years[0], years[-1])
        elif first_load:
            self._set_years(self.last_year.maximum(), self.last_year.maximum())
        self._show_header(district_header(self.store))
        self.update_preview()

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
        try:
            if not total:
                raise UserError(
                    "В реестре пока нет школ: примите пакеты школ («Обмен → Принять пакеты») "
                    "или добавьте их в «Реестре школ»."
                )
            options = self.options()
            choice = choose(self.store, options.schools, options.years)
        except UserError as exc:
            message = exc.message[0].upper() + exc.message[1:]
            self.choice_error.set_message(message if message.endswith(".") else message + ".")
            self.years_label.setText("")
            self._enable(False)
            box.addStretch(1)
            self.preview.setWidget(inner)
            return
        self.choice_error.set_message(None)
        self.years_label.setText(choice.years_text)
        for table in results_block(self.store, choice):
            title = QLabel(table.title)
            title.setStyleSheet("font-weight: bold;")
            box.addWidget(title)
            self.tables[table.key] = spanned_widget(table)
            box.addWidget(self.tables[table.key])
        box.addStretch(1)
        self.preview.setWidget(inner)
        self._enable(True)

    def _enable(self, on: bool) -> None:
        self.pdf_button.setEnabled(on)
        self.xlsx_button.setEnabled(on)

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
        try:
            header = save_district_header(self.store, district, total)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        except UserError as exc:
            self.errors.show_general(exc.message)
            return
        self.errors.clear()
        self._show_header(header)
        self.saved_note.flash()
        self.data_changed.emit()

    # --- files ---------------------------------------------------------------------------------

    def export(self, fmt: str) -> ReportRun | None:
        """Ask where, then write the report off the GUI thread (ui.report_runner)."""
        try:
            options = self.options()
        except UserError as exc:
            self.choice_error.set_message(exc.message)
            return None
        path, _chosen = QFileDialog.getSaveFileName(
            self, "Сохранить отчёт", f"{PAGE_TITLE}.{fmt}", FILTERS[fmt]
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != f".{fmt}":
            target = target.with_name(target.name + f".{fmt}")
        store = self.store

        def write(kind: str, out: Path) -> Path:
            return write_district_report(store, kind, out, options)

        def deliver(produced: Path) -> Path:
            if not target.parent.is_dir():
                raise UserError(f"Папки «{target.parent}» нет. Выберите существующую папку.")
            shutil.move(str(produced), target)
            self.saved_note.flash(f"Отчёт записан: {target.name}")
            return target

        self.report_run = ReportRun(self, write, fmt, deliver)
        self.report_run.start()
        return self.report_run
