"""Which programme a page shows: the school's (or the office's) programmes over the years,
the current one first chosen; on the passport page also «Сделать текущей», new, delete."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.core.store import Store
from app.programme.programme import ProgrammeView, delete_programme, list_programmes, set_current
from ui.dialogs.programme_dialogs import NewProgrammeDialog
from ui.ops import attempt
from ui.widgets.common import ask_and_do
from ui.widgets.pickers import ElidedComboBox


def owner_caption(owner: str | None) -> str:
    return "Программа школы:" if owner is not None else "Программа района:"


class ProgrammeChooser(QWidget):
    """`changed` is emitted when the chosen programme (or what is known of it) changes."""

    changed = Signal()
    failed = Signal(str)  # a refusal to show next to the chooser

    def __init__(
        self, store: Store, owner: str | None, parent: QWidget | None = None, with_actions: bool = False
    ):
        super().__init__(parent)
        self.store = store
        self.owner = owner
        self.programmes: list[ProgrammeView] = []
        self._current_id: str | None = None  # the current one as last read

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel(owner_caption(owner))
        self.combo = ElidedComboBox()
        self.combo.setSizeAdjustPolicy(ElidedComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(24)
        layout.addWidget(self.caption)
        layout.addWidget(self.combo, 1)
        self.current_button = QPushButton("Сделать текущей")
        self.current_button.setToolTip(
            "С текущей программой работают план мероприятий, показатели и дневники"
        )
        self.new_button = QPushButton("Новая программа…")
        self.delete_button = QPushButton("Удалить…")
        self.delete_button.setToolTip("Удалить выбранную программу вместе с её планом")
        for button in (self.current_button, self.new_button, self.delete_button):
            button.setVisible(with_actions)
            button.setAutoDefault(False)
            layout.addWidget(button)
        self.combo.currentIndexChanged.connect(self._chosen)
        self.current_button.clicked.connect(self.make_current)
        self.new_button.clicked.connect(self.new_programme)
        self.delete_button.clicked.connect(self.delete)
        self.reload()

    @property
    def programme_id(self) -> str | None:
        return self.combo.currentData()

    @property
    def programme(self) -> ProgrammeView | None:
        return next((p for p in self.programmes if p.id == self.programme_id), None)

    def reload(self, select_id: str | None = None) -> None:
        """Read the list again. The choice stays, unless the current programme has changed
        elsewhere (then the new current one is shown) or `select_id` is given."""
        chosen = self.programme_id
        self.programmes = list_programmes(self.store, self.owner)
        current = next((p.id for p in self.programmes if p.is_current), None)
        if select_id is None:
            select_id = chosen if current == self._current_id else current
        self._current_id = current
        self.combo.blockSignals(True)
        self.combo.clear()
        for programme in self.programmes:
            self.combo.addItem(programme.label, programme.id)
            self.combo.setItemData(self.combo.count() - 1, programme.title, Qt.ItemDataRole.ToolTipRole)
        index = self.combo.findData(select_id)
        if index < 0:
            index = self.combo.findData(current)
        self.combo.setCurrentIndex(max(0, index) if self.programmes else -1)
        self.combo.blockSignals(False)
        self.combo.setEnabled(bool(self.programmes))
        self._update_buttons()

    def _chosen(self) -> None:
        self._update_buttons()
        self.changed.emit()

    def _update_buttons(self) -> None:
        programme = self.programme
        self.current_button.setEnabled(programme is not None and not programme.is_current)
        self.delete_button.setEnabled(programme is not None)
        self.combo.setToolTip(programme.title if programme else "")

    def make_current(self) -> None:
        if self.programme_id is None:
            return
        attempt(self, lambda: set_current(self.store, self.programme_id), self.failed.emit)
        self.reload(select_id=self.programme_id)
        self.changed.emit()

    def new_programme(self) -> ProgrammeView | None:
        dialog = NewProgrammeDialog(self.store, self.owner, bool(self.programmes), parent=self)
        if dialog.exec() != NewProgrammeDialog.DialogCode.Accepted or dialog.programme is None:
            return None
        self.reload(select_id=dialog.programme.id)
        self.changed.emit()
        return dialog.programme

    def delete(self) -> None:
        programme = self.programme
        if programme is None:
            return
        question = (
            f"Удалить программу «{programme.title}» ({programme.years}) вместе с её планом мероприятий?"
        )
        act = lambda: delete_programme(self.store, programme.id)  # noqa: E731
        if ask_and_do(self, "Удаление программы", question, act, self.failed.emit):
            self.reload()
            self.changed.emit()
