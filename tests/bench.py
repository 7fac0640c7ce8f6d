"""Benchmarks: `make bench` prints one JSON object a line (bench, value, unit[, baseline, ratio]).

Figures are printed, never asserted: timings flake on shared machines.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
SHOWN_MARKER = "window-shown"
QUIT_ENV = "DNEVNIK_QUIT_WHEN_SHOWN"

# A bare PySide6 window started the same way: the floor any Qt program pays.
BARE_WINDOW = f"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 720)
window.show()
QTimer.singleShot(0, lambda: (print("{SHOWN_MARKER}", flush=True), app.quit()))
app.exec()
"""


def seconds_to_shown(command: list[str], env: dict[str, str]) -> float:
    """Wall time from starting the process to the window reporting itself shown."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    elapsed = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if SHOWN_MARKER in line:
            elapsed = time.perf_counter() - start
            break
    proc.wait(timeout=120)
    if elapsed is None:
        raise RuntimeError(f"{command!r} ended without showing a window (exit {proc.returncode})")
    return elapsed


def peak_memory_mib() -> float:
    """This process's peak resident memory in MiB. Linux keeps ru_maxrss across fork and exec, so a
    child started by a big benchmark process reported the parent's peak as its own; VmHWM is the
    child's alone. Elsewhere ru_maxrss (KiB on Linux, bytes on macOS — POSIX only, like `make bench`)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def emit(bench: str, value: float, unit: str, baseline: float | None = None) -> None:
    row: dict = {"bench": bench, "value": round(value, 4), "unit": unit}
    if baseline is not None:
        row["baseline"] = round(baseline, 4)
        row["ratio"] = round(value / baseline, 3)
    print(json.dumps(row, ensure_ascii=False), flush=True)


def bench_startup(tmp: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env[QUIT_ENV] = "1"
    data = tmp / "demo"
    subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data), "demo"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    app_cmd = [sys.executable, "-m", "app", "--data-dir", str(data)]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    app_times, bare_times = [], []
    for _ in range(RUNS):  # interleaved, so drift in machine load hits both alike
        bare_times.append(seconds_to_shown(bare_cmd, env))
        app_times.append(seconds_to_shown(app_cmd, env))
    bare = statistics.median(bare_times)
    emit("startup_bare_pyside6_window", bare, "s")
    emit("startup_main_window_demo", statistics.median(app_times), "s", baseline=bare)


REPORT_ENTRIES = 5_000


def fill_teacher_diary(store, school_id: str, entries: int) -> None:
    """`entries` teacher diary entries of ordinary length, inserted in bulk (not through the form)."""
    from datetime import date, timedelta

    from sqlalchemy import insert

    from db.base import new_id
    from db.models import Staff, TeacherDiaryEntry

    teachers = [new_id() for _ in range(25)]
    first = date(2020, 9, 1)
    comment = "Группы по 3–4 человека, роли меняются каждую неделю."
    with store.session() as s:
        s.execute(
            insert(Staff),
            [
                {"id": t, "school_id": school_id, "full_name": f"Педагогова Анна Ивановна {n}"}
                for n, t in enumerate(teachers)
            ],
        )
        s.execute(
            insert(TeacherDiaryEntry),
            [
                {
                    "id": new_id(),
                    "school_id": school_id,
                    "staff_id": teachers[n % len(teachers)],
                    "entry_date": first + timedelta(days=n % 700),
                    "methods": f"Групповая работа, диалог и дискуссия (приём № {n % 40})",
                    "where_used": f"{5 + n % 7} класс, русский язык",
                    "results": "Ученики чаще отвечают развёрнуто; средняя отметка за контрольную "
                    "выросла с 3,2 до 3,6. " * (1 + n % 3),
                    "teacher_comment": comment if n % 2 else "",
                }
                for n in range(entries)
            ],
        )


def _canvas_rows(c, report, widths: list[float], top: float) -> None:
    """The rows of one table drawn with the canvas alone: each cell wrapped to its column and
    drawn line by line, a heading row across the table, a new page (header again) when full."""
    from reportlab.lib.utils import simpleSplit

    from app.reports import clean_text
    from app.reports.table_pdf import FONT, FONT_BOLD, LEADING, MARGIN_BOTTOM, MARGIN_X, PAD, SIZE

    def draw(cells: list[list[str]], font: str, y: float, spans: list[float]) -> float:
        x = MARGIN_X
        for lines, width in zip(cells, spans, strict=True):
            text = c.beginText(x + PAD, y - PAD - SIZE)
            text.setFont(font, SIZE, LEADING)
            text.textLines(lines)
            c.drawText(text)
            x += width
        return y - max(len(lines) for lines in cells) * LEADING - 2 * PAD

    def split(texts: list[str], font: str, spans: list[float]) -> list[list[str]]:
        return [simpleSplit(t, font, SIZE, w - 2 * PAD) or [""] for t, w in zip(texts, spans, strict=True)]

    header = split([col.header for col in report.columns], FONT_BOLD, widths)
    y = draw(header, FONT_BOLD, top, widths)
    for index, values in enumerate(report.rows):
        if index in report.group_rows:
            cells, font, spans = (
                split([clean_text(values[0])], FONT_BOLD, [sum(widths)]),
                FONT_BOLD,
                [sum(widths)],
            )
        else:
            cells, font, spans = split([clean_text(v) for v in values], FONT, widths), FONT, widths
        if y - max(map(len, cells)) * LEADING - 2 * PAD < MARGIN_BOTTOM:
            c.showPage()
            y = draw(header, FONT_BOLD, top, widths)
        y = draw(cells, font, y, spans)


def canvas_floor_seconds(report, out: Path) -> float:
    """The least work printing the same rows: reportlab's canvas alone (no tables, paragraphs,
    page templates or footers), landscape A4 in the program's fonts; a Document's text lines as
    lines, its tables as _canvas_rows draws them."""
    from reportlab.pdfgen import canvas

    from app.reports import Document, TableReport
    from app.reports.table_pdf import FONT, LEADING, MARGIN_TOP, MARGIN_X, PAGE, column_widths, register_fonts

    register_fonts()
    start = time.perf_counter()
    c = canvas.Canvas(str(out), pagesize=PAGE)
    top = PAGE[1] - MARGIN_TOP
    parts = report.parts if isinstance(report, Document) else [report]
    for part in parts:
        if isinstance(part, TableReport):
            _canvas_rows(c, part, column_widths(part, PAGE[0] - 2 * MARGIN_X), top)
        else:
            text = c.beginText(MARGIN_X, top)
            text.setFont(FONT, 9, LEADING)
            text.textLines(list(part.lines))
            c.drawText(text)
        c.showPage()
    c.save()
    return time.perf_counter() - start


def timed_report(store, key: str, options, out: Path) -> tuple[float, float]:
    """Seconds the program takes to print report `key` as PDF, and its floor: the same report
    built the same way (its rows read from the database), then written by canvas_floor_seconds."""
    import app.reports.document_pdf as document_pdf
    from app.reports.catalog import writer
    from app.reports.table_pdf import register_fonts

    register_fonts()  # once per process, for both alike
    start = time.perf_counter()
    writer(store, key, options)("pdf", out)
    seconds = time.perf_counter() - start
    caught: list = []
    real = document_pdf.write_document_pdf
    document_pdf.write_document_pdf = lambda report, path: caught.append(report) or Path(path)
    try:
        start = time.perf_counter()
        writer(store, key, options)("pdf", out.with_suffix(".floor.pdf"))
        built = time.perf_counter() - start
    finally:
        document_pdf.write_document_pdf = real
    return seconds, built + canvas_floor_seconds(caught[0], out.with_suffix(".floor.pdf"))


def bench_reports(tmp: Path) -> None:
    """Seconds to write a 5 000-entry «Дневник педагога» as PDF (beside the same rows written with
    reportlab's canvas alone, same run) and as XLSX."""
    from app.core.store import Store
    from app.reports.catalog import ReportOptions, writer
    from app.school.installation import init_school

    store = Store.open(tmp / "reports")
    try:
        school = init_school(store, "1", "МКОУ Бенчмарк")
        fill_teacher_diary(store, school.id, REPORT_ENTRIES)
        options = ReportOptions(school_id=school.id)
        seconds, floor = timed_report(store, "teacher-diary", options, tmp / "teacher-diary.pdf")
        emit(f"report_teacher_diary_{REPORT_ENTRIES}_pdf", seconds, "s", baseline=floor)
        start = time.perf_counter()
        writer(store, "teacher-diary", options)("xlsx", tmp / "teacher-diary.xlsx")
        emit(f"report_teacher_diary_{REPORT_ENTRIES}_xlsx", time.perf_counter() - start, "s")
    finally:
        store.close()


LONG_ENTRY_CHARS = (50_000, 200_000)


def bench_long_entry(tmp: Path) -> None:
    """Seconds to print one «Дневник педагога» entry of 50 000 and of 200 000 characters as PDF;
    the second's baseline is the first's time scaled by the length: a ratio near 1 or under is linear."""
    from sqlalchemy import update

    from app.core.store import Store
    from app.reports.catalog import ReportOptions, writer
    from app.school.installation import init_school
    from db.models import TeacherDiaryEntry

    sentence = "Ученики работали в группах, обсуждали решения и записывали выводы в тетради. "
    store = Store.open(tmp / "long-entry")
    try:
        school = init_school(store, "1", "МКОУ Бенчмарк")
        fill_teacher_diary(store, school.id, 1)
        seconds: list[float] = []
        for chars in LONG_ENTRY_CHARS:
            text = (sentence * (chars // len(sentence) + 1))[:chars]
            with store.session() as s:
                s.execute(update(TeacherDiaryEntry).values(results=text))
            start = time.perf_counter()
            writer(store, "teacher-diary", ReportOptions(school_id=school.id))(
                "pdf", tmp / f"long-{chars}.pdf"
            )
            seconds.append(time.perf_counter() - start)
            baseline = seconds[0] * chars / LONG_ENTRY_CHARS[0] if len(seconds) > 1 else None
            emit(f"report_diary_entry_{chars}_chars_pdf", seconds[-1], "s", baseline=baseline)
    finally:
        store.close()


PLAN_ACTIVITIES = 500


def fill_plan(store, school_id: str | None, activities: int, sections: int = 10) -> str:
    """A current programme whose plan has `activities` activities of ordinary length, in bulk.

    Returns the programme's id; `school_id` None makes it the office's district programme.
    """
    from datetime import date, timedelta

    from sqlalchemy import insert

    from db.base import new_id
    from db.models import PlanActivity, PlanSection, Programme

    programme_id = new_id()
    section_ids = [new_id() for _ in range(sections)]
    statuses = ("planned", "in_progress", "done", "done", "cancelled")
    with store.session() as s:
        s.execute(
            insert(Programme),
            [
                {
                    "id": programme_id,
                    "school_id": school_id,
                    "title": "Программа перехода школы в эффективный режим работы",
                    "year_from": 2020,
                    "year_to": 2024,
                    "goal": "Повышение качества образования за счёт роста профессиональных компетенций.",
                    "tasks": [f"Задача № {n}: повысить качество преподавания" for n in range(1, 6)],
                    "is_current": True,
                }
            ],
        )
        s.execute(
            insert(PlanSection),
            [
                {
                    "id": section_ids[n],
                    "school_id": school_id,
                    "program_id": programme_id,
                    "number": str(n + 1),
                    "position": n,
                    "title": f"Раздел плана № {n + 1}: кадровое и методическое обеспечение",
                }
                for n in range(sections)
            ],
        )
        per_section = -(-activities // sections)
        s.execute(
            insert(PlanActivity),
            [
                {
                    "id": new_id(),
                    "school_id": school_id,
                    "program_id": programme_id,
                    "section_id": section_ids[n // per_section],
                    "number": f"{n // per_section + 1}.{n % per_section + 1}",
                    "position": n % per_section,
                    "title": f"Семинар-практикум для педагогов «Формирование учебной мотивации» (№ {n})",
                    "deadline_text": "в течение года" if n % 3 else "сентябрь, январь",
                    "due_date": date(2021, 9, 1) + timedelta(days=n % 365) if n % 2 else None,
                    "responsible": "Заместитель директора по УВР, руководители ШМО",
                    "expected_result": "Педагоги применяют групповую работу, диалог и дискуссию на уроках; "
                    * (1 + n % 3),
                    "control_form": "Аналитическая справка",
                    "status": statuses[n % len(statuses)],
                    "actual_result": "Проведено, протокол № 3."
                    if statuses[n % len(statuses)] == "done"
                    else "",
                    "done_on": date(2021, 9, 1) + timedelta(days=n % 300)
                    if statuses[n % len(statuses)] == "done"
                    else None,
                }
                for n in range(activities)
            ],
        )
    return programme_id


def bench_plan_reports(tmp: Path) -> None:
    """Seconds to write «Программа и план мероприятий» of a 500-activity plan as PDF (beside the
    canvas floor, as the diary) and as XLSX."""
    from app.core.store import Store
    from app.reports.catalog import writer
    from app.school.installation import init_school

    store = Store.open(tmp / "plan-reports")
    try:
        school = init_school(store, "3", "МКОУ Большой план")
        fill_plan(store, school.id, PLAN_ACTIVITIES)
        seconds, floor = timed_report(store, "plan", None, tmp / "plan.pdf")
        emit(f"report_plan_{PLAN_ACTIVITIES}_pdf", seconds, "s", baseline=floor)
        start = time.perf_counter()
        writer(store, "plan")("xlsx", tmp / "plan.xlsx")
        emit(f"report_plan_{PLAN_ACTIVITIES}_xlsx", time.perf_counter() - start, "s")
    finally:
        store.close()


PAGE_ENTRIES = 100_000


def bench_diary_page(tmp: Path) -> None:
    """«Дневник педагога» on 100 000 entries: seconds to the first rows shown, and peak memory."""
    from app.core.store import Store
    from app.school.installation import init_school

    data = tmp / "big-diary"
    store = Store.open(data)
    try:
        school = init_school(store, "2", "МКОУ Большой дневник")
        fill_teacher_diary(store, school.id, PAGE_ENTRIES)
    finally:
        store.close()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench_diary_page", str(data)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    emit(f"teacher_diary_page_{PAGE_ENTRIES}_first_rows", figures["seconds"], "s")
    emit(
        f"teacher_diary_page_{PAGE_ENTRIES}_peak_memory",
        figures["peak_mb"],
        "MiB",
        baseline=figures["before_mb"],
    )


def bench_exchange(tmp: Path) -> None:
    """Exchange packages: export and import of 10 000 records, the region at 100 and 300 schools
    and on PostgreSQL (bench_sync)."""
    from tests.bench_sync import bench_exchange as run_exchange_benchmarks

    run_exchange_benchmarks(tmp)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dnevnik-bench-") as tmp:
        bench_startup(Path(tmp))
        bench_reports(Path(tmp))
        bench_long_entry(Path(tmp))
        bench_plan_reports(Path(tmp))
        bench_diary_page(Path(tmp))
        bench_exchange(Path(tmp))
        from tests.bench_build import bench_built_program

        bench_built_program(Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
