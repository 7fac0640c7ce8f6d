"""What a round says: per statement the counts and shares of each answer, per section an
index (the mean on 0…n−1, for «Есть ли изменения?» 0–2, and the share of the top answer),
and the change between two rounds of one questionnaire.

A round of fewer than MIN_RESPONDENTS respondents shows only its totals over the whole
questionnaire: in a school of eight teachers one sheet can point at a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.errors import UserError
from app.core.numbers import format_number
from app.surveys.survey_templates import Template, get_template
from app.surveys.surveys import MIN_RESPONDENTS, RoundInfo, RoundTotals, get_round, round_totals

WITHHELD_NOTE = (
    "Ответили {n} чел. — меньше {m}: по отдельным утверждениям и разделам итоги не показываются, "
    "чтобы ответ одного человека нельзя было узнать. Показаны только общие итоги по всей анкете."
)


@dataclass
class Tally:
    """Counts of each answer (lowest first) and what follows from them."""

    counts: list[int]

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def shares(self) -> list[float]:
        """Share of each answer among those who answered, 0…1 (zeros when nobody did)."""
        total = self.answered
        return [c / total if total else 0.0 for c in self.counts]

    @property
    def mean(self) -> float | None:
        """The mean answer on 0…n−1 (0 = the lowest); None when nobody answered."""
        total = self.answered
        return sum(i * c for i, c in enumerate(self.counts)) / total if total else None

    @property
    def top_share(self) -> float | None:
        """Share of the highest answer («Заметные изменения»), 0…1."""
        return self.counts[-1] / self.answered if self.answered else None

    def plus(self, other: Tally) -> Tally:
        return Tally([a + b for a, b in zip(self.counts, other.counts, strict=True)])


@dataclass
class ItemResult:
    id: str
    number: str  # «2.3»
    text: str
    tally: Tally
    no_answer: int


@dataclass
class SectionResult:
    number: int
    title: str
    items: list[ItemResult]
    tally: Tally  # every answer in the section together: its index


@dataclass
class RoundResults:
    round: RoundInfo
    template: Template
    respondents: int
    overall: Tally
    sections: list[SectionResult] = field(default_factory=list)  # empty when withheld

    @property
    def scale(self) -> list[str]:
        return self.template.scale

    @property
    def breakdown(self) -> bool:
        return self.respondents >= MIN_RESPONDENTS

    @property
    def note(self) -> str:
        if self.breakdown:
            return ""
        return WITHHELD_NOTE.format(n=self.respondents, m=MIN_RESPONDENTS)


def results_of(info: RoundInfo, template: Template, totals: RoundTotals) -> RoundResults:
    """The results of a round from its totals; the breakdown is left out below the threshold."""
    levels = len(template.scale)
    sections: list[SectionResult] = []
    overall = Tally([0] * levels)
    for s_no, section in enumerate(template.sections, 1):
        items = []
        tally = Tally([0] * levels)
        for i_no, item in enumerate(section.items, 1):
            counts = list(totals.counts.get(item.id) or [0] * levels)
            item_tally = Tally(counts)
            no_answer = max(totals.respondents - item_tally.answered, 0)
            items.append(ItemResult(item.id, f"{s_no}.{i_no}", item.text, item_tally, no_answer))
            tally = tally.plus(item_tally)
        sections.append(SectionResult(s_no, section.title, items, tally))
        overall = overall.plus(tally)
    result = RoundResults(info, template, totals.respondents, overall, sections)
    if not result.breakdown:
        result.sections = []
    return result


def round_results(store, round_id: str) -> RoundResults:
    info = get_round(store, round_id)
    return results_of(info, get_template(store, info.template_id), round_totals(store, round_id))


# --- comparison ----------------------------------------------------------------


@dataclass
class Change:
    """A value in the earlier and the later round; `delta` when both are known."""

    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass
class ItemComparison:
    id: str
    number: str
    text: str
    before: Tally | None  # None: the statement was not in that round's questionnaire
    after: Tally | None

    @property
    def mean(self) -> Change:
        return Change(self.before.mean if self.before else None, self.after.mean if self.after else None)

    @property
    def top_share(self) -> Change:
        return Change(
            self.before.top_share if self.before else None, self.after.top_share if self.after else None
        )


@dataclass
class SectionComparison:
    number: int
    title: str
    before: Tally | None
    after: Tally | None
    items: list[ItemComparison]

    @property
    def mean(self) -> Change:
        return Change(self.before.mean if self.before else None, self.after.mean if self.after else None)

    @property
    def top_share(self) -> Change:
        return Change(
            self.before.top_share if self.before else None, self.after.top_share if self.after else None
        )


@dataclass
class Comparison:
    before: RoundResults
    after: RoundResults
    sections: list[SectionComparison]  # empty when either round is too small for a breakdown

    @property
    def overall_mean(self) -> Change:
        return Change(self.before.overall.mean, self.after.overall.mean)

    @property
    def overall_top_share(self) -> Change:
        return Change(self.before.overall.top_share, self.after.overall.top_share)

    @property
    def note(self) -> str:
        small = [r for r in (self.before, self.after) if not r.breakdown]
        if not small:
            return ""
        names = " и ".join(f"«{r.round.title}» ({r.respondents} чел.)" for r in small)
        return (
            f"В туре {names} ответили меньше {MIN_RESPONDENTS} человек, поэтому сравниваются "
            "только общие итоги по всей анкете, без утверждений и разделов."
        )


def compare_results(first: RoundResults, second: RoundResults) -> Comparison:
    """The earlier round against the later one (by date), statement by statement.

    Statements are matched by their id, sections by their title, so a new version of the
    questionnaire still compares with the old one where they share statements.
    """
    if first.round.template_code != second.round.template_code:
        raise UserError(
            f"Туры «{first.round.title}» и «{second.round.title}» проведены по разным анкетам — "
            "сравнить можно только туры одной анкеты."
        )
    before, after = sorted((first, second), key=lambda r: (r.round.held_on, r.round.title))
    if before.round.id == after.round.id:
        raise UserError("Выберите для сравнения другой тур, а не тот же самый.")
    if not (before.breakdown and after.breakdown):
        return Comparison(before, after, [])
    old_items = {i.id: i for s in before.sections for i in s.items}
    old_sections = {s.title.casefold(): s for s in before.sections}
    sections = []
    for section in after.sections:
        items = [
            ItemComparison(
                i.id, i.number, i.text, old_items[i.id].tally if i.id in old_items else None, i.tally
            )
            for i in section.items
        ]
        old = old_sections.get(section.title.casefold())
        sections.append(
            SectionComparison(section.number, section.title, old.tally if old else None, section.tally, items)
        )
    return Comparison(before, after, sections)


def compare_rounds(store, round_a: str, round_b: str) -> Comparison:
    return compare_results(round_results(store, round_a), round_results(store, round_b))


# --- words and numbers as pages and printouts show them -------------------------


def percent(share: float | None) -> str:
    """0.333 → «33 %»; None → «—»."""
    return "—" if share is None else f"{format_number(share * 100, max_decimals=0)} %"


def mean_text(mean: float | None) -> str:
    return "—" if mean is None else format_number(mean, min_decimals=2, max_decimals=2)


def mean_change_text(change: Change) -> str:
    delta = change.delta
    if delta is None:
        return "—"
    text = format_number(delta, min_decimals=2, max_decimals=2)
    if text.strip("0,") == "":
        return "0,00"
    return text.replace("-", "−") if text.startswith("-") else "+" + text


def points_change_text(change: Change) -> str:
    """The change of a share in percentage points: «+22 п. п.»."""
    delta = change.delta
    if delta is None:
        return "—"
    text = format_number(delta * 100, max_decimals=0)
    if text.strip("0") in ("", "-"):
        return "0 п. п."
    return (text.replace("-", "−") if text.startswith("-") else "+" + text) + " п. п."


def index_line(tally: Tally, scale: list[str]) -> str:
    """«индекс 1,23 из 2 · «Заметные изменения» — 35 %»."""
    top = len(scale) - 1
    return f"индекс {mean_text(tally.mean)} из {top} · «{scale[-1]}» — {percent(tally.top_share)}"


# From «no change» to «noticeable change»: grey, light blue, deep blue (and between, for longer scales).
_LOW, _HIGH = (0xC8, 0xC8, 0xC8), (0x1F, 0x5F, 0xA8)
_THREE = ["#C8C8C8", "#8DB8E2", "#1F5FA8"]


def scale_colors(levels: int) -> list[str]:
    """One colour per answer, lowest first, as hex «#RRGGBB»; the page and the printout share them."""
    if levels == 3:
        return list(_THREE)
    colors = []
    for i in range(levels):
        t = i / (levels - 1) if levels > 1 else 1.0
        rgb = [round(lo + (hi - lo) * t) for lo, hi in zip(_LOW, _HIGH, strict=True)]
        colors.append("#{:02X}{:02X}{:02X}".format(*rgb))
    return colors


def dark(color: str) -> bool:
    """Whether text on this colour should be white."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b < 150
