"""Hostile input, fuzzed: Excel imports, questionnaire template files, key files, backups and the
command line. Every outcome is either a clean acceptance or a refusal with a Russian reason —
never an unhandled exception — and a refused file leaves the database exactly as it was.

The CI run is a few hundred examples; `make fuzz` sets DNEVNIK_FUZZ_EXAMPLES=10000.
(Packages are fuzzed with the exchange's own tests, tests/test_sync_*.py.)

The named hostile cases, each a test of its own beside its subject (the Russian reason asserted,
the database unchanged): a FIFO, a device or a folder named *.dnevnik and a file name in cp1251
in a folder import — tests/sync/test_import_odd_files.py; a read-only database, a full disk —
tests/core/test_database_refusals.py; stored text that is not UTF-8 — tests/backup/test_check.py;
another school's backup — tests/backup/test_restore_other_school.py; the other mode's backup —
tests/backup/test_restore_other_mode.py; a backup killed half-way —
tests/backup/test_killed_backup.py; an XLSX cell over 32 767 characters —
tests/reports/test_xlsx_cut_cells.py; XLSX rows after long empty runs — tests/imports/test_xlsx_far_rows.py.
"""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.backup.copies import make_backup
from app.backup.restore import restore_backup
from app.cli.main import main
from app.core.errors import UserError
from app.core.store import Store
from app.imports.xlsx_import import apply_import, read_indicator_values, read_results
from app.imports.xlsx_template import write_indicators_template, write_results_template
from app.programme.indicators import IndicatorData, add_indicator
from app.school.installation import init_municipality, init_school, own_school
from app.surveys.survey_templates import export_template, import_template, list_templates
from app.sync import keys
from tests.helpers.database import sql_dump
from tests.helpers.fuzzing import HUGE, JSON_VALUES, RUSSIAN, fuzz, json_places, refusal_is_russian

pytestmark = pytest.mark.slow

# --- bytes and strings a user can be handed ----------------------------------------------------

FORMULAS = st.sampled_from(
    ["=1/0", '=HYPERLINK("http://example.com","Нажми")', "=SUM(A1:A3)", "+7", "-5", "@A1", "=A1"]
)
CELL = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    HUGE,
    FORMULAS,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(date(1900, 1, 1), date(2100, 1, 1)),
    st.datetimes(datetime(1900, 1, 1), datetime(2100, 1, 1)),
    st.sampled_from(["2021", "3,55", "ВПР", "ЕГЭ", "профильная", "средняя оценка", "2020/2021", "0", "-1"]),
)


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """`original` with a few bytes flipped, inserted or cut, or truncated."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "zero"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 256))]
        elif kind == "zero":
            data[at : at + 512] = bytes(len(data[at : at + 512]))
        else:
            del data[at:]
    return bytes(data)


# --- Excel imports ---------------------------------------------------------------------------------


@pytest.fixture
def school(school_store):
    school_id = own_school(school_store).id
    add_indicator(
        school_store,
        school_id,
        IndicatorData(name="Доля обучающихся, подтвердивших отметку", unit="%"),
    )
    return school_store, school_id


def _try_import(store: Store, read, path: Path) -> None:
    before = sql_dump(store)
    try:
        preview = read(path)
    except UserError as error:
        refusal_is_russian(error)
        assert sql_dump(store) == before
        return
    assert all(RUSSIAN.search(str(e)) for e in preview.errors)
    assert RUSSIAN.search(preview.summary())
    if preview.errors:
        with pytest.raises(UserError):
            apply_import(store, preview)
        assert sql_dump(store) == before
    elif preview.can_import:
        apply_import(store, preview)


@fuzz(60)
@given(rows=st.lists(st.lists(CELL, min_size=7, max_size=9), min_size=1, max_size=6))
def test_results_import_takes_any_cells(school, tmp_path, rows):
    store, school_id = school
    path = write_results_template(tmp_path / "results.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["Результаты"]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value)
    workbook.save(path)
    _try_import(store, lambda p: read_results(store, school_id, p), path)


@fuzz(40)
@given(rows=st.lists(st.lists(CELL, min_size=5, max_size=6), min_size=1, max_size=6))
def test_indicator_import_takes_any_cells(school, tmp_path, rows):
    store, school_id = school
    path = write_indicators_template(store, school_id, tmp_path / "indicators.xlsx")
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    first = sheet.max_row + 1
    for r, values in enumerate(rows, start=first):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value)
    workbook.save(path)
    _try_import(store, lambda p: read_indicator_values(store, school_id, p), path)


@pytest.fixture(scope="module")
def template_xlsx(tmp_path_factory) -> bytes:
    path = write_results_template(tmp_path_factory.mktemp("xlsx") / "results.xlsx")
    workbook = load_workbook(path)
    workbook["Результаты"].append([2021, "ВПР", "математика", 5, None, "средняя оценка", "3,56"])
    workbook.save(path)
    return path.read_bytes()


@fuzz(80)
@given(data=st.data())
def test_damaged_xlsx_bytes_are_refused_or_read(school, tmp_path, template_xlsx, data):
    store, school_id = school
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(data.draw(mutated(template_xlsx)))
    _try_import(store, lambda p: read_results(store, school_id, p), path)


@fuzz(30)
@given(data=st.data())
def test_rebuilt_xlsx_archives_are_refused_or_read(school, tmp_path, template_xlsx, data):
    """The ZIP intact but its parts damaged: the XML of the sheet, the workbook, the types."""
    store, school_id = school
    source = zipfile.ZipFile(io.BytesIO(template_xlsx))
    names = source.namelist()
    victim = data.draw(st.sampled_from(names))
    path = tmp_path / "rebuilt.xlsx"
    with zipfile.ZipFile(path, "w") as target:
        for name in names:
            content = source.read(name)
            if name == victim:
                content = data.draw(st.one_of(mutated(content), st.just(b""), st.binary(max_size=200)))
            if name != victim or data.draw(st.booleans()):
                target.writestr(name, content)
    _try_import(store, lambda p: read_results(store, school_id, p), path)


# --- questionnaire template files --------------------------------------------------------------------


def _replace(doc, path, value):
    if not path:
        return value
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return doc


@pytest.fixture
def template_doc(school_store, tmp_path) -> dict:
    builtin = list_templates(school_store)[0]
    path = export_template(school_store, builtin.id, tmp_path / "builtin.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _try_template(store: Store, path: Path) -> None:
    before = sql_dump(store)
    try:
        import_template(store, path)
    except UserError as error:
        refusal_is_russian(error)
        assert sql_dump(store) == before


@fuzz(120)
@given(data=st.data())
def test_template_file_with_any_field_changed(school_store, tmp_path, template_doc, data):
    doc = json.loads(json.dumps(template_doc))
    doc["id"], doc["code"] = None, f"fuzz-{data.draw(st.integers(1, 10**9))}"
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(json_places(doc))))
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        if path and isinstance(parent, dict) and data.draw(st.booleans()):
            del parent[path[-1]]  # a field missing
        else:
            doc = _replace(doc, path, data.draw(JSON_VALUES))
    file = tmp_path / "template.json"
    file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _try_template(school_store, file)


@fuzz(60)
@given(data=st.data())
def test_template_file_bytes_damaged(school_store, tmp_path, template_doc, data):
    original = json.dumps({**template_doc, "id": None, "code": "fuzz-bytes"}, ensure_ascii=False).encode()
    file = tmp_path / "template.json"
    file.write_bytes(data.draw(mutated(original)))
    _try_template(school_store, file)


# --- key files -------------------------------------------------------------------------------------


@pytest.fixture
def office_key(tmp_path) -> dict:
    office = Store.open(tmp_path / "office")
    init_municipality(office, "Отдел образования")
    path = keys.export_public(office, tmp_path / "office-key.json")
    office.close()
    return json.loads(path.read_text(encoding="utf-8"))


def _try_key(store: Store, path: Path, accept_new: bool) -> None:
    before = sql_dump(store)
    try:
        keys.import_key(store, path, accept_new=accept_new)
    except UserError as error:
        refusal_is_russian(error)
        assert sql_dump(store) == before


@fuzz(100)
@given(data=st.data())
def test_key_file_with_any_field_changed(school_store, tmp_path, office_key, data):
    doc = json.loads(json.dumps(office_key))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(json_places(doc))))
        doc = _replace(doc, path, data.draw(JSON_VALUES))
    file = tmp_path / "key.json"
    file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _try_key(school_store, file, data.draw(st.booleans()))


@fuzz(40)
@given(data=st.data())
def test_key_file_bytes_damaged(school_store, tmp_path, office_key, data):
    file = tmp_path / "key.json"
    file.write_bytes(data.draw(mutated(json.dumps(office_key, ensure_ascii=False).encode())))
    _try_key(school_store, file, False)


# --- backups ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def backup_bytes(tmp_path_factory) -> bytes:
    """A school's backup (the same school as `school_store`'s: a good copy restores there)."""
    store = Store.open(tmp_path_factory.mktemp("backup-source"))
    init_school(store, code="3410", name="МКОУ Тест", municipality="Котельниковский район")
    copy = make_backup(store)
    store.close()
    return copy.read_bytes()


@fuzz(40)
@given(data=st.data())
def test_damaged_backup_is_refused_or_restored(school_store, tmp_path, backup_bytes, data):
    file = tmp_path / "copy.zip"
    file.write_bytes(data.draw(mutated(backup_bytes)))
    before = sql_dump(school_store)
    try:
        restore_backup(school_store, file)
    except UserError as error:
        refusal_is_russian(error)
        assert sql_dump(school_store) == before
        return
    assert school_store.installation().name == "МКОУ Тест"


# --- the command line ------------------------------------------------------------------------------

COMMANDS = ["init", "demo", "info", "report", "export", "import", "feedback", "keys", "backup", "restore"]
OPTIONS = [
    "--mode",
    "--code",
    "--name",
    "--json",
    "--out",
    "--format",
    "--from",
    "--to",
    "--year",
    "--round",
    "--compare",
    "--school",
    "--all",
    "--dry-run",
    "--accept-new-key",
    "--yes",
    "--help",
    "-h",
    "export-public",
    "import",
    "show",
    "school",
    "municipality",
    "pdf",
    "xlsx",
]
# Relative paths only: the run happens in a temporary folder and must write nowhere else.
VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "-",
            "--",
            "..",
            "nul",
            "CON",
            "a.zip",
            "отчёт.pdf",
            "31.02.2021",
            "2021-13-01",
            "2020/2022",
        ]
    ),
    st.sampled_from(["out.xlsx", "x.dnevnik", "копия.zip", "папка", "3410", "school-programme", "=1+1"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/\\"), max_size=30),
    st.builds(lambda n: "я" * n, st.integers(200, 5000)),
)


@fuzz(100)
@given(data=st.data())
def test_command_line_never_answers_with_a_traceback(school_store, tmp_path, monkeypatch, data):
    folder = school_store.data_dir
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)
    argv = ["--data-dir", str(folder), data.draw(st.sampled_from(COMMANDS))]
    for _ in range(data.draw(st.integers(0, 6))):
        argv.append(data.draw(st.one_of(st.sampled_from(OPTIONS), VALUES)))
    if "restore" in argv and "--yes" in argv:
        argv.remove("--yes")  # only files that are not backups reach it here; no terminal either
    school_store.engine.dispose()  # the command opens the folder itself, as another process would
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code
    assert code in (0, 1, 2), (argv, code, err.getvalue())
    assert "Traceback" not in err.getvalue(), argv
    if code == 1:
        assert RUSSIAN.search(err.getvalue() + out.getvalue()), (argv, err.getvalue())


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "nonsense", "info"],
        ["--db", "mysql://user:secret@server/db", "info"],
        ["--db", "sqlite:////nonexistent/folder/dnevnik.db", "info"],
        ["--db", "postgresql://user:secret@localhost:1/dnevnik", "backup"],
    ],
)
def test_bad_database_addresses_are_refused_in_russian(argv, capsys):
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("Отказано:") and "Traceback" not in err and "secret" not in err


def test_data_folder_that_is_a_file_is_refused(tmp_path, capsys):
    plain = tmp_path / "file.txt"
    plain.write_text("не папка")
    code = main(["--data-dir", str(plain), "demo"])
    assert code == 1
    assert "Traceback" not in capsys.readouterr().err
