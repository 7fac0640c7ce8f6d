"""What a run of «Принять пакеты» shows for each file: the outcome in words, the changes per
section (app.sync.exchange.FileResult), and «Показать записи…», the records one package would
add, change and remove (app.sync.preview_records.RecordPreview)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.office.feedback_view import instrument_label
from app.sync.exchange import FileResult
from app.sync.preview_records import RecordPreview

STATUS_LABELS = {
    "would_import": "будет принят",
    "imported": "принят",
    "already_imported": "уже был принят",
    "refused": "отклонён",
}
REFUSED_COLOR = QColor("#b00020")
DONE_COLOR = QColor("#1b7f3b")
NOTE_COLOR = QColor("#555555")  # what is neither an error nor a change: a file met before
SHOWN_RECORDS = 500  # per group in «Показать записи…»; the rest are counted


def change_summary(result: FileResult) -> str:
    changes = result.changes
    if changes is None:
        return ""
    added, changed, removed = (sum(d.values()) for d in (changes.added, changes.changed, changes.removed))
    if not (added or changed or removed):
        return "без изменений"
    return f"новых {added}, изменённых {changed}, удалённых {removed}"


def change_details(result: FileResult) -> str:
    """HTML for the details pane: the reason, or the changes per instrument."""
    head = f"<b>{result.file.name}</b><br>Итог: {STATUS_LABELS.get(result.status, result.status)}"
    if result.school_code:
        head += f" · школа {result.school_code}"
    if result.sequence is not None:
        head += f" · пакет № {result.sequence}"
    if result.reason:  # red only for a refusal: «уже импортирован — ничего не изменено» is fine
        colour = REFUSED_COLOR if result.status == "refused" else NOTE_COLOR
        head += f"<p style='color:{colour.name()}'>{result.reason}</p>"
    if result.status == "refused" and result.offered_key:
        head += (
            f"<p>Отпечаток ключа в пакете: <b>{result.offered_key}</b>. Сверьте его по телефону с "
            "отправителем; если совпадает — отметьте «Принять новый ключ отправителя».</p>"
        )
    changes = result.changes
    if changes is None:
        return head
    tables = sorted(set(changes.added) | set(changes.changed) | set(changes.removed), key=instrument_label)
    if not tables:
        return head + "<p>Пакет ничего не меняет.</p>"
    rows = "".join(
        f"<tr><td>{instrument_label(t)}</td><td align=right>{changes.added.get(t, 0)}</td>"
        f"<td align=right>{changes.changed.get(t, 0)}</td>"
        f"<td align=right>{changes.removed.get(t, 0)}</td></tr>"
        for t in tables
    )
    return (
        head + "<table cellspacing=0 cellpadding=3 border=1><tr><th>Раздел</th><th>новых</th>"
        f"<th>изменённых</th><th>удалённых</th></tr>{rows}</table>" + office_records_note(result)
    )


OFFICE_RECORD_LABELS = {
    "support_need_offers": "предложений из каталога",
    "curator_comments": "комментариев куратора",
}


def office_records_note(result: FileResult) -> str:
    """What of the office's own hangs on the records this package removes, said before «Принять»."""
    changes = result.changes
    if changes is None or not (changes.relinked or changes.kept):
        return ""
    future = result.status == "would_import"

    def listed(counts: dict[str, int]) -> str:
        return ", ".join(f"{OFFICE_RECORD_LABELS.get(k, k)}: {v}" for k, v in sorted(counts.items()))

    parts = []
    if changes.relinked:
        verb = "будут перенесены" if future else "перенесены"
        parts.append(f"{verb} на те же записи из пакета — {listed(changes.relinked)}")
    if changes.kept:
        verb = "останутся" if future else "остались"
        parts.append(
            f"{verb} при удалённых записях школы (видны с пометкой «удалено») — {listed(changes.kept)}"
        )
    return (
        "<p><b>Записи управления при удаляемых записях школы</b> (они не удаляются): "
        + "; ".join(parts)
        + ".</p>"
    )


class RecordsDialog(QDialog):
    """The records one package would add, change and remove: section → what → records."""

    def __init__(self, preview: RecordPreview, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Записи пакета {preview.file.name}")
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        who = "школа" if preview.kind == "school_snapshot" else "от"
        head = QLabel(
            f"<b>{preview.file.name}</b> · {who} {preview.sender} · пакет № {preview.sequence}<br>"
            "Это проверка: база не меняется, пока вы не нажмёте «Принять»."
        )
        head.setWordWrap(True)
        layout.addWidget(head)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Раздел / запись"])
        layout.addWidget(self.tree, 1)
        for section in preview.sections:
            top = QTreeWidgetItem(
                [
                    f"{section.label} — добавлено {len(section.added)}, изменено {len(section.changed)}, "
                    f"удалено {len(section.removed)}"
                ]
            )
            top.setData(0, Qt.ItemDataRole.UserRole, section.key)
            self.tree.addTopLevelItem(top)
            for name, labels in (
                ("добавлено", section.added),
                ("изменено", section.changed),
                ("удалено", section.removed),
            ):
                if not labels:
                    continue
                group = QTreeWidgetItem(top, [f"{name} ({len(labels)})"])
                group.setData(0, Qt.ItemDataRole.UserRole, name)
                for label in labels[:SHOWN_RECORDS]:
                    item = QTreeWidgetItem(group, [label])
                    item.setToolTip(0, label)
                if len(labels) > SHOWN_RECORDS:
                    QTreeWidgetItem(group, [f"… и ещё {len(labels) - SHOWN_RECORDS}"])
            top.setExpanded(len(preview.sections) <= 3)
        if not preview.sections:
            self.tree.addTopLevelItem(QTreeWidgetItem(["Пакет ничего не меняет."]))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def labels(self, section_key: str, group: str) -> list[str]:
        """The records shown under a section's «добавлено» / «изменено» / «удалено»."""
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.data(0, Qt.ItemDataRole.UserRole) != section_key:
                continue
            for j in range(top.childCount()):
                child = top.child(j)
                if child.data(0, Qt.ItemDataRole.UserRole) == group:
                    return [child.child(k).text(0) for k in range(child.childCount())]
        return []
