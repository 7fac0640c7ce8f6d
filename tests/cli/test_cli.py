"""The command line: init, demo, info; misuse exits 2 with a Russian message."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.lock import DataFolderLock

ROOT = Path(__file__).resolve().parents[2]
# Tables the demo school must fill: all but the log of exchanged packages.
NOT_IN_DEMO = {
    "package_log",
    "status_decisions",  # the office's own, never in a school's demo
    # A school answers only what its office gave it (tests/school/test_demo.py says why the demo has none)
    "recommendation_responses",
    "plan_activity_recommendations",
    "event_recommendations",
    "teacher_diary_recommendations",
    "director_diary_recommendations",
}


def run(*args: str) -> subprocess.CompletedProcess:
    """The real entry point, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_init_school_then_info_json(tmp_path, capsys):
    folder = tmp_path / "y"
    assert (
        main(["--data-dir", str(folder), "init", "--mode", "school", "--code", "3410", "--name", "МКОУ Тест"])
        == 0
    )
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["mode"] == "school"
    assert info["school"]["code"] == "3410" and info["school"]["name"] == "МКОУ Тест"
    assert info["counts"]["schools"] == 1 and info["counts"]["staff"] == 0


def test_init_municipality(tmp_path, capsys):
    folder = tmp_path / "m"
    assert (
        main(["--data-dir", str(folder), "init", "--mode", "municipality", "--name", "Отдел образования"])
        == 0
    )
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["mode"] == "municipality" and info["school"] is None


def test_init_twice_is_refused(tmp_path, capsys):
    args = ["--data-dir", str(tmp_path / "y"), "init", "--mode", "school", "--code", "1", "--name", "А"]
    assert main(args) == 0
    assert main(args) == 1
    assert "уже есть база" in capsys.readouterr().err


def test_demo_then_info_counts_every_school_table(tmp_path):
    folder = str(tmp_path / "x")
    done = run("--data-dir", folder, "demo")
    assert done.returncode == 0, done.stderr
    done = run("--data-dir", folder, "info", "--json")
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["mode"] == "school"
    assert info["school"]["name"] == "МКОУ Нагольненская СШ"
    empty = [t for t, n in info["counts"].items() if n == 0 and t not in NOT_IN_DEMO]
    assert empty == []


def test_demo_refuses_a_folder_with_other_data(tmp_path, capsys):
    folder = str(tmp_path / "y")
    assert (
        main(["--data-dir", folder, "init", "--mode", "school", "--code", "3410", "--name", "МКОУ Тест"]) == 0
    )
    capsys.readouterr()
    assert main(["--data-dir", folder, "demo"]) == 1
    err = capsys.readouterr().err
    assert "МКОУ Тест" in err


def test_info_on_an_empty_folder_is_refused_without_creating_anything(tmp_path, capsys):
    folder = tmp_path / "nothing"
    assert main(["--data-dir", str(folder), "info"]) == 1
    assert "нет базы" in capsys.readouterr().err
    assert not (folder / "dnevnik.db").exists()


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--bogus"], "неизвестные аргументы"),
        (["init", "--mode", "school", "--name", "МКОУ Тест"], "нужен --code"),
        (["init", "--mode", "district", "--name", "X"], "недопустимое значение"),
        (["init"], "не хватает обязательных аргументов"),
        (["frobnicate"], "недопустимое значение"),
        (["--data-dir", "a", "--db", "sqlite://", "info"], "нельзя указывать вместе"),
        (["report", "teacher-diary", "--out", "x.pdf", "--year", "2020-2021"], "учебный год"),
        (["report", "no-such-report", "--out", "x.pdf"], "недопустимое значение"),
    ],
)
def test_bad_arguments_exit_2_in_russian(args, expected, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert expected in err and "Ошибка в командной строке" in err


def test_bad_input_exits_1_with_reason(tmp_path, capsys):
    code = main(
        [
            "--data-dir",
            str(tmp_path / "y"),
            "init",
            "--mode",
            "school",
            "--code",
            "34 10",
            "--name",
            "МКОУ Тест",
        ]
    )
    assert code == 1
    assert "Код школы" in capsys.readouterr().err


def test_second_copy_on_the_same_folder_is_told(tmp_path, capsys):
    folder = tmp_path / "y"
    with DataFolderLock(folder):
        done = run("--data-dir", str(folder), "init", "--mode", "school", "--code", "1", "--name", "А")
    assert done.returncode == 1
    assert "уже открыта" in done.stderr


def test_version_and_help_in_russian():
    done = run("--help")
    assert done.returncode == 0 and "Использование" in done.stdout and "команды" in done.stdout
    done = run("--version")
    assert done.returncode == 0 and "Дневник школы" in done.stdout
