"""The one form dialog (ui/forms.py): refusals beside their fields, errors gone once the field
changes, and «Сохранить изменения?» before typed input is lost — checked for every entry dialog,
found by walking FormDialog's subclasses, so a new form is covered without a new test."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

import ui.dialogs
from app.core.errors import UserError, ValidationError
from app.diaries.events import EventData, school_diary
from app.office.recommendation_answers import recommendation_states
from app.programme.plan import plan_of
from app.programme.plan_edit import add_section
from app.programme.programme import PassportData, create_programme
from app.school.installation import own_school
from app.support import support
from app.surveys.builtin_templates import builtin_template_id
from app.surveys.survey_templates import list_templates
from app.surveys.surveys import RoundData, create_round
from db.models import Recommendation
from tests.helpers.forms import answer_unsaved, click_in_next_message_box
from tests.helpers.window import type_text
from ui import forms
from ui.dialogs.diary_entry import DiaryEntryDialog
from ui.dialogs.practice_entry import PracticeEntryDialog
from ui.forms import FormDialog, ask_unsaved, on_change, save_with, show_on_form
from ui.shell.first_start import FirstStartDialog
from ui.widgets.common import ErrorLabel, FormErrors
from ui.widgets.date_field import DateField
from ui.widgets.pickers import CheckList, OptionalDateEdit

BASES = {DiaryEntryDialog, PracticeEntryDialog}  # what the diaries' forms share; not forms themselves


class NameForm(FormDialog):
    """The smallest form: one field the service calls `name`."""

    def __init__(self, service):
        super().__init__()
        self.service = service
        self.setWindowTitle("Проба")
        layout, form = self.start_form()
        self.name_edit = QLineEdit()
        self.add_row(form, "Имя:", "name", self.name_edit)
        layout.addLayout(form)
        self.finish_form(layout)
        self.kept = None

    def data(self) -> str:
        return self.name_edit.text()

    def write(self) -> str:
        return self.service(self.data())

    def stored(self, result: str) -> None:
        self.kept = result


def refuse_empty(name: str) -> str:
    if not name.strip():
        raise ValidationError({"name": "Укажите имя."})
    return name.strip()


@pytest.fixture
def name_form(qtbot):
    form = NameForm(refuse_empty)
    qtbot.addWidget(form)
    form.show()
    return form


# --- the helpers ---------------------------------------------------------------


def test_show_refusal_puts_each_message_where_it_belongs(qtbot):
    general = ErrorLabel()
    errors = FormErrors(general)
    form = QFormLayout()
    errors.add_row(form, "Имя:", "name", QLineEdit())
    show_on_form(errors, ValidationError({"name": "Укажите имя.", "other": "Лишнее."}))
    assert errors.message("name") == "Укажите имя." and general.text() == "Лишнее."
    show_on_form(errors, UserError("Имя уже занято.", field="name"))
    assert errors.message("name") == "Имя уже занято." and general.text() == ""
    show_on_form(errors, UserError("База занята."))
    assert errors.message("name") == "" and general.text() == "База занята."


def test_save_with_returns_the_result_or_none_once_refused(qtbot):
    errors = FormErrors(ErrorLabel())
    assert save_with(errors, lambda: 42) == 42
    assert save_with(errors, lambda: refuse_empty("")) is None
    assert errors.general.text() == "Укажите имя."


@pytest.mark.parametrize(
    ("make", "change"),
    [
        (QLineEdit, lambda w: w.setText("а")),
        (QPlainTextEdit, lambda w: w.setPlainText("а")),
        (QTextEdit, lambda w: w.setPlainText("а")),
        (lambda: _combo(), lambda w: w.setCurrentIndex(1)),
        (QSpinBox, lambda w: w.setValue(5)),
        (QCheckBox, lambda w: w.setChecked(True)),
        (lambda: OptionalDateEdit("дата"), lambda w: w.set_value(date(2021, 5, 20))),
        (lambda: _checklist(), lambda w: w.set_checked(["a"])),
        (lambda: _row_of_inputs(), lambda w: w.findChild(QComboBox).setCurrentIndex(1)),
    ],
    ids=["line", "plain", "text", "combo", "spin", "check", "optional-date", "checklist", "row"],
)
def test_on_change_hears_every_kind_of_input(qtbot, make, change):
    widget = make()
    qtbot.addWidget(widget)
    heard = []
    on_change(widget, lambda: heard.append(1))
    change(widget)
    assert heard


def _combo() -> QComboBox:
    combo = QComboBox()
    combo.addItems(["один", "два"])
    return combo


def _checklist() -> CheckList:
    from app.core.refs import Ref

    checklist = CheckList()
    checklist.set_items([Ref("a", "А"), Ref("b", "Б")])
    return checklist


def _row_of_inputs() -> QWidget:
    row = QWidget()
    layout = QVBoxLayout(row)
    layout.addWidget(QLineEdit())
    layout.addWidget(_combo())
    return row


@pytest.mark.parametrize(
    ("button", "answer"),
    [("Сохранить", forms.SAVE), ("Не сохранять", forms.DISCARD), ("Отмена", forms.STAY)],
)
def test_the_question_box_speaks_russian(qtbot, button, answer):
    parent = QWidget()
    parent.setWindowTitle("Новый педагог")
    qtbot.addWidget(parent)
    seen = []
    click_in_next_message_box(button, seen)
    assert ask_unsaved(parent) == answer
    box = seen[0]
    assert box.text() == "Сохранить изменения?"
    assert box.windowTitle() == "Новый педагог"
    assert sorted(b.text() for b in box.buttons()) == ["Не сохранять", "Отмена", "Сохранить"]


# --- the form ------------------------------------------------------------------------


def test_a_refusal_shows_beside_the_field_and_goes_as_soon_as_the_field_changes(name_form):
    name_form.save_button.click()
    assert name_form.isVisible()
    assert name_form.errors.message("name") == "Укажите имя."
    type_text(name_form.name_edit, "А")
    assert name_form.errors.message("name") == ""
    name_form.save_button.click()
    assert name_form.result() == QDialog.DialogCode.Accepted and name_form.kept == "А"


def test_save_is_the_default_button_and_enter_saves(name_form):
    assert name_form.save_button.isDefault() and name_form.save_button.text() == "Сохранить"
    assert name_form.cancel_button.text() == "Отмена"
    type_text(name_form.name_edit, "Анна")
    QTest.keyClick(name_form.name_edit, Qt.Key.Key_Return)
    assert name_form.kept == "Анна" and not name_form.isVisible()


def test_the_real_question_keeps_the_form_open_on_cancel(name_form, monkeypatch):
    monkeypatch.setattr(forms, "ask_unsaved", ask_unsaved)  # the real box, clicked below
    type_text(name_form.name_edit, "Анна")
    seen = []
    click_in_next_message_box("Отмена", seen)
    QTest.keyClick(name_form, Qt.Key.Key_Escape)
    assert seen and name_form.isVisible() and name_form.name_edit.text() == "Анна"
    click_in_next_message_box("Сохранить", seen)
    name_form.close()
    assert len(seen) == 2 and name_form.kept == "Анна" and not name_form.isVisible()


def test_saving_refused_after_the_question_keeps_the_form_open(qtbot, monkeypatch):
    answer_unsaved(monkeypatch, forms.SAVE)
    form = NameForm(refuse_empty)
    qtbot.addWidget(form)
    form.name_edit.setText("Анна")
    form.show()
    form.name_edit.clear()  # the change: the name it opened with is gone
    form.reject()
    assert form.isVisible() and form.errors.message("name") == "Укажите имя."


# --- every entry dialog --------------------------------------------------------------


def form_classes() -> list[type[FormDialog]]:
    """Every FormDialog of ui/dialogs and the first start, bases aside."""
    for module in pkgutil.iter_modules(ui.dialogs.__path__):
        importlib.import_module(f"ui.dialogs.{module.name}")
    found, todo = set(), [FormDialog]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    forms_found = [c for c in found if c.__module__.startswith("ui.") and c not in BASES]
    return sorted(forms_found, key=lambda c: c.__name__)


def test_every_entry_dialog_is_a_form():
    names = {c.__name__ for c in form_classes()}
    assert FirstStartDialog.__name__ in names
    expected = {
        "ActivityDialog",
        "CatalogueDialog",
        "DirectorEntryDialog",
        "EventDialog",
        "ExamResultDialog",
        "IndicatorDialog",
        "NeedDialog",
        "NewProgrammeDialog",
        "ReceivedDialog",
        "RecommendationAnswerDialog",
        "RecommendationDialog",
        "RoundDialog",
        "SchoolDialog",
        "SectionDialog",
        "StaffDialog",
        "TeacherEntryDialog",
        "TemplateEditor",
        "TotalsDialog",
    }
    assert expected <= names


@pytest.fixture
def arguments(school_store) -> dict[str, object]:
    """What a dialog's required parameters are given, by name."""
    sid = own_school(school_store).id
    programme = create_programme(
        school_store, sid, PassportData(title="Программа", year_from=2021, year_to=2023)
    )
    section_id = add_section(school_store, programme.id, "Кадры")
    school_diary.create(school_store, sid, EventData(title="Семинар", date_from=date(2021, 3, 1)))
    need = support.NeedData(content="Семинар по ФОО", provider="ММС", due_text="май")
    need_id = support.create_need(school_store, sid, need)
    list_templates(school_store)  # a new installation offers the built-in questionnaire
    template = builtin_template_id("est-li-izmeneniya", 1)
    held = RoundData(template, "Май 2021", date(2021, 5, 20), source="totals")
    with school_store.session() as s:  # a recommendation of the office, as feedback brings it
        s.add(Recommendation(school_id=sid, title="Наставничество", text="…", issued_on=date(2021, 3, 1)))
    return {
        "store": school_store,
        "school_id": sid,
        "owner": sid,
        "has_programmes": True,
        "programme_id": programme.id,
        "sections": plan_of(school_store, programme.id),
        "section_id": section_id,
        "row": support.get_need(school_store, need_id),
        "round_id": create_round(school_store, sid, held).id,
        "state": recommendation_states(school_store, sid)[0],
    }


def open_form(qtbot, cls, arguments) -> FormDialog:
    required = {
        name: arguments[name]
        for name, parameter in inspect.signature(cls.__init__).parameters.items()
        if name != "self" and parameter.default is inspect.Parameter.empty
    }
    dialog = cls(**required)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def change_something(dialog: FormDialog) -> None:
    """Type into the form's first free text field, or step its first number up."""
    for edit in dialog.findChildren(QLineEdit) + dialog.findChildren(QPlainTextEdit):
        inside_picker = isinstance(edit, DateField) or any(
            isinstance(p, (CheckList, QAbstractSpinBox)) for p in _ancestors(edit, dialog)
        )
        if edit.isVisible() and edit.isEnabled() and not edit.isReadOnly() and not inside_picker:
            type_text(edit, "Проверка")
            break
    else:
        spin = dialog.findChild(QSpinBox)
        if spin is not None:
            spin.stepUp()
        else:
            checklist = dialog.findChild(CheckList)
            checklist.set_checked(checklist.ids()[:1])
    assert dialog.has_changes()


def _ancestors(widget: QWidget, top: QWidget) -> list[QWidget]:
    found = []
    while widget is not None and widget is not top:
        widget = widget.parentWidget()
        found.append(widget)
    return found


@pytest.fixture(params=form_classes(), ids=lambda c: c.__name__)
def form_class(request):
    return request.param


def test_escape_with_nothing_changed_just_closes(qtbot, monkeypatch, arguments, form_class):
    asked = answer_unsaved(monkeypatch, forms.STAY)
    dialog = open_form(qtbot, form_class, arguments)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [] and not dialog.isVisible()


def test_escape_after_typing_asks_and_cancel_keeps_the_text(qtbot, monkeypatch, arguments, form_class):
    asked = answer_unsaved(monkeypatch, forms.STAY)
    dialog = open_form(qtbot, form_class, arguments)
    change_something(dialog)
    typed = dialog.data()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()  # the window's close button asks as well
    assert asked == [dialog.windowTitle()] * 2
    assert dialog.isVisible() and dialog.data() == typed


def test_do_not_save_discards(qtbot, monkeypatch, arguments, form_class):
    asked = answer_unsaved(monkeypatch, forms.DISCARD)
    dialog = open_form(qtbot, form_class, arguments)
    writes = []
    monkeypatch.setattr(dialog, "write", lambda: writes.append(1))
    change_something(dialog)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 1 and writes == []
    assert not dialog.isVisible()


def test_save_saves_through_the_service(qtbot, monkeypatch, arguments, form_class):
    answer_unsaved(monkeypatch, forms.SAVE)
    dialog = open_form(qtbot, form_class, arguments)
    change_something(dialog)
    write = dialog.write
    writes = []

    def counted():
        writes.append(1)
        return write()

    monkeypatch.setattr(dialog, "write", counted)
    dialog.cancel_button.click()
    assert writes == [1]
    refused = any(label.text() for label in dialog.findChildren(ErrorLabel))
    if dialog.isVisible():  # the service refused: the form stays open and says why
        assert refused
    else:
        assert dialog.result() == QDialog.DialogCode.Accepted


# --- every date field of every form --------------------------------------------------


def _values(obj: object) -> list[object]:
    """Every value inside what a form gives its service (dataclasses, tuples, dicts unpacked)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [v for f in dataclasses.fields(obj) for v in _values(getattr(obj, f.name))]
    if isinstance(obj, (tuple, list)):
        return [v for item in obj for v in _values(item)]
    if isinstance(obj, dict):
        return [v for item in obj.values() for v in _values(item)]
    return [obj]


def _date_fields(qtbot, dialog: FormDialog) -> list[DateField]:
    """The form's date fields a person can type into, optional ones switched on with their box."""
    for optional in dialog.findChildren(OptionalDateEdit):
        if optional.isVisible() and optional.check.isEnabled() and not optional.check.isChecked():
            qtbot.mouseClick(optional.check, Qt.MouseButton.LeftButton)
    return [
        f for f in dialog.findChildren(DateField) if f.isVisible() and f.isEnabled() and not f.isReadOnly()
    ]


def _retype(field: DateField, text: str) -> None:
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, text)


def _forms_with_dates() -> list[type[FormDialog]]:
    """The forms that build a date field (the program's one: DateField, through its pickers)."""
    makers = ("date_edit(", "OptionalDateEdit(", "DateField(")
    return [c for c in form_classes() if any(m in inspect.getsource(c) for m in makers)]


@pytest.mark.parametrize("form_class", _forms_with_dates(), ids=lambda c: c.__name__)
@pytest.mark.parametrize("typed", ["20.04.2021", "20.4.2021", "20042021", "2021-04-20"])
def test_every_date_field_keeps_the_date_typed(qtbot, arguments, form_class, typed):
    dialog = open_form(qtbot, form_class, arguments)
    fields = _date_fields(qtbot, dialog)
    assert fields, "a form that builds a date field shows none a person can type into"
    for field in fields:
        _retype(field, typed)
        assert field.value() == date(2021, 4, 20), field.objectName()
        assert date(2021, 4, 20) in _values(dialog.data())  # what the service is given


@pytest.mark.parametrize("form_class", _forms_with_dates(), ids=lambda c: c.__name__)
@pytest.mark.parametrize(
    ("typed", "words"), [("31.02.2021", "такой даты нет"), ("01.01.1850", "от 01.01.1950")]
)
def test_an_impossible_date_is_refused_beside_its_field_and_nothing_is_saved(
    qtbot, monkeypatch, arguments, form_class, typed, words
):
    dialog = open_form(qtbot, form_class, arguments)
    fields = _date_fields(qtbot, dialog)
    assert fields, "a form that builds a date field shows none a person can type into"
    writes = []
    monkeypatch.setattr(dialog, "write", lambda: writes.append(1))
    _retype(fields[0], typed)
    dialog.save_button.click()
    assert writes == [] and dialog.isVisible()
    shown = " ".join(label.text() for label in dialog.findChildren(ErrorLabel))
    assert words in shown


def test_a_date_typed_with_dots_is_the_date_stored(qtbot, arguments):
    """The deputy's way: Tab into «с», type «20.4.2021» with dots, save — the diary holds 20.04.2021."""
    from ui.dialogs.event_dialog import EventDialog

    dialog = open_form(qtbot, EventDialog, arguments)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    type_text(dialog.title_edit, "Семинар по формирующему оцениванию")
    dialog.date_from_edit.setFocus()
    dialog.date_from_edit.selectAll()
    QTest.keyClicks(dialog.date_from_edit, "20.4.2021")
    QTest.keyClick(dialog.date_from_edit, Qt.Key.Key_Tab)
    dialog.save_button.click()
    assert not dialog.isVisible(), [label.text() for label in dialog.findChildren(ErrorLabel)]
    stored = school_diary.get_row(arguments["store"], dialog.entry_id)
    assert stored.data.date_from == date(2021, 4, 20)
