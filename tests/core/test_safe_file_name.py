"""Names made from what a person typed are names Windows accepts (issue 22 item 3)."""

import pytest

from app.core.files import NAME_LIMIT, free_path, safe_file_name


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Тур 1: май", "Тур 1 май"),
        ('Анкета «Учителя» / 2025 \\ "итог"?', "Анкета «Учителя» 2025 итог"),
        ("Отчёт <черновик> | *", "Отчёт черновик"),
        ("Итоги.  ", "Итоги"),
        ("строка\nвторая\tтретья", "строка вторая третья"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("COM1", "_COM1"),
        ("LPT9", "_LPT9"),
        ("COM10", "COM10"),
        ("Консультация", "Консультация"),
    ],
)
def test_forbidden_characters_and_reserved_names_are_avoided(typed, name):
    assert safe_file_name(typed) == name


def test_nothing_left_gives_the_fallback_and_length_is_limited():
    assert safe_file_name(" ?.. ") == "Документ"
    assert safe_file_name(":::", "Отчёт") == "Отчёт"
    long = safe_file_name("Ы" * 500)
    assert len(long) == NAME_LIMIT and set(long) == {"Ы"}


def test_free_path_never_names_an_existing_file(tmp_path):
    first = free_path(tmp_path, "Отчёт", ".pdf")
    assert first == tmp_path / "Отчёт.pdf"
    first.write_bytes(b"x")
    second = free_path(tmp_path, "Отчёт", ".pdf")
    assert second == tmp_path / "Отчёт (2).pdf"
