"""«Анкетирование на этом компьютере»: teachers answer one after another on the school PC.

Full screen, large text, one section at a time. The answers live only in this window's
buttons until «Готово»; then they are saved as an anonymous sheet and every button is
cleared, so the next person starts from a clean sheet and cannot reach earlier answers.
Leaving the mode needs the exit code the deputy set when starting it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.store import Store
from app.surveys.survey_sheets import add_sheet
from app.surveys.survey_templates import get_template
from app.surveys.surveys import get_round
from ui.ops import refused
from ui.widgets.common import SAVED_STYLE, ErrorLabel, FormErrors

TEXT_PT, BUTTON_PT, TITLE_PT = 15, 12, 22
MIN_CODE = 4


def _font(widget: QWidget, points: float, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    widget.setFont(font)


def two_lines(label: str) -> str:
    """A long answer label on two lines, so the buttons stay narrow."""
    if len(label) <= 14 or " " not in label:
        return label
    middle = len(label) // 2
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return label[:cut] + "\n" + label[cut + 1 :]


class KioskStartDialog(QDialog):
    """The deputy sets the code that will be needed to leave the mode."""

    def __init__(self, round_title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Анкетирование на этом компьютере")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        text = QLabel(
            f"Тур «{round_title}». Программа откроет анкету во весь экран: педагоги отвечают по очереди, "
            "после «Готово» следующий начинает с чистого листа и не видит прежних ответов.\n\n"
            "Придумайте код выхода (не меньше четырёх цифр): без него выйти из режима анкетирования нельзя."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.general_error = ErrorLabel()
        self.errors = FormErrors(self.general_error)
        self.code_edit = QLineEdit()
        self.code_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors.add_row(form, "Код выхода:", "code", self.code_edit)
        self.errors.add_row(form, "Ещё раз:", "repeat", self.repeat_edit)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        std = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(std.Ok | std.Cancel)
        self.start_button = buttons.button(std.Ok)
        self.start_button.setText("Начать анкетирование")
        buttons.button(std.Cancel).setText("Отмена")
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.code = ""

    def check(self) -> None:
        code, repeat = self.code_edit.text().strip(), self.repeat_edit.text().strip()
        if len(code) < MIN_CODE or not code.isdigit():
            self.errors.show({"code": f"Код — не меньше {MIN_CODE} цифр."})
        elif code != repeat:
            self.errors.show({"repeat": "Коды не совпадают — наберите тот же код ещё раз."})
        else:
            self.code = code
            self.accept()


class KioskWindow(QWidget):
    finished = Signal()

    def __init__(self, store: Store, round_id: str, exit_code: str, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.store, self._exit_code = store, exit_code
        self.info = get_round(store, round_id)
        self.template = get_template(store, self.info.template_id)
        self.saved_count = 0
        self._unlocked = False
        self._warned = False
        self.setWindowTitle(f"Анкета «{self.template.title}»")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addWidget(self.stack)
        self.groups: list[tuple[str, QButtonGroup]] = []  # item id and its answer buttons
        self.welcome = self._build_welcome()
        self.stack.addWidget(self.welcome)
        self.section_pages = [self._build_section(n) for n in range(len(self.template.sections))]
        for page in self.section_pages:
            self.stack.addWidget(page)
        self.exit_page = self._build_exit()
        self.stack.addWidget(self.exit_page)
        self._return_to = self.welcome
        self.stack.setCurrentWidget(self.welcome)

    # --- pages ------------------------------------------------------------------

    def _build_welcome(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addStretch(1)
        self.leave_button = QPushButton("Завершить анкетирование…")
        self.leave_button.clicked.connect(self.request_exit)
        top.addWidget(self.leave_button)
        layout.addLayout(top)
        title = QLabel(self.template.title)
        _font(title, TITLE_PT, bold=True)
        title.setWordWrap(True)
        intro = QLabel(self.template.intro)
        intro.setWordWrap(True)
        _font(intro, TEXT_PT)
        privacy = QLabel(
            "Анкета анонимная: имя не спрашивается, ответы сохраняются без времени и без порядка, "
            "никто не сможет узнать, какой лист ваш."
        )
        privacy.setWordWrap(True)
        _font(privacy, BUTTON_PT)
        self.thanks_label = QLabel("Спасибо! Ваши ответы сохранены. Анкета готова для следующего участника.")
        self.thanks_label.setStyleSheet(SAVED_STYLE)
        _font(self.thanks_label, TEXT_PT, bold=True)
        self.thanks_label.setWordWrap(True)
        self.thanks_label.hide()
        self.start_button = QPushButton("Начать анкету")
        _font(self.start_button, TEXT_PT, bold=True)
        self.start_button.setMinimumSize(320, 64)
        self.start_button.clicked.connect(self.start_respondent)
        for widget in (title, intro):
            layout.addWidget(widget)
        layout.addSpacing(12)
        layout.addWidget(privacy)
        layout.addSpacing(20)
        layout.addWidget(self.thanks_label)
        layout.addStretch(1)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return page

    def _build_section(self, index: int) -> QWidget:
        section = self.template.sections[index]
        total = len(self.template.sections)
        page = QWidget()
        layout = QVBoxLayout(page)
        head = QLabel(f"Раздел {index + 1} из {total}. {section.title}")
        _font(head, TITLE_PT - 2, bold=True)
        head.setWordWrap(True)
        layout.addWidget(head)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setVerticalSpacing(14)
        grid.setHorizontalSpacing(10)
        wide = len(self.template.scale) <= 4
        for row, item in enumerate(section.items):
            text = QLabel(item.text)
            text.setWordWrap(True)
            _font(text, TEXT_PT)
            group = QButtonGroup(page)
            buttons = QHBoxLayout()
            buttons.setSpacing(8)
            for value, label in enumerate(self.template.scale):
                button = QPushButton(two_lines(label))
                button.setCheckable(True)
                button.setMinimumSize(170, 58)
                _font(button, BUTTON_PT)
                button.setStyleSheet("QPushButton:checked { background: #1f5fa8; color: white; }")
                group.addButton(button, value)
                buttons.addWidget(button)
            self.groups.append((item.id, group))
            if wide:
                grid.addWidget(text, row, 0)
                grid.addLayout(buttons, row, 1)
            else:
                grid.addWidget(text, 2 * row, 0)
                grid.addLayout(buttons, 2 * row + 1, 0)
        grid.setColumnStretch(0, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        page.warning = QLabel()
        page.warning.setStyleSheet("color: #8a4b00;")
        page.warning.setWordWrap(True)
        _font(page.warning, BUTTON_PT)
        layout.addWidget(page.warning)
        nav = QHBoxLayout()
        cancel = QPushButton("Отменить мои ответы")
        cancel.clicked.connect(self.cancel_respondent)
        page.back = QPushButton("← Назад")
        page.back.setEnabled(index > 0)  # never back into the previous person's sheet
        page.back.clicked.connect(lambda: self._go(index - 1))
        page.forward = QPushButton("Готово" if index == total - 1 else "Далее →")
        page.forward.clicked.connect(self.finish if index == total - 1 else lambda: self._go(index + 1))
        for button in (cancel, page.back, page.forward):
            _font(button, BUTTON_PT, bold=button is page.forward)
            button.setMinimumHeight(48)
            button.setMinimumWidth(180)
        nav.addWidget(cancel)
        nav.addStretch(1)
        nav.addWidget(page.back)
        nav.addWidget(page.forward)
        layout.addLayout(nav)
        return page

    def _build_exit(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        label = QLabel("Выход из режима анкетирования. Введите код, который задал заместитель директора.")
        label.setWordWrap(True)
        _font(label, TEXT_PT)
        self.code_edit = QLineEdit()
        self.code_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.code_edit.setMaximumWidth(260)
        _font(self.code_edit, TEXT_PT)
        self.code_edit.returnPressed.connect(self.try_exit)
        self.code_error = ErrorLabel()
        _font(self.code_error, BUTTON_PT)
        buttons = QHBoxLayout()
        self.exit_button = QPushButton("Выйти")
        self.exit_button.clicked.connect(self.try_exit)
        self.stay_button = QPushButton("Вернуться к анкете")
        self.stay_button.clicked.connect(self._stay)
        for button in (self.exit_button, self.stay_button):
            _font(button, BUTTON_PT)
            button.setMinimumHeight(44)
            button.setMinimumWidth(200)
            buttons.addWidget(button)
        buttons.addStretch(1)
        for widget in (label, self.code_edit, self.code_error):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

    # --- one respondent ------------------------------------------------------------

    def answers(self) -> dict[str, int | None]:
        """What the current respondent has marked."""
        return {
            item_id: (group.checkedId() if group.checkedId() >= 0 else None) for item_id, group in self.groups
        }

    def _clear(self) -> None:
        for _, group in self.groups:
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        for page in self.section_pages:
            page.warning.setText("")
        self._warned = False

    def _go(self, index: int) -> None:
        self.stack.setCurrentWidget(self.section_pages[index])

    def start_respondent(self) -> None:
        self._clear()
        self.thanks_label.hide()
        self._go(0)

    def cancel_respondent(self) -> None:
        """The respondent changed their mind: nothing is saved."""
        self._clear()
        self.stack.setCurrentWidget(self.welcome)

    def finish(self) -> None:
        answers = self.answers()
        missing = sum(1 for v in answers.values() if v is None)
        last = self.section_pages[-1]
        if missing == len(answers):
            last.warning.setText(
                "Не отмечено ни одного ответа. Отметьте ответы или нажмите «Отменить мои ответы»."
            )
            return
        if missing and not self._warned:
            self._warned = True
            last.warning.setText(
                f"Без ответа осталось утверждений: {missing}. Можно вернуться «Назад» и отметить их "
                "или нажать «Готово» ещё раз, чтобы сохранить как есть."
            )
            return
        if refused(self, lambda: add_sheet(self.store, self.info.id, answers), last.warning.setText):
            return
        self.saved_count += 1
        self._clear()
        self.thanks_label.show()
        self.stack.setCurrentWidget(self.welcome)

    # --- leaving ---------------------------------------------------------------------

    def request_exit(self) -> None:
        if self.stack.currentWidget() is not self.exit_page:
            self._return_to = self.stack.currentWidget()
        self.code_edit.clear()
        self.code_error.set_message(None)
        self.stack.setCurrentWidget(self.exit_page)
        self.code_edit.setFocus()

    def _stay(self) -> None:
        self.stack.setCurrentWidget(self._return_to)

    def try_exit(self) -> None:
        if self.code_edit.text().strip() != self._exit_code:
            self.code_error.set_message("Код неверный. Выйти может только заместитель директора.")
            self.code_edit.clear()
            return
        self._clear()
        self._unlocked = True
        self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.request_exit()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._unlocked:
            event.ignore()
            self.request_exit()
            return
        self.finished.emit()
        super().closeEvent(event)
