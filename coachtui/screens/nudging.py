"""Nudges for the coach: one watcher per meeting, fed by whichever screen the tags are entered on.

The meeting screen starts a `MeetingNudges` and hands it to the observer console, as it hands over
its clock, so a tag entered on either screen counts once and the rules fire once. A nudge shows only
while tagging is live (a turn tagged in the last few minutes of a running clock), is dismissed with
one key on either screen, and every nudge is logged with what became of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.binding import Binding

from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.meeting.nudge_line import NudgeLine

if TYPE_CHECKING:
    from coachtui.core.clock import MeetingClock
    from coachtui.core.model import GrowPhase, Turn
    from coachtui.core.nudges import Nudge, NudgeWatcher
    from coachtui.store import Store

# Tagging counts as live while the latest turn is at most this far behind the meeting clock.
LIVE_WINDOW_SECONDS = 180.0


def nudge_binding(scope: str = "meeting") -> Binding:
    return Binding("D", "dismiss_nudge", "Dismiss nudge", show=False, id=f"{scope}.dismiss_nudge")


class MeetingNudges:
    """The meeting's one watcher and its log; screens feed it tags and clock readings and show `on_show`."""

    def __init__(self, watcher: NudgeWatcher, store: Store, meeting_id: int, phase: GrowPhase,
                 report: Callable[[StoreError], None]) -> None:
        self.watcher = watcher
        self.store = store
        self.meeting_id = meeting_id
        self.phase = phase  # the meeting's GROW phase, kept by the meeting screen
        self.report = report
        self.last_turn_t: float | None = None
        self._log_id: int | None = None

    def resume(self, turns: list[Turn]) -> None:
        """Count the turns tagged so far and take back what this meeting's log says was nudged."""
        for turn in turns:
            self.watcher.add_turn(turn)
        self.last_turn_t = turns[-1].t if turns else None
        try:
            log = self.store.nudge_log(self.meeting_id)
        except StoreError as error:
            self.report(error)
            return
        from coachtui.core.model import GrowPhase

        for index, record in enumerate(log):
            # Only the latest can still be on show; an earlier unsettled one counts as lapsed.
            outcome = record.outcome if record.outcome != "shown" or index == len(log) - 1 else "expired"
            since = sum(1 for turn in turns if turn.t > record.fired_at)
            try:
                phase = GrowPhase(record.phase)
            except ValueError:
                phase = self.phase
            self.watcher.recall(record.rule, outcome, record.fired_at, phase, turns_since=since)
            if outcome == "shown" and self.watcher.active is not None:
                self._log_id = record.id

    def tagging_is_live(self, elapsed: float, running: bool) -> bool:
        return running and self.last_turn_t is not None and elapsed - self.last_turn_t <= LIVE_WINDOW_SECONDS

    def tick(self, elapsed: float, running: bool, planned_seconds: float) -> None:
        """Let a rule fire while tagging is live; a nudge that fires is logged at once."""
        self.watcher.planned_seconds = planned_seconds  # the coach may change the meeting's length
        if not self.tagging_is_live(elapsed, running):
            return
        fired = self.watcher.tick(elapsed, self.phase)
        if fired is not None:
            self._log(fired)

    def on_show(self, elapsed: float, running: bool) -> tuple[str, str]:
        """(title, question) of the nudge to show now, with the question for the current phase; blank for none."""
        active = self.watcher.active
        if active is None or not self.tagging_is_live(elapsed, running):
            return "", ""
        return active.title, self.watcher.question_now(self.phase)

    def add_turn(self, turn: Turn) -> None:
        """A new tag: it may take up the nudge on show, or let it lapse."""
        self.last_turn_t = turn.t
        was_active = self.watcher.active
        if self.watcher.add_turn(turn) is not None:
            self._settle("taken up", turn.t)
        elif was_active is not None and self.watcher.active is None:
            self._settle("expired", turn.t)

    def history_changed(self, turns: list[Turn]) -> None:
        """After an edit, a delete or another observer's turns, recount the patterns from the turns shown."""
        self.last_turn_t = turns[-1].t if turns else None
        self.watcher.rebuild(turns)

    def dismiss(self, at: float) -> bool:
        """Dismiss the nudge on show (its rule stays quiet for the rest of the meeting); False when none."""
        if self.watcher.dismiss() is None:
            return False
        self._settle("dismissed", at)
        return True

    def meeting_ended(self, at: float) -> None:
        """A nudge still on show when the meeting ends lapsed untaken; settle it so the log never leaves it open."""
        if self._log_id is not None:
            self._settle("expired", at)

    def _log(self, nudge: Nudge) -> None:
        try:
            self._log_id = self.store.log_nudge(self.meeting_id, nudge.rule_id, nudge.phase.value, nudge.fired_at)
        except StoreError as error:
            self.report(error)
            self._log_id = None

    def _settle(self, outcome: str, at: float) -> None:
        if self._log_id is not None:
            try:
                self.store.settle_nudge(self._log_id, outcome, at)
            except StoreError as error:
                self.report(error)
        self._log_id = None


class NudgesCoach(UsesCoachApp):
    """Mixed into the meeting screen and the observer console, before the Screen base.

    The screen provides `clock`, composes a `NudgeLine` and sets `nudges` (None when switched off).
    """

    clock: MeetingClock
    nudges: MeetingNudges | None = None
    nudge_scope = "meeting"

    def start_nudges(self, meeting_id: int, cycle_id: int, pack: str, phase: GrowPhase, turns: list[Turn]) -> None:
        """The meeting's nudges from the turns tagged so far and its log (none when switched off)."""
        app = self.coach_app
        if not app.settings.nudges or not app.nudge_rules:
            return
        from coachtui.core.nudges import NudgeWatcher

        try:
            critical = sum(1 for item in app.store.evidence(cycle_id) if item.critical)
        except StoreError:
            critical = 0
        watcher = NudgeWatcher(app.nudge_rules, planned_seconds=self.clock.planned_seconds, pack=pack,
                               critical_incidents=critical)
        self.nudges = MeetingNudges(watcher, app.store, meeting_id, phase, app.report_store_error)
        self.nudges.resume(turns)

    def nudge_on_tick(self) -> None:
        """Ask the watcher for a nudge while tagging is live; show it, or hide the line when none."""
        if self.nudges is not None:
            self.nudges.tick(self.clock.elapsed, self.clock.running, self.clock.planned_seconds)
        self.show_nudge()

    def show_nudge(self) -> None:
        line = self.query_one(NudgeLine)  # type: ignore[attr-defined]
        if self.nudges is None:
            line.question = ""
            return
        keys = self.coach_app.active_keys.get(f"{self.nudge_scope}.dismiss_nudge", "D")
        line.dismiss_key = keys.split(",")[0]
        line.title, line.question = self.nudges.on_show(self.clock.elapsed, self.clock.running)

    def nudge_phase_changed(self, phase: GrowPhase) -> None:
        if self.nudges is not None:
            self.nudges.phase = phase
            self.show_nudge()

    def nudge_pack_changed(self, pack: str) -> None:
        if self.nudges is not None:
            self.nudges.watcher.pack = pack
            self.show_nudge()

    def nudge_on_turn(self, turn: Turn) -> None:
        if self.nudges is not None:
            self.nudges.add_turn(turn)
            self.show_nudge()

    def nudge_history_changed(self, turns: list[Turn]) -> None:
        if self.nudges is not None:
            self.nudges.history_changed(turns)
            self.show_nudge()

    def action_dismiss_nudge(self) -> None:
        if self.nudges is not None and self.nudges.dismiss(self.clock.elapsed):
            self.show_nudge()
