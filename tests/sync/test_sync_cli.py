"""The exchange on the command line: export, import, feedback, keys — exit codes and JSON."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import main
from app.sync.keys import fingerprint

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.both_backends


def run(*args: str) -> subprocess.CompletedProcess:
    """The real entry point, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def ok(*args: str) -> str:
    done = run(*args)
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def test_demo_school_and_office_exchange_keys_packages_and_feedback(tmp_path, on_backend):
    school, office = str(on_backend(tmp_path / "A")), str(on_backend(tmp_path / "B"))
    stick = tmp_path / "stick"
    stick.mkdir()
    ok("--data-dir", school, "demo")
    ok("--data-dir", office, "init", "--mode", "municipality", "--name", "Отдел образования")

    # Keys both ways, before the first package.
    ok("--data-dir", office, "keys", "export-public", "--out", str(tmp_path / "office.json"))
    assert "принят" in ok("--data-dir", school, "keys", "import", str(tmp_path / "office.json"))
    ok("--data-dir", school, "keys", "export-public", "--out", str(tmp_path / "school.json"))
    assert "Школа добавлена в реестр" in ok(
        "--data-dir", office, "keys", "import", str(tmp_path / "school.json")
    )

    exported = json.loads(ok("--data-dir", school, "export", "--out", str(stick), "--json"))
    assert exported["encrypted"] is True and exported["sequence"] == 1
    assert Path(exported["file"]).parent == stick

    results = json.loads(ok("--data-dir", office, "import", str(stick), "--json"))
    assert len(results) == 1
    result = results[0]
    assert {"file", "status", "reason", "school_code", "sequence", "counts"} <= set(result)
    assert result["status"] == "imported" and result["school_code"] == "3410" and result["sequence"] == 1
    assert result["counts"] == exported["counts"]

    again = json.loads(ok("--data-dir", office, "import", exported["file"], "--json"))
    assert again[0]["status"] == "already_imported"

    second = json.loads(ok("--data-dir", school, "export", "--out", str(stick), "--json"))
    dry = json.loads(ok("--data-dir", office, "import", second["file"], "--dry-run", "--json"))
    assert dry[0]["status"] == "would_import"

    text = ok("--data-dir", office, "feedback", "--school", "3410", "--out", str(tmp_path))
    feedback = text.split(": ", 1)[1].strip()
    taken = ok("--data-dir", school, "import", feedback)
    assert "импортирован" in taken and "Файлов: 1" in taken

    shown = json.loads(ok("--data-dir", school, "keys", "show", "--json"))
    office_keys = json.loads((tmp_path / "office.json").read_text(encoding="utf-8"))
    assert shown["office"]["signing"] == fingerprint(office_keys["signing_key"])
    assert "3410" in ok("--data-dir", office, "keys", "show")


@pytest.fixture
def office_dir(tmp_path, capsys, on_backend) -> str:
    folder = str(on_backend(tmp_path / "office"))
    assert main(["--data-dir", folder, "init", "--mode", "municipality", "--name", "Отдел образования"]) == 0
    capsys.readouterr()
    return folder


def test_a_refused_file_exits_1_with_its_reason(office_dir, tmp_path, capsys):
    bad = tmp_path / "письмо.dnevnik"
    bad.write_text("не пакет", encoding="utf-8")
    assert main(["--data-dir", office_dir, "import", str(bad), "--json"]) == 1
    results = json.loads(capsys.readouterr().out)
    assert results[0]["status"] == "refused" and "ZIP" in results[0]["reason"]
    assert main(["--data-dir", office_dir, "import", str(bad)]) == 1
    assert "отказано" in capsys.readouterr().out


def test_export_prints_its_sections_in_russian(tmp_path, capsys):
    school = str(tmp_path / "school")
    assert main(["--data-dir", school, "demo"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", school, "export", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "педагоги — " in printed and "разделы плана — " in printed
    assert not {"staff", "programs", "plan_sections"} & set(printed.replace(",", " ").split())


def test_export_at_the_office_is_refused(office_dir, tmp_path, capsys):
    assert main(["--data-dir", office_dir, "export", "--out", str(tmp_path)]) == 1
    assert "базе школы" in capsys.readouterr().err


def test_commands_on_a_folder_without_a_database_create_nothing(tmp_path, capsys):
    folder = tmp_path / "nothing"
    for args in (["export", "--out", str(tmp_path)], ["import", str(tmp_path)], ["keys", "show"]):
        # Refused as info and report are (exit 1), no longer by a SystemExit of the usage checks.
        assert main(["--data-dir", str(folder), *args]) == 1
        assert "нет базы" in capsys.readouterr().err
    assert not (folder / "dnevnik.db").exists()


@pytest.mark.parametrize(
    "args, expected",
    [
        (["feedback", "--out", "x"], "либо --school"),
        (["feedback", "--school", "1", "--all", "--out", "x"], "либо --school"),
        (["keys"], "не хватает обязательных аргументов"),
        (["import"], "не хватает обязательных аргументов"),
        (["export"], "не хватает обязательных аргументов"),
    ],
)
def test_misuse_exits_2_in_russian(args, expected, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert expected in err and "Ошибка в командной строке" in err


def test_a_different_school_key_needs_accept_new_key(office_dir, tmp_path, capsys, on_backend):
    schools = []
    for name in ("first", "second"):
        folder = str(on_backend(tmp_path / name))
        assert (
            main(["--data-dir", folder, "init", "--mode", "school", "--code", "3410", "--name", "МКОУ"]) == 0
        )
        key_file = tmp_path / f"{name}.json"
        assert main(["--data-dir", folder, "keys", "export-public", "--out", str(key_file)]) == 0
        schools.append(json.loads(key_file.read_text(encoding="utf-8")))
    capsys.readouterr()
    assert main(["--data-dir", office_dir, "keys", "import", str(tmp_path / "first.json")]) == 0
    assert main(["--data-dir", office_dir, "keys", "import", str(tmp_path / "second.json")]) == 1
    err = capsys.readouterr().err
    assert all(fingerprint(s["signing_key"]) in err for s in schools)
    args = ["--data-dir", office_dir, "keys", "import", str(tmp_path / "second.json"), "--accept-new-key"]
    assert main(args) == 0
    assert "больше не действует" in capsys.readouterr().out
