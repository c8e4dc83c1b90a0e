"""Nudges for the coach: the meeting screen feeds tags and clock to a watcher and shows its one line.

A nudge shows only while tagging is live (a turn tagged in the last few minutes of a running clock),
is dismissed with one key, and every nudge is logged with what became of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.meeting.nudge_line import NudgeLine

if TYPE_CHECKING:
    from coachtui.clock import MeetingClock
    from coachtui.model import Evidence, GrowPhase, Meeting, Turn
    from coachtui.nudges import Nudge, NudgeWatcher

# Tagging counts as live while the latest turn is at most this far behind the meeting clock.
LIVE_WINDOW_SECONDS = 180.0


def nudge_binding() -> Binding:
    return Binding("D", "dismiss_nudge", "Dismiss nudge", show=False, id="meeting.dismiss_nudge")


class NudgesCoach(UsesCoachApp):
    """Mixed into the meeting screen, before the Screen base; the screen provides these three."""

    meeting_id: int
    meeting: Meeting
    clock: MeetingClock

    _watcher: NudgeWatcher | None = None
    _shown_log_id: int | None = None
    _last_turn_t: float | None = None

    def start_nudges(self, turns: list[Turn], pack: str) -> None:
        """Build the watcher from the turns tagged so far (nothing when nudges are switched off)."""
        app = self.coach_app
        if not app.settings.nudges:
            return
        from coachtui.nudges import NudgeWatcher

        rules = app.nudge_rules
        if not rules:
            return
        critical = sum(1 for item in self._evidence() if item.critical)
        self._watcher = NudgeWatcher(rules, planned_seconds=self.clock.planned_seconds, pack=pack,
                                     critical_incidents=critical)
        for turn in turns:
            self._watcher.add_turn(turn)
        self._last_turn_t = turns[-1].t if turns else None

    def _evidence(self) -> list[Evidence]:
        try:
            return self.coach_app.store.evidence(self.meeting.cycle_id)
        except StoreError:
            return []

    def tagging_is_live(self, elapsed: float) -> bool:
        return self._last_turn_t is not None and elapsed - self._last_turn_t <= LIVE_WINDOW_SECONDS

    def nudge_on_tick(self, elapsed: float, running: bool, phase: GrowPhase) -> None:
        """Ask the watcher for a nudge while tagging is live; hide the line when it is not."""
        if self._watcher is None:
            return
        line = self.query_one(NudgeLine)  # type: ignore[attr-defined]
        live = running and self.tagging_is_live(elapsed)
        if not live:
            line.question = ""
            return
        fired = self._watcher.tick(elapsed, phase)
        if fired is not None:
            self._show(fired)
        elif self._watcher.active is not None and not line.question:
            self._show_line(self._watcher.active)  # tagging is live again: bring back the waiting nudge

    def _show(self, nudge: Nudge) -> None:
        try:
            self._shown_log_id = self.coach_app.store.log_nudge(self.meeting_id, nudge.rule_id, nudge.phase.value,
                                                                nudge.fired_at)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            self._shown_log_id = None
        self._show_line(nudge)

    def _show_line(self, nudge: Nudge) -> None:
        line = self.query_one(NudgeLine)  # type: ignore[attr-defined]
        line.title = nudge.title
        line.question = nudge.question

    def _settle(self, outcome: str, at: float) -> None:
        if self._shown_log_id is not None:
            try:
                self.coach_app.store.settle_nudge(self._shown_log_id, outcome, at)
            except StoreError as error:
                self.coach_app.report_store_error(error)
        self._shown_log_id = None
        self.query_one(NudgeLine).question = ""  # type: ignore[attr-defined]

    def nudge_on_turn(self, turn: Turn) -> None:
        """A new tag: it may take up the nudge on show, or let it lapse."""
        self._last_turn_t = turn.t
        if self._watcher is None:
            return
        was_active = self._watcher.active
        taken = self._watcher.add_turn(turn)
        if taken is not None:
            self._settle("taken up", turn.t)
        elif was_active is not None and self._watcher.active is None:
            self._settle("expired", turn.t)

    def nudge_history_changed(self, turns: list[Turn]) -> None:
        """After an edit or delete, recount the patterns from the turns as they now stand."""
        self._last_turn_t = turns[-1].t if turns else None
        if self._watcher is not None:
            self._watcher.rebuild(turns)

    def action_dismiss_nudge(self) -> None:
        if self._watcher is None or self._watcher.active is None:
            return
        self._watcher.dismiss()
        self._settle("dismissed", self.clock.elapsed)
