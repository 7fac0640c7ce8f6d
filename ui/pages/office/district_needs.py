"""At the office, «Потребности в поддержке»: what the district's schools wait for, by topic and due
month, with the schools behind each; a catalogue event can be offered in answer to them.

Only presentation: the adding up and the links are in app.support.support_office.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.reports.catalog import ReportOptions, writer
from app.reports.support import DISTRICT_TITLE
from app.support.support import LEVEL_LABELS
from app.support.support_office import (
    DistrictNeeds,
    catalog_choices,
    district_needs,
    link_offer,
    unlink_offer,
)
from ui.ops import attempt
from ui.pages.base import Page, PageContext
from ui.report_runner import PrintButtons, Printout
from ui.widgets.common import ErrorLabel, SavedNote, page_title
from ui.widgets.flow import FlowLayout
from ui.widgets.tables import set_empty_text

NEED_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ["Тема · срок · школа", "Содержание помощи", "Статус", "Предложено из каталога"]
LATE = QColor("#b00020")
NO_NEEDS = (
    "Потребностей в поддержке этого уровня пока нет: школы присылают их в пакетах "
    "(«Обмен → Принять пакеты»). Выберите другой уровень или примите пакеты."
)


class DistrictNeedsPage(Page):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.found: DistrictNeeds | None = None
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(page_title(DISTRICT_TITLE))
        head.addStretch(1)
        self.level_combo = QComboBox()
        for level in ("municipal", "regional", "school"):
            self.level_combo.addItem(LEVEL_LABELS[level], level)
        self.received_check = QCheckBox("включая полученную помощь")
        self.saved_note = SavedNote()
        head.addWidget(self.saved_note)
        self.printing = PrintButtons(
            self, [Printout(DISTRICT_TITLE, self._report_writer)], "потребности выбранного уровня"
        )
        self.printing.add_to(head)
        layout.addLayout(head)

        tools = FlowLayout()
        self.catalog_combo = QComboBox()
        self.catalog_combo.setMinimumContentsLength(34)
        self.catalog_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.offer_button = QPushButton("Предложить выбранным")
        self.offer_button.setToolTip(
            "Предложить мероприятие каталога школам выбранных потребностей (темы, месяца)"
        )
        self.unoffer_button = QPushButton("Снять предложение")
        tools.add_group(QLabel("Уровень:"), self.level_combo)
        tools.addWidget(self.received_check)
        tools.add_gap(16)
        tools.add_group(QLabel("Мероприятие каталога:"), self.catalog_combo)
        tools.addWidget(self.offer_button)
        tools.addWidget(self.unoffer_button)
        layout.addLayout(tools)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.summary_label)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 260), (2, 190), (3, 260)):
            header.resizeSection(column, width)
        layout.addWidget(self.tree, 1)
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)

        self.level_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.received_check.toggled.connect(lambda _on: self.reload())
        self.offer_button.clicked.connect(self.offer)
        self.unoffer_button.clicked.connect(self.unoffer)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.reload()

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        current = self.catalog_combo.currentData()
        self.catalog_combo.clear()
        for ref in catalog_choices(self.store):
            self.catalog_combo.addItem(ref.label, ref.id)
        if self.catalog_combo.count() == 0:
            self.catalog_combo.addItem("каталог пуст — добавьте мероприятия в «Каталог мероприятий»", None)
        self.catalog_combo.setCurrentIndex(max(0, self.catalog_combo.findData(current)))
        self.found = district_needs(
            self.store, self.level_combo.currentData(), self.received_check.isChecked()
        )
        self.tree.clear()
        set_empty_text(self.tree, NO_NEEDS)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for topic in self.found.topics:
            top = QTreeWidgetItem(
                [
                    f"{topic.topic} — потребностей: {len(topic.needs())}, школ: {len(topic.schools)}, "
                    f"ждут помощи: {topic.waiting}, предложено из каталога: {topic.offered}"
                ]
            )
            top.setFont(0, bold)
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for month in topic.months:
                # Only the month: its schools are the rows under it, each value under its header.
                month_item = QTreeWidgetItem(top, [month.label])
                month_item.setToolTip(0, f"{month.label} — школы: {', '.join(month.schools)}")
                for need in month.needs:
                    item = QTreeWidgetItem(
                        month_item,
                        [
                            need.school,
                            need.content,
                            need.status_label,
                            "\n".join(o.label for o in need.offers),
                        ],
                    )
                    item.setData(0, NEED_ROLE, need.id)
                    tip = f"{need.content}\nОт кого: {need.provider}\nСрок: {need.due_text}"
                    for column in range(len(HEADERS)):
                        item.setToolTip(column, tip)
                    if need.overdue:
                        item.setForeground(2, QBrush(LATE))
        self.tree.expandAll()
        needs = self.found.needs()
        if needs:
            self.summary_label.setText(
                f"Потребностей: {len(needs)}, школ: {len(self.found.schools)}. "
                "Тема определяется по словам в содержании помощи. Выберите тему, месяц или строки, "
                "чтобы предложить школам мероприятие из каталога."
            )
        else:
            self.summary_label.setText(
                "Потребностей на этом уровне нет. Карты поддержки школ появляются здесь, "
                "когда приняты их пакеты."
            )
        self._update_buttons()

    def selected_need_ids(self) -> list[str]:
        """The needs of the selected rows; a topic or month row stands for every need under it."""
        found: list[str] = []

        def collect(item: QTreeWidgetItem) -> None:
            need_id = item.data(0, NEED_ROLE)
            if need_id:
                found.append(need_id)
            for i in range(item.childCount()):
                collect(item.child(i))

        for item in self.tree.selectedItems():
            collect(item)
        return list(dict.fromkeys(found))

    def _update_buttons(self) -> None:
        chosen = bool(self.selected_need_ids()) and self.catalog_combo.currentData() is not None
        self.offer_button.setEnabled(chosen)
        self.unoffer_button.setEnabled(chosen)

    def offer(self) -> None:
        catalog_id = self.catalog_combo.currentData()
        offer = lambda: link_offer(self.store, self.selected_need_ids(), catalog_id)  # noqa: E731
        added = attempt(self, offer, self.error_label.set_message)
        if added is None:
            return
        self.error_label.set_message(None)
        self.saved_note.flash(f"Предложено школам: новых связей {added}")
        self.reload()
        self.data_changed.emit()

    def unoffer(self) -> None:
        catalog_id = self.catalog_combo.currentData()
        for need_id in self.selected_need_ids():
            unlink_offer(self.store, need_id, catalog_id)
        self.saved_note.flash("Предложение снято")
        self.reload()
        self.data_changed.emit()

    def _report_writer(self):
        options = ReportOptions(
            need_level=self.level_combo.currentData(), include_received=self.received_check.isChecked()
        )
        return writer(self.store, "support", options)
