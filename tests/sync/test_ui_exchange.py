"""«Обмен» in the window: the school writes its package into a chosen folder, the office checks
and takes a folder of packages (preview, then per-file results), feedback travels back, and
«Настройки» shows the fingerprints and exchanges key files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from app.core.store import Store
from app.demo.school import build_demo
from app.diaries.comments import add_comment
from app.school.installation import init_municipality
from app.sync import keys
from app.sync.batch import FileResult
from app.sync.exchange import export_snapshot
from app.sync.records import Changes
from db.models import Event
from tests.helpers.window import go_to, open_window, saved_file_box
from ui.dialogs.package_outcome import REFUSED_COLOR, change_details
from ui.pages.service.settings import nobr

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def school(tmp_path):
    store = Store.open(tmp_path / "school")
    build_demo(store)
    yield store
    store.close()


@pytest.fixture
def office(tmp_path):
    store = Store.open(tmp_path / "office")
    init_municipality(store, "Отдел образования Котельниковского района")
    yield store
    store.close()


@pytest.fixture
def exchanged(tmp_path, school, office):
    """School and office that know each other's keys."""
    keys.import_key(school, keys.export_public(office, tmp_path / "office.json"))
    keys.import_key(office, keys.export_public(school, tmp_path / "school.json"))
    return school, office


def choose_folder(monkeypatch, folder: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))


def run_panel(qtbot, panel, button, state: str) -> None:
    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: panel.state == state, timeout=30000)


def column(table, index: int) -> list[str]:
    return [table.item(row, index).text() for row in range(table.rowCount())]


def test_export_wizard_writes_a_package_into_the_chosen_folder(qtbot, monkeypatch, tmp_path, exchanged):
    school, _office = exchanged
    out = tmp_path / "stick" / ("папка_пакетов_для_управления_" * 4)  # a long path has no place to wrap
    out.mkdir(parents=True)
    opened: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    choose_folder(monkeypatch, out)
    window = open_window(qtbot, school)
    page = go_to(qtbot, window, "Отправить в управление")
    assert page.counts.rowCount() > 5
    assert "зашифрован" in page.encryption_label.text()
    assert "первым" in page.last_label.text()
    assert not page.write_button.isEnabled()

    qtbot.mouseClick(page.folder_choice.browse_button, LEFT)
    assert page.write_button.isEnabled()
    width = window.width()
    qtbot.mouseClick(page.write_button, LEFT)
    qtbot.waitUntil(lambda: not page.writing(), timeout=30000)  # written off the GUI thread

    written = list(out.glob("*.dnevnik"))
    assert len(written) == 1 and written[0].name.endswith("_1.dnevnik")
    assert not list(out.glob("*.tmp*"))
    assert "Пакет № 1 записан" in page.result_label.text()
    assert (
        f"<b>{written[0].name}</b>" in page.result_label.text()
        and f"Папка: {out}" in page.result_label.text()
    )
    assert window.width() == width  # the message wraps inside the page, never widens the window
    assert column(page.sent, 0) == ["1"] and column(page.sent, 3) == ["ещё нет"]
    assert "№ 1" in page.last_label.text()
    assert page.open_button.isVisible()
    qtbot.mouseClick(page.open_button, LEFT)
    assert Path(opened[0]) == out


def test_cancelling_the_export_drops_the_report_and_leaves_no_temporary_file(
    qtbot, monkeypatch, tmp_path, exchanged
):
    school, _office = exchanged
    out = tmp_path / "stick" / ("папка_пакетов_для_управления_" * 4)  # a long path has no place to wrap
    out.mkdir(parents=True)
    choose_folder(monkeypatch, out)
    window = open_window(qtbot, school)
    page = go_to(qtbot, window, "Отправить в управление")
    qtbot.mouseClick(page.folder_choice.browse_button, LEFT)
    qtbot.mouseClick(page.write_button, LEFT)
    assert page.writing() and not page.write_button.isEnabled()
    page.run.dialog.canceled.emit()  # the busy dialog's «Отмена» clicked
    qtbot.waitUntil(lambda: not page.writing(), timeout=30000)
    assert page.last_result is None and "записан" not in page.result_label.text()
    assert "отменена" in page.result_label.text()
    assert not [p for p in out.iterdir() if p.suffix != ".dnevnik"]  # no temporary file left
    # the package was written whole (or not at all), and the list says which
    assert len(list(out.glob("*.dnevnik"))) == page.sent.rowCount() <= 1
    assert page.write_button.isEnabled()


def test_import_wizard_previews_then_shows_results_per_file(qtbot, monkeypatch, tmp_path, exchanged):
    school, office = exchanged
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = export_snapshot(school, inbox).path
    (inbox / "broken.dnevnik").write_bytes(b"not a zip at all")
    choose_folder(monkeypatch, inbox)
    window = open_window(qtbot, office)
    page = go_to(qtbot, window, "Принять пакеты")
    panel = page.panel
    # Before a file is chosen the hint is read whole (a paragraph that wraps, not a cut placeholder).
    assert panel.details.toPlainText() == "Выберите файл в таблице, чтобы увидеть изменения по разделам."
    qtbot.mouseClick(panel.folder_button, LEFT)
    assert panel.preview_button.isEnabled() and not panel.apply_button.isEnabled()

    run_panel(qtbot, panel, panel.preview_button, "previewed")
    by_file = dict(zip(column(panel.table, 0), column(panel.table, 3), strict=True))
    assert by_file == {good.name: "будет принят", "broken.dnevnik": "отклонён"}
    row = column(panel.table, 0).index(good.name)
    assert "новых" in panel.table.item(row, 4).text()
    panel.table.selectRow(row)
    assert "Дневник педагога" in panel.details.toPlainText()
    with office.session() as s:  # the preview changed nothing
        assert s.scalars(select(Event)).first() is None
    assert panel.apply_button.isEnabled()

    run_panel(qtbot, panel, panel.apply_button, "applied")
    by_file = dict(zip(column(panel.table, 0), column(panel.table, 3), strict=True))
    assert by_file == {good.name: "принят", "broken.dnevnik": "отклонён"}
    broken = column(panel.table, 0).index("broken.dnevnik")
    assert panel.table.item(broken, 4).text()  # the reason, in Russian
    assert "принят: 1" in panel.summary.text() and "Готово" in panel.summary.text()
    with office.session() as s:
        assert s.scalars(select(Event)).first() is not None

    run_panel(qtbot, panel, panel.preview_button, "previewed")  # the same folder again
    by_file = dict(zip(column(panel.table, 0), column(panel.table, 3), strict=True))
    assert by_file[good.name] == "уже был принят"
    assert not panel.apply_button.isEnabled()


def test_a_package_met_before_is_told_without_the_error_colour():
    met = FileResult(Path("a.dnevnik"), "already_imported", "уже импортирован — ничего не изменено")
    refused = FileResult(Path("b.dnevnik"), "refused", "подпись не сходится")
    assert "ничего не изменено" in change_details(met) and REFUSED_COLOR.name() not in change_details(met)
    assert REFUSED_COLOR.name() in change_details(refused)


def test_the_offices_catalogue_is_named_in_russian_in_the_schools_preview():
    feedback = FileResult(Path("f.dnevnik"), "would_import", changes=Changes(added={"event_catalog": 2}))
    details = change_details(feedback)
    assert "Каталог мероприятий управления" in details and "event_catalog" not in details


def test_feedback_goes_back_and_the_school_sees_it(qtbot, monkeypatch, tmp_path, exchanged):
    school, office = exchanged
    from app.sync.exchange import import_packages

    package = export_snapshot(school, tmp_path).path
    assert import_packages(office, [package])[0].status == "imported"
    with office.session() as s:
        event_id = s.scalars(select(Event.id)).first()
    add_comment(office, "events", event_id, "Хорошая практика, поделитесь на РМО.", "Куратор Иванова")

    out = tmp_path / "feedback"
    out.mkdir()
    choose_folder(monkeypatch, out)
    office_window = open_window(qtbot, office)
    page = go_to(qtbot, office_window, "Обратная связь")
    assert column(page.table, 4) == ["1"]
    qtbot.mouseClick(page.folder_choice.browse_button, LEFT)
    assert page.all_button.isEnabled()
    qtbot.mouseClick(page.all_button, LEFT)
    qtbot.waitUntil(lambda: not page.writing(), timeout=30000)  # written off the GUI thread
    written = list(out.glob("*.dnevnik"))
    assert len(written) == 1 and "Записано пакетов: 1" in page.result_label.text()
    assert f"Папка: <b>{out}</b>" in page.result_label.text() and written[0].name in page.result_label.text()
    assert column(page.table, 4) == ["0"]

    school_window = open_window(qtbot, school)
    school_window.open_package(written[0])  # as when the program is started with the file
    receive = school_window.stack.currentWidget()
    panel = receive.wizard.panel
    run_panel(qtbot, panel, panel.preview_button, "previewed")
    assert column(panel.table, 3) == ["будет принят"]
    run_panel(qtbot, panel, panel.apply_button, "applied")
    assert column(panel.table, 3) == ["принят"]
    receive.wizard.reject()
    assert "Хорошая практика" in " ".join(column(receive.comments, 3))
    assert "Куратор Иванова" in column(receive.comments, 2)
    assert "принят" in receive.last_label.text()

    send = go_to(qtbot, school_window, "Отправить в управление")
    assert column(send.sent, 3)[0].startswith("получен управлением")


def test_settings_show_fingerprints_and_exchange_key_files(qtbot, monkeypatch, tmp_path, school, office):
    office_key = tmp_path / "office-key.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(office_key), ""))
    office_window = open_window(qtbot, office)
    office_settings = go_to(qtbot, office_window, "Настройки")
    signing = keys.fingerprints(office)["signing"]
    assert nobr(signing) in office_settings.own_keys_label.text()
    qtbot.mouseClick(office_settings.export_key_button, LEFT)
    assert office_key.exists() and "сохранён" in office_settings.key_message.text()
    box = saved_file_box(qtbot, office_settings)
    assert box.text() == "Ключ сохранён: office-key.json" and box.informativeText() == f"Папка: {tmp_path}"
    box.close()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(office_key), ""))
    school_window = open_window(qtbot, school)
    school_settings = go_to(qtbot, school_window, "Настройки")
    assert "ещё не загружен" in school_settings.other_keys_label.text()
    qtbot.mouseClick(school_settings.import_key_button, LEFT)
    assert signing in school_settings.key_message.text()
    assert nobr(signing) in school_settings.other_keys_label.text()
