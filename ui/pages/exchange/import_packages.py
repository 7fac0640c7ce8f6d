"""«Принять пакеты» (office): the import wizard on a page of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.dialogs.import_wizard import ImportPanel
from ui.pages.base import Page, PageContext
from ui.widgets.common import page_title


class ImportPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        store = context.store
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Принять пакеты"))
        intro = QLabel(
            "Пакеты школ приходят на флешке или вложениями в письмах: сохраните их в одну папку и "
            "выберите её целиком. Сначала программа проверит каждый файл и покажет, что он изменит; "
            "база меняется только после «Принять»."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.panel = ImportPanel(store, "municipality")
        self.panel.layout().setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel, 1)

    def open_paths(self, paths: list[Path]) -> None:
        self.panel.set_paths(paths)

    def flush(self) -> None:
        self.panel.wait()
