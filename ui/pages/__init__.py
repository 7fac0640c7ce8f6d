"""The page registry: what the left-hand navigation offers, in the order of design.md's map.

To add a page: write a `Page` subclass (ui/pages/base.py) in ui/pages/<group>/<name>.py and append
a `PageEntry` naming it here. Groups appear in the order of their first entry; an entry appears only
in the modes it lists. A page module is imported when its page is first built, not at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib import import_module

from PySide6.QtWidgets import QWidget

from ui.pages.base import Page, PageContext

SCHOOL = "school"
MUNICIPALITY = "municipality"
BOTH = (SCHOOL, MUNICIPALITY)


@dataclass(frozen=True)
class PageEntry:
    group: str
    title: str
    # The page class as "module:Class", the module relative to ui.pages when it starts with a dot
    # (".school.staff:StaffPage"); imported when the page is first built.
    page: str
    modes: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.group}/{self.title}"

    @property
    def page_class(self) -> type[Page]:
        module, _, name = self.page.partition(":")
        page_class = getattr(import_module(module, __name__), name)
        if not (isinstance(page_class, type) and issubclass(page_class, Page)):
            raise TypeError(f"{self.page} is not a Page")
        return page_class

    def build(self, context: PageContext, parent: QWidget | None = None) -> Page:
        return self.page_class(context, parent)


PAGES: list[PageEntry] = [
    PageEntry("Школы", "Новое во всех школах", ".office.news:NewsPage", (MUNICIPALITY,)),
    PageEntry("Школы", "Реестр школ", ".office.registry:RegistryPage", (MUNICIPALITY,)),
    PageEntry(
        "Анализ",
        "Выявление ШНОР",  # the page's title: «Выявление школ с низкими результатами»
        ".office.identification:IdentificationPage",
        (MUNICIPALITY,),
    ),
    PageEntry("Анализ", "Результаты района", ".office.district_results:DistrictResultsPage", (MUNICIPALITY,)),
    PageEntry("Анализ", "Педагоги района", ".office.district_staff:DistrictStaffPage", (MUNICIPALITY,)),
    PageEntry("Анализ", "Что дошло до практики", ".office.effectiveness:EffectivenessPage", (MUNICIPALITY,)),
    PageEntry("Школа", "Карточка школы", ".school.school_card:SchoolCardPage", (SCHOOL,)),
    PageEntry("Школа", "Педагоги", ".school.staff:StaffPage", (SCHOOL,)),
    PageEntry("Программа", "Паспорт программы", ".programme.passport:PassportPage", BOTH),
    PageEntry("Программа", "План мероприятий", ".programme.plan:PlanPage", BOTH),
    PageEntry("Программа", "Показатели", ".programme.indicators:IndicatorsPage", BOTH),
    PageEntry(
        "Программа",
        "Показатели школ района",
        ".programme.district_indicators:DistrictIndicatorsPage",
        (MUNICIPALITY,),
    ),
    PageEntry(
        "Работа со школами",
        "Адресные рекомендации",
        ".office.district_recommendations:DistrictRecommendationsPage",
        (MUNICIPALITY,),
    ),
    PageEntry("Программа", "Результаты оценочных процедур", ".programme.results:ResultsPage", (SCHOOL,)),
    PageEntry("Программа", "Карта поддержки", ".programme.support:SupportPage", (SCHOOL,)),
    PageEntry("Дневники", "Дневник школы", ".diaries.diaries:SchoolDiaryPage", (SCHOOL,)),
    PageEntry("Дневники", "Дневник педагога", ".diaries.diaries:TeacherDiaryPage", (SCHOOL,)),
    PageEntry("Дневники", "Дневник директора", ".diaries.diaries:DirectorDiaryPage", (SCHOOL,)),
    PageEntry("Анкеты", "Анкетирование", ".surveys.surveys:SurveysPage", (SCHOOL,)),
    PageEntry("Анкеты", "Шаблоны анкет", ".surveys.survey_templates:SurveyTemplatesPage", BOTH),
    PageEntry("Обмен", "Отправить в управление", ".exchange.send:SendPage", (SCHOOL,)),
    PageEntry("Обмен", "Получено из управления", ".exchange.receive:ReceivePage", (SCHOOL,)),
    PageEntry("Обмен", "Принять пакеты", ".exchange.import_packages:ImportPage", (MUNICIPALITY,)),
    PageEntry("Обмен", "Обратная связь", ".exchange.feedback:FeedbackPage", (MUNICIPALITY,)),
    PageEntry("Обмен", "Каталог мероприятий", ".exchange.catalogue:CataloguePage", (MUNICIPALITY,)),
    PageEntry("Отчёты", "Отчёт по району", ".reports.district_report:DistrictReportPage", (MUNICIPALITY,)),
    PageEntry(
        "Отчёты", "Потребности в поддержке", ".office.district_needs:DistrictNeedsPage", (MUNICIPALITY,)
    ),
    PageEntry("Сервис", "Резервные копии", ".service.backups:BackupsPage", BOTH),
    PageEntry("Сервис", "Настройки", ".service.settings:SettingsPage", BOTH),
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
    PageEntry("Школа", "Новое с прошлого импорта", ".office.since_import:SinceImportPage", (DESK,)),
    PageEntry("Школа", "Адресные рекомендации", ".office.recommendations:RecommendationsPage", (DESK,)),
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
