"""How far a long job has got, told to whoever waits for it (the window shows it from its thread).

`progress(stage, fraction)`: what is being done, in Russian, and how much of the whole job is
done — 0…1, or None while that cannot be measured (the window then shows that it is busy).
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, float | None], None]


def part_of(
    progress: Progress | None, stage: str, start: float, share: float
) -> Callable[[float], None] | None:
    """`progress` for one part of a job: the part's own 0…1 becomes `start`…`start + share`."""
    if progress is None:
        return None
    return lambda done: progress(stage, start + share * done)


def within(progress: Progress | None, start: float, share: float, label: str) -> Progress | None:
    """`progress` for a job run as a part of a larger one: «label: its stage»."""
    if progress is None:
        return None

    def tell(stage: str, done: float | None) -> None:
        progress(f"{label}: {stage[:1].lower()}{stage[1:]}", None if done is None else start + share * done)

    return tell
