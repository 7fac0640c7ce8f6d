"""A school's first feedback in the window: refused until a person compares the office's key
fingerprint in a dialog; the row, the details pane and the outcome always say the same thing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core.store import Store
from app.demo.school import build_demo
from app.school.installation import init_municipality
from app.sync import keys
from app.sync.exchange import export_snapshot, import_packages, write_feedback
from tests.helpers.sync_data import dump
from tests.helpers.window import answer_questions
from ui.dialogs.import_wizard import ImportWizard

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def first_feedback(tmp_path):
    """A school that has sent its first package, and the office's first feedback to it."""
    school = Store.open(tmp_path / "school")
    build_demo(school)
    office = Store.open(tmp_path / "office")
    init_municipality(office, "Отдел образования Котельниковского района")
    assert import_packages(office, [export_snapshot(school, tmp_path).path])[0].status == "imported"
    path = write_feedback(office, "3410", tmp_path)
    yield school, office, path
    school.close()
    office.close()


def row_and_pane(panel) -> tuple[str, str]:
    return panel.table.item(0, 3).text(), panel.details.toPlainText()


def run(qtbot, panel, button, state: str) -> None:
    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: panel.state == state and not panel.running(), timeout=30000)


def test_the_first_office_key_is_taken_only_after_its_fingerprint_is_compared(
    qtbot, monkeypatch, first_feedback
):
    school, office, path = first_feedback
    office_print = keys.fingerprint(office.installation().signing_public_key)
    wizard = ImportWizard(school, "school", [path])
    qtbot.addWidget(wizard)
    panel = wizard.panel
    before = dump(school)
    run(qtbot, panel, panel.preview_button, "previewed")
    row, pane = row_and_pane(panel)
    assert row == "отклонён" and "Итог: отклонён" in pane
    assert "ещё нет ключа управления" in pane and office_print in pane

    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)  # the person says «not the same»
    qtbot.mouseClick(panel.accept_key, LEFT)
    assert asked and office_print in asked[0]
    assert not panel.accept_key.isChecked() and panel.state == "previewed"
    assert dump(school) == before

    asked = answer_questions(monkeypatch)  # «Да»: the fingerprints match
    qtbot.mouseClick(panel.accept_key, LEFT)
    assert panel.accept_key.isChecked()
    qtbot.waitUntil(lambda: panel.state == "previewed" and not panel.running(), timeout=30000)
    row, pane = row_and_pane(panel)
    assert row == "будет принят" and "Итог: будет принят" in pane and "ещё нет ключа" not in pane
    assert dump(school) == before

    run(qtbot, panel, panel.apply_button, "applied")
    row, pane = row_and_pane(panel)
    assert row == "принят" and "Итог: принят" in pane
    assert keys.fingerprints(school)["office"]["signing"] == office_print


def test_the_key_box_asks_for_a_check_first(qtbot, monkeypatch, first_feedback):
    school, _office, path = first_feedback
    asked = answer_questions(monkeypatch)
    wizard = ImportWizard(school, "school", [path])
    qtbot.addWidget(wizard)
    panel = wizard.panel
    qtbot.mouseClick(panel.accept_key, LEFT)
    assert not panel.accept_key.isChecked() and not asked
    assert "Сначала нажмите «Проверить пакеты»" in panel.summary.text()
