"""A linked record as lists and pickers show it; shared by the diaries and the plan."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ref:
    """An event, a plan activity, a person: its id and the label a user reads."""

    id: str
    label: str
