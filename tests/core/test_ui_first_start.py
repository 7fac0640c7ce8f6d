"""First start: the dialog sets the installation up as a school or an office; run_gui's early exits."""

from __future__ import annotations

import sys
import types

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from app.core.lock import DataFolderLock
from app.core.store import Store
from app.school.installation import init_school, own_school
from tests.helpers.window import type_text
from ui.shell import app as ui_app
from ui.shell.app import create_main_window, run_gui
from ui.shell.first_start import FirstStartDialog
from ui.widgets.common import ErrorLabel


@pytest.fixture
def dialog(qtbot, store) -> FirstStartDialog:
    dlg = FirstStartDialog(store)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


@pytest.fixture
def keep_locale():
    """run_gui sets the default locale to Russian; give the next tests back what they had."""
    before = QLocale()
    yield
    QLocale.setDefault(before)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_creates_a_school(qtbot, dialog, store):
    type_text(dialog.code_edit, "3410")
    type_text(dialog.name_edit, "МКОУ Нагольненская СШ")
    type_text(dialog.municipality_edit, "Котельниковский район")
    click(qtbot, dialog.create_button)

    assert dialog.result() == QDialog.DialogCode.Accepted
    installation = store.installation()
    assert installation.mode == "school"
    assert installation.name == "МКОУ Нагольненская СШ"
    school = own_school(store)
    assert (school.code, school.name, school.municipality) == (
        "3410",
        "МКОУ Нагольненская СШ",
        "Котельниковский район",
    )


def test_empty_code_is_refused_next_to_the_field(qtbot, dialog, store):
    type_text(dialog.name_edit, "МКОУ Нагольненская СШ")
    click(qtbot, dialog.create_button)

    assert dialog.isVisible()
    code_error = dialog.findChild(ErrorLabel, "code_error")
    assert code_error.isVisible()
    assert code_error.text() == "Укажите код школы (например, 3410)."
    assert not dialog.findChild(ErrorLabel, "name_error").isVisible()
    assert store.installation() is None

    # Fixing the field clears the message and creates the school.
    type_text(dialog.code_edit, "3410")
    click(qtbot, dialog.create_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert store.installation().mode == "school"


def test_creates_a_municipal_office(qtbot, dialog, store):
    click(qtbot, dialog.office_radio)
    assert dialog.forms.currentIndex() == 1
    click(qtbot, dialog.create_button)
    assert "наименование управления" in dialog.office_errors.message("name")
    assert store.installation() is None

    type_text(dialog.office_name_edit, "Отдел образования Котельниковского района")
    click(qtbot, dialog.create_button)

    installation = store.installation()
    assert installation.mode == "municipality"
    assert installation.name == "Отдел образования Котельниковского района"
    assert own_school(store) is None

    window = create_main_window(store)
    qtbot.addWidget(window)
    assert window.nav_titles() == [
        ("Школы", ["Новое во всех школах", "Реестр школ"]),
        (
            "Анализ",
            ["Выявление ШНОР", "Результаты района", "Педагоги района", "Что дошло до практики"],
        ),
        (
            "Программа района",
            ["Паспорт программы", "План мероприятий", "Показатели", "Показатели школ района"],
        ),
        ("Работа со школами", ["Адресные рекомендации"]),
        ("Анкеты", ["Шаблоны анкет"]),
        ("Обмен", ["Принять пакеты", "Обратная связь", "Каталог мероприятий"]),
        ("Отчёты", ["Отчёт по району", "Потребности в поддержке"]),
        ("Сервис", ["Резервные копии", "Настройки"]),
    ]
    assert window.windowTitle() == "Отдел образования Котельниковского района"
    assert "режим: управление образования" in window.identity_label.text()
    assert window.show_page("Сервис/Настройки").name_edit.text() == installation.name


def test_cancel_creates_nothing(qtbot, dialog, store):
    click(qtbot, dialog.cancel_button)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert store.installation() is None


def test_demo_button_builds_the_demo_school(qtbot, dialog, store, monkeypatch):
    def build_demo(target: Store):
        return init_school(target, "3401", "МКОУ Нагольненская СШ", "Котельниковский район")

    monkeypatch.setitem(sys.modules, "app.demo.school", types.SimpleNamespace(build_demo=build_demo))
    click(qtbot, dialog.demo_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert own_school(store).name == "МКОУ Нагольненская СШ"


def test_run_gui_cancelled_first_start_returns_0(qtbot, data_dir, monkeypatch, keep_locale):
    monkeypatch.setattr(FirstStartDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert run_gui(data_dir, None) == 0
    reopened = Store.open(data_dir)
    try:
        assert reopened.installation() is None
    finally:
        reopened.close()


def test_run_gui_refuses_a_second_copy(qtbot, data_dir, monkeypatch, keep_locale):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    with DataFolderLock(data_dir):
        assert run_gui(data_dir, None) == 1
    assert "уже открыта" in shown[0]


def test_qt_dialogs_speak_russian(qtbot, keep_locale):
    qt_app = ui_app.create_application()
    assert qt_app.applicationDisplayName() == "Дневник школы"
    assert QLocale().language() == QLocale.Language.Russian
    assert qt_app.translate("QPlatformTheme", "Cancel") == "Отмена"


def test_run_gui_offers_another_folder_when_the_data_folder_cannot_be_written(
    qtbot, tmp_path, monkeypatch, keep_locale
):
    not_a_folder = tmp_path / "данные"
    not_a_folder.write_text("файл на месте папки")
    elsewhere = tmp_path / "другая папка"
    elsewhere.mkdir()
    told = []

    def answer(box):
        told.append(box.text())
        chosen = next(b for b in box.buttons() if b.text() == "Выбрать другую папку…")
        box.clickedButton = lambda: chosen
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(ui_app.QFileDialog, "getExistingDirectory", lambda *args: str(elsewhere))
    monkeypatch.setattr(FirstStartDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert run_gui(not_a_folder, None) == 0
    assert told == [
        f"Папка данных {not_a_folder} недоступна: на месте папки лежит файл с тем же именем. "
        "Проверьте, что в эту папку можно записывать, или выберите другую папку данных."
    ]
    assert (elsewhere / "dnevnik.db").exists()  # the program went on in the folder chosen
    assert not_a_folder.read_text() == "файл на месте папки"


def test_errors_of_an_empty_form_show_whole_and_the_fields_keep_their_height(qtbot, dialog):
    click(qtbot, dialog.create_button)
    shown = [label for label in dialog.findChildren(ErrorLabel) if label.isVisible() and label.text()]
    assert len(shown) >= 2  # the code and the name are required
    for label in shown:
        assert label.height() >= label.heightForWidth(label.width()), label.text()  # not cut
        assert label.width() + 4 >= min(label.sizeHint().width(), label.parentWidget().width() // 2)
    for edit in (dialog.code_edit, dialog.name_edit, dialog.municipality_edit):
        assert edit.height() >= edit.minimumSizeHint().height()  # not a thin strip
