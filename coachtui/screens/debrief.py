"""The triad's debrief after a role-play round: the feedback view, the observers' notes, and a
clock for the debrief's minutes."""

from __future__ import annotations

from textual.widgets import Static, TextArea

from coachtui.core.model import format_clock
from coachtui.errors import StoreError
from coachtui.screens.feedback import FeedbackScreen
from coachtui.screens.round_files import MovesRoundFiles
from coachtui.widgets.keys import keyed


class DebriefScreen(MovesRoundFiles, FeedbackScreen):
    """Indicators, level estimate and observations for the round, and notes saved as they are typed."""

    BINDINGS = [
        keyed("debrief.compare", "compare", "Compare observers"),
        keyed("debrief.export", "export", "Export round"),
        keyed("debrief.leave", "leave", "Back"),
    ]

    def __init__(self, meeting_id: int, round_id: int) -> None:
        super().__init__(meeting_id)
        self.round_id = round_id
        self.debrief_seconds = 0.0
        self.opened_at = self.coach_app.ticker()
        self._time_up_told = False

    def load(self) -> bool:
        if not super().load():
            return False
        try:
            self.played = self.coach_app.store.training.round(self.round_id)
            session = self.coach_app.store.training.session(self.played.session_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return False
        self.debrief_seconds = 60.0 * session.debrief_minutes
        return True

    def screen_title(self) -> str:
        return f"Debrief · round {self.played.number} · group {self.played.group}"

    def loaded(self) -> None:
        body = self.query_one("#feedback-body")
        notes = TextArea(self.played.notes, id="debrief-notes", soft_wrap=True)
        notes.border_title = "Observers' notes (stay on this laptop unless the triad shares them)"
        body.mount(Static(f"Coach {self.played.coach} · coachee {self.played.coachee} · observing "
                          f"{', '.join(self.played.observers)}", classes="section-title"), before=0)
        body.mount(notes, after=0)
        if self.played.source == "here" and self.debrief_seconds:
            self.mount(Static(id="debrief-clock"), after=self.query_one("Header"))
            self.tick()
            self.set_interval(1, self.tick)

    def tick(self) -> None:
        """Show the time left for the debrief; once it is up, one quiet notice, and the clock counts on.
        A timer calls it every second; tests call it after moving time."""
        used = self.coach_app.ticker() - self.opened_at
        left = self.debrief_seconds - used
        text = (f"Debrief · {format_clock(left)} left of {format_clock(self.debrief_seconds)}" if left >= 0
                else f"Debrief · {format_clock(-left)} over the {format_clock(self.debrief_seconds)} planned")
        self.query_one("#debrief-clock", Static).update(text)
        if left < 0 and not self._time_up_told:
            self._time_up_told = True
            self.notify("The debrief's time is up. Start the next round when the triad is ready.",
                        title="Debrief clock", timeout=8)

    def action_export(self) -> None:
        self.export_round(self.round_id)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id != "debrief-notes":
            return
        try:
            self.coach_app.store.training.save_round_notes(self.round_id, event.text_area.text)
        except StoreError as error:
            self.coach_app.report_store_error(error)
