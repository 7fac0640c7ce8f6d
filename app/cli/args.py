"""argparse speaking Russian: usage, help and error messages (exit code 2 on misuse)."""

from __future__ import annotations

import argparse
import re
import sys

from app.cli.exit_codes import EXIT_USAGE

# argparse's own messages, matched by pattern, and what the user reads instead.
_TRANSLATIONS = [
    (r"the following arguments are required: (.+)", "не хватает обязательных аргументов: {0}"),
    (r"unrecognized arguments: (.+)", "неизвестные аргументы: {0}"),
    (
        r"argument (.+?): invalid choice: (.+?) \(choose from (.+)\)",
        "аргумент {0}: недопустимое значение {1} (допустимы: {2})",
    ),
    (r"argument (.+?): expected one argument", "аргумент {0}: после него нужно значение"),
    (r"argument (.+?): invalid (\w+) value: (.+)", "аргумент {0}: {2} — не число"),
    (r"argument (.+?): not allowed with argument (.+)", "аргумент {0} нельзя указывать вместе с {1}"),
    (r"argument (.+?): ignored explicit argument (.+)", "аргумент {0}: лишнее значение {1}"),
    (r"ambiguous option: (.+?) could match (.+)", "неоднозначный параметр {0}: подходит {1}"),
]


def translate(message: str) -> str:
    for pattern, russian in _TRANSLATIONS:
        match = re.fullmatch(pattern, message)
        if match:
            return russian.format(*match.groups())
    return message


class RussianHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "Использование: " if prefix is None else prefix)

    def start_section(self, heading):
        headings = {
            "positional arguments": "команды и аргументы",
            "options": "параметры",
            "optional arguments": "параметры",
        }
        return super().start_section(headings.get(heading, heading))


class RussianArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", RussianHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="показать эту справку и выйти")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE,
            f"Ошибка в командной строке: {translate(message)}.\nСправка: {self.prog} --help\n",
        )
