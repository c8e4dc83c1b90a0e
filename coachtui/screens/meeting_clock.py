"""What the meeting screen and the observer console share about the meeting clock."""

from __future__ import annotations

from coachtui.core.clock import MeetingClock
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp

CHECKPOINT_SECONDS = 5.0


class KeepsMeetingClock(UsesCoachApp):
    """Saves the clock every few seconds while it runs and on leaving; starts it with the first tag.

    Put it first among the screen's bases; the screen sets `meeting_id` and `clock`.
    """

    meeting_id: int
    clock: MeetingClock
    _since_checkpoint: float = 0.0

    def checkpoint(self) -> None:
        self._since_checkpoint = self.clock.elapsed
        try:
            self.coach_app.store.save_meeting_clock(self.meeting_id, self.clock.elapsed)
        except StoreError as error:
            self.coach_app.report_store_error(error)

    def checkpoint_if_due(self) -> None:
        if self.clock.running and self.clock.elapsed - self._since_checkpoint >= CHECKPOINT_SECONDS:
            self.checkpoint()

    def on_unmount(self) -> None:
        # Leaving or quitting (Ctrl+Q) still records where the clock stood.
        self.checkpoint()

    def tagging_offset(self) -> float:
        """The meeting clock's reading for a new turn; talk has begun, so the clock runs."""
        if not self.clock.running:
            self.clock.start()
            self.checkpoint()
            self.notify("The meeting clock started with the first tag.", timeout=3)  # type: ignore[attr-defined]
        return self.clock.elapsed
