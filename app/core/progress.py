"""How far a long job has got, told to whoever waits for it (the window shows it from its thread).

`progress(stage, fraction)`: what is being done, in Russian, and how much of the whole job is
done — 0…1, or None while that cannot be measured (the window then shows that it is busy).
The one who listens may stop the job: its `progress` then raises `Cancelled`, and the job ends
where it stands without leaving half a change (each change is one transaction, or a file written
aside and renamed). A job that can hand over what it finished catches `Cancelled` itself.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, float | None], None]


class Cancelled(Exception):  # noqa: N818 — a request, not an error: the user pressed «Отмена»
    """Raised by a progress callback once the user pressed «Отмена»."""

    def __init__(self, message: str = "Работа отменена по просьбе пользователя."):
        super().__init__(message)
        self.message = message


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
