"""Import from Excel: templates, preview without saving, row errors, refused files, LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.core.errors import UserError
from app.imports import INDICATOR_HEADERS, RESULT_HEADERS
from app.imports.xlsx_import import apply_import, read_indicator_values, read_results
from app.imports.xlsx_template import write_indicators_template, write_results_template
from app.programme.assessments import ResultData, add_result, list_results
from app.programme.indicators import IndicatorData, add_indicator, set_value, values_of
from app.school.installation import own_school

CLEAN_ROWS = [
    (2021, "ВПР", "русский язык", 5, None, "средняя оценка", "3,55"),
    (2021, "ВПР", "математика", 5, None, "средняя оценка", 3.56),
    (2021, "ВПР", "математика", 5, None, "обучающихся", 20),
    (2021, "ВПР", "математика", 5, None, "участников", "18"),
    (2021, "ВПР", "математика", 5, None, "подтвердили/улучшили, %", "79,81"),
    (2021, "ЕГЭ", "математика", None, "профильная", "средний балл", 45),
    (2021, "ЕГЭ", "математика", None, "базовая", "средняя оценка", "4"),
    (2020, "ОГЭ", "Русский язык", None, None, "средняя оценка", "3,38"),
]


@pytest.fixture
def school_id(school_store) -> str:
    return own_school(school_store).id


def filled_template(tmp_path: Path, rows, name: str = "results.xlsx") -> Path:
    """The program's own template, filled the way a user fills it in Excel."""
    path = write_results_template(tmp_path / name)
    wb = load_workbook(path)
    ws = wb["Результаты"]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    wb.save(path)
    return path


def keys(store, school_id):
    return sorted(
        (r.year, r.assessment, r.subject, r.grade, r.level, r.metric, r.value)
        for r in list_results(store, school_id)
    )


def test_results_template_has_headers_and_drop_downs(tmp_path):
    path = write_results_template(tmp_path / "шаблон.xlsx")
    wb = load_workbook(path)
    ws = wb["Результаты"]
    assert tuple(c.value for c in ws[1]) == RESULT_HEADERS
    lists = {str(v.sqref)[0]: v.formula1 for v in ws.data_validations.dataValidation}
    assert lists["B"].endswith("$A$2:$A$5")  # Процедура: ВПР, ОГЭ, ЕГЭ, ГВЭ
    assert "Списки" in lists["C"] and "Списки" in lists["F"]
    assert wb["Списки"].sheet_state == "hidden"
    assert [wb["Списки"].cell(row=r, column=4).value for r in range(2, 9)][:2] == [
        "средняя оценка",
        "средний балл",
    ]


def test_clean_file_imports_exactly(school_store, school_id, tmp_path):
    path = filled_template(tmp_path, CLEAN_ROWS)
    preview = read_results(school_store, school_id, path)
    assert preview.errors == []
    assert preview.can_import
    assert len(preview.added) == len(CLEAN_ROWS) and preview.changed == []
    assert preview.added[0].row == 2 and preview.added[0].new == "3,55"
    assert list_results(school_store, school_id) == []  # a preview saves nothing

    assert apply_import(school_store, preview) == len(CLEAN_ROWS)
    assert keys(school_store, school_id) == sorted(
        [
            (2021, "ВПР", "русский язык", 5, None, "mean_mark", 3.55),
            (2021, "ВПР", "математика", 5, None, "mean_mark", 3.56),
            (2021, "ВПР", "математика", 5, None, "students", 20.0),
            (2021, "ВПР", "математика", 5, None, "participants", 18.0),
            (2021, "ВПР", "математика", 5, None, "confirmed_pct", 79.81),
            (2021, "ЕГЭ", "математика", None, "профильная", "mean_score", 45.0),
            (2021, "ЕГЭ", "математика", None, "базовая", "mean_mark", 4.0),
            (2020, "ОГЭ", "русский язык", None, None, "mean_mark", 3.38),
        ]
    )
    # The same file again: nothing new.
    again = read_results(school_store, school_id, path)
    assert not again.can_import and again.unchanged == len(CLEAN_ROWS)


def test_changed_values_show_old_and_new(school_store, school_id, tmp_path):
    add_result(school_store, school_id, ResultData(2021, "ВПР", "русский язык", 5, None, "mean_mark", "3,4"))
    preview = read_results(school_store, school_id, filled_template(tmp_path, CLEAN_ROWS[:2]))
    assert [(c.row, c.what, c.old, c.new) for c in preview.changed] == [
        (2, "ВПР 2021, русский язык, 5 класс: средняя оценка", "3,4", "3,55")
    ]
    assert len(preview.added) == 1
    apply_import(school_store, preview)
    assert {r.value for r in list_results(school_store, school_id)} == {3.55, 3.56}


def test_one_bad_row_imports_nothing_and_names_the_row(school_store, school_id, tmp_path):
    rows = list(CLEAN_ROWS)
    rows[3] = (2021, "ВПР", "математика", 5, None, "средняя оценка", "7,2")  # row 5 of the sheet
    preview = read_results(school_store, school_id, filled_template(tmp_path, rows))
    assert [str(e) for e in preview.errors] == ["Строка 5: Средняя оценка — от 2 до 5 (например, 3,55)."]
    assert not preview.can_import
    with pytest.raises(UserError):
        apply_import(school_store, preview)
    assert list_results(school_store, school_id) == []


def test_every_kind_of_bad_row_is_reported(school_store, school_id, tmp_path):
    rows = [
        (2021, "ВПР", "алхимия", 5, None, "средняя оценка", "3"),
        (2021, "ВПРР", "математика", 5, None, "средняя оценка", "3"),
        (2021, "ВПР", "математика", 5, None, "средняя температура", "3"),
        (2021, "ВПР", "математика", 5, None, "средняя оценка", "три"),
        ("двадцать", "ВПР", "математика", 5, None, "средняя оценка", "3"),
        (2021, "ОГЭ", "математика", None, None, "средняя оценка", "3,5"),
        (2021, "ОГЭ", "математика", None, None, "средняя оценка", "3,6"),
        (2021, "ВПР", "математика", 6, None, "обучающихся", "10"),
        (2021, "ВПР", "математика", 6, None, "участников", "12"),
    ]
    preview = read_results(school_store, school_id, filled_template(tmp_path, rows))
    messages = {e.row: e.message for e in preview.errors}
    assert messages[2].startswith("Предмета «алхимия» нет в списке")
    assert messages[3].startswith("Процедура «ВПРР» неизвестна")
    assert messages[4].startswith("Показатель «средняя температура» неизвестен")
    assert messages[5] == "Значение: «три» — не число."
    assert messages[6].startswith("Год — четыре цифры")
    assert messages[8] == "повторяет строку 7 (тот же год, процедура, предмет, класс, уровень и показатель)."
    assert messages[10].startswith("Участников (12) больше, чем обучающихся (10)")
    assert sorted(messages) == [2, 3, 4, 5, 6, 8, 10]


def test_decimal_comma_and_numbers_stored_as_numbers(school_store, school_id, tmp_path):
    rows = [
        ("2021", "впр", "рус. яз", "5 класс", None, "Средняя оценка", "3,55"),
        (2021.0, "ВПР", "математика", 5.0, None, "средняя оценка", 3.55),
    ]
    preview = read_results(school_store, school_id, filled_template(tmp_path, rows))
    assert preview.errors == []
    apply_import(school_store, preview)
    assert {(r.subject, r.grade, r.value) for r in list_results(school_store, school_id)} == {
        ("русский язык", 5, 3.55),
        ("математика", 5, 3.55),
    }


def test_indicator_values_import(school_store, school_id, tmp_path):
    quality = add_indicator(school_store, school_id, IndicatorData(name="Качество знаний"))
    set_value(school_store, quality.id, "2019/2020", 35, "33,5")
    path = write_indicators_template(school_store, school_id, tmp_path / "показатели.xlsx")
    wb = load_workbook(path)
    ws = wb["Показатели"]
    assert tuple(c.value for c in ws[1]) == INDICATOR_HEADERS
    prefilled = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)]
    assert prefilled == [
        ("Качество образования", "Качество знаний", "%", "2019/2020", 35, 33.5),
        ("Качество образования", "Качество знаний", "%", "2020/2021", None, None),
    ]
    ws["E3"], ws["F3"] = "38", "37,2"
    ws["F2"] = 34
    ws.append(["Качество образования", "Уровень счастья", "%", "2020/2021", 1, 1])
    ws.append(["", "Качество знаний", "%", "2020/21", 1, 1])
    wb.save(path)

    preview = read_indicator_values(school_store, school_id, path)
    assert [str(e) for e in preview.errors] == [
        "Строка 4: показателя «Уровень счастья» нет на странице «Показатели»: добавьте его там или "
        "возьмите название из шаблона.",
        "Строка 5: повторяет строку 3 (тот же показатель и учебный год).",
    ]
    ws.delete_rows(4, 2)
    wb.save(path)
    preview = read_indicator_values(school_store, school_id, path)
    assert preview.errors == []
    assert [(c.row, c.old, c.new) for c in preview.changed] == [(2, "план 35, факт 33,5", "план 35, факт 34")]
    assert [(a.row, a.new) for a in preview.added] == [(3, "план 38, факт 37,2")]
    assert apply_import(school_store, preview) == 2
    assert [(v.academic_year, v.target, v.actual) for v in values_of(school_store, quality.id)] == [
        ("2019/2020", 35.0, 34.0),
        ("2020/2021", 38.0, 37.2),
    ]


# --- files refused before openpyxl reads them ------------------------------------------


def refused(store, school_id, path: Path) -> str:
    with pytest.raises(UserError) as caught:
        read_results(store, school_id, path)
    return caught.value.message


def test_not_xlsx_is_refused(school_store, school_id, tmp_path):
    text = tmp_path / "результаты.xlsx"
    text.write_text("Год;Процедура\n2021;ВПР\n", encoding="utf-8")
    assert "не книга Excel (.xlsx)" in refused(school_store, school_id, text)
    docx = tmp_path / "письмо.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "не книга Excel (.xlsx)" in refused(school_store, school_id, docx)
    damaged = tmp_path / "повреждён.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    assert "повреждён" in refused(school_store, school_id, damaged)


def test_password_protected_file_is_refused(school_store, school_id, tmp_path):
    # An encrypted XLSX is an OLE compound file, like an old .xls.
    locked = tmp_path / "с паролем.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    assert "защищён паролем" in refused(school_store, school_id, locked)


def test_oversized_file_is_refused(school_store, school_id, tmp_path):
    big = tmp_path / "большой.xlsx"
    with big.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(21 * 1024 * 1024)
    assert "слишком большой" in refused(school_store, school_id, big)


def test_zip_bombs_are_refused(school_store, school_id, tmp_path):
    dense = tmp_path / "bomb1.xlsx"  # one part that inflates a thousand times
    with zipfile.ZipFile(dense, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (8 * 1024 * 1024))
    assert "слишком много места" in refused(school_store, school_id, dense)

    wide = tmp_path / "bomb2.xlsx"  # many small parts, 201 MiB in all
    chunk = b"\x00" * (1024 * 1024)
    with zipfile.ZipFile(wide, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        for i in range(201):
            archive.writestr(f"xl/media/part{i}.bin", chunk)
    assert wide.stat().st_size < 20 * 1024 * 1024
    assert "слишком много места" in refused(school_store, school_id, wide)


def test_file_without_the_headers_is_refused(school_store, school_id, tmp_path):
    path = tmp_path / "чужая.xlsx"
    wb = Workbook()
    wb.active.append(["Фамилия", "Имя"])
    wb.save(path)
    assert "не найдена строка заголовков" in refused(school_store, school_id, path)


def test_headers_found_below_a_title_row(school_store, school_id, tmp_path):
    path = tmp_path / "с заголовком.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Результаты ВПР МКОУ Нагольненская СШ"])
    ws.append(list(RESULT_HEADERS))
    ws.append([2021, "ВПР", "математика", None, None, "средняя оценка", "3,54"])
    wb.save(path)
    preview = read_results(school_store, school_id, path)
    assert [(a.row, a.new) for a in preview.added] == [(3, "3,54")]


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_file_saved_by_libreoffice_imports(school_store, school_id, tmp_path):
    in_dir = tmp_path / "in"
    in_dir.mkdir()
    source = filled_template(in_dir, CLEAN_ROWS)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    subprocess.run(
        [
            _soffice(),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = out_dir / source.name
    with zipfile.ZipFile(converted) as archive:
        assert b"LibreOffice" in archive.read("docProps/app.xml")  # really written by LibreOffice
    preview = read_results(school_store, school_id, converted)
    assert preview.errors == []
    apply_import(school_store, preview)
    assert len(list_results(school_store, school_id)) == len(CLEAN_ROWS)
