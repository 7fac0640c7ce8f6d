"""Fuzzing with hypothesis: how many examples, the values thrown at files and packages, and the
one outcome allowed besides success — a refusal in Russian."""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from app.core.errors import UserError
from db.base import new_id

FUZZ_EXAMPLES = int(os.environ.get("DNEVNIK_FUZZ_EXAMPLES") or 0)
RUSSIAN = re.compile("[а-яё]", re.IGNORECASE)


def fuzz(ci: int):
    """`ci` examples in the ordinary run; with DNEVNIK_FUZZ_EXAMPLES=N, N for each test."""
    return settings(
        max_examples=FUZZ_EXAMPLES or ci,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )


def refusal_is_russian(error: UserError) -> None:
    assert RUSSIAN.search(error.message), error.message
    assert "Traceback" not in error.message


HUGE = st.builds(lambda char, n: char * n, st.sampled_from("Жx9 ≠😀"), st.integers(1_000, 40_000))

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | HUGE,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)


def json_places(doc, prefix=()):
    """Every (path) inside a JSON document."""
    yield prefix
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from json_places(value, (*prefix, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from json_places(value, (*prefix, index))


# What a record's field may be turned into: wrong types, hostile text, dangling ids.
FIELD_VALUES = st.one_of(
    JSON_VALUES,
    HUGE,
    st.sampled_from(
        [
            "",
            " ",
            "2021-02-31",
            "31.02.2021",
            "9999-12-31",
            "0000-01-01",
            "2026-05-20T09:30:00Z",
            '=HYPERLINK("http://example.com","Нажми")',
            "<b>жирный</b>",
            "\x00\x01\x1b",
            "😀" * 50,
            -1,
            2**63,
            -(2**63) - 1,
            1e308,
            True,
            [],
            {},
        ]
    ),
    st.builds(lambda _: new_id(), st.none()),
)
