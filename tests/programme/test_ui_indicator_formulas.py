"""«Показатели» in the window: an indicator counted from «Педагоги» chosen in its form, its fact
filled for the academic year under way, shown on its own background, not editable, its source in
the tooltip and beside the chart."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.programme.academic_years import current_academic_year
from app.programme.indicators import list_indicators
from app.school.installation import own_school
from app.school.staff import StaffData, add_staff
from tests.helpers.window import LEFT, go_to, open_window, script_dialog
from ui.dialogs.indicator_dialog import IndicatorDialog
from ui.models.indicator_table import COUNTED_BACKGROUND, PART_ACTUAL, PART_TARGET


def test_a_counted_indicator_fills_itself_and_says_from_where(qtbot, school_store, monkeypatch):
    school_id = own_school(school_store).id
    for name, iprp in (("Иванова", True), ("Петрова", True), ("Сидоров", False), ("Орлова", False)):
        add_staff(school_store, school_id, StaffData(full_name=name, subjects=["математика"], has_iprp=iprp))
    window = open_window(qtbot, school_store)
    page = go_to(qtbot, window, "Показатели")

    def fill(dialog: IndicatorDialog) -> None:
        combo = dialog.formula_combo
        assert combo.currentText() == "вписывается вручную"
        combo.setFocus()
        combo.setCurrentIndex(combo.findData("staff_iprp"))
        assert dialog.name_edit.text() == "Доля педагогов, имеющих ИПРП"  # the formula's title
        assert dialog.unit_combo.currentText() == "%"
        qtbot.mouseClick(dialog.save_button, LEFT)

    opened = script_dialog(monkeypatch, fill, IndicatorDialog)
    qtbot.mouseClick(page.add_button, LEFT)
    assert len(opened) == 1
    [info] = list_indicators(school_store, school_id)
    assert info.formula == "staff_iprp"

    year = current_academic_year()
    row = page.model.row_of(info.id)
    fact = page.model.index(row, page.model.column_of(year, PART_ACTUAL))
    assert fact.data() == "50"  # 2 of 4 teachers
    assert not fact.flags() & Qt.ItemFlag.ItemIsEditable
    assert fact.data(Qt.ItemDataRole.BackgroundRole).color() == COUNTED_BACKGROUND
    tip = fact.data(Qt.ItemDataRole.ToolTipRole)
    assert "считается по разделу «Педагоги»" in tip and "учителей: 2 из 4" in tip
    assert page.model.index(row, page.model.column_of(year, PART_TARGET)).flags() & Qt.ItemFlag.ItemIsEditable
    page.select(info.id)
    assert "Факт считается по разделу «Педагоги»" in page.details_label.text()
    assert f"{year}: факт 50" in page.details_label.text()

    # Double-clicking the counted fact opens no editor: nothing to type over.
    page.table.scrollTo(fact)
    qtbot.mouseDClick(page.table.viewport(), LEFT, pos=page.table.visualRect(fact).center())
    assert page.table.state() != page.table.State.EditingState
    window.close()
