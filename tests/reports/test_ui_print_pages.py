"""«Печать» (Ctrl+P) and «Сохранить как…» on every page whose content has a printout: the buttons
write, through the catalogue, a PDF and an XLSX holding the page's title and what the page shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.core.store import Store
from app.demo.office import build_office_demo
from app.demo.school import build_demo
from tests.helpers.desk import demo_pair
from tests.helpers.programme_reports import pdf_text
from tests.helpers.window import go_to, open_window
from ui import report_runner

LEFT = Qt.MouseButton.LeftButton


def xlsx_text(path: Path) -> str:
    book = load_workbook(path)
    cells = (c.value for sheet in book for row in sheet.iter_rows() for c in row)
    return " ".join(" ".join(str(v) for v in cells if v is not None).split())


def printed(qtbot, page, monkeypatch, tmp_path: Path, choice: int = 0) -> tuple[str, str]:
    """The page's «Печать» and «Сохранить как…» (as XLSX) pressed: the two files' texts."""
    opened: list[Path] = []
    monkeypatch.setattr(
        report_runner.QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True
    )
    target = tmp_path / f"saved-{page.__class__.__name__}-{choice}.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), report_runner.FILTERS["xlsx"])
    )
    page.printing.choice.setCurrentIndex(choice)
    qtbot.mouseClick(page.printing.print_button, LEFT)
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    qtbot.waitUntil(lambda: not page.printing.run.running(), timeout=5000)
    qtbot.mouseClick(page.printing.save_as_button, LEFT)
    qtbot.waitUntil(target.exists, timeout=30000)
    qtbot.waitUntil(lambda: not page.printing.run.running(), timeout=5000)
    return pdf_text(opened[0]), xlsx_text(target)


@pytest.fixture
def window(qtbot, store):
    build_demo(store)
    return open_window(qtbot, store)


def words(text: str, count: int = 4) -> str:
    """The first words of a record: a long one wraps, and its lines join with spaces."""
    return " ".join(text.split()[:count])


def first_activity(page) -> str:
    return next(a.title for s in page.sections for a in s.activities)


def first_indicator(page) -> str:
    return next(r.indicator.name for g in page._table.groups for r in g.rows)


def first_diary_entry(page) -> str:
    return page.model.cell_text(0, 1)


def first_card(page) -> str:
    return next(iter(page.map_view.cards.values())).need.content


def first_tree_item(page) -> str:
    return page.tree.topLevelItem(0).text(0).split(" · ")[0]


def ids(pages: list[tuple]) -> list[str]:
    return [f"{page}-{choice}" for page, choice, *_ in pages]


# (page, which printout, the printout's title, a record the page shows)
SCHOOL_PAGES = [
    ("Паспорт программы", 0, "Программа и план мероприятий", lambda page: page.shown.title),
    ("План мероприятий", 0, "Программа и план мероприятий", first_activity),
    ("План мероприятий", 1, "Отчёт о реализации программы", first_activity),
    ("Показатели", 0, "Показатели", first_indicator),
    (
        "Результаты оценочных процедур",
        0,
        "Динамика образовательных результатов",
        lambda page: f"Динамика результатов {page.model.result(0).assessment}",
    ),
    ("Педагоги", 0, "Кадровый состав", lambda page: f"В списке педагогов {page.proxy.rowCount()} человек"),
    ("Дневник педагога", 0, "Дневник педагога", first_diary_entry),
    ("Дневник школы", 0, "Дневник школы", first_diary_entry),
    ("Дневник директора", 0, "Дневник директора", first_diary_entry),
    ("Карта поддержки", 0, "Карта поддержки", first_card),
    ("Анкетирование", 0, "Анкета «", lambda page: page.selected().title),
    ("Анкетирование", 1, "Анкета «Есть ли изменения?»", lambda page: f"Тур «{page.selected().title}»"),
    ("Шаблоны анкет", 0, "Анкета «", lambda page: page.selected().sections[0].items[0].text),
]


@pytest.mark.parametrize(("title", "choice", "printout", "record"), SCHOOL_PAGES, ids=ids(SCHOOL_PAGES))
def test_the_school_prints_its_page(qtbot, window, monkeypatch, tmp_path, title, choice, printout, record):
    page = go_to(qtbot, window, title)
    shown = words(record(page))
    pdf, xlsx = printed(qtbot, page, monkeypatch, tmp_path, choice)
    for text in (pdf, xlsx):
        assert printout in text and "МКОУ Нагольненская СШ" in text
        assert shown in text, (shown, text[:3000])


def test_ctrl_p_prints_the_chosen_printout(qtbot, window, monkeypatch):
    page = go_to(qtbot, window, "План мероприятий")
    opened: list[Path] = []
    monkeypatch.setattr(
        report_runner.QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True
    )
    page.printing.choice.setCurrentIndex(1)
    qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    assert "Отчёт о реализации программы" in pdf_text(opened[0])


OFFICE_PAGES = [
    ("Паспорт программы", 0, "Программа и план мероприятий", lambda page: page.shown.title),
    ("План мероприятий", 0, "Программа и план мероприятий", first_activity),
    ("План мероприятий", 1, "Отчёт о реализации программы", first_activity),
    ("Показатели", 0, "Показатели", first_indicator),
    ("Показатели школ района", 0, "Показатели школ района", lambda page: page.table.item(1, 0).text()),
    ("Отчёт по району", 0, "Отчёт о реализации программ", lambda page: page.tables["ВПР"].item(3, 0).text()),
    ("Потребности в поддержке", 0, "Потребности школ в поддержке", first_tree_item),
]


@pytest.fixture(scope="module")
def office_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office")
    store = Store.open(folder)
    build_office_demo(store)
    store.close()
    return folder


@pytest.mark.parametrize(("title", "choice", "printout", "record"), OFFICE_PAGES, ids=ids(OFFICE_PAGES))
def test_the_office_prints_its_district_programme(
    qtbot, office_folder, monkeypatch, tmp_path, title, choice, printout, record
):
    store = Store.open(office_folder)
    try:
        page = go_to(qtbot, open_window(qtbot, store), title)
        shown = words(record(page))
        pdf, xlsx = printed(qtbot, page, monkeypatch, tmp_path, choice)
        for text in (pdf, xlsx):
            assert printout in text and shown in text, (shown, text[:3000])
    finally:
        store.close()


def test_the_desk_prints_the_open_schools_plan(qtbot, tmp_path, monkeypatch):
    pair = demo_pair(tmp_path)
    try:
        window = open_window(qtbot, pair.office)
        window.open_school(pair.office_school_id)
        key = next(k for k in window.desk.keys() if k.endswith("/План мероприятий"))
        page = window.show_page(key)
        shown = words(first_activity(page))
        pdf, xlsx = printed(qtbot, page, monkeypatch, tmp_path)
        assert "МКОУ Нагольненская СШ" in pdf and shown in pdf and shown in xlsx
    finally:
        pair.close()


def test_the_plan_prints_what_its_filter_shows(qtbot, window, monkeypatch, tmp_path):
    """A section chosen on the plan page: the plan and the implementation report hold that
    section's activities only, and say the filter under the title."""
    page = go_to(qtbot, window, "План мероприятий")
    first, second = page.sections[0], page.sections[1]
    page.filters.section_combo.setCurrentIndex(page.filters.section_combo.findData(second.id))
    kept, dropped = words(second.activities[0].title), words(first.activities[0].title)
    for choice in (0, 1):
        pdf, xlsx = printed(qtbot, page, monkeypatch, tmp_path, choice)
        for text in (pdf, xlsx):
            assert "Отбор: раздел «" in text and kept in text and dropped not in text
