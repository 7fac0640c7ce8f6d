"""The teacher's and the director's forms: an entry of practice, its «Источник» and plan activities."""

from __future__ import annotations

from app.diaries.common import Ref
from app.diaries.practice import event_activity_ids, event_choices
from app.programme.plan import activity_choices
from ui.dialogs.diary_entry import DiaryEntryDialog
from ui.widgets.pickers import CheckList

SOURCE_HINT = "Мероприятия «Дневника школы», методы которых здесь применяются"


class PracticeEntryDialog(DiaryEntryDialog):
    """Adds the two link lists on the right and the path of the checked source events."""

    def build_links(self) -> None:
        self.sources = CheckList("В «Дневнике школы» пока нет мероприятий.")
        self.sources.setToolTip(SOURCE_HINT)
        self.activities = CheckList("В плане мероприятий программы пока нет пунктов.")
        self.add_checklist(self.headers["sources"], "event_ids", self.sources)
        self.add_checklist(self.headers["activities"], "activity_ids", self.activities)
        self.sources.changed.connect(lambda: self.path_button.setEnabled(bool(self.sources.checked_ids())))
        self.sources.toggled.connect(self._source_toggled)

    def _source_toggled(self, event_id: str, checked: bool) -> None:
        """A source event just ticked brings the plan activities it is linked to (they can be
        unticked); unticking it takes nothing away, as the person may have meant them anyway."""
        if checked and not self.read_only:
            self.activities.set_checked(event_activity_ids(self.store, [event_id]))

    def fill_links(self, event_ids: list[str], activity_ids: list[str]) -> None:
        self.sources.set_items(event_choices(self.store, self.school_id), event_ids)
        self.activities.set_items(activity_choices(self.store, self.school_id), activity_ids)
        # Links to events in «Корзина» or to old plan items are kept as they were.
        self._kept_events = [i for i in event_ids if i not in self.sources.ids()]
        self._kept_activities = [i for i in activity_ids if i not in self.activities.ids()]
        self.path_button.setEnabled(bool(self.sources.checked_ids()))

    def event_ids(self) -> list[str]:
        return self.sources.checked_ids() + self._kept_events

    def activity_ids(self) -> list[str]:
        return self.activities.checked_ids() + self._kept_activities

    def has_path(self) -> bool:
        return True

    def show_path(self) -> None:
        from ui.dialogs.training_path import TrainingPathDialog

        refs = [
            Ref(i, label)
            for i, label in zip(self.sources.checked_ids(), self.sources.checked_labels(), strict=True)
        ]
        if refs:
            TrainingPathDialog.for_sources(self.store, refs, parent=self).exec()
