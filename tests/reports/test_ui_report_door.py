"""The window prints every report through the catalogue's one door (app.reports.catalog.writer):
each page's writer writes what the page shows — its school (the one on the curator's desk too),
its filter, its choices."""

from __future__ import annotations

import pytest

from tests.helpers.desk import demo_pair
from tests.helpers.programme_reports import pdf_text
from tests.helpers.window import go_to, open_window


@pytest.fixture
def pair(tmp_path):
    pair = demo_pair(tmp_path)
    yield pair
    pair.close()


def _written(page_writer, path) -> str:
    page_writer("pdf", path)
    return pdf_text(path)


def test_the_school_prints_its_pages_with_what_they_show(qtbot, pair, tmp_path):
    window = open_window(qtbot, pair.school)
    diary = go_to(qtbot, window, "Дневник педагога")
    diary.search_edit.setText("урок")
    text = _written(diary._report_writer(), tmp_path / "diary.pdf")
    assert "Дневник педагога" in text and "Поиск: «урок»" in text
    support = go_to(qtbot, window, "Карта поддержки")
    assert "Достаточна ли поддержка" in _written(support._report_writer(), tmp_path / "support.pdf")
    surveys = go_to(qtbot, window, "Анкетирование")
    assert "Результаты анкетирования" in _written(surveys.report_writer(), tmp_path / "survey.pdf")


def test_the_desk_prints_the_open_schools_records(qtbot, pair, tmp_path):
    window = open_window(qtbot, pair.office)
    window.open_school(pair.office_school_id)
    for title, writer_of, words in (
        ("Дневник педагога", lambda page: page._report_writer(), "МКОУ Нагольненская СШ"),
        ("Карта поддержки", lambda page: page._report_writer(), "Достаточна ли поддержка"),
        ("Анкетирование", lambda page: page.report_writer(), "Результаты анкетирования"),
    ):
        key = next(k for k in window.desk.keys() if k.endswith(f"/{title}"))
        page = window.show_page(key)
        assert words in _written(writer_of(page), tmp_path / "desk.pdf"), title


def test_the_office_prints_its_schools_needs_at_the_chosen_level(qtbot, pair, tmp_path):
    window = open_window(qtbot, pair.office)
    page = go_to(qtbot, window, "Потребности в поддержке")
    page.level_combo.setCurrentIndex(page.level_combo.findData("regional"))
    page.received_check.setChecked(True)
    text = _written(page._report_writer(), tmp_path / "needs.pdf")
    assert "Потребности школ в поддержке" in text and "Региональный уровень" in text
    assert "все, включая полученные" in text
