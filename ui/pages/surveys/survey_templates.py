"""Шаблоны анкет: the questionnaires a school (or an office) can run, their editor, and their files.

An office writes a questionnaire once and hands the file to all its schools («Сохранить в файл»,
«Загрузить из файла»), so every school answers the same statements.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.files import safe_file_name
from app.reports.catalog import ReportOptions, writer
from app.surveys.survey_templates import (
    Template,
    copy_data,
    delete_template,
    export_template,
    import_template,
    list_templates,
)
from ui.dialogs.template_editor import TemplateEditor
from ui.ops import attempt, refused, tell_saved
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel, SavedNote, ask_and_do, first_selected, page_title, widget_shortcut
from ui.widgets.tables import record_table

FILE_FILTER = "Шаблон анкеты (*.json)"
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def template_html(template: Template) -> str:
    """The questionnaire as the preview shows it; every user text escaped."""
    e = html.escape
    parts = [f"<h3>{e(template.title)}</h3>"]
    if template.intro:
        parts.append("<p>" + e(template.intro).replace("\n", "<br>") + "</p>")
    parts.append("<p><b>Варианты ответа:</b> " + " · ".join(e(x) for x in template.scale) + "</p>")
    for s_no, section in enumerate(template.sections, 1):
        parts.append(f"<p><b>{s_no}. {e(section.title)}</b></p><ol style='margin-top:0'>")
        parts += [f"<li>{e(item.text)}</li>" for item in section.items]
        parts.append("</ol>")
    return "".join(parts)


class SurveyTemplatesPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.templates: list[Template] = []
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(page_title("Шаблоны анкет"))
        header.addStretch(1)
        self.printing = PrintButtons(
            self, [Printout("Бланк анкеты", self.blank_writer, self._blank_name)], "бланк выбранной анкеты"
        )
        self.printing.add_to(header)
        layout.addLayout(header)

        tools = QHBoxLayout()
        self.new_button = QPushButton("Создать…")
        self.new_button.setToolTip("Новая анкета (Ctrl+N)")
        self.edit_button = QPushButton("Изменить…")
        self.copy_button = QPushButton("Создать на основе…")
        self.delete_button = QPushButton("Удалить")
        self.export_button = QPushButton("Сохранить в файл…")
        self.export_button.setToolTip("Файл шаблона можно передать в другие школы или в управление")
        self.import_button = QPushButton("Загрузить из файла…")
        for button in (self.new_button, self.edit_button, self.copy_button, self.delete_button):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.export_button)
        tools.addWidget(self.import_button)
        layout.addLayout(tools)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Анкета", "Версия", "Туров", "Откуда"])
        record_table(self.table, widths={1: 70, 2: 60, 3: 110})
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)
        splitter.setSizes([430, 620])
        layout.addWidget(splitter, 1)

        bottom = QHBoxLayout()
        self.saved_note = SavedNote()
        self.error_label = ErrorLabel()
        bottom.addWidget(self.saved_note)
        bottom.addWidget(self.error_label, 1)
        layout.addLayout(bottom)

        self.new_button.clicked.connect(self.create)
        self.edit_button.clicked.connect(self.edit)
        self.copy_button.clicked.connect(self.copy)
        self.delete_button.clicked.connect(self.delete)
        self.export_button.clicked.connect(self._export_clicked)
        self.import_button.clicked.connect(self._import_clicked)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        QShortcut(QKeySequence.StandardKey.New, self, self.create)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            widget_shortcut(QKeySequence(key), self.table, self.edit)
        self.reload()

    # --- list -----------------------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        current = select_id or (t.id if (t := self.selected()) else None)
        self.templates = list_templates(self.store)
        self.table.setRowCount(len(self.templates))
        for row, template in enumerate(self.templates):
            cells = [
                template.title,
                str(template.version),
                str(template.rounds),
                "встроенная" if template.builtin else "своя или загружена",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, template.id)
                self.table.setItem(row, column, item)
        ids = [t.id for t in self.templates]
        row = ids.index(current) if current in ids else (0 if ids else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._selection_changed()

    def refresh(self) -> None:
        self.reload()

    def selected(self) -> Template | None:
        index = first_selected(self.table)
        if index is None or index.row() >= len(self.templates):
            return None
        return self.templates[index.row()]

    def select(self, template_id: str) -> bool:
        self.reload(select_id=template_id)
        chosen = self.selected()
        return chosen is not None and chosen.id == template_id

    def _selection_changed(self) -> None:
        template = self.selected()
        self.preview.setHtml(template_html(template) if template else "")
        for button in (
            self.edit_button,
            self.copy_button,
            self.export_button,
            self.printing.print_button,
            self.printing.save_as_button,
        ):
            button.setEnabled(template is not None)
        self.edit_button.setEnabled(template is not None and not template.builtin)
        self.edit_button.setToolTip(
            "Встроенную анкету изменить нельзя — создайте копию" if template and template.builtin else ""
        )
        self.delete_button.setEnabled(template is not None and not template.builtin and not template.rounds)

    # --- actions ---------------------------------------------------------------------

    def _run_editor(self, editor: TemplateEditor) -> None:
        if editor.exec() == TemplateEditor.DialogCode.Accepted and editor.outcome is not None:
            outcome = editor.outcome
            self.select(outcome.template.id)
            self.saved_note.flash(
                f"Сохранено как версия {outcome.template.version}" if outcome.new_version else "Сохранено"
            )

    def create(self) -> None:
        self._run_editor(TemplateEditor(self.store, parent=self))

    def copy(self) -> None:
        template = self.selected()
        if template is not None:
            self._run_editor(TemplateEditor(self.store, start=copy_data(template), parent=self))

    def edit(self) -> None:
        template = self.selected()
        if template is None:
            return
        if template.builtin:
            self.copy()
            return
        self._run_editor(TemplateEditor(self.store, template, parent=self))

    def delete(self) -> None:
        template = self.selected()
        if template is None:
            return
        question = f"Удалить анкету «{template.title}»? По ней ещё не проводилось туров."
        act = lambda: delete_template(self.store, template.id)  # noqa: E731
        if ask_and_do(self, "Удалить анкету", question, act, self.error_label.set_message):
            self.error_label.set_message(None)
            self.reload()

    def export_to(self, path: Path) -> None:
        template = self.selected()
        if template is None:
            return
        write = lambda: export_template(self.store, template.id, path)  # noqa: E731
        if refused(self, write, self.error_label.set_message):
            return
        self.error_label.set_message(None)
        tell_saved(self, path, "Шаблон анкеты сохранён")

    def import_from(self, path: Path) -> None:
        outcome = attempt(self, lambda: import_template(self.store, path), self.error_label.set_message)
        if outcome is None:
            return
        self.error_label.set_message(None)
        self.select(outcome.template.id)
        self.saved_note.flash("Анкета загружена" if outcome.added else "Эта анкета уже есть в списке")

    def _blank_name(self) -> str:
        template = self.selected()
        return f"Бланк анкеты — {template.title}" if template is not None else "Бланк анкеты"

    def blank_writer(self):
        """write(fmt, path): the selected template's blank, without a round (to fill in by hand)."""
        template = self.selected()
        if template is None:
            raise UserError("Выберите анкету в списке, затем печатайте бланк.")
        return writer(self.store, "survey-blank", ReportOptions(template=template.id))

    def _export_clicked(self) -> None:
        template = self.selected()
        if template is None:
            return
        name = safe_file_name(template.title, "Анкета")
        path, _ = QFileDialog.getSaveFileName(self, "Сохранить шаблон анкеты", f"{name}.json", FILE_FILTER)
        if path:
            self.export_to(Path(path))

    def _import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Загрузить шаблон анкеты", "", FILE_FILTER)
        if path:
            self.import_from(Path(path))
