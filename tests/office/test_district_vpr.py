"""«Результаты района»: seed 001's ВПР table by class for the district of tests/helpers/district_data
(with ВПР by class added to two schools), and its ОГЭ/ЕГЭ; answers computed by hand, on SQLite and
PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.core.errors import UserError
from app.core.store import Store
from app.office.district_vpr import district_results
from app.office.registry import list_registry
from db.models import ExamResult
from tests.helpers.district_data import KRASNOYARSK, NAGOLNOE, SCHOOLS, SEMICHNOE, build_office
from tests.helpers.report_files import write_kind

pytestmark = pytest.mark.both_backends

# ВПР 2021 by class (grade, subject, {metric: value}); Семиченская sent ВПР only as school averages.
FULL = ("students", "participants", "confirmed_pct", "lowered_pct", "failed_pct")
CLASSES = {
    KRASNOYARSK: [
        (5, "математика", dict(zip(FULL, (20, 18, 80, 20, 5), strict=True))),
        (5, "русский язык", dict(zip(FULL, (20, 16, 62.5, 37.5, 12.5), strict=True))),
        (6, "история", {"participants": 10, "failed_pct": 20}),
    ],
    NAGOLNOE: [
        (5, "Математика", dict(zip(FULL, (10, 9, 50, 50, 20), strict=True))),
        (6, "ИСТОРИЯ", {"failed_pct": 10}),
    ],
}


def add_classes(store: Store) -> None:
    ids = {row.code: row.id for row in list_registry(store)}
    with store.session() as s:
        for code, rows in CLASSES.items():
            for grade, subject, values in rows:
                for metric, value in values.items():
                    s.add(
                        ExamResult(
                            school_id=ids[code],
                            year=2021,
                            assessment="ВПР",
                            subject=subject,
                            grade=grade,
                            metric=metric,
                            value=value,
                        )
                    )


@pytest.fixture(scope="module")
def office_root(tmp_path_factory, on_backend) -> Path:
    root = tmp_path_factory.mktemp("district-vpr")
    office = build_office(root, on_backend)
    add_classes(office)
    office.close()
    return root


@pytest.fixture
def office(office_root):
    store = Store.open(office_root / "office")
    yield store
    store.close()


def rows_of(table):
    return {(r.grade, r.subject): r for r in table.rows}


def test_counts_added_up_and_percentages_weighted_by_participants(office):
    table = district_results(office, years=(2021,)).table(2021, "ВПР")
    rows = rows_of(table)
    assert list(rows) == [(5, "русский язык"), (5, "математика"), (6, "история")]
    math = rows[(5, "математика")]  # «Математика» of Нагольненская is the same subject
    assert (math.students, math.participants) == (30, 27)
    assert math.text("share") == "90"
    # (80·18 + 50·9) / 27 = 70; (20·18 + 50·9) / 27 = 30; (5·18 + 20·9) / 27 = 10
    assert [math.text(m) for m in ("confirmed_pct", "lowered_pct", "failed_pct")] == ["70", "30", "10"]
    assert math.notes(3) == ["прислали 2 шк. из 3"]
    russian = rows[(5, "русский язык")]
    assert (russian.text("share"), russian.text("failed_pct")) == ("80", "12,5")
    assert russian.notes(3) == ["прислали 1 шк. из 3"]


def test_a_figure_without_participants_is_averaged_plainly_and_said_so(office):
    history = rows_of(district_results(office, years=(2021,)).table(2021, "ВПР"))[(6, "история")]
    assert history.text("failed_pct") == "15"  # (20 + 10) / 2: Нагольненская gave no participants
    assert history.text("students") == "-" and history.text("share") == "-"
    assert "не справились / ниже порога — без весов" in "; ".join(history.notes(3))


def test_a_school_that_sent_nothing_is_named_not_an_empty_cell(office):
    found = district_results(office, years=(2020, 2021))
    vpr_2021 = found.table(2021, "ВПР")
    assert [s.code for s in vpr_2021.no_classes] == [SEMICHNOE]
    assert vpr_2021.silent == []
    # 2020: every school sent ВПР averages but none by class; no ОГЭ at all that year.
    assert found.table(2020, "ОГЭ") is None
    assert len(found.table(2020, "ВПР").no_classes) == 3
    # ЕГЭ 2021: only Нагольненская sent it.
    ege = found.table(2021, "ЕГЭ")
    assert [s.code for s in ege.silent] == [KRASNOYARSK, SEMICHNOE]
    assert ege.gaps()[0] == (
        f"Не прислали результатов ЕГЭ за 2021 год: {SCHOOLS[KRASNOYARSK]} ({KRASNOYARSK}), "
        f"{SCHOOLS[SEMICHNOE]} ({SEMICHNOE})."
    )


def test_exam_averages_by_subject(office):
    oge = rows_of(district_results(office, years=(2021,)).table(2021, "ОГЭ"))
    # ОГЭ 2021, математика: 3,33 · 3,75 · 3,33 → 3,47 (no participants: a plain average, said so)
    math = oge[(None, "математика")]
    assert math.text("mean_mark") == "3,47"
    assert "средняя оценка — без весов" in "; ".join(math.notes(3))


def test_the_printout_in_the_seeds_shape(office, tmp_path):
    pdf = write_kind(office, "district-vpr", "pdf", tmp_path / "v.pdf", years=(2021,))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(pdf)).pages)
    assert "ВПР 2021 года по классам и предметам" in text
    assert "всего обучающихся в ОО района" in text
    assert "без разбивки по классам" in text and SCHOOLS[SEMICHNOE] in text
    book = load_workbook(write_kind(office, "district-vpr", "xlsx", tmp_path / "v.xlsx", years=(2021,)))
    cells = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert 27 in cells and 70 in cells  # real numbers, not text


def test_a_school_database_is_refused_in_russian(store):
    from app.school.installation import init_school

    init_school(store, "1", "Школа", "Район")
    with pytest.raises(UserError, match="базе управления"):
        district_results(store)
