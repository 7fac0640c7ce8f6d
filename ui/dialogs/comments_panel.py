"""«Комментарии куратора» of one diary entry: read at a school, written at the municipal office."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError, ValidationError
from app.core.settings import last_comment_author, remember_comment_author
from app.core.store import Store
from app.diaries.comments import add_comment, delete_comment, list_comments, update_comment
from app.diaries.common import CommentView
from ui.forms import show_on_form
from ui.models.comments_cell import comment_text
from ui.widgets.common import ErrorLabel, FormErrors, ask_yes

COMMENT_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_ROLE = Qt.ItemDataRole.UserRole + 2
NONE_AT_SCHOOL = (
    "Комментариев куратора пока нет. Их пишет методист управления образования; "
    "в школу они приходят с обратной связью."
)
NONE_AT_OFFICE = "Комментариев пока нет — напишите первый ниже."
AUTHOR_HINT = "Фамилия И.О., должность"


class CommentsPanel(QWidget):
    """Shows the comments; with `editable` (municipal mode) adds, changes and deletes them at once."""

    changed = Signal()

    def __init__(
        self,
        store: Store,
        target: str,
        target_id: str | None,
        comments: list[CommentView],
        editable: bool,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.target = target
        self.target_id = target_id
        self.editable = editable and target_id is not None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(70)
        self.empty_label = QLabel(NONE_AT_OFFICE if self.editable else NONE_AT_SCHOOL)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list, 1)
        self.error_label = ErrorLabel()
        self.errors = FormErrors(self.error_label)  # no field labels: every message on the one line

        # A person, not the office: whoever wrote the last comment on this computer, else empty.
        self.author_edit = QLineEdit(last_comment_author(store) if self.editable else "")
        self.author_edit.setPlaceholderText(AUTHOR_HINT)
        self.author_edit.setToolTip("Кто пишет комментарий — школа увидит это имя; обязательно")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText("Текст комментария")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.add_button = QPushButton("Добавить комментарий")
        self.update_button = QPushButton("Сохранить изменения")
        self.delete_button = QPushButton("Удалить комментарий")
        for button in (self.add_button, self.update_button, self.delete_button):
            button.setAutoDefault(False)  # Enter in the form saves the entry, not a comment
        if self.editable:
            author_row = QHBoxLayout()
            author_row.addWidget(QLabel("Автор:"))
            author_row.addWidget(self.author_edit, 1)
            layout.addLayout(author_row)
            layout.addWidget(self.text_edit)
            buttons = QHBoxLayout()
            buttons.addWidget(self.add_button)
            buttons.addWidget(self.update_button)
            buttons.addWidget(self.delete_button)
            buttons.addStretch(1)
            layout.addLayout(buttons)
            self.add_button.clicked.connect(self.add)
            self.update_button.clicked.connect(self.save_edited)
            self.delete_button.clicked.connect(self.delete)
            self.list.currentItemChanged.connect(self._picked)
        layout.addWidget(self.error_label)
        self._show(comments)

    # --- data -----------------------------------------------------------

    def _show(self, comments: list[CommentView], select_id: str | None = None) -> None:
        self.list.clear()
        for comment in comments:
            item = QListWidgetItem(comment_text(comment, at_office=self.editable))
            if self.editable:
                item.setToolTip(
                    "Уйдёт в школу со следующей обратной связью («Обмен → Обратная связь»)"
                    if comment.sent_at is None
                    else "Отправлен школе с обратной связью; после изменения уйдёт снова"
                )
            item.setData(COMMENT_ROLE, comment.id)
            item.setData(TEXT_ROLE, comment.text)
            self.list.addItem(item)
            if comment.id == select_id:
                self.list.setCurrentItem(item)
        self.empty_label.setVisible(not comments)
        self.list.setVisible(bool(comments))
        self._update_buttons()

    def reload(self, select_id: str | None = None) -> None:
        if self.target_id is not None:
            self._show(list_comments(self.store, self.target, self.target_id), select_id)

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(COMMENT_ROLE) if item is not None else None

    # --- actions (municipal mode) -----------------------------------------

    def add(self) -> None:
        author = self.author_edit.text()
        try:
            add_comment(self.store, self.target, self.target_id or "", self.text_edit.toPlainText(), author)
        except UserError as exc:
            show_on_form(self.errors, exc)
            if isinstance(exc, ValidationError):
                (self.author_edit if "author" in exc.errors else self.text_edit).setFocus()
            return
        remember_comment_author(self.store, author)
        self.error_label.set_message(None)
        self.text_edit.clear()
        self.reload()
        self.list.clearSelection()
        self.changed.emit()

    def save_edited(self) -> None:
        comment_id = self.selected_id()
        if comment_id is None:
            return
        try:
            update_comment(self.store, comment_id, self.text_edit.toPlainText())
        except UserError as exc:
            show_on_form(self.errors, exc)
            return
        self.error_label.set_message(None)
        self.reload(select_id=comment_id)
        self.changed.emit()

    def delete(self) -> None:
        comment_id = self.selected_id()
        if comment_id is None:
            return
        if not ask_yes(
            self,
            "Удалить комментарий",
            "Удалить выбранный комментарий куратора? Школа увидит это со следующей обратной связью.",
        ):
            return
        delete_comment(self.store, comment_id)
        self.text_edit.clear()
        self.reload()
        self.changed.emit()

    def _picked(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.text_edit.setPlainText(current.data(TEXT_ROLE))
        self._update_buttons()

    def _update_buttons(self) -> None:
        picked = self.selected_id() is not None
        self.update_button.setEnabled(picked)
        self.delete_button.setEnabled(picked)
