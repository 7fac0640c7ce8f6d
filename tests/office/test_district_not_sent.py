"""A school that sent nothing for a year is said to have sent nothing («не прислала»), not shown
as an empty or «-» cell, in Блок 1 and in «Показатели школ района» (issue 19, item 6).

tests/helpers/district_data's district, and ВПР 2022 of Красноярская only: for 2022 Нагольненская
and Семиченская sent no result at all. Семиченская's ЕГЭ 2021 stays «-»: it sent ГВЭ that year.
Indicators: Нагольненская has «Качество знаний» for 2019/2020 only, Семиченская for 2020/2021.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from app.core.store import Store
from app.office.district_monitoring import registry_indicators
from app.office.district_results import EXAMS, NOT_SENT, block1
from app.programme.assessment_tables import NO_VALUE
from app.programme.assessments import ResultData, add_result
from tests.helpers.district_data import KRASNOYARSK, MATH, RU, SCHOOLS, build_office
from tests.helpers.window import open_window
from ui.pages.programme.district_indicators import DistrictIndicatorsPage

pytestmark = pytest.mark.both_backends

KRAS, NAG, SEM = (SCHOOLS[c] for c in SCHOOLS)


def vpr_2022(store: Store, school_id: str, code: str) -> None:
    if code == KRASNOYARSK:
        for subject, value in ((RU, 3.7), (MATH, 3.6)):
            add_result(store, school_id, ResultData(2022, "ВПР", subject, None, None, "mean_mark", value))


@pytest.fixture(scope="module")
def office_root(tmp_path_factory, on_backend) -> Path:
    root = tmp_path_factory.mktemp("not-sent")
    build_office(root, on_backend, vpr_2022).close()
    return root


@pytest.fixture
def office(office_root):
    store = Store.open(office_root / "office")
    yield store
    store.close()


def test_block_1_says_which_school_sent_nothing_for_a_year(office):
    tables = block1(office, years=[2021, 2022])
    vpr = tables["ВПР"]
    assert vpr.row_of(KRAS) == ["3,61", "3,66", "3,7", "3,6"]
    assert vpr.row_of(NAG) == ["4,0", "3,54", NOT_SENT, NOT_SENT]
    assert vpr.row_of(SEM)[2:] == [NOT_SENT, NOT_SENT]
    assert tables["ОГЭ"].row_of(NAG)[2:] == [NOT_SENT, NOT_SENT]
    exams = tables[EXAMS]
    # 2021: ЕГЭ (2 columns) and ГВЭ (2 columns); 2022: ЕГЭ only.
    assert exams.row_of(SEM)[:2] == [NO_VALUE, NO_VALUE]  # it sent ГВЭ in 2021, not ЕГЭ
    assert exams.row_of(SEM)[4:] == [NOT_SENT, NOT_SENT]
    assert exams.row_of(KRAS)[4:] == [NO_VALUE, NO_VALUE]  # it sent ВПР 2022


def test_district_indicators_say_which_school_sent_nothing(office):
    found = registry_indicators(office, "2019/2020", "2020/2021")
    quality = next(i for i in found.indicators if i.name == "Качество знаний")
    by_name = {s.name: s.id for s in found.schools}
    assert found.cell(quality, by_name[NAG], "2019/2020") == "30"
    assert found.cell(quality, by_name[NAG], "2020/2021") == NOT_SENT
    failing = next(i for i in found.indicators if i.name == "Количество неуспевающих")
    assert found.cell(failing, by_name[KRAS], "2020/2021") == NO_VALUE  # it sent «Качество знаний»
    assert found.cell(failing, by_name[SEM], "2019/2020") == NOT_SENT


def test_the_page_shows_it(qtbot, office):
    window = open_window(qtbot, office)
    page = window.show_page("Программа района/Показатели школ района")
    assert isinstance(page, DistrictIndicatorsPage)
    page.first_year_combo.setCurrentIndex(page.first_year_combo.findData("2019/2020"))
    cells = {}
    for row in range(page.table.rowCount()):
        name = page.table.item(row, 0).text()
        cells.setdefault(name, [page.table.item(row, c).text() for c in range(1, page.table.columnCount())])
    assert cells[NAG] == ["30", NOT_SENT]
    assert any("«не прислала»" in label.text() for label in page.findChildren(QLabel))  # the hint says it
    window.close()


def test_the_district_report_prints_it(office):
    """The printout's indicator table, as the page: «не прислала» for a year without any value."""
    from app.office.district import choose
    from app.office.district_monitoring import indicator_block
    from app.reports.district_parts import indicators_part

    part = indicators_part(indicator_block(office, choose(office, years=(2020, 2021))), {})
    rows = {(str(row[0])): [str(c) for c in row[1:]] for row in part.rows}
    assert rows[NAG][-1] == NOT_SENT  # 2020/2021: Нагольненская sent no indicator that year
    assert "«не прислала»" in " ".join(part.subtitle)
