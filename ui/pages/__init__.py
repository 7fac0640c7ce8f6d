"""The page registry: what the left-hand navigation offers, in the order of design.md's map.

To add a page: write it in ui/pages/<name>.py with a `create(context)` factory
and append a `PageEntry` here. Groups appear in the order of their first entry;
an entry appears only in the modes it lists.

A page may define:
- `data_changed` (Signal): the installation's name or other shared details changed;
- `refresh()`: called each time the page is shown;
- `flush()`: save edits not yet saved (called before the window closes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtWidgets import QWidget

from app.core.store import Store

SCHOOL = "school"
MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class PageContext:
    """What a page needs to know: the store, the mode, and whose data it shows."""

    store: Store
    mode: str
    school_id: str | None = None
    # On the office's curator desk a school's pages are read: nothing the school owns changes.
    read_only: bool = False


@dataclass(frozen=True)
class PageEntry:
    group: str
    title: str
    factory: Callable[[PageContext], QWidget]
    modes: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.group}/{self.title}"


def _school_card(context: PageContext) -> QWidget:
    from ui.pages.school.school_card import SchoolCardPage

    return SchoolCardPage(context.store, context.school_id, read_only=context.read_only)


def _staff(context: PageContext) -> QWidget:
    from ui.pages.school.staff import StaffPage

    return StaffPage(context.store, context.school_id, read_only=context.read_only)


def _diary(page_class_name: str) -> Callable[[PageContext], QWidget]:
    def create(context: PageContext) -> QWidget:
        from ui.pages.diaries import diaries

        return getattr(diaries, page_class_name)(context.store, context.school_id)

    return create


def _district_needs(context: PageContext) -> QWidget:
    from ui.pages.office.district_needs import DistrictNeedsPage

    return DistrictNeedsPage(context.store)


def _district_report(context: PageContext) -> QWidget:
    from ui.pages.reports.district_report import DistrictReportPage

    return DistrictReportPage(context.store)


def _backups(context: PageContext) -> QWidget:
    from ui.pages.service.backups import BackupsPage

    return BackupsPage(context.store)


def _settings(context: PageContext) -> QWidget:
    from ui.pages.service.settings import SettingsPage

    return SettingsPage(context.store)


def _programme_owner(context: PageContext) -> str | None:
    """Passport and plan keep the school's programme; in municipal mode the office's own (no
    school), or on the curator's desk the opened school's."""
    return context.school_id


def _passport(context: PageContext) -> QWidget:
    from ui.pages.programme.passport import PassportPage

    return PassportPage(context.store, _programme_owner(context), read_only=context.read_only)


def _plan(context: PageContext) -> QWidget:
    from ui.pages.programme.plan import PlanPage

    return PlanPage(context.store, _programme_owner(context), read_only=context.read_only)


def _indicators(context: PageContext) -> QWidget:
    from ui.pages.programme.indicators import IndicatorsPage

    return IndicatorsPage(context.store, context.school_id, context.mode, read_only=context.read_only)


def _district_indicators(context: PageContext) -> QWidget:
    from ui.pages.programme.district_indicators import DistrictIndicatorsPage

    return DistrictIndicatorsPage(context.store)


def _support(context: PageContext) -> QWidget:
    from ui.pages.programme.support import SupportPage

    return SupportPage(context.store, context.school_id, read_only=context.read_only)


def _results(context: PageContext) -> QWidget:
    from ui.pages.programme.results import ResultsPage

    return ResultsPage(context.store, context.school_id, read_only=context.read_only)


def _surveys(context: PageContext) -> QWidget:
    from ui.pages.surveys.surveys import SurveysPage

    return SurveysPage(context.store, context.school_id, read_only=context.read_only)


def _survey_templates(context: PageContext) -> QWidget:
    from ui.pages.surveys.survey_templates import SurveyTemplatesPage

    return SurveyTemplatesPage(context.store)


def _exchange_send(context: PageContext) -> QWidget:
    from ui.pages.exchange.send import SendPage

    return SendPage(context.store)


def _exchange_receive(context: PageContext) -> QWidget:
    from ui.pages.exchange.receive import ReceivePage

    return ReceivePage(context.store, context.school_id)


def _exchange_import(context: PageContext) -> QWidget:
    from ui.pages.exchange.import_packages import ImportPage

    return ImportPage(context.store)


def _registry(context: PageContext) -> QWidget:
    from ui.pages.office.registry import RegistryPage

    return RegistryPage(context.store)


def _exchange_feedback(context: PageContext) -> QWidget:
    from ui.pages.exchange.feedback import FeedbackPage

    return FeedbackPage(context.store)


def _catalogue(context: PageContext) -> QWidget:
    from ui.pages.exchange.catalogue import CataloguePage

    return CataloguePage(context.store)


def _recommendations(context: PageContext) -> QWidget:
    from ui.pages.office.recommendations import RecommendationsPage

    return RecommendationsPage(context.store, context.school_id)


def _since_import(context: PageContext) -> QWidget:
    from ui.pages.office.since_import import SinceImportPage

    return SinceImportPage(context.store, context.school_id)


PAGES: list[PageEntry] = [
    PageEntry("Школы", "Реестр школ", _registry, (MUNICIPALITY,)),
    PageEntry("Школа", "Карточка школы", _school_card, (SCHOOL,)),
    PageEntry("Школа", "Педагоги", _staff, (SCHOOL,)),
    PageEntry("Программа", "Паспорт программы", _passport, (SCHOOL, MUNICIPALITY)),
    PageEntry("Программа", "План мероприятий", _plan, (SCHOOL, MUNICIPALITY)),
    PageEntry("Программа", "Показатели", _indicators, (SCHOOL, MUNICIPALITY)),
    PageEntry("Программа", "Показатели школ района", _district_indicators, (MUNICIPALITY,)),
    PageEntry("Программа", "Результаты оценочных процедур", _results, (SCHOOL,)),
    PageEntry("Программа", "Карта поддержки", _support, (SCHOOL,)),
    PageEntry("Дневники", "Дневник школы", _diary("SchoolDiaryPage"), (SCHOOL,)),
    PageEntry("Дневники", "Дневник педагога", _diary("TeacherDiaryPage"), (SCHOOL,)),
    PageEntry("Дневники", "Дневник директора", _diary("DirectorDiaryPage"), (SCHOOL,)),
    PageEntry("Анкеты", "Анкетирование", _surveys, (SCHOOL,)),
    PageEntry("Анкеты", "Шаблоны анкет", _survey_templates, (SCHOOL, MUNICIPALITY)),
    PageEntry("Обмен", "Отправить в управление", _exchange_send, (SCHOOL,)),
    PageEntry("Обмен", "Получено из управления", _exchange_receive, (SCHOOL,)),
    PageEntry("Обмен", "Принять пакеты", _exchange_import, (MUNICIPALITY,)),
    PageEntry("Обмен", "Обратная связь", _exchange_feedback, (MUNICIPALITY,)),
    PageEntry("Обмен", "Каталог мероприятий", _catalogue, (MUNICIPALITY,)),
    PageEntry("Отчёты", "Отчёт по району", _district_report, (MUNICIPALITY,)),
    PageEntry("Отчёты", "Потребности в поддержке", _district_needs, (MUNICIPALITY,)),
    PageEntry("Сервис", "Резервные копии", _backups, (SCHOOL, MUNICIPALITY)),
    PageEntry("Сервис", "Настройки", _settings, (SCHOOL, MUNICIPALITY)),
]


# A group named otherwise in one mode's navigation (design.md's map): at the office «Программа» is
# the district's own programme, not to be taken for the school's «Программа» of an open school.
GROUP_TITLES: dict[str, dict[str, str]] = {MUNICIPALITY: {"Программа": "Программа района"}}


def pages_for(mode: str) -> list[PageEntry]:
    """The mode's entries under the mode's group names (their keys follow: «Программа района/…»)."""
    titles = GROUP_TITLES.get(mode, {})
    entries = [entry for entry in PAGES if mode in entry.modes]
    return [replace(entry, group=titles.get(entry.group, entry.group)) for entry in entries]


# The curator's desk: a school opened from «Реестр школ» (ui/shell/school_desk.py) shows these, in this
# order, built with PageContext(store, MUNICIPALITY, school_id, read_only=True). The two pages of
# the desk's own are in no mode's navigation.
DESK = "desk"
PAGES += [
    PageEntry("Школа", "Новое с прошлого импорта", _since_import, (DESK,)),
    PageEntry("Школа", "Адресные рекомендации", _recommendations, (DESK,)),
]
SCHOOL_DESK_PAGES = (
    "Школа/Новое с прошлого импорта",
    "Школа/Карточка школы",
    "Школа/Педагоги",
    "Программа/Паспорт программы",
    "Программа/План мероприятий",
    "Программа/Показатели",
    "Программа/Результаты оценочных процедур",
    "Программа/Карта поддержки",
    "Дневники/Дневник школы",
    "Дневники/Дневник педагога",
    "Дневники/Дневник директора",
    "Анкеты/Анкетирование",
    "Школа/Адресные рекомендации",
)


def desk_pages() -> list[PageEntry]:
    by_key = {entry.key: entry for entry in PAGES}
    return [by_key[key] for key in SCHOOL_DESK_PAGES]
