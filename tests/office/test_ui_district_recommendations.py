"""«Работа со школами → Адресные рекомендации»: every school's recommendations in one list, the
overdue ones found with the filter, a row opening its school on the desk at that recommendation."""

from __future__ import annotations

from datetime import date

from app.office.recommendations import RecommendationData, add_recommendation
from app.office.registry import list_registry
from tests.helpers.district_data import NAGOLNOE, SEMICHNOE, build_office
from tests.helpers.window import LEFT, go_to, open_window

TITLE = "Адресные рекомендации"


def test_every_schools_recommendations_filtered_and_opened_on_the_desk(qtbot, tmp_path):
    office = build_office(tmp_path)
    ids = {row.code: row.id for row in list_registry(office)}
    late = add_recommendation(
        office,
        ids[NAGOLNOE],
        RecommendationData("Наставничество", "Закрепить наставников.", date(2021, 5, 20), date(2021, 9, 1)),
    )
    add_recommendation(
        office, ids[SEMICHNOE], RecommendationData("Мониторинг", "Ежемесячно.", date(2021, 5, 20))
    )
    window = open_window(qtbot, office, size=(1280, 720))
    try:
        page = go_to(qtbot, window, TITLE, group="Работа со школами")
        assert page.table.rowCount() == 2
        assert "просроченных: 1" in page.summary_label.text()
        page.filter_combo.setCurrentIndex(page.filter_combo.findData("overdue"))
        assert page.table.rowCount() == 1
        assert "просрочена" in page.table.item(0, 3).text()
        assert page.table.item(0, 0).text().endswith(f"({NAGOLNOE})")
        qtbot.mouseClick(page.open_button, LEFT)
        desk_page = window.stack.currentWidget()
        assert window.desk.school_id == ids[NAGOLNOE]
        assert desk_page.selected().id == late.id
    finally:
        window.close()
        office.close()
