"""«Показать записи…»: the records a package would add, change and remove, with labels a person
recognises, exactly those the dry run counts — and nothing written."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.core.errors import UserError
from app.core.store import Store
from app.demo.school import build_demo
from app.diaries.comments import add_comment
from app.school.installation import init_municipality
from app.sync import keys
from app.sync.exchange import export_snapshot, import_packages, write_feedback
from app.sync.preview_records import first_words, preview_records, record_label
from db.models import Event, School, Staff, TeacherDiaryEntry
from tests.helpers.sync_data import dump


@pytest.fixture
def pair(tmp_path):
    school = Store.open(tmp_path / "school")
    build_demo(school)
    office = Store.open(tmp_path / "office")
    init_municipality(office, "Отдел образования Котельниковского района")
    keys.import_key(school, keys.export_public(office, tmp_path / "office.json"))
    keys.import_key(office, keys.export_public(school, tmp_path / "school.json"))
    yield school, office
    school.close()
    office.close()


def dry_changes(store: Store, path):
    (result,) = import_packages(store, [path], dry_run=True)
    assert result.status == "would_import", result.reason
    return result.changes


def assert_same_counts(preview, changes) -> None:
    for kind in ("added", "changed", "removed"):
        assert preview.counts(kind) == getattr(changes, kind), kind


def test_a_first_package_lists_every_record_as_added_and_writes_nothing(tmp_path, pair):
    school, office = pair
    path = export_snapshot(school, tmp_path).path
    before = dump(office)
    preview = preview_records(office, path)
    assert dump(office) == before
    assert_same_counts(preview, dry_changes(office, path))
    assert preview.kind == "school_snapshot" and preview.sequence == 1

    with school.session() as s:
        names = sorted(s.scalars(select(Staff.full_name).where(Staff.deleted_at.is_(None))))
        entry = s.scalars(select(TeacherDiaryEntry).where(TeacherDiaryEntry.deleted_at.is_(None))).first()
        event = s.scalars(select(Event).where(Event.deleted_at.is_(None))).first()
    staff = preview.section("staff")
    assert staff.label == "Педагоги" and not staff.changed and not staff.removed
    assert sorted(label.split(" (")[0] for label in staff.added) == names
    diary = preview.section("teacher_diary").added
    assert f"{entry.entry_date:%d.%m.%Y} — {first_words(entry.methods)}" in diary
    assert f"{event.date_from:%d.%m.%Y} — {first_words(event.title)}" in preview.section("events").added
    card = preview.section("school")  # the key file put the school in the registry already
    assert (card.added + card.changed)[0].startswith(preview.sender)


def test_changed_and_removed_records_are_named_after_a_first_import(tmp_path, pair):
    school, office = pair
    first = export_snapshot(school, tmp_path).path
    assert import_packages(office, [first])[0].status == "imported"
    with school.session() as s:
        member = s.scalars(select(Staff).order_by(Staff.full_name)).first()
        member.full_name = "Переименованная Анна Сергеевна"
        member.updated_at = member.updated_at + timedelta(seconds=5)
        entry = s.scalars(select(TeacherDiaryEntry).where(TeacherDiaryEntry.deleted_at.is_(None))).first()
        entry.deleted_at = entry.updated_at + timedelta(seconds=5)
        gone = f"{entry.entry_date:%d.%m.%Y} — {first_words(entry.methods)}"
        school_id = s.scalars(select(School.id)).first()
        s.add(
            Event(
                school_id=school_id,
                title="Новый семинар по функциональной грамотности",
                level="municipal",
                date_from=date(2024, 3, 1),
            )
        )
    second = tmp_path / "second"
    second.mkdir()
    path = export_snapshot(school, second).path
    before = dump(office)
    preview = preview_records(office, path)
    assert dump(office) == before
    assert_same_counts(preview, dry_changes(office, path))
    assert [label.split(" (")[0] for label in preview.section("staff").changed] == [
        "Переименованная Анна Сергеевна"
    ]
    assert preview.section("teacher_diary").removed == [gone]
    assert preview.section("events").added == ["01.03.2024 — Новый семинар по функциональной грамотности"]


def test_feedback_at_the_school_lists_the_curator_comments(tmp_path, pair):
    school, office = pair
    assert import_packages(office, [export_snapshot(school, tmp_path).path])[0].status == "imported"
    with office.session() as s:
        event_id = s.scalars(select(Event.id)).first()
        code = s.scalars(select(School.code)).first()
    add_comment(office, "events", event_id, "Хорошая практика, поделитесь на РМО.", "Куратор Иванова")
    out = tmp_path / "feedback"
    out.mkdir()
    path = write_feedback(office, code, out)
    before = dump(school)
    preview = preview_records(school, path)
    assert dump(school) == before
    assert preview.kind == "municipal_feedback"
    assert "Хорошая практика, поделитесь на РМО." in preview.section("curator_comments").added
    changes = dry_changes(school, path)
    assert preview.counts("added") == changes.added
    assert preview.counts("removed") == changes.removed
    assert preview.counts("changed") == changes.changed


def test_an_unreadable_file_is_refused_in_russian(tmp_path, pair):
    _school, office = pair
    broken = tmp_path / "broken.dnevnik"
    broken.write_bytes(b"not a zip at all")
    with pytest.raises(UserError, match="не прочитан"):
        preview_records(office, broken)


def test_labels_cut_long_texts_and_fall_back_to_the_id():
    long = "раз два три четыре пять шесть семь восемь девять десять"
    assert first_words(long) == "раз два три четыре пять шесть семь восемь …"
    assert record_label("director_diary", {"entry_date": "2024-02-03", "form_of_use": "Открытый урок"}) == (
        "03.02.2024 — Открытый урок"
    )
    assert record_label("unknown", {"id": "abc"}) == "abc"
    values = {"indicator_id": "i1", "academic_year": "2023/2024"}
    assert record_label("indicator_values", values, {"indicators": {"i1": "Доля"}}) == "2023/2024 Доля"


def _previewed_wizard(qtbot, monkeypatch, tmp_path, school, office):
    """The import wizard with one good package of the school checked (a dry run) and selected;
    RecordsDialog.exec records the dialogs instead of blocking. (wizard, package, dialogs)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from ui.dialogs.import_wizard import ImportWizard, RecordsDialog

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = export_snapshot(school, inbox).path
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(inbox))
    shown: list[RecordsDialog] = []
    monkeypatch.setattr(RecordsDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    wizard = ImportWizard(office, "municipality")
    qtbot.addWidget(wizard)
    panel = wizard.panel
    qtbot.mouseClick(panel.folder_button, Qt.MouseButton.LeftButton)
    assert not panel.records_button.isEnabled()  # nothing checked yet
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.state == "previewed", timeout=30000)
    panel.table.selectRow(0)
    assert panel.results[0].file == good and panel.records_button.isEnabled()
    return wizard, good, shown


def test_the_import_wizard_shows_the_records_of_the_selected_file(qtbot, monkeypatch, tmp_path, pair):
    from PySide6.QtCore import Qt

    school, office = pair
    wizard, _good, shown = _previewed_wizard(qtbot, monkeypatch, tmp_path, school, office)
    panel = wizard.panel
    with school.session() as s:
        member = s.scalars(select(Staff).where(Staff.deleted_at.is_(None))).first().full_name
    before = dump(office)
    qtbot.mouseClick(panel.records_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=30000)
    assert dump(office) == before
    (dialog,) = shown
    assert any(label.startswith(member) for label in dialog.labels("staff", "добавлено"))
    assert dialog.labels("staff", "удалено") == []
    sections = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert any(text.startswith("Дневник педагога — добавлено") for text in sections)
    assert panel.records_button.isEnabled() and panel.records_button.text() == "Показать записи…"
    assert not panel.records_busy.isVisibleTo(panel) and not panel.records_error.isVisibleTo(panel)


def test_the_records_are_read_off_the_gui_thread_while_the_wizard_stays_live(
    qtbot, monkeypatch, tmp_path, pair
):
    import threading

    from PySide6.QtCore import Qt

    from ui.dialogs import import_wizard

    school, office = pair
    wizard, good, shown = _previewed_wizard(qtbot, monkeypatch, tmp_path, school, office)
    panel = wizard.panel
    release, readers = threading.Event(), []

    def slow_preview(store, path):
        readers.append(threading.current_thread())
        assert release.wait(timeout=20), "the test never let the reading finish"
        return preview_records(store, path)

    monkeypatch.setattr(import_wizard, "preview_records", slow_preview)
    qtbot.mouseClick(panel.records_button, Qt.MouseButton.LeftButton)
    # Back from the click while the file is still being read: the window is not held up.
    qtbot.waitUntil(lambda: len(readers) == 1, timeout=5000)
    assert readers[0] is not threading.main_thread() and not release.is_set()
    assert panel.records_busy.isVisibleTo(panel) and panel.records_button.text() == "Пакет читается…"
    assert not panel.records_button.isEnabled() and not panel.apply_button.isEnabled()
    assert not panel.preview_button.isEnabled() and shown == []
    qtbot.wait(50)  # the event loop runs meanwhile
    release.set()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=30000)
    assert shown[0].windowTitle() == f"Записи пакета {good.name}"
    assert not panel.records_busy.isVisibleTo(panel) and panel.apply_button.isEnabled()


def test_a_file_that_can_no_longer_be_read_gets_a_russian_message(qtbot, monkeypatch, tmp_path, pair):
    from PySide6.QtCore import Qt

    school, office = pair
    wizard, good, shown = _previewed_wizard(qtbot, monkeypatch, tmp_path, school, office)
    panel = wizard.panel
    good.write_bytes(b"not a zip at all")  # the stick was rewritten after the check
    qtbot.mouseClick(panel.records_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.records_error.isVisibleTo(panel), timeout=30000)
    message = panel.records_error.text()
    assert f"Пакет «{good.name}» не прочитан" in message and "нажмите «Проверить пакеты»" in message
    assert "Traceback" not in message and shown == []
    assert panel.records_button.isEnabled() and not panel.records_busy.isVisibleTo(panel)
