"""The triad's debrief after a role-play round: the feedback view, with the observers' notes beside it."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Static, TextArea

from coachtui.errors import StoreError
from coachtui.screens.feedback import FeedbackScreen


class DebriefScreen(FeedbackScreen):
    """Indicators, level estimate and observations for the round, and notes saved as they are typed."""

    BINDINGS = [
        Binding("k", "compare", "Compare observers", id="debrief.compare"),
        Binding("escape", "leave", "Back", id="debrief.leave"),
    ]

    def __init__(self, meeting_id: int, round_id: int) -> None:
        super().__init__(meeting_id)
        self.round_id = round_id
        self.played = self.coach_app.store.training_round(round_id)

    def on_mount(self) -> None:
        super().on_mount()
        self.title = f"Debrief · round {self.played.number} · group {self.played.group}"
        body = self.query_one("#feedback-body")
        notes = TextArea(self.played.notes, id="debrief-notes", soft_wrap=True)
        notes.border_title = "Observers' notes (stay on this laptop unless the triad shares them)"
        body.mount(Static(f"Coach {self.played.coach} · coachee {self.played.coachee} · observing "
                          f"{', '.join(self.played.observers)}", classes="section-title"), before=0)
        body.mount(notes, after=0)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id != "debrief-notes":
            return
        try:
            self.coach_app.store.save_round_notes(self.round_id, event.text_area.text)
        except StoreError as error:
            self.coach_app.report_store_error(error)
