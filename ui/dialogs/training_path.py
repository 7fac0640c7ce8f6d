"""«Путь от обучения к практике»: an event and every use of its methods; a plan activity and all
that serves it. Links lead from one to the other, «Назад» returns.

Only presentation here: what is linked to what comes from app.diaries.training_path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.store import Store
from app.diaries.common import Ref
from app.diaries.director import director_diary
from app.diaries.events import EventRow, school_diary
from app.diaries.teacher import teacher_diary
from app.diaries.training_path import ActivityPath, EventPath, activity_path, event_path
from ui.widgets.common import page_title

WINDOW_SIZE = (1000, 640)
NO_USE = "Методы этого мероприятия пока не применялись — записей в дневниках педагогов и директора нет."
SCHOOL_ACTIVITY = "Пункт плана программы улучшения результатов"
DISTRICT_ACTIVITY = "Пункт плана программы района"
NO_ACTIVITIES = "Мероприятие пока не связано ни с одним пунктом плана программы улучшения результатов."
TEACHER_KEYS = ("entry_date", "staff", "methods", "where_used", "results")
DIRECTOR_KEYS = ("entry_date", "form_of_use", "where_used", "results")
EVENT_KEYS = ("title", "organizer", "dates", "participants", "key_elements")
STYLE = """
<style>
h3 { margin-top: 14px; margin-bottom: 4px; }
td, th { padding: 3px 6px; vertical-align: top; }
th { background: #e8ecf2; text-align: left; }
.none { color: #8a5a00; background: #fff3d6; padding: 6px; }
.muted { color: #666666; }
</style>
"""


def text(value: str) -> str:
    """User text as typed, never markup; line breaks kept."""
    return escape(value).replace("\n", "<br>")


def link(kind: str, ref: Ref) -> str:
    return f'<a href="{kind}:{escape(ref.id)}">{escape(ref.label)}</a>'


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """`rows` hold ready HTML (escaped by the caller); no header row when `headers` is empty."""
    head = "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr>" if headers else ""
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table border="1" cellspacing="0" cellpadding="3" width="100%">{head}{body}</table>'


def fields_table(rows: Sequence[tuple[str, str]]) -> str:
    """Name → value (value as ready HTML), names in bold."""
    return table([], [[f"<b>{escape(name)}</b>", value] for name, value in rows])


def _headers(service, keys: Sequence[str]) -> list[str]:
    names = {c.key: c.header for c in service.columns}
    return [names[k] for k in keys]


def uses_html(teacher_entries: list, director_entries: list) -> str:
    parts = ["<h3>Записи в «Дневнике педагога»</h3>"]
    if teacher_entries:
        rows = [[text(r.cell(k)) for k in TEACHER_KEYS] for r in teacher_entries]
        parts.append(table(_headers(teacher_diary, TEACHER_KEYS), rows))
    else:
        parts.append('<p class="muted">нет</p>')
    parts.append("<h3>Записи в «Дневнике директора»</h3>")
    if director_entries:
        rows = [[text(r.cell(k)) for k in DIRECTOR_KEYS] for r in director_entries]
        parts.append(table(_headers(director_diary, DIRECTOR_KEYS), rows))
    else:
        parts.append('<p class="muted">нет</p>')
    return "".join(parts)


def event_fields_html(event: EventRow) -> str:
    names = _headers(school_diary, EVENT_KEYS)
    rows = [(name, text(event.cell(key))) for name, key in zip(names, EVENT_KEYS, strict=True)]
    if event.comments:
        rows.append((_headers(school_diary, ["comments"])[0], text(event.cell("comments"))))
    return fields_table(rows)


def event_html(path: EventPath) -> str:
    parts = [STYLE, event_fields_html(path.event)]
    parts.append("<h3>Элементы школьной программы улучшения результатов, которым служит мероприятие</h3>")
    if path.activities:
        parts.append("<ul>" + "".join(f"<li>{link('activity', a)}</li>" for a in path.activities) + "</ul>")
    else:
        parts.append(f'<p class="muted">{escape(NO_ACTIVITIES)}</p>')
    if path.event.data.program_elements_note:
        parts.append(f'<p class="muted">{text(path.event.data.program_elements_note)}</p>')
    if not path.used:
        parts.append(f'<p class="none"><b>{escape(NO_USE)}</b></p>')
    else:
        n = len(path.teacher_entries) + len(path.director_entries)
        parts.append(f"<p>Методы мероприятия применялись на практике: записей — {n}.</p>")
        parts.append(uses_html(path.teacher_entries, path.director_entries))
    return "".join(parts)


def activity_html(path: ActivityPath) -> str:
    rows = [
        ("Статус", escape(path.status)),
        ("Ожидаемый результат", text(path.expected_result) or "—"),
        ("Результат (что сделано)", text(path.actual_result) or "—"),
    ]
    parts = [STYLE, fields_table(rows)]
    parts.append("<h3>Мероприятия «Дневника школы», связанные с этим пунктом плана</h3>")
    if path.events:
        items = []
        for event in path.events:
            used = f"записей о применении: {event.uses}" if event.uses else "нет записей о применении"
            ref = Ref(event.id, one_line(event.cell("title")))
            items.append(
                f"<li>{link('event', ref)} — {escape(event.cell('dates'))}; <i>{escape(used)}</i></li>"
            )
        parts.append("<ul>" + "".join(items) + "</ul>")
    else:
        parts.append('<p class="muted">нет</p>')
    parts.append(uses_html(path.teacher_entries, path.director_entries))
    return "".join(parts)


def one_line(value: str) -> str:
    return " ".join(value.split("\n"))


def sources_html(refs: Sequence[Ref]) -> str:
    items = "".join(f"<li>{link('event', r)}</li>" for r in refs)
    return (
        f"{STYLE}<p>Откройте мероприятие, чтобы увидеть весь путь от обучения к практике:</p><ul>{items}</ul>"
    )


class TrainingPathDialog(QDialog):
    """Pages of the path with links between them; each opened page is kept for «Назад»."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Путь от обучения к практике")
        self.resize(*WINDOW_SIZE)
        self.history: list[tuple[str, str]] = []  # (kind, id or "") of the pages shown
        self._sources: list[Ref] = []

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back_button = QPushButton("← Назад")
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.back)
        self.title_label = page_title("")
        self.title_label.setWordWrap(True)
        self.kind_label = QLabel()
        self.kind_label.setStyleSheet("color: palette(mid);")
        top.addWidget(self.back_button)
        top.addWidget(self.kind_label)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.title_label)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps
        self.browser.anchorClicked.connect(self.open_link)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def for_event(cls, store: Store, event_id: str, parent: QWidget | None = None) -> TrainingPathDialog:
        dialog = cls(store, parent)
        dialog.show_event(event_id)
        return dialog

    @classmethod
    def for_activity(
        cls, store: Store, activity_id: str, parent: QWidget | None = None
    ) -> TrainingPathDialog:
        dialog = cls(store, parent)
        dialog.show_activity(activity_id)
        return dialog

    @classmethod
    def for_sources(
        cls, store: Store, refs: Sequence[Ref], parent: QWidget | None = None
    ) -> TrainingPathDialog:
        """From a teacher or director entry: straight to its source event, or a list if there are several."""
        dialog = cls(store, parent)
        if len(refs) == 1:
            dialog.show_event(refs[0].id)
        else:
            dialog._sources = list(refs)
            dialog._go(("sources", ""))
        return dialog

    # --- pages ----------------------------------------------------------

    def show_event(self, event_id: str) -> None:
        self._go(("event", event_id))

    def show_activity(self, activity_id: str) -> None:
        self._go(("activity", activity_id))

    def _go(self, page: tuple[str, str]) -> None:
        if not self.history or self.history[-1] != page:
            self.history.append(page)
        self._render(page)

    def _render(self, page: tuple[str, str]) -> None:
        kind, ref_id = page
        try:
            if kind == "event":
                path = event_path(self.store, ref_id)
                title, what, html = (
                    path.event.data.title,
                    "Мероприятие «Дневника школы»",
                    event_html(path),
                )
            elif kind == "activity":
                found = activity_path(self.store, ref_id)
                title, what, html = (
                    found.activity.label,
                    DISTRICT_ACTIVITY if found.district else SCHOOL_ACTIVITY,
                    activity_html(found),
                )
            else:
                title, what, html = (
                    "Источник записи",
                    "Мероприятия, методы которых применены",
                    sources_html(self._sources),
                )
        except UserError as exc:
            title, what, html = "Запись не найдена", "", f"<p>{escape(exc.message)}</p>"
        self.title_label.setText(title)
        self.kind_label.setText(what)
        self.browser.setHtml(html)
        self.back_button.setEnabled(len(self.history) > 1)

    @property
    def current(self) -> tuple[str, str] | None:
        return self.history[-1] if self.history else None

    def open_link(self, url: QUrl | str) -> None:
        target = url.toString() if isinstance(url, QUrl) else url
        kind, _, ref_id = target.partition(":")
        if kind in ("event", "activity") and ref_id:
            self._go((kind, ref_id))

    def back(self) -> None:
        if len(self.history) > 1:
            self.history.pop()
            self._render(self.history[-1])

    def page_text(self) -> str:
        return self.browser.toPlainText()

    def links(self) -> list[str]:
        """The targets of the links on the page shown ("event:<id>", "activity:<id>")."""
        return re.findall(r'href="([^"]+)"', self.browser.toHtml())
