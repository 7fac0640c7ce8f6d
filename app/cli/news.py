"""`news --since ДАТА [--json]`: «Новое во всех школах» without the window — what every school's
packages brought since the day, plan activities done or overdue, support needs raised or met,
curator comments not yet sent, silent schools (app.office.news)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from app.cli.exit_codes import EXIT_OK
from app.core.dates import format_day, read_day
from app.core.errors import UserError
from app.core.store import Store

if TYPE_CHECKING:
    from app.office.news import News

NAME = "news"
HELP = "новое во всех школах с указанной даты (для управления)"
DESCRIPTION = (
    "Что нового во всех школах с указанной даты: записи дневников из принятых пакетов, выполненные и "
    "просроченные мероприятия плана, потребности в поддержке, неотправленные комментарии куратора, "
    "молчащие школы — по школам."
)
NEEDS_DATABASE = True
OPENS_STORE = True
WRITES = False


def add_arguments(parser) -> None:
    parser.add_argument("--since", required=True, metavar="ДАТА", help="с какого дня, дд.мм.гггг")
    parser.add_argument("--json", action="store_true", help="вывести в формате JSON")


def check(parser, args) -> None:
    try:
        args.since_day = read_day(args.since)
    except ValueError as exc:
        parser.error(f"--since: {exc}")
    if args.since_day is None:
        parser.error("--since: укажите дату в виде дд.мм.гггг (например, 01.10.2024)")


def run(args, store: Store) -> int:
    # Imported here: the window starts without building every command (the registry reads the keys).
    from app.office.news import day_start, news

    installation = store.installation()
    if installation is None or installation.mode != "municipality":
        raise UserError("Команда news — для базы управления образования: в этой базе нет реестра школ.")
    found = news(store, day_start(args.since_day))
    if args.json:
        print(json.dumps(as_json(found), ensure_ascii=False, indent=2))
    else:
        print_news(found)
    return EXIT_OK


def as_json(found: News) -> dict:
    return {
        "since": found.since.isoformat(),
        "today": found.today.isoformat(),
        "schools": [
            {
                "id": school.school_id,
                "code": school.code,
                "name": school.name,
                "lines": [
                    {
                        "section": line.section,
                        "what": line.what,
                        "title": line.title,
                        "when": line.when.isoformat() if line.when is not None else None,
                        "record": line.instrument and {"kind": line.instrument, "id": line.record_id},
                    }
                    for line in school.lines
                ],
            }
            for school in found.schools
        ],
    }


def print_news(found: News) -> None:
    from app.office.news import SECTION_TITLES

    if not found.schools:
        print(f"С {format_day(found.since)} нового нет ни в одной школе.")
        return
    print(f"Новое с {format_day(found.since)}: школ — {len(found.schools)}, строк — {len(found.lines)}.")
    for school in found.schools:
        print(f"\n{school.name} (код {school.code})")
        section = None
        for line in school.lines:
            if line.section != section:
                section = line.section
                print(f"  {SECTION_TITLES[section]}:")
            when = f" [{format_day(line.when)}]" if line.when is not None else ""
            print(f"    {line.what}: {line.title}{when}")
