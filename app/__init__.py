"""«Дневник школы»: what the program does, without widgets."""

__version__ = "0.1.0"
APP_NAME = "Дневник школы"
