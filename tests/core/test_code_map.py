"""README's «Code map» matches the tree: every folder it names exists, and every package of app/,
ui/, ui/pages/ and tests/ is named there, so a new folder is placed on the map when it is made."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _code_map() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Code map", 1)[1].split("\n## ", 1)[0]


def _named(text: str) -> set[str]:
    return set(re.findall(r"`([\w./]+)`", text))


def test_every_folder_on_the_map_exists():
    folders = {name for name in _named(_code_map()) if name.endswith("/")}
    assert folders, "the code map names no folder"
    # A full path («app/core/») is a folder of the checkout; a group's short name («office/») is
    # a group of pages (ui/pages/) or of tests (tests/).
    missing = [
        folder
        for folder in folders
        if not (ROOT / folder).is_dir()
        and not ((ROOT / "ui/pages" / folder).is_dir() or (ROOT / "tests" / folder).is_dir())
    ]
    assert missing == []


def test_every_package_is_on_the_map():
    text = _code_map()
    named = _named(text)
    packages = [
        *(f"{parent}/{child.name}/" for parent in ("app", "ui") for child in (ROOT / parent).iterdir()),
    ]
    packages = [p for p in packages if (ROOT / p / "__init__.py").is_file()]
    group_pages = [
        child.name + "/" for child in (ROOT / "ui/pages").iterdir() if (child / "__init__.py").is_file()
    ]
    test_groups = [
        child.name + "/"
        for child in (ROOT / "tests").iterdir()
        if (child / "__init__.py").is_file() and child.name != "helpers"
    ]
    assert [p for p in packages if p not in named] == []
    assert [p for p in group_pages if p not in named] == []
    assert [p for p in test_groups if p not in named] == []
    assert "tests/helpers/" in named
