"""What would go to a console, in a Russian message box: the windowed dnevnik.exe has no console,
so a usage error or an error before or after the window would otherwise end the program silently."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_NAME

UNEXPECTED = "Произошла непредвиденная ошибка."
UNEXPECTED_ADVICE = (
    "Последнее действие могло не выполниться. Введённые ранее данные сохранены. "
    "Если ошибка повторяется, сообщите о ней, приложив подробности."
)
USAGE = "Программу запустили с параметрами, которые она не понимает."
USAGE_ADVICE = (
    "Откройте программу ярлыком «Дневник школы» или двойным щелчком по пакету .dnevnik. "
    "Команды (demo, info, import…) выполняются программой dnevnik-cli.exe в командной строке."
)
USAGE_PREFIX, REFUSAL_PREFIX = "Ошибка в командной строке: ", "Отказано: "
REFUSED_ADVICE = "Подробности — в тексте выше; исправьте причину и запустите программу снова."


def _application() -> QApplication:
    existing = QApplication.instance()
    return existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])


def show_error_box(text: str, advice: str, details: str = "") -> None:
    """A critical box: what happened, what to do, and the program's own words under «Подробности»."""
    _application()
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text)
    box.setInformativeText(advice)
    if details:
        box.setDetailedText(details)
    box.exec()


def show_unexpected_error(details: str) -> None:
    show_error_box(UNEXPECTED, UNEXPECTED_ADVICE, details)


def show_console_text(code: int, said: str) -> None:
    """What the command line wrote to the console before ending with `code` (2: usage, 1: refused)."""
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    if code == 2:  # argparse: usage lines, then «Ошибка в командной строке: …»
        reasons = [line.removeprefix(USAGE_PREFIX) for line in lines if line.startswith(USAGE_PREFIX)]
        show_error_box(USAGE, "\n\n".join([*reasons[:1], USAGE_ADVICE]), said.strip())
        return
    refusals = [line.removeprefix(REFUSAL_PREFIX) for line in lines if line.startswith(REFUSAL_PREFIX)]
    text = refusals[0] if refusals else lines[-1] if lines else UNEXPECTED
    show_error_box(text, REFUSED_ADVICE, said.strip())
