"""The command line at the municipal office, as the reviewer used it on the demo: report files and
options each kind takes, refusals in JSON, the registry's codes in `info` and in refusals, a
closed output pipe, and feedback packages with what went into them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.store import Store
from app.demo.office import build_office_demo
from app.reports.catalog import OPTIONS, report_kinds
from app.sync.container import peek_manifest

ROOT = Path(__file__).resolve().parents[2]
CODES = "3408 — МКОУ Красноярская СШ, 3410 — МКОУ Нагольненская СШ, 3415 — МКОУ Семиченская СШ"


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("cli-office") / "office"
    store = Store.open(folder)
    try:
        build_office_demo(store)
    finally:
        store.close()
    return str(folder)


def usage_error(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert "Ошибка в командной строке" in captured.err
    return captured.err


# --- report: the file and the options ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["district", "plan", "teacher-diary", "survey"])
def test_a_format_that_is_not_the_files_extension_is_refused(office, tmp_path, capsys, kind):
    out = tmp_path / "x.xlsx"
    err = usage_error(capsys, ["--data-dir", office, "report", kind, "--format", "pdf", "--out", str(out)])
    assert "--format pdf, а файл «x.xlsx» — с расширением «.xlsx»" in err and "«x.pdf»" in err
    err = usage_error(capsys, ["--data-dir", office, "report", kind, "--out", str(tmp_path / "x")])
    assert "формат не понять" in err
    assert not out.exists() and not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("kind", "extra", "words"),
    [
        (
            "district",
            ["--year", "2020/2021"],
            "district не использует параметр --year: у него есть только --schools, --years",
        ),
        ("district", ["--from", "01.09.2020", "--to", "31.05.2021"], "параметры --from, --to"),
        (
            "plan",
            ["--schools", "3408"],
            "plan не использует параметр --schools: у него нет параметров отбора",
        ),
        ("teacher-diary", ["--years", "2021"], "у него есть только --from, --to"),
        ("survey", ["--year", "2020/2021"], "у него есть только --round, --compare"),
        ("results", ["--round", "Май 2021"], "у него есть только --year"),
    ],
)
def test_options_a_kind_does_not_use_are_refused(office, tmp_path, capsys, kind, extra, words):
    out = tmp_path / "x.pdf"
    err = usage_error(capsys, ["--data-dir", office, "report", kind, "--out", str(out), *extra])
    assert words in err
    assert not out.exists()


def test_every_report_kind_says_which_options_it_takes():
    assert all(set(kind.options) <= set(OPTIONS) for kind in report_kinds().values())


def test_years_without_any_results_write_the_report_with_a_warning(office, tmp_path, capsys):
    out = tmp_path / "район.pdf"
    args = ["--data-dir", office, "report", "district", "--years", "2015-2016", "--out", str(out)]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert out.exists() and "Файл записан" in captured.out
    assert (
        "Внимание: ни у одной школы отчёта нет результатов ВПР, ОГЭ, ЕГЭ и ГВЭ за 2015–2016" in captured.err
    )
    assert main([*args, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "written" and "нет результатов" in result["warnings"][0]
    assert main(["--data-dir", office, "report", "district", "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == []  # the demo's years have results


# --- school codes -------------------------------------------------------------------------------------


def test_codes_are_separated_by_commas_and_an_unknown_one_lists_the_registry(office, tmp_path, capsys):
    out = tmp_path / "район.pdf"
    args = ["--data-dir", office, "report", "district", "--out", str(out), "--schools"]
    assert main([*args, "Красноярская СШ"]) == 1
    err = capsys.readouterr().err
    assert "нет школы с кодом «Красноярская СШ»" in err and CODES in err
    assert not out.exists()
    assert main([*args, "3408 , 3410"]) == 0
    assert "школ: 2" in capsys.readouterr().out


# --- refusals in JSON -----------------------------------------------------------------------------------


def test_refusals_with_json_are_json_on_stdout(office, tmp_path, capsys):
    out = str(tmp_path / "x.pdf")
    assert (
        main(["--data-dir", office, "report", "district", "--schools", "9999", "--out", out, "--json"]) == 1
    )
    captured = capsys.readouterr()
    refused = json.loads(captured.out)
    assert refused["status"] == "refused" and "«9999»" in refused["reason"] and CODES in refused["reason"]
    assert "Отказано:" in captured.err
    assert main(["--data-dir", office, "feedback", "--school", "9999", "--out", str(tmp_path), "--json"]) == 1
    refused = json.loads(capsys.readouterr().out)
    assert refused["status"] == "refused" and CODES in refused["reason"]
    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir", office, "report", "plan", "--schools", "1", "--out", out, "--json"])
    assert stopped.value.code == 2
    refused = json.loads(capsys.readouterr().out)
    assert refused == {"status": "refused", "reason": refused["reason"]}
    assert "не использует параметр --schools" in refused["reason"]


# --- info ----------------------------------------------------------------------------------------------


def test_info_at_the_office_lists_the_registry_with_russian_table_names(office, capsys):
    assert main(["--data-dir", office, "info"]) == 0
    text = capsys.readouterr().out
    assert "Школы реестра: 3" in text
    assert "3408     МКОУ Красноярская СШ, ШНОР; последний пакет №1 от " in text
    assert "Каталог мероприятий" in text and "Комментарии куратора" in text
    assert "catalog_events" not in text and "curator_comments" not in text
    assert main(["--data-dir", office, "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert [s["code"] for s in info["registry"]] == ["3408", "3410", "3415"]
    first = info["registry"][0]
    assert (first["name"], first["status"], first["last_sequence"]) == ("МКОУ Красноярская СШ", "ШНОР", 1)
    assert info["counts"]["catalog_events"] == 5  # JSON keeps the tables' own names


def test_a_reader_that_closes_the_pipe_ends_the_command_quietly(office):
    read, write = os.pipe()
    os.close(read)  # as `| head -3` does once it has its lines
    try:
        done = subprocess.run(
            [sys.executable, "-m", "app", "--data-dir", office, "info"],
            cwd=ROOT,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write)
    assert done.returncode == 141 and done.stderr == ""


# --- feedback ------------------------------------------------------------------------------------------


def test_feedback_makes_the_folder_and_says_what_went_into_the_package(office, tmp_path, capsys):
    target = tmp_path / "нет" / "такой" / "обратная.dnevnik"
    assert main(["--data-dir", office, "feedback", "--school", "3415", "--out", str(target)]) == 0
    line = capsys.readouterr().out.strip()
    counts = peek_manifest(target)["counts"]
    assert line == (
        f"Обратная связь для школы 3415 (комментарии куратора — {counts['curator_comments']}, "
        f"рекомендации — {counts['recommendations']}, каталог мероприятий управления — "
        f"{counts['event_catalog']}, подтверждения получения — {counts['receipts']}) записана: {target}"
    )
    assert counts["event_catalog"] == 5 and counts["receipts"] == 1
    folder = tmp_path / "новая папка"
    assert main(["--data-dir", office, "feedback", "--school", "3408", "--out", str(folder), "--json"]) == 0
    (written,) = json.loads(capsys.readouterr().out)
    assert Path(written["file"]).parent == folder and written["school_code"] == "3408"
    assert written["counts"] == peek_manifest(written["file"])["counts"]
    assert main(["--data-dir", office, "feedback", "--all", "--out", str(tmp_path / "все")]) == 0
    assert capsys.readouterr().out.count("каталог мероприятий управления — 5") == 3


def test_the_offices_needs_are_printed_by_level_as_the_page_prints_them(office, tmp_path, capsys):
    out = tmp_path / "нужды.pdf"
    args = ["--data-dir", office, "report", "support", "--level", "regional", "--received", "--out", str(out)]
    assert main(args) == 0
    assert out.exists() and "«Потребности школ в поддержке»" in capsys.readouterr().out
    err = usage_error(capsys, [*args[:5], "--level", "district", "--out", str(out)])
    assert "--level" in err
