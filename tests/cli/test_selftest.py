"""`selftest` from the sources, the broken pages it must catch, and the packaging files it relies on."""

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMessageBox

import app.__main__
import ui.shell.main_window
from app.cli import main as cli
from app.cli.exit_codes import EXIT_REFUSED
from ui import selftest
from ui.pages import Page, PageEntry, pages_for

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "dnevnik.spec"


def test_selftest_passes_from_source(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DNEVNIK_DATA_DIR=str(tmp_path / "untouched"))
    result = subprocess.run(
        [sys.executable, "-m", "app", "selftest"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Самопроверка пройдена." in out
    assert "Перевод Qt (qtbase_ru): загружен" in out
    assert "Школа (демонстрационные данные):" in out and "Управление образования:" in out
    for title in ("Школа / Карточка школы", "Дневники / Дневник педагога", "Сервис / Настройки"):
        assert re.search(rf"^\s+ок\s+{re.escape(title)} — ", out, re.M), title
    assert "ОШИБКА" not in out
    assert not (tmp_path / "untouched").exists()  # a temporary folder, never the user's


class RaisingPage(Page):
    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        raise RuntimeError("страница не строится")


class FailingSlotPage(Page):
    def __init__(self, context, parent=None):
        super().__init__(context, parent)

        def boom():
            raise ValueError("ошибка в обработчике")

        QTimer.singleShot(0, self, boom)


class MessageBoxPage(Page):
    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        QTimer.singleShot(0, self, lambda: QMessageBox.warning(self, "Сбой", "Таблица не загрузилась"))


def _broken_pages(monkeypatch, page_class: type[Page]) -> None:
    def with_broken(mode):
        broken = PageEntry("Сломано", "Страница", f"{__name__}:{page_class.__name__}", (mode,))
        return [*pages_for(mode), broken]

    monkeypatch.setattr(ui.shell.main_window, "pages_for", with_broken)


def _fails(capsys) -> str:
    assert selftest.run(None, None) == EXIT_REFUSED
    captured = capsys.readouterr()
    assert re.search(r"ОШИБКА\s+Сломано / Страница", captured.out)
    return captured.err


def test_a_page_that_raises_fails_the_selftest(qapp, monkeypatch, capsys):
    _broken_pages(monkeypatch, RaisingPage)
    assert "страница не строится" in _fails(capsys)


def test_an_error_in_a_slot_fails_the_selftest(qapp, monkeypatch, capsys):
    _broken_pages(monkeypatch, FailingSlotPage)
    assert "ошибка в обработчике" in _fails(capsys)


def test_a_message_box_on_opening_fails_the_selftest(qapp, monkeypatch, capsys):
    _broken_pages(monkeypatch, MessageBoxPage)
    assert "Таблица не загрузилась" in _fails(capsys)


def test_selftest_is_a_command_without_store():
    command, _ = cli.build_parser((*cli.COMMANDS, selftest)).commands["selftest"]
    assert command.OPENS_STORE is False


# --- a package given as the only argument (a double-click on a .dnevnik file) -------------


def test_a_package_argument_opens_the_window_with_it(tmp_path, monkeypatch):
    package = tmp_path / "3410_2021-05-31_1.dnevnik"
    package.write_bytes(b"package")
    calls = []
    monkeypatch.setattr("ui.shell.app.run_gui", lambda *args, **kwargs: calls.append((args, kwargs)) or 0)
    assert app.__main__.main([str(package)]) == 0
    assert calls == [((None, None), {"open_packages": [package.resolve()]})]


def test_only_existing_packages_alone_count(tmp_path):
    package, other = tmp_path / "a.DNEVNIK", tmp_path / "b.dnevnik"
    assert cli.package_arguments([str(package)]) == []  # does not exist
    package.write_bytes(b"")
    assert cli.package_arguments([str(package)]) == [package.resolve()]
    other.write_bytes(b"")
    assert cli.package_arguments([str(package), str(other)]) == [package.resolve(), other.resolve()]
    assert cli.package_arguments(["demo"]) == []
    assert cli.package_arguments([]) == []
    assert cli.package_arguments(["--data-dir", str(tmp_path), str(package)]) == []


def test_offer_package_uses_the_windows_import_when_there_is_one(qapp, tmp_path, monkeypatch):
    from ui.shell.package_inbox import offer_packages

    opened, told = [], []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))

    class WithImport(QLabel):
        def open_packages(self, paths):
            opened.extend(paths)

    offer_packages(WithImport(), [tmp_path / "x.dnevnik"])
    assert opened == [tmp_path / "x.dnevnik"] and told == []

    offer_packages(QLabel(), [tmp_path / "x.dnevnik"])
    assert len(told) == 1 and "«Обмен»" in told[0] and "x.dnevnik" in told[0]


# --- packaging files: cheap checks that they parse and name what the program reads -------


def _spec_constant(name: str):
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not in {SPEC}")


def test_spec_bundles_every_resource_folder_and_the_migrations():
    bundled = dict(_spec_constant("DATAS"))
    for folder in sorted((ROOT / "resources").iterdir()):
        if folder.is_dir() and any(folder.iterdir()) and folder.name != "translations":
            assert bundled.get(f"resources/{folder.name}") == f"resources/{folder.name}", folder.name
    # db/migrate.py finds the scripts beside its module: the same place in the bundle.
    assert bundled["db/migrations"] == "db/migrations"
    assert "qtbase_ru.qm" in _spec_constant("QT_TRANSLATIONS")
    for source in bundled:
        assert (ROOT / source).is_dir(), source


def test_spec_excludes_unused_qt_and_reads_the_version_from_pyproject():
    text = SPEC.read_text(encoding="utf-8")
    assert "tomllib.load" in text and "upx=False" in text and "exclude_binaries=True" in text
    excluded = set(_spec_constant("EXCLUDED_QT"))
    used = set()
    for path in [*ROOT.joinpath("app").rglob("*.py"), *ROOT.joinpath("ui").rglob("*.py")]:
        used |= set(re.findall(r"from PySide6\.(\w+) import", path.read_text(encoding="utf-8")))
    assert used and not used & excluded, used & excluded
    assert {"QtQml", "QtQuick", "QtWebEngineCore", "QtNetwork", "QtTest"} <= excluded


def test_version_info_template_renders_with_the_project_version():
    with open(ROOT / "pyproject.toml", "rb") as file:
        version = tomllib.load(file)["project"]["version"]
    template = (ROOT / "packaging" / "windows" / "version_info.txt").read_text(encoding="utf-8")
    rendered = template.replace("@VERSION_TUPLE@", "(0, 1, 0, 0)").replace("@VERSION@", version)
    rendered = rendered.replace("@NAME@", "dnevnik")
    assert "@" not in rendered
    ast.parse(rendered, mode="eval")  # PyInstaller eval()s it
    assert "'CompanyName', 'Дневник школы'" in rendered and f"'ProductVersion', '{version}'" in rendered


def test_installer_script_is_per_user_and_associates_packages():
    iss = (ROOT / "packaging" / "windows" / "dnevnik.iss").read_text(encoding="utf-8-sig")
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.M)
    assert "{userpf}" in iss or "{localappdata}" in iss
    assert 'Root: HKCU; Subkey: "Software\\Classes\\.dnevnik"' in iss
    assert '#define AppExe "dnevnik.exe"' in iss and '"""{app}\\{#AppExe}"" ""%1"""' in iss
    assert "{group}" in iss and "{autodesktop}" in iss
    # Uninstalling removes what was installed and nothing else: no rule deletes the data folder.
    assert not re.search(r"^\[UninstallDelete\]", iss, re.M)


@pytest.mark.parametrize("name", ["dnevnik.svg", "dnevnik.png", "dnevnik.ico"])
def test_icon_files_exist(name):
    path = ROOT / "resources" / "icons" / name
    assert path.is_file() and path.stat().st_size > 0
    if name == "dnevnik.ico":
        assert path.read_bytes()[:4] == b"\0\0\1\0"


def test_program_version_is_the_project_version():
    from app import __version__

    with open(ROOT / "pyproject.toml", "rb") as file:
        assert tomllib.load(file)["project"]["version"] == __version__
