"""First start: make this installation a school's or a municipal office's."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.store import Store
from app.school.installation import init_municipality, init_school
from ui import ops
from ui.forms import FormDialog
from ui.widgets.common import FormErrors, page_title

INTRO = (
    "Программа запускается впервые с этой папкой данных. Укажите, кто будет в ней работать: "
    "школа или муниципальное управление образования. Изменить режим потом будет нельзя."
)


class FirstStartDialog(FormDialog):
    """Accepted once the installation is set up (or the demo school is built)."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Дневник школы — первый запуск")
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Добро пожаловать в «Дневник школы»"))
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.school_radio = QRadioButton("Школа")
        self.office_radio = QRadioButton("Управление образования")
        self.school_radio.setChecked(True)
        self._modes = QButtonGroup(self)
        self._modes.addButton(self.school_radio)
        self._modes.addButton(self.office_radio)
        mode_row = QHBoxLayout()
        mode_row.addWidget(QLabel("Режим работы:"))
        mode_row.addWidget(self.school_radio)
        mode_row.addWidget(self.office_radio)
        mode_row.addStretch(1)
        layout.addLayout(mode_row)

        self.forms = QStackedWidget()
        self.forms.addWidget(self._school_form())
        self.forms.addWidget(self._office_form())
        layout.addWidget(self.forms)
        layout.addWidget(self.general_error)
        layout.addStretch(1)

        self.demo_button = QPushButton("Открыть демонстрационную школу")
        self.demo_button.setToolTip(
            "Создать базу с примером: МКОУ Нагольненская СШ с педагогами, планом и дневниками — "
            "чтобы посмотреть программу в работе."
        )
        self.create_button = QPushButton("Создать")
        self.create_button.setDefault(True)
        self.cancel_button = QPushButton("Отмена")
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

        self.school_radio.toggled.connect(self._mode_changed)
        self.create_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.demo_button.clicked.connect(self.open_demo)
        self.code_edit.setFocus()

    def _school_form(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("например, 3410")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("например, МКОУ Нагольненская СШ")
        self.municipality_edit = QLineEdit()
        self.municipality_edit.setPlaceholderText("например, Котельниковский муниципальный район")
        self.school_errors = self.errors
        self.add_row(form, "Код школы:", "code", self.code_edit)
        self.add_row(form, "Полное наименование:", "name", self.name_edit)
        self.add_row(form, "Муниципальный район:", "municipality", self.municipality_edit)
        return box

    def _office_form(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        self.office_name_edit = QLineEdit()
        self.office_name_edit.setPlaceholderText(
            "например, Отдел образования администрации Котельниковского района"
        )
        self.office_errors = FormErrors(self.general_error)
        self.add_row(form, "Наименование управления:", "name", self.office_name_edit, self.office_errors)
        return box

    def is_school_mode(self) -> bool:
        return self.school_radio.isChecked()

    def _mode_changed(self) -> None:
        school = self.is_school_mode()
        self.forms.setCurrentIndex(0 if school else 1)
        self.demo_button.setVisible(school)
        self.school_errors.clear()
        self.office_errors.clear()
        self.errors = self.school_errors if school else self.office_errors  # what «Создать» reports to
        (self.code_edit if school else self.office_name_edit).setFocus()

    def data(self) -> tuple[bool, str, str, str, str]:
        return (
            self.is_school_mode(),
            self.code_edit.text(),
            self.name_edit.text(),
            self.municipality_edit.text(),
            self.office_name_edit.text(),
        )

    def write(self) -> object:
        """«Создать»: the installation set up as the school or the office typed in."""
        if self.is_school_mode():
            return init_school(
                self.store,
                self.code_edit.text(),
                self.name_edit.text(),
                self.municipality_edit.text(),
            )
        return init_municipality(self.store, self.office_name_edit.text())

    def refused(self, exc: UserError) -> None:
        if self.is_school_mode():
            super().refused(exc)
        else:
            self.office_name_edit.setFocus()

    def open_demo(self) -> None:
        try:
            from app.demo.school import build_demo  # written alongside; imported only when asked for
        except ImportError:
            self.school_errors.show_general(
                "Демонстрационная школа в этой сборке программы недоступна. "
                "Заполните поля и нажмите «Создать»."
            )
            return
        if ops.refused(self, lambda: build_demo(self.store), self.school_errors.show_general):
            return
        self.accept()
