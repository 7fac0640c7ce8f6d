"""Under the plan: what in the diaries serves the selected activity (events, teacher and
director entries), with the way into «Путь от обучения к практике»."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.core.store import Store
from app.diaries.training_path import activity_path
from ui.dialogs.training_path import TrainingPathDialog, activity_html
from ui.ops import attempt

NOTHING_SELECTED = (
    "Выберите мероприятие плана — здесь появятся связанные с ним мероприятия «Дневника школы» "
    "и записи дневников педагогов и директора."
)
SECTION_SELECTED = "Выбран раздел плана. Выберите мероприятие, чтобы увидеть его связи с дневниками."


class ActivityLinksPanel(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.activity_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        top = QHBoxLayout()
        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.path_button = QPushButton("Путь от обучения к практике…")
        self.path_button.setToolTip(
            "Открыть связанные мероприятия и записи дневников с переходами между ними"
        )
        self.path_button.setAutoDefault(False)
        self.path_button.clicked.connect(lambda: self.open_path())
        top.addWidget(self.title_label, 1)
        top.addWidget(self.path_button)
        layout.addLayout(top)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.browser.anchorClicked.connect(self.open_path)
        layout.addWidget(self.browser, 1)
        self.show_activity(None)

    def show_activity(
        self, activity_id: str | None, number: str = "", section_selected: bool = False
    ) -> None:
        self.activity_id = activity_id
        self.path_button.setEnabled(activity_id is not None)
        if activity_id is None:
            self.title_label.setText("Связи с дневниками")
            self.browser.setHtml(
                f"<p>{escape(SECTION_SELECTED if section_selected else NOTHING_SELECTED)}</p>"
            )
            return
        path = attempt(self, lambda: activity_path(self.store, activity_id), self._not_found)
        if path is None:
            return
        self.title_label.setText(f"Связи мероприятия {number} с дневниками")
        self.browser.setHtml(activity_html(path))

    def _not_found(self, message: str) -> None:
        self.title_label.setText("Связи с дневниками")
        self.browser.setHtml(f"<p>{escape(message)}</p>")
        self.path_button.setEnabled(False)

    def page_text(self) -> str:
        return self.browser.toPlainText()

    def open_path(self, url: QUrl | None = None) -> TrainingPathDialog | None:
        """The path dialog at the clicked event (or at the activity itself)."""
        if self.activity_id is None:
            return None
        dialog = TrainingPathDialog.for_activity(self.store, self.activity_id, self)
        if url is not None:
            dialog.open_link(url)
        dialog.exec()
        return dialog
