"""One open meeting, as the screens that show it share it: its clock, who is tagging with their turns and the
running analysis of them, and the nudges that analysis feeds.

Textual-free. The meeting screen makes a session and hands it to the observer console, so both show the same
clock, a tag entered on either counts once, and the indicators and the nudges read the same analysis. Store
calls raise `StoreError`; the screen says what went wrong and carries on.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachtui.core.analysis import TalkAnalysis
from coachtui.core.clock import MeetingClock
from coachtui.core.model import GrowPhase, Meeting, Turn
from coachtui.core.tagging import StickyTags
from coachtui.errors import StoreError
from coachtui.services.meeting_notes import MeetingNotes

if TYPE_CHECKING:
    from coachtui.core.nudges import Nudge, NudgeWatcher, Rule
    from coachtui.store import Store

# The clock is saved (and this process seen with the meeting open) this often, and whenever it starts,
# stops or a screen leaves.
CHECKPOINT_SECONDS = 5.0
# A process on another machine not seen for this long has gone (one on this machine has gone when its pid
# has): a clock it left running is not running any more, and a reopened meeting waits at its last checkpoint.
GONE_AFTER_SECONDS = 3 * CHECKPOINT_SECONDS
# Tagging counts as live while the latest turn is at most this far behind the meeting clock.
LIVE_WINDOW_SECONDS = 180.0
DEFAULT_OBSERVER = "observer"


class MeetingGone(StoreError):
    """The meeting is no longer in the database: its partnership was erased in another process."""


@dataclass
class Followed:
    """What another process changed since this one last looked."""

    turns: bool = False
    added: list[Turn] = field(default_factory=list)  # when only new turns came, in order: these
    observer: bool = False  # the tags shown are now another observer's (the one tagging live)
    clock: bool = False
    phase: bool = False
    pack: bool = False
    ended: bool = False
    notes: set[GrowPhase] = field(default_factory=set)  # the phases whose notes another process saved


def _this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _still_there(process: str, seen_ago: float) -> bool:
    """Whether a process that said it has the meeting open still has it: on this machine, while it runs (it
    says when it leaves; a killed one cannot); elsewhere, while it keeps being seen."""
    host, _, rest = process.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return seen_ago <= GONE_AFTER_SECONDS
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: there, but not ours to signal
    try:  # killed but not yet reaped by its parent (a zombie) is gone too, where Linux says so
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True


@dataclass(frozen=True)
class Tagged:
    """What one function key did: the saved turn, the turn it ended (in start-stamp mode) and whether the
    tag started the meeting clock."""

    saved: Turn
    ended: Turn | None
    started_clock: bool


class MeetingNudges:
    """The meeting's one watcher and its log; the session feeds it tags and clock readings."""

    def __init__(self, watcher: NudgeWatcher, store: Store, meeting_id: int, phase: GrowPhase,
                 report: Callable[[StoreError], None]) -> None:
        self.watcher = watcher
        self.store = store
        self.meeting_id = meeting_id
        self.phase = phase  # the meeting's GROW phase, kept by the meeting screen
        self.report = report
        self.last_turn_t: float | None = None
        self._log_id: int | None = None

    def resume(self, turns: Sequence[Turn]) -> None:
        """Take back what this meeting's log says was nudged (the watcher reads the turns already counted)."""
        self.last_turn_t = turns[-1].t if turns else None
        try:
            log = self.store.turns.nudge_log(self.meeting_id)
        except StoreError as error:
            self.report(error)
            return
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
        """A new tag (already counted in the analysis): it may take up the nudge on show, or let it lapse."""
        self.last_turn_t = turn.t
        was_active = self.watcher.active
        if self.watcher.add_turn(turn) is not None:
            self._settle("taken up", turn.t)
        elif was_active is not None and self.watcher.active is None:
            self._settle("expired", turn.t)

    def history_changed(self, turns: Sequence[Turn], analysis: TalkAnalysis) -> None:
        """After an edit, a delete or another observer's turns, read the recounted analysis."""
        self.last_turn_t = turns[-1].t if turns else None
        self.watcher.rebuild(analysis)

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
            self._log_id = self.store.turns.log_nudge(self.meeting_id, nudge.rule_id, nudge.phase.value, nudge.fired_at)
        except StoreError as error:
            self.report(error)
            self._log_id = None

    def _settle(self, outcome: str, at: float) -> None:
        if self._log_id is not None:
            try:
                self.store.turns.settle_nudge(self._log_id, outcome, at)
            except StoreError as error:
                self.report(error)
        self._log_id = None


class MeetingSession:
    """One open meeting: clock, tagging state and nudges, for the meeting screen and the observer console."""

    def __init__(self, store: Store, meeting_id: int, ticker: Callable[[], float], *,
                 sticky_memory: dict[tuple[int, str], StickyTags] | None = None, stamp: str = "end",
                 report: Callable[[StoreError], None] = lambda error: None) -> None:
        self.store = store
        self.meeting_id = meeting_id
        self.ticker = ticker
        self.process = _this_process()
        self.meeting: Meeting = store.meetings.get(meeting_id)
        cycle = store.cycles.get(self.meeting.cycle_id)
        self.partnership_id = cycle.partnership_id
        self.pair = store.partnerships.get(cycle.partnership_id).pair
        self.cycle_focus = cycle.focus
        self.clock = MeetingClock(self.meeting.planned_minutes, 0.0, ticker)
        banked, since = self.meeting.clock_elapsed, self.meeting.clock_running_since
        if since is not None and self._others_here():
            # Another process has the meeting open with its clock running: this one shows the same time.
            self.clock.set_state(banked, since)
        else:
            if since is not None:
                # Left running by a process that has gone: it ran until that process was last seen.
                last_seen = max((seen for _, _, seen in store.meetings.presence(meeting_id)), default=since)
                banked += max(0.0, last_seen - since)
            # A turn tagged since shows the clock ran at least that far.
            self.clock.reset_to(max(banked, store.turns.last_time(meeting_id)))
        self.phase = self.meeting.phase
        self.stamp = stamp
        self.report = report
        # Each observer's sticky tags as they left them, kept by the app across screens and reopenings.
        self.sticky_memory = sticky_memory if sticky_memory is not None else {}
        self.observer = ""
        self.turns: list[Turn] = []
        self.analysis = TalkAnalysis()
        self._reviewed = False
        self.nudges: MeetingNudges | None = None
        # The turn whose tag started the clock, and the reading before it: undoing it offers to stop the clock.
        self.clock_started_by: tuple[int, float] | None = None
        # Until someone here picks an observer or tags, the turns shown follow whoever tags live elsewhere.
        self.follow_latest = True
        self._last_seen = ticker()
        self._data_version: int | None = None
        self._turn_edits = store.turns.edit_count(meeting_id)
        # The GROW notes, once a screen that shows them loads them (an observer's console never does).
        self.notes = MeetingNotes(store, meeting_id)

    # -- the clock ------------------------------------------------------------------------------

    def _others_here(self) -> bool:
        """Whether another process has this meeting open now (seen lately, and not known to have ended)."""
        now = self.ticker()
        return any(process != self.process and _still_there(process, now - seen)
                   for process, _, seen in self.store.meetings.presence(self.meeting_id))

    def join(self, role: str) -> None:
        """Say this process has the meeting open (as "coach" or "observer"), and save the clock as it reads here."""
        if not self._others_here():
            self.checkpoint()  # alone here: the clock as this process found it (a gone process's clock stopped)
        self.store.meetings.join(self.meeting_id, self.process, role, self.ticker())
        self._last_seen = self.ticker()
        self._data_version = self.store.data_version()

    def leave(self) -> None:
        """This process closes the meeting: the last one to leave stops a running clock where it stands."""
        if not self._others_here():
            self.clock.pause()
            self.checkpoint()
        self.store.meetings.leave(self.meeting_id, self.process)

    def checkpoint(self) -> None:
        """Save the clock as it reads here (after this process started, paused or set it), so every process
        reads the same time: seconds banked, and since when it runs."""
        now = self.ticker()
        banked, since = self.clock.state()
        self._last_seen = now
        self.store.meetings.save_clock_state(self.meeting_id, banked, since, process=self.process, now=now)

    def heartbeat_if_due(self) -> None:
        """Every few seconds, say this process still has the meeting open. Only the presence is written: the
        clock is written when someone changes it, so a heartbeat never undoes another process's change."""
        now = self.ticker()
        if now - self._last_seen >= CHECKPOINT_SECONDS:
            self._last_seen = now
            self.store.meetings.seen(self.meeting_id, self.process, now)

    def follow(self) -> Followed | None:
        """What another process has committed since this one last looked (None when nothing): the clock, the
        phase and pack, the end of the meeting, the GROW notes and the turns of the observer shown. MeetingGone
        when the meeting was erased."""
        version = self.store.data_version()
        if version == self._data_version:
            return None
        self._data_version = version
        try:
            meeting = self.store.meetings.get(self.meeting_id)
        except StoreError as error:
            if str(error).startswith("There is no meeting"):
                raise MeetingGone("This meeting was erased elsewhere (its partnership was erased); nothing more "
                                  "is saved to it.") from None
            raise
        changed = Followed()
        state = (meeting.clock_elapsed, meeting.clock_running_since)
        if state != self.clock.state():
            self.clock.set_state(*state)
            changed.clock = True
        if meeting.planned_minutes * 60.0 != self.clock.planned_seconds:
            self.clock.set_planned(meeting.planned_minutes)
            changed.clock = True
        if meeting.phase != self.phase:
            self.phase = meeting.phase
            if self.nudges is not None:
                self.nudges.phase = meeting.phase
            changed.phase = True
        if meeting.pack != self.meeting.pack:
            if self.nudges is not None:
                self.nudges.watcher.pack = meeting.pack
            changed.pack = True
        changed.ended = meeting.ended_at is not None and self.meeting.ended_at is None
        self.meeting = meeting
        changed.notes = self.notes.changed_elsewhere()
        observer = self.observer
        if self.follow_latest:
            observer = self.store.turns.latest_observer(self.meeting_id) or observer
        edits = self.store.turns.edit_count(self.meeting_id)
        if observer == self.observer and edits == self._turn_edits:
            # Only turns added since: counted on, as a tag entered here would be.
            added = self.store.turns.after(self.meeting_id, observer, max((t.id for t in self.turns), default=0))
            in_order = added and (not self.turns or added[0].t >= self.turns[-1].t)
            if in_order:
                self._reviewed = False  # the observer tagged on: their review is open again
                for turn in added:
                    self.turns.append(turn)
                    self.analysis.add(turn)
                    if self.nudges is not None:
                        self.nudges.add_turn(turn)
                changed.turns, changed.added = True, added
            elif added:
                self._recount([*self.turns, *added])
                changed.turns = True
            return changed
        self._turn_edits = edits
        changed.observer = observer != self.observer
        self.observer = observer
        self._recount(self.store.turns.of_meeting(self.meeting_id, observer))
        if self.nudges is not None and self.turns:
            self.nudges.last_turn_t = self.turns[-1].t  # tagging elsewhere keeps the nudges live here
        changed.turns = True
        return changed

    def toggle_clock(self) -> None:
        self.clock.toggle()
        self.checkpoint()

    def pause_clock(self) -> None:
        self.clock.pause()
        self.checkpoint()

    def set_length(self, minutes: int) -> None:
        self.store.meetings.update(self.meeting_id, planned_minutes=minutes)
        self.clock.set_planned(minutes)

    def set_phase(self, phase: GrowPhase) -> None:
        self.phase = phase
        if self.nudges is not None:
            self.nudges.phase = phase
        self.store.meetings.update(self.meeting_id, phase=phase)

    def set_pack(self, pack: str) -> None:
        if self.nudges is not None:
            self.nudges.watcher.pack = pack
        self.store.meetings.update(self.meeting_id, pack=pack)

    def end(self) -> None:
        self.clock.pause()
        self.store.meetings.end(self.meeting_id, self.clock.elapsed)
        self.meeting = self.store.meetings.get(self.meeting_id)
        if self.nudges is not None:
            self.nudges.meeting_ended(self.clock.elapsed)

    # -- who is tagging ---------------------------------------------------------------------------

    def round_observers(self) -> tuple[str, ...]:
        """The observers' codes when this meeting is a role-play round; empty for a coaching meeting."""
        played = self.store.training.round_for_meeting(self.meeting_id)
        return played.observers if played else ()

    def first_observer(self, preferred: str | None = None) -> str:
        """`preferred`, else whoever tagged this meeting last, else a round's first observer code (so its tags
        go in the round's bundle under the right code), else a plain default."""
        if preferred:
            return preferred
        observers = self.store.turns.observers(self.meeting_id)
        if observers:
            return observers[-1]
        in_round = self.round_observers()
        return in_round[0] if in_round else DEFAULT_OBSERVER

    def observers(self) -> list[str]:
        """Everyone who has tagged this meeting, in the order they first did."""
        return self.store.turns.observers(self.meeting_id)

    def show_observer(self, observer: str, *, chosen: bool = False) -> list[Turn]:
        """Tag as `observer` from now on: their turns, recounted (and the nudges read them). `chosen`: picked
        by someone here, so the turns shown stop following whoever tags elsewhere."""
        turns = self.store.turns.of_meeting(self.meeting_id, observer)
        self.observer = observer
        self.follow_latest = self.follow_latest and not chosen
        self._recount(turns)
        return self.turns

    def sticky(self, subject: str = "") -> StickyTags:
        """The tagging observer's sticky tags as they left them in this meeting, or fresh ones after their last turn."""
        kept = self.sticky_memory.get((self.meeting_id, self.observer))
        return kept or StickyTags.for_turns(self.turns, self.observer, subject)

    def remember(self, sticky: StickyTags) -> None:
        self.sticky_memory[self.meeting_id, sticky.observer] = sticky

    def reviewed(self) -> bool:
        """Whether the tagging observer has marked their review complete: read when their turns are read,
        not on every key press (a new tag unmarks it, in the store and here)."""
        return self._reviewed

    # -- tags ----------------------------------------------------------------------------------

    def tag(self, turn: Turn) -> Tagged:
        """Stamp the turn with the meeting clock (talk has begun, so the clock starts if it was stopped), save
        it, and count it. In start-stamp mode the press also ends the turn before, which keeps this stamp."""
        self.follow_latest = False  # someone tags here: the turns shown are theirs
        before, started = self.clock.elapsed, not self.clock.running
        if started:
            self.clock.start()
            self.checkpoint()
        turn = replace(turn, t=self.clock.elapsed, observer=self.observer)
        ended = None
        if self.stamp == "start" and self.turns:
            ended = self.store.turns.update(self.turns[-1].id, t=turn.t)
            self._turn_edits += 1  # this process's own edit: no need to read every turn again
            self.turns[-1] = ended
        saved = self.store.turns.add(self.meeting_id, turn)
        self._reviewed = False  # a new tag reopens the observer's review (the store unmarks it too)
        if started:
            self.clock_started_by = (saved.id, before)
        if ended is None and (not self.turns or saved.t >= self.turns[-1].t):
            self.turns.append(saved)
            self.analysis.add(saved)
            if self.nudges is not None:
                self.nudges.add_turn(saved)
        else:
            self._recount([*self.turns, saved])
            if self.nudges is not None:
                self.nudges.add_turn(saved)
        return Tagged(saved, ended, started)

    def undo(self, turn_id: int) -> tuple[Turn, float | None] | None:
        """Remove the turn; returns it and, when its tag started the clock, the reading before (to offer to
        set the clock back). None when the turn is not this observer's."""
        turn = next((t for t in self.turns if t.id == turn_id), None)
        if turn is None:
            return None
        self.store.turns.delete(turn_id)
        self._turn_edits += 1
        self._recount([t for t in self.turns if t.id != turn_id])
        started_by = self.clock_started_by
        if started_by is None or started_by[0] != turn_id:
            return turn, None
        self.clock_started_by = None
        return turn, started_by[1]

    def stop_clock_at(self, elapsed: float) -> None:
        """Set the clock back to where it stood before a tag started it, and stop it."""
        self.clock.reset_to(elapsed)
        self.checkpoint()

    def delete(self, turn_id: int) -> None:
        self.store.turns.delete(turn_id)
        self._turn_edits += 1
        self._recount([t for t in self.turns if t.id != turn_id])

    def edit(self, turn_id: int, changes: dict[str, Any]) -> Turn:
        saved = self.store.turns.update(turn_id, **changes)
        self._turn_edits += 1
        self._recount([saved if t.id == turn_id else t for t in self.turns])
        return saved

    def turn(self, turn_id: int) -> Turn:
        return self.store.turns.get(turn_id)

    def reload(self) -> list[Turn]:
        """The tagging observer's turns as the store has them now (after a review, say)."""
        return self.show_observer(self.observer)

    def _recount(self, turns: list[Turn]) -> None:
        self._reviewed = bool(self.observer) and self.store.turns.reviewed(self.meeting_id, self.observer)
        self.turns = sorted(turns, key=lambda turn: (turn.t, turn.id))
        self.analysis = TalkAnalysis(self.turns)
        if self.nudges is not None:
            self.nudges.history_changed(self.turns, self.analysis)

    # -- nudges ---------------------------------------------------------------------------------

    def start_nudges(self, rules: Sequence[Rule]) -> None:
        """The meeting's nudges, reading the tagging observer's analysis, with what its log says was nudged."""
        from coachtui.core.nudges import NudgeWatcher

        try:
            critical = sum(1 for item in self.store.lessons.evidence(self.meeting.cycle_id) if item.critical)
        except StoreError:
            critical = 0
        watcher = NudgeWatcher(rules, planned_seconds=self.clock.planned_seconds, pack=self.meeting.pack,
                               critical_incidents=critical, analysis=self.analysis)
        self.nudges = MeetingNudges(watcher, self.store, self.meeting_id, self.phase, self.report)
        self.nudges.resume(self.turns)

    def nudge_tick(self) -> None:
        if self.nudges is not None:
            self.nudges.tick(self.clock.elapsed, self.clock.running, self.clock.planned_seconds)

    def nudge_on_show(self) -> tuple[str, str]:
        return self.nudges.on_show(self.clock.elapsed, self.clock.running) if self.nudges else ("", "")

    def dismiss_nudge(self) -> bool:
        return self.nudges is not None and self.nudges.dismiss(self.clock.elapsed)
