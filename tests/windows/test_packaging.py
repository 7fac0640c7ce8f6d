"""What schools receive does not change behind the project's back (issue 22 item 7): Qt and
PyInstaller pinned for every build, shell scripts kept LF, the workflow shows the window once with
Windows' own platform plugin, and the README tells a school how to install."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PINNED = ("PySide6-Essentials", "shiboken6", "pyinstaller", "pyinstaller-hooks-contrib")


def _pins() -> dict[str, str]:
    text = (REPO / "packaging" / "constraints.txt").read_text(encoding="utf-8")
    return dict(re.findall(r"^([\w-]+)==(\S+)$", text, flags=re.MULTILINE))


def test_qt_and_pyinstaller_are_pinned_to_the_versions_the_suite_runs_on():
    pins = _pins()
    assert sorted(pins) == sorted(PINNED)
    assert {name: version(name) for name in PINNED} == pins


def test_every_build_uses_the_pins():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    build = makefile.split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    assert "-r $(CONSTRAINTS)" in build and build.index("CONSTRAINTS") < build.index("PyInstaller")
    assert "CONSTRAINTS := packaging/constraints.txt" in makefile
    workflow = (REPO / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
    assert "-c packaging\\constraints.txt" in workflow and "-r packaging\\constraints.txt" in workflow
    assert "constraints.txt" in (REPO / "packaging" / "README.md").read_text(encoding="utf-8")


def test_the_workflow_shows_the_window_with_windows_own_platform():
    workflow = (REPO / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
    step = workflow.split("- name: The window with Windows' own platform plugin", 1)[1].split(
        "\n      - ", 1
    )[0]
    assert "QT_QPA_PLATFORM: windows" in step and 'DNEVNIK_QUIT_WHEN_SHOWN: "1"' in step
    assert "window-shown" in step and "dnevnik.exe" in step
    app_source = (REPO / "ui" / "shell" / "app.py").read_text(encoding="utf-8")
    assert 'QUIT_WHEN_SHOWN_ENV = "DNEVNIK_QUIT_WHEN_SHOWN"' in app_source and '"window-shown"' in app_source


def test_shell_scripts_keep_lf_endings():
    attributes = (REPO / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert "*.sh text eol=lf" in attributes
    for script in REPO.glob("packaging/**/*.sh"):
        assert b"\r\n" not in script.read_bytes(), script


def test_the_readme_tells_a_school_how_to_install():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Установка в школе", 1)[1].split("\n## ", 1)[0]
    for words in (
        "Windows 10 версии 1809 или новее",
        "SmartScreen",
        "«Подробнее»",
        "«Выполнить в любом случае»",
        "DNEVNIK_DATA_DIR",
    ):
        assert words in section
    assert readme.startswith("# «Дневник школы»")
    assert "make run    # creates .venv" in readme and "make test   # creates .venv" in readme
