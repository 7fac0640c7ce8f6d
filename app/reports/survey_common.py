"""What the survey report prints, whichever the format: the round(s) chosen and the lines under the title."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.core.dates import format_day
from app.core.errors import UserError
from app.core.store import Store
from app.reports.catalog import ReportOptions
from app.school.installation import own_school
from app.surveys.survey_results import Comparison, RoundResults, compare_results, round_results
from app.surveys.surveys import SOURCE_LABELS, RoundInfo, find_round, latest_round

REPORT_TITLE = "Результаты анкетирования"


@dataclass
class SurveyReport:
    results: RoundResults
    comparison: Comparison | None
    owner: str  # the school's name
    printed_on: date = field(default_factory=date.today)

    @property
    def title(self) -> str:
        return f"Анкета «{self.results.template.title}»: тур «{self.results.round.title}»"

    @property
    def subtitle(self) -> list[str]:
        info = self.results.round
        lines = [self.owner] if self.owner else []
        lines.append(
            f"Дата проведения: {format_day(info.held_on)} · ответили: {self.results.respondents} чел. · "
            f"ввод: {SOURCE_LABELS.get(info.source, info.source)}"
            + ("" if info.closed else " · тур ещё открыт, итоги могут измениться")
        )
        if self.results.template.version > 1:
            lines.append(f"Версия анкеты: {self.results.template.version}")
        return lines


def survey_school(store: Store) -> tuple[str, str]:
    """The id and name of the school whose questionnaires this installation prints."""
    if store.installation() is None:
        raise UserError("База пуста: школа ещё не настроена. Создайте её командой init или demo.")
    school = own_school(store)
    if school is None:
        raise UserError("Это база управления образования: результаты анкетирования печатаются в базе школы.")
    return school.id, school.name


def pick_rounds(store: Store, school_id: str, options: ReportOptions) -> tuple[RoundInfo, RoundInfo | None]:
    """`--round` (or the latest round) and `--compare`, found by id or title."""
    if options.round:
        main = find_round(store, school_id, options.round)
    else:
        main = latest_round(store, school_id)
        if main is None:
            raise UserError("В базе нет ни одного тура анкетирования: печатать нечего.")
    other = find_round(store, school_id, options.compare) if options.compare else None
    return main, other


def build_survey_report(
    store: Store, round_id: str, compare_id: str | None = None, printed_on: date | None = None
) -> SurveyReport:
    """The report of one round, with its comparison to another round when asked."""
    results = round_results(store, round_id)
    comparison = None
    if compare_id:
        comparison = compare_results(results, round_results(store, compare_id))
    school = own_school(store)
    return SurveyReport(results, comparison, school.name if school else "", printed_on or date.today())
