"""The questionnaire editor: title, the address to the respondent, answer labels, sections and statements.

Saving goes through the template service: a template some round uses becomes a new version.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.store import Store
from app.surveys.survey_templates import (
    SaveOutcome,
    Template,
    TemplateData,
    TemplateItem,
    TemplateSection,
    create_template,
    save_template,
)
from ui.forms import FormDialog, grown_form
from ui.widgets.common import widget_shortcut, wrapped_label

ID_ROLE = Qt.ItemDataRole.UserRole + 1
EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable


def _plain(lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


class TemplateEditor(FormDialog):
    """`template` given: edit it; else a new questionnaire, optionally starting from `start`."""

    def __init__(
        self,
        store: Store,
        template: Template | None = None,
        start: TemplateData | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store, self.template = store, template
        self.outcome: SaveOutcome | None = None
        self.setWindowTitle("Изменить анкету" if template else "Новая анкета")
        self.resize(980, 680)
        layout = QVBoxLayout(self)
        if template is not None and template.rounds:
            note = QLabel(
                f"По этой анкете уже проведено туров: {template.rounds}. Изменения сохранятся как новая "
                f"версия ({template.version + 1}); прежние туры останутся с теми утверждениями, "
                "на которые отвечали, и их отчёты не изменятся."
            )
            note.setWordWrap(True)
            note.setStyleSheet("color: #8a4b00;")
            layout.addWidget(note)

        form = grown_form()
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("например, Удовлетворённость методической помощью")
        self.intro_edit = _plain(3)
        self.intro_edit.setPlaceholderText("Уважаемые коллеги! …")
        self.scale_edit = _plain(4)
        self.scale_edit.setPlaceholderText("Изменений нет\nНезначительные изменения\nЗаметные изменения")
        self.add_row(form, "Название:", "title", self.title_edit)
        self.add_row(form, "Обращение к участнику:", "intro", self.intro_edit)
        self.add_row(
            form,
            wrapped_label("Варианты ответа (по одному в строке, от низшего к высшему):"),
            "scale",
            self.scale_edit,
        )
        layout.addLayout(form)

        layout.addWidget(QLabel("Разделы и утверждения (двойной щелчок или F2 — изменить текст):"))
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        tools = QHBoxLayout()
        self.add_section_button = QPushButton("Добавить раздел")
        self.add_item_button = QPushButton("Добавить утверждение")
        self.add_item_button.setToolTip("Добавить утверждение в выбранный раздел (Insert)")
        self.remove_button = QPushButton("Удалить")
        self.up_button = QPushButton("Выше")
        self.down_button = QPushButton("Ниже")
        for button in (
            self.add_section_button,
            self.add_item_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            button.setAutoDefault(False)
            tools.addWidget(button)
        tools.addStretch(1)
        layout.addLayout(tools)
        layout.addWidget(self.tree, 1)
        self.sections_error = self.add_error("sections", self.tree)
        layout.addWidget(self.sections_error)
        self.finish_form(layout)

        self.add_section_button.clicked.connect(lambda: self.add_section(""))
        self.add_item_button.clicked.connect(lambda: self.add_item(""))
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        widget_shortcut(QKeySequence(Qt.Key.Key_Insert), self.tree, lambda: self.add_item(""))
        widget_shortcut(QKeySequence(Qt.Key.Key_Delete), self.tree, self.remove_selected)

        self.fill(template if template is not None else (start or TemplateData()))
        self.title_edit.setFocus()

    # --- the form -----------------------------------------------------------------

    def fill(self, data: TemplateData) -> None:
        self.title_edit.setText(data.title)
        self.intro_edit.setPlainText(data.intro)
        self.scale_edit.setPlainText("\n".join(data.scale))
        self.tree.clear()
        for section in data.sections:
            top = self.add_section(section.title, edit=False)
            for item in section.items:
                self._item(top, item.text, item.id)
        self.tree.expandAll()

    def data(self) -> TemplateData:
        sections = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            items = [
                TemplateItem(top.child(j).data(0, ID_ROLE) or "", top.child(j).text(0))
                for j in range(top.childCount())
            ]
            sections.append(TemplateSection(top.text(0), items))
        return TemplateData(
            title=self.title_edit.text(),
            intro=self.intro_edit.toPlainText(),
            scale=self.scale_edit.toPlainText().splitlines(),
            sections=sections,
        )

    # --- the tree -------------------------------------------------------------------

    def add_section(self, title: str, edit: bool = True) -> QTreeWidgetItem:
        top = QTreeWidgetItem([title])
        top.setFlags(EDITABLE)
        font = top.font(0)
        font.setBold(True)
        top.setFont(0, font)
        current = self._section_of(self.tree.currentItem())
        index = (
            self.tree.indexOfTopLevelItem(current) + 1
            if (edit and current)
            else self.tree.topLevelItemCount()
        )
        self.tree.insertTopLevelItem(index, top)
        if edit:
            self.tree.setCurrentItem(top)
            self.tree.editItem(top, 0)
        return top

    def _item(self, section: QTreeWidgetItem, text: str, item_id: str = "", after: int | None = None):
        child = QTreeWidgetItem([text])
        child.setFlags(EDITABLE | Qt.ItemFlag.ItemNeverHasChildren)
        child.setData(0, ID_ROLE, item_id)
        section.insertChild(section.childCount() if after is None else after + 1, child)
        return child

    def _section_of(self, item: QTreeWidgetItem | None) -> QTreeWidgetItem | None:
        if item is None:
            return None
        return item.parent() or item

    def add_item(self, text: str) -> QTreeWidgetItem:
        current = self.tree.currentItem()
        section = self._section_of(current)
        if section is None:
            section = self.add_section("Раздел 1", edit=False)
        after = section.indexOfChild(current) if current is not None and current.parent() else None
        child = self._item(section, text, after=after)
        section.setExpanded(True)
        self.tree.setCurrentItem(child)
        self.tree.editItem(child, 0)
        return child

    def remove_selected(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        else:
            parent.removeChild(item)

    def move_selected(self, step: int) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            index = self.tree.indexOfTopLevelItem(item)
            target = index + step
            if 0 <= target < self.tree.topLevelItemCount():
                expanded = item.isExpanded()
                self.tree.takeTopLevelItem(index)
                self.tree.insertTopLevelItem(target, item)
                item.setExpanded(expanded)
        else:
            index = parent.indexOfChild(item)
            target = index + step
            if 0 <= target < parent.childCount():
                parent.takeChild(index)
                parent.insertChild(target, item)
        self.tree.setCurrentItem(item)

    # --- saving -----------------------------------------------------------------------

    def write(self) -> SaveOutcome:
        if self.template is None:
            return SaveOutcome(create_template(self.store, self.data()), new_version=False)
        return save_template(self.store, self.template.id, self.data())

    def stored(self, result: SaveOutcome) -> None:
        self.outcome = result
