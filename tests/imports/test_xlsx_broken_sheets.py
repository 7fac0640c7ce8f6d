"""Excel importers against hand-written broken files: malformed sheet XML, wrong cell types,
shared strings that are not there, a dimension of the whole sheet, formulas, a missing workbook,
zip bombs, encrypted and old-format files renamed .xlsx. Each is read or refused with a Russian
reason — never an unhandled exception — and the database stays as it was.
(The random cell contents and byte mutations are fuzzed in tests/core/test_hostile_inputs.py.)
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

from app.core.errors import UserError
from app.imports import RESULT_HEADERS
from app.imports.xlsx_import import apply_import, read_indicator_values, read_results
from app.programme.assessments import ResultData, add_result
from app.school.installation import own_school
from tests.helpers.database import sql_dump
from tests.helpers.fuzzing import refusal_is_russian
from tests.helpers.xlsx_parts import (
    header_row,
    ole_file,
    result_row,
    shared_strings,
    sheet_xml,
    text_cell,
    understate_size,
    write_xlsx,
)

UNREADABLE = "не удалось прочитать как книгу Excel"


@pytest.fixture
def school(school_store):
    """A school holding one result already, so «unchanged» means something."""
    school_id = own_school(school_store).id
    add_result(
        school_store, school_id, ResultData(2020, "ОГЭ", "русский язык", None, None, "mean_mark", "3,38")
    )
    return school_store, school_id


def refusal(school, path: Path) -> str:
    """The Russian refusal of reading `path`, the same from both importers; the database untouched."""
    store, school_id = school
    before = sql_dump(store)
    messages = []
    for read in (read_results, read_indicator_values):
        with pytest.raises(UserError) as caught:
            read(store, school_id, path)
        refusal_is_russian(caught.value)
        messages.append(caught.value.message)
    assert sql_dump(store) == before
    assert messages[0] == messages[1]
    return messages[0]


def refused_results(school, path: Path) -> str:
    store, school_id = school
    before = sql_dump(store)
    with pytest.raises(UserError) as caught:
        read_results(store, school_id, path)
    refusal_is_russian(caught.value)
    assert sql_dump(store) == before
    return caught.value.message


def row_errors(school, path: Path) -> list[str]:
    """A file read, but with bad rows: those are named, and applying it saves nothing."""
    store, school_id = school
    before = sql_dump(store)
    preview = read_results(store, school_id, path)
    assert preview.errors and not preview.can_import
    with pytest.raises(UserError):
        apply_import(store, preview)
    assert sql_dump(store) == before
    return [str(e) for e in preview.errors]


def imported(school, path: Path) -> list[tuple[int, str]]:
    store, school_id = school
    preview = read_results(store, school_id, path)
    assert preview.errors == [], preview.errors
    return [(line.row, line.new) for line in preview.added]


def test_the_hand_written_workbook_itself_imports(school, tmp_path):
    """The control: the same parts, unbroken, give one new result (so each refusal below is the break)."""
    path = write_xlsx(tmp_path / "целый.xlsx", sheet_xml(header_row() + result_row(2)))
    assert imported(school, path) == [(2, "3,56")]
    with_strings = sheet_xml(header_row() + result_row(2, '<c r="G2" t="s"><v>0</v></c>'))
    path = write_xlsx(tmp_path / "общие строки.xlsx", with_strings, strings=shared_strings("3,56"))
    assert imported(school, path) == [(2, "3,56")]


@pytest.mark.parametrize(
    "xml",
    [
        sheet_xml(header_row() + result_row(2))[:-40],  # cut off in the middle of a tag
        sheet_xml(header_row() + result_row(2)).replace("</row>", "", 1),  # a row never closed
        sheet_xml(header_row() + result_row(2)).replace("<c ", "<c <", 1),
        "это не XML <<<",
        b"\xff\xfe\x00\x00 \x00\x01\x02",
        "",
    ],
    ids=["truncated", "unclosed-row", "broken-tag", "not-xml", "binary", "empty"],
)
def test_malformed_sheet_xml_is_refused(school, tmp_path, xml):
    message = refusal(school, write_xlsx(tmp_path / "битый.xlsx", xml))
    assert "книгу Excel" in message and "сохраните как «Книга Excel (.xlsx)»" in message


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="G2" t="n"><v>три</v></c>',  # typed as a number, holding text
        '<c r="G2"><v>3,56</v></c>',  # a number with a decimal comma (Excel never writes one)
        '<c r="G2" t="b"><v>может быть</v></c>',
        '<c r="G2" t="d"><v>вчера</v></c>',
        '<c r="ЖЖ2"><v>3.56</v></c>',
    ],
    ids=["number-holding-text", "number-with-comma", "boolean-holding-text", "date-holding-text", "bad-ref"],
)
def test_a_cell_of_the_wrong_type_refuses_the_file(school, tmp_path, cell):
    path = write_xlsx(tmp_path / "типы.xlsx", sheet_xml(header_row() + result_row(2, cell)))
    assert UNREADABLE in refused_results(school, path)


@pytest.mark.parametrize("index", ["1", "7", "-1", "-2", "один", "1e3"])
def test_a_shared_string_index_out_of_range_is_refused(school, tmp_path, index):
    """Index -1 would be the last string in Python: another cell's text must not appear instead."""
    xml = sheet_xml(header_row() + result_row(2, f'<c r="G2" t="s"><v>{index}</v></c>'))
    path = write_xlsx(tmp_path / "строки.xlsx", xml, strings=shared_strings("3,56"))
    assert UNREADABLE in refused_results(school, path)


def test_shared_strings_missing_altogether_are_refused(school, tmp_path):
    xml = sheet_xml(header_row() + result_row(2, '<c r="G2" t="s"><v>0</v></c>'))
    assert UNREADABLE in refused_results(school, write_xlsx(tmp_path / "без строк.xlsx", xml))


def test_a_dimension_of_the_whole_sheet_is_read_within_the_headers_columns(school, tmp_path):
    """A1:XFD1048576 declared, a stray cell at XFD in each of 3 000 rows: openpyxl would widen every
    row to 16 384 cells; only the header's columns are read, and the rows are checked as usual."""
    rows = "".join(
        result_row(n).replace("</row>", f'<c r="XFD{n}"><v>1</v></c></row>') for n in range(2, 3002)
    )
    path = write_xlsx(tmp_path / "огромный.xlsx", sheet_xml(header_row() + rows, "A1:XFD1048576"))
    started = time.monotonic()
    errors = row_errors(school, path)
    assert time.monotonic() - started < 15
    assert (
        errors[0]
        == "Строка 3: повторяет строку 2 (тот же год, процедура, предмет, класс, уровень и показатель)."
    )


def test_rows_far_below_and_cells_far_right_are_left_alone(school, tmp_path):
    """A stray cell right of the table, a row past Excel's last one (1 048 576) and one numbered two
    billion: the table is read, none of them makes the reader pad two billion rows."""
    far_right = result_row(2).replace("</row>", '<c r="XFD2"><v>1</v></c></row>')
    far_below = result_row(1_048_577) + '<row r="2000000000"><c r="A2000000000"><v>1</v></c></row>'
    xml = sheet_xml(header_row() + far_right + far_below, "A1:XFD2000000000")
    started = time.monotonic()
    assert imported(school, write_xlsx(tmp_path / "далеко.xlsx", xml)) == [(2, "3,56")]
    assert time.monotonic() - started < 10


def test_too_many_filled_rows_are_refused_with_the_limit(school, tmp_path):
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>2021</v></c></row>' for n in range(2, 10_100))
    message = refused_results(
        school, write_xlsx(tmp_path / "длинный.xlsx", sheet_xml(header_row() + rows, None))
    )
    assert "больше 10 000 строк" in message and "Разделите" in message


def test_headers_beyond_the_searched_columns_are_named_in_the_refusal(school, tmp_path):
    row = "".join(text_cell(f"{get_column_letter(101 + i)}1", h) for i, h in enumerate(RESULT_HEADERS))
    message = refused_results(
        school, write_xlsx(tmp_path / "справа.xlsx", sheet_xml(f'<row r="1">{row}</row>'))
    )
    assert "не найдена строка заголовков" in message and "100 столбцах" in message


def test_formula_cells_give_the_value_excel_showed_or_a_row_error(school, tmp_path):
    cached = result_row(2, '<c r="G2"><f>3.5+0.06</f><v>3.56</v></c>')
    assert imported(school, write_xlsx(tmp_path / "формула.xlsx", sheet_xml(header_row() + cached))) == [
        (2, "3,56")
    ]
    cases = {
        '<c r="G2"><f>3.5+0.06</f></c>': "Впишите значение",  # never calculated: no value
        '<c r="G2" t="str"><f>HYPERLINK("http://x.ru","Нажми")</f><v>Нажми</v></c>': "«Нажми» — не число",
        '<c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c>': "«#DIV/0!» — не число",
    }
    for index, (cell, reason) in enumerate(cases.items()):
        path = write_xlsx(tmp_path / f"формула{index}.xlsx", sheet_xml(header_row() + result_row(2, cell)))
        assert any(reason in error for error in row_errors(school, path)), cell


def test_a_workbook_without_workbook_xml_is_refused(school, tmp_path):
    path = write_xlsx(tmp_path / "без книги.xlsx", sheet_xml(header_row() + result_row(2)), workbook=False)
    assert "не книга Excel (.xlsx)" in refusal(school, path)


def test_a_sheet_that_is_a_zip_bomb_is_refused(school, tmp_path):
    empty_rows = "<row/>" * 2_000_000  # 12 MB packed about a thousandfold
    path = write_xlsx(tmp_path / "бомба.xlsx", sheet_xml(header_row() + result_row(2) + empty_rows))
    assert path.stat().st_size < 1024 * 1024
    assert "слишком много места" in refusal(school, path)


def test_a_part_that_lies_about_its_size_is_refused(school, tmp_path):
    """The archive says the sheet unpacks to 1 KB; zipfile stops there and the XML is cut short."""
    empty_rows = "".join(f'<row r="{n}"/>' for n in range(3, 50_000))
    path = write_xlsx(tmp_path / "лжёт.xlsx", sheet_xml(header_row() + result_row(2) + empty_rows))
    understate_size(path, "xl/worksheets/sheet1.xml", 1024)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 1024
    assert "книгу Excel" in refusal(school, path)


def test_a_password_protected_xlsx_is_refused_as_such(school, tmp_path):
    path = ole_file(tmp_path / "с паролем.xlsx", ["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"])
    message = refusal(school, path)
    assert "защищён паролем" in message and "снимите пароль" in message and "97–2003" not in message


def test_an_old_xls_renamed_xlsx_is_refused_as_such(school, tmp_path):
    message = refusal(school, ole_file(tmp_path / "старый.xlsx", ["Workbook", "\x05SummaryInformation"]))
    assert "Excel 97–2003 (.xls)" in message and "сохраните как «Книга Excel (.xlsx)»" in message
    biff4 = tmp_path / "совсем старый.xlsx"
    biff4.write_bytes(b"\x09\x04\x06\x00\x00\x00\x10\x00" + bytes(200))
    assert "очень старом формате Excel (.xls)" in refusal(school, biff4)


def test_a_web_page_renamed_xlsx_is_refused_as_such(school, tmp_path):
    page = tmp_path / "выгрузка.xlsx"
    page.write_text("\ufeff<html><body><table><tr><td>Год</td></tr></table></body></html>", encoding="utf-8")
    assert "веб-страница или XML" in refusal(school, page)
