"""Import from Excel: blank templates to fill (xlsx_template) and reading them back (xlsx_import).

Reading never saves: it returns a preview of what would be added and changed, with every bad
row named; `apply_import` then saves the whole preview in one transaction.
"""

RESULT_HEADERS = ("Год", "Процедура", "Предмет", "Класс", "Уровень", "Показатель", "Значение")
INDICATOR_HEADERS = ("Критерий", "Показатель", "Единица", "Учебный год", "План", "Факт")
RESULTS_SHEET = "Результаты"
INDICATORS_SHEET = "Показатели"
