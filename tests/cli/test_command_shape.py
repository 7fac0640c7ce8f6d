"""One command shape and one report door: every command module looks the same, every report
kind's options are declared once (the command line accepts exactly those), and app/ reaches the
window only through its composition root, app/__main__.py."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from app.cli import main as cli
from app.cli.args import RussianArgumentParser
from app.core.errors import os_error_message, os_reason
from app.reports.catalog import OPTIONS, ReportOptions, report_kinds, writer
from ui import selftest

ROOT = Path(__file__).resolve().parents[2]
SHAPE = ("NAME", "HELP", "DESCRIPTION", "NEEDS_DATABASE", "OPENS_STORE", "WRITES")
# A value each narrowing option accepts on the command line (None: a switch).
SAMPLES = {
    "--from": "01.09.2020",
    "--to": "31.05.2021",
    "--year": "2020/2021",
    "--round": "Май 2021",
    "--compare": "Май 2020",
    "--template": "Есть ли изменения?",
    "--schools": "3408",
    "--years": "2021",
    "--level": "regional",
    "--received": None,
}


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_only_the_composition_root_of_app_imports_ui():
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "app").rglob("*.py"))
        if path != ROOT / "app" / "__main__.py"
        for name in _imports(path)
        if name == "ui" or name.startswith("ui.")
    ]
    assert offenders == []
    assert "ui" in {name.split(".")[0] for name in _imports(ROOT / "app" / "__main__.py")}


@pytest.mark.parametrize("command", [*cli.COMMANDS, selftest], ids=lambda c: c.NAME)
def test_every_command_module_has_the_one_shape(command):
    for name in SHAPE:
        assert hasattr(command, name), name
    for function in ("add_arguments", "check", "run"):
        assert callable(getattr(command, function)), function
    assert isinstance(command.NAME, str) and command.HELP


def test_each_command_is_a_module_of_its_own_and_selftest_comes_from_the_root():
    names = [command.NAME for command in cli.COMMANDS]
    assert len(set(names)) == len(names) == len({command.__name__ for command in cli.COMMANDS})
    assert "selftest" not in names  # it opens windows: only app/__main__.py adds it
    parser = cli.build_parser((*cli.COMMANDS, selftest))
    assert set(parser.commands) == {*names, "selftest"}


def _report_check(argv: list[str]):
    parser = cli.build_parser()
    args = parser.parse_args(["report", *argv])
    command, own = parser.commands["report"]
    command.check(own, args)
    return args


def _option_argv(flag: str) -> list[str]:
    return [flag] if SAMPLES[flag] is None else [flag, SAMPLES[flag]]


def test_every_option_has_a_sample_and_a_field():
    assert set(SAMPLES) == set(OPTIONS)
    fields = {field.name for field in dataclasses.fields(ReportOptions)}
    assert {option.field for option in OPTIONS.values()} <= fields


@pytest.mark.parametrize("key", list(report_kinds()))
def test_a_kinds_declared_options_are_accepted_and_no_other(key, tmp_path):
    kind = report_kinds()[key]
    out = ["--out", str(tmp_path / "x.pdf")]
    argv = [key, *out]
    for flag in kind.options:
        argv += _option_argv(flag)
    args = _report_check(argv)
    given = cli.report.options_of(args)
    assert kind.undeclared(given) == []
    for flag in kind.options:
        assert getattr(given, OPTIONS[flag].field) is not None, flag
    for flag in set(OPTIONS) - set(kind.options):
        with pytest.raises(SystemExit) as stopped:
            _report_check([key, *out, *_option_argv(flag)])
        assert stopped.value.code == 2, flag


def test_the_window_prints_through_the_same_door_and_only_with_declared_options(school_store):
    assert callable(writer(school_store, "teacher-diary", ReportOptions(school_id="x")))
    with pytest.raises(ValueError, match="--years"):
        writer(school_store, "teacher-diary", ReportOptions(years=(2021,)))


def test_warnings_are_declared_by_the_kind():
    kinds = report_kinds()
    assert kinds["district"].warnings.__module__ == "app.reports.district"
    assert kinds["plan"].warnings(None, ReportOptions()) == []


def test_the_russian_texts_of_os_errors_are_one_table():
    error = FileNotFoundError(2, "No such file or directory", "/нет/файла")
    assert os_reason(error) == "нет такого файла или папки"
    assert os_error_message(error) == "нет такого файла или папки (/нет/файла). Проверьте путь и повторите."
    assert os_reason(OSError(99999, "Strange")) == "ошибка ввода-вывода (Strange)"


def test_a_usage_error_exits_with_the_usage_code(capsys):
    parser = RussianArgumentParser(prog="x")
    with pytest.raises(SystemExit) as stopped:
        parser.error("bad")
    assert stopped.value.code == cli.EXIT_USAGE
    assert "Ошибка в командной строке: bad" in capsys.readouterr().err


def test_without_a_window_no_command_shows_the_help(capsys):
    assert cli.main([]) == cli.EXIT_USAGE
    assert "КОМАНДА" in capsys.readouterr().out


def test_the_window_starts_without_building_every_command(tmp_path):
    """No command given (the window, or a double-clicked package): no report module, no reportlab,
    no Alembic is imported on the way to the window; `report --help` still lists every kind."""
    import subprocess
    import sys

    probe = (
        "import sys; from app.cli.main import build_parser, _command_named, COMMANDS; "
        "build_parser(COMMANDS, only=_command_named(['--data-dir', 'x'], COMMANDS)); "
        "print(sorted(m for m in ('reportlab', 'openpyxl', 'alembic', 'nacl') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    help_text = subprocess.run(
        [sys.executable, "-m", "app", "report", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "teacher-diary" in help_text and "district" in help_text
