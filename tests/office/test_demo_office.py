"""The municipal demo (`demo --mode municipality`): the Kotelnikovo office of seed 004 with its three
schools, taken in from the packages the demo writes, and the office's own district programme."""

import contextlib
import io
import tempfile
from datetime import date

import pytest
from sqlalchemy import func, select

import db.models  # noqa: F401  (registers every table)
from app.cli.main import main
from app.core.errors import UserError
from app.core.paths import ENV_DATA_DIR
from app.core.store import Store
from app.demo.office import build_office_demo
from app.office.recommendations import list_recommendations
from app.office.registry import list_registry
from app.programme.assessment_tables import dynamics_table
from app.programme.indicators import list_indicators, values_of
from app.programme.plan import plan_of
from app.programme.programme import current_programme
from app.sync.keys import keys_dir
from db.base import Base
from db.models import CatalogEvent, CuratorComment, Event, Installation, PackageLogEntry, SupportNeedOffer

pytestmark = pytest.mark.both_backends

OFFICE = "Отдел образования администрации Котельниковского муниципального района Волгоградской области"
SCHOOLS = ("МКОУ Красноярская СШ", "МКОУ Нагольненская СШ", "МКОУ Семиченская СШ")

# Seed 004, Блок 1, as printed: 2019, 2020, 2021 × (Рус. яз, Матем.). The ЕГЭ table's last two
# columns are ГВЭ 2021. A «0» there means nobody sat the exam: the demo stores nothing for it, as
# the school demo does, so it reads «-» like the missing ОГЭ 2020.
SEED_BLOCK_1 = {
    "ВПР": {
        "МКОУ Красноярская СШ": "3,58 | 3,56 | 3,33 | 3,4 | 3,61 | 3,66",
        "МКОУ Нагольненская СШ": "3,16 | 3,57 | 3,55 | 3,53 | 4,0 | 3,54",
        "МКОУ Семиченская СШ": "3,4 | 3,5 | 3,6 | 3,43 | 3,61 | 3,56",
    },
    "ОГЭ": {
        "МКОУ Красноярская СШ": "3,84 | 4 | - | - | 3,2 | 3,33",
        "МКОУ Нагольненская СШ": "3,4 | 4,2 | - | - | 3,38 | 3,75",
        "МКОУ Семиченская СШ": "3,83 | 4 | - | - | 3,33 | 3,33",
    },
    "ЕГЭ+ГВЭ": {
        "МКОУ Красноярская СШ": "51 | 3,2 /50 | 73 | 0 | 0 | 0 | 0 | 0",
        "МКОУ Нагольненская СШ": "49 | 3/50 | 0 | 0 | 67 | 45 | 3 | 3",
        "МКОУ Семиченская СШ": "38 | 3 | 46,3 | 24,7 | 0 | 0 | 3,5 | 3,5",
    },
}

# Seed 003, «Целевые показатели реализации Программы (%) по состоянию на май 2022 г.».
SEED_003_TARGETS = [
    ("наличие целевой модели системы методического сопровождения ШНОР", "шт.", 1),
    ("вошедших в Программу", "%", 83.3),
    ("доля управленческих команд ШНОР (от общего количества), прошедших обучение", "%", 62),
    ("доля наставников-кураторов (специалистов), участников Программы, прошедших обучение", "%", 100),
    ("доля учителей-предметников ШНОР (от общего количества ШНОР), прошедших обучение", "%", 100),
    ("наличие методических пособий", "шт.", 1),
    ("наличие адресных методических рекомендаций для педагогических работников", "шт.", 1),
    ("доля успешных школ (от общего количества школ), привлечённых для адресной помощи", "%", 16),
    ("доля педагогов ШНОР (участников Программы), повысивших качество преподавания", "%", 20),
    ("удовлетворённых предоставленной методической помощью и поддержкой", "%", 78),
    ("доля обучающихся ШНОР (от общего количества) повысивших образовательные результаты", "%", 48),
]


def numbers(cell: str) -> tuple[float, ...] | None:
    """«3,2 /50» → (3.2, 50.0); «-» and the seed's «0» (nobody sat it) → None."""
    cell = cell.strip()
    if cell in ("-", "0"):
        return None
    return tuple(float(part.strip().replace(",", ".")) for part in cell.split("/"))


def row_counts(store) -> dict[str, int]:
    with store.session() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


RUN: dict = {}  # what the module's run of the command returned, printed and left behind


@pytest.fixture(scope="module")
def office(tmp_path_factory, on_backend):
    """`demo --mode municipality` run once; every temporary folder it makes goes to `scratch`."""
    folder = on_backend(tmp_path_factory.mktemp("office") / "data")
    scratch = tmp_path_factory.mktemp("scratch")
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        patch.setattr(tempfile, "tempdir", str(scratch))
        patch.setenv(ENV_DATA_DIR, str(tmp_path_factory.mktemp("default-data")))
        code = main(["--data-dir", str(folder), "demo", "--mode", "municipality"])
    RUN.update(code=code, printed=out.getvalue(), scratch=scratch)
    store = Store.open(folder)
    yield store
    store.close()
    RUN.clear()


@pytest.fixture(scope="module")
def schools(office) -> dict:
    return {row.name: row for row in list_registry(office)}


def test_the_command_makes_an_office_database_and_removes_the_schools_folders(office):
    code, printed, scratch = RUN["code"], RUN["printed"], RUN["scratch"]
    assert code == 0
    assert OFFICE in printed and "Из пакетов обмена приняты школы" in printed
    assert all(name in printed for name in SCHOOLS)
    inst = office.installation()
    assert inst.mode == "municipality" and inst.name == OFFICE and inst.school_id is None
    assert list(scratch.iterdir()) == []  # the schools' data folders and their packages are gone


def test_registry_lists_the_three_schools_with_their_keys_and_seed_dates(office, schools):
    assert sorted(schools) == list(SCHOOLS)
    for row in schools.values():
        assert row.status == "ШНОР"
        assert row.has_key  # learnt from the school's first package
        assert row.last_sequence == 1 and row.activities > 0
        assert row.in_programme_since == date(2019, 9, 1)
        assert row.left_programme_on == date(2021, 5, 20)  # seed 004 Блок 3: all three leave the list
    kr = schools["МКОУ Красноярская СШ"].left_grounds.splitlines()
    assert kr[0] == "Активная работы по повышению квалификации педагогических работников."
    assert "– консультации для родителей;" in kr
    assert kr[-1].startswith("Вывод: планомерная всесторонняя работа с ШПРО дает положительный эффект")
    semi = schools["МКОУ Семиченская СШ"].left_grounds
    assert "Качество знаний обучающихся с 2019 года повысилось на 8, 2%." in semi


def test_each_schools_results_at_the_office_are_seed_004_block_1(office, schools):
    ids = [schools[name].id for name in SCHOOLS]
    tables = {a: dynamics_table(office, a, ids, [2019, 2020, 2021]) for a in ("ВПР", "ОГЭ", "ЕГЭ", "ГВЭ")}
    got = {a: {name.split(". ", 1)[1]: cells for name, cells in t.rows} for a, t in tables.items()}
    for assessment in ("ВПР", "ОГЭ"):
        for name, seed in SEED_BLOCK_1[assessment].items():
            expected = [numbers(c) for c in seed.split("|")]
            assert [numbers(c) for c in got[assessment][name]] == expected, (assessment, name)
    for name, seed in SEED_BLOCK_1["ЕГЭ+ГВЭ"].items():
        cells = [numbers(c) for c in seed.split("|")]
        assert [numbers(c) for c in got["ЕГЭ"][name]] == cells[:6], name
        # ГВЭ only in 2021 in the seed's table.
        assert [numbers(c) for c in got["ГВЭ"][name]] == [None] * 4 + cells[6:], name
    assert got["ОГЭ"]["МКОУ Семиченская СШ"][2:4] == ["-", "-"]


def test_the_office_programme_has_seed_004_plan_and_seed_003_targets(office):
    programme = current_programme(office, None)
    assert programme is not None and programme.school_id is None
    assert (programme.year_from, programme.year_to) == (2021, 2022)
    sections = plan_of(office, programme.id)
    assert [s.title for s in sections] == [
        "Ресурсное обеспечение",
        "Кадровое обеспечение",
        "Аналитическое обеспечение",
        "Методическое обеспечение",
    ]
    assert [len(s.activities) for s in sections] == [4, 5, 3, 9]
    indicators = list_indicators(office, None)
    assert len(indicators) == len(SEED_003_TARGETS)
    by_target = {}
    for indicator in indicators:
        (value,) = values_of(office, indicator.id)
        assert value.academic_year == "2021/2022" and value.actual is None
        by_target[indicator.name] = (indicator.unit, value.target)
    for words, unit, target in SEED_003_TARGETS:
        found = [v for name, v in by_target.items() if words in name]
        assert found == [(unit, target)], words


def test_three_imported_packages_in_the_log(office, schools):
    with office.session() as s:
        rows = s.scalars(select(PackageLogEntry)).all()
    assert len(rows) == 3
    assert {(r.direction, r.kind, r.result, r.sequence) for r in rows} == {
        ("in", "school_snapshot", "imported", 1)
    }
    assert {r.school_id for r in rows} == {row.id for row in schools.values()}


def test_feedback_and_catalogue_are_not_empty(office, schools):
    with office.session() as s:
        comments = s.scalars(select(CuratorComment)).all()
        catalogue = s.scalars(select(CatalogEvent)).all()
        linked = s.scalars(select(Event).where(Event.catalog_event_id.is_not(None))).all()
        offers = s.scalars(select(SupportNeedOffer)).all()
    assert len(comments) == 2 and all(c.sent_at is None for c in comments)  # new, not yet sent
    assert {c.school_id for c in comments} == {
        schools["МКОУ Красноярская СШ"].id,
        schools["МКОУ Семиченская СШ"].id,
    }
    (recommendation,) = list_recommendations(office, schools["МКОУ Семиченская СШ"].id)
    assert recommendation.title == "Адресные рекомендации" and recommendation.sent_at is None
    assert len(catalogue) == 5 and all(c.municipality_id is None for c in catalogue)
    # Нагольненская's events keep their link to the catalogue it was sent earlier.
    assert {e.school_id for e in linked} == {schools["МКОУ Нагольненская СШ"].id}
    assert len(offers) == 3


def test_demo_refuses_a_folder_that_holds_a_database(school_store):
    before = row_counts(school_store)
    with pytest.raises(UserError) as caught:
        build_office_demo(school_store)
    assert "МКОУ Тест" in caught.value.message and "пустой папке" in caught.value.message
    assert row_counts(school_store) == before
    assert not list(keys_dir(school_store).glob("*"))


def test_a_failed_build_leaves_the_store_empty_and_can_be_run_again(store, monkeypatch):
    import app.demo.office as demo_office

    real = demo_office.import_packages

    def dry_run(target, paths):  # nothing is taken in, as if every package were refused
        return real(target, paths, dry_run=True)

    monkeypatch.setattr(demo_office, "import_packages", dry_run)
    with pytest.raises(UserError) as caught:
        build_office_demo(store)
    assert "не приняты" in caught.value.message
    assert set(row_counts(store).values()) == {0}
    assert not list(keys_dir(store).glob("*"))
    monkeypatch.setattr(demo_office, "import_packages", real)
    assert len(build_office_demo(store).schools) == 3
    with store.session() as s:
        assert s.scalars(select(Installation)).one().mode == "municipality"


def test_district_report_block_1_from_the_demo_is_the_seeds(office, tmp_path):
    """The printed district report (XLSX), not only the stored results, reads as seed 004's Блок 1."""
    import openpyxl

    out = tmp_path / "район.xlsx"
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["--data-dir", str(office.data_dir), "report", "district", "--format", "xlsx",
                     "--out", str(out), "--years", "2019-2021"])  # fmt: skip
    assert code == 0
    book = openpyxl.load_workbook(out)
    for assessment in ("ВПР", "ОГЭ"):
        sheet = book[f"Блок 1. Результаты {assessment}"]
        rows = {
            r[0].split(". ", 1)[1]: r[1:]
            for r in sheet.iter_rows(values_only=True)
            if r[0] and r[0][:2] in ("1.", "2.", "3.")
        }
        assert sorted(rows) == list(SCHOOLS)
        for name, seed in SEED_BLOCK_1[assessment].items():
            printed = [None if c == "-" else (float(c),) for c in rows[name]]
            assert printed == [numbers(c) for c in seed.split("|")], (assessment, name)
    oge = book["Блок 1. Результаты ОГЭ"]
    printed_2020 = [
        r[3:5] for r in oge.iter_rows(values_only=True) if r[0] and r[0][:2] in ("1.", "2.", "3.")
    ]
    assert printed_2020 == [("-", "-")] * 3
