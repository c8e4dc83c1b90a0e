"""Stages 2 and 4: the live meeting with its clock, GROW panel, prompts and actions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane

from coachtui.core.clock import Alert, MeetingClock, phase_plan
from coachtui.core.model import GROW_ORDER, ActionStatus, GrowPhase, Meeting, MeetingMode, Turn, format_clock
from coachtui.errors import StoreError
from coachtui.screens.interval_signal import IntervalSignal, interval_binding
from coachtui.screens.meeting_clock import KeepsMeetingClock
from coachtui.screens.nudging import NudgesCoach, nudge_binding
from coachtui.screens.tagging_host import TaggingHost
from coachtui.widgets.meeting.actions_panel import ActionsPanel
from coachtui.widgets.meeting.grow_panel import GrowPanel
from coachtui.widgets.meeting.nudge_line import NudgeLine
from coachtui.widgets.meeting.pack_panel import PackPanel
from coachtui.widgets.meeting.timer_bar import TimerBar
from coachtui.widgets.tagging.indicators import IndicatorsPanel
from coachtui.widgets.tagging.pane import TaggingPane

ALERT_TEXT = {
    Alert.TWO_MINUTES: "Two minutes left: a good moment to agree the way forward.",
    Alert.TIME_UP: "Time is up. Carry on if you need to; the clock shows the overrun.",
}


class MeetingScreen(NudgesCoach, IntervalSignal, KeepsMeetingClock, TaggingHost, Screen[None]):
    """One coaching meeting. Every note and action is written to the store as it changes."""

    CSS_PATH = "talk.tcss"

    BINDINGS = [
        interval_binding("meeting"),
        Binding("space,ctrl+t", "toggle_timer", "Start/pause", id="meeting.timer"),
        Binding("right_square_bracket", "next_phase", "Next phase", id="meeting.next_phase"),
        Binding("left_square_bracket", "prev_phase", "Prev phase", show=False, id="meeting.prev_phase"),
        Binding("g", "phase('goal')", "Goal", show=False, id="meeting.goal"),
        Binding("r", "phase('reality')", "Reality", show=False, id="meeting.reality"),
        Binding("o", "phase('options')", "Options", show=False, id="meeting.options"),
        Binding("w", "phase('way_forward')", "Way forward", show=False, id="meeting.way_forward"),
        Binding("n", "edit_notes", "Notes", id="meeting.notes"),
        Binding("a", "add_action", "Add action", id="meeting.add_action"),
        Binding("e", "show_evidence", "Evidence", id="meeting.evidence"),
        Binding("p", "choose_pack", "Pack", show=False, id="meeting.pack"),
        Binding("l", "set_length", "Length", id="meeting.length"),
        Binding("t", "tag_turns", "Tag turns", id="meeting.tag"),
        Binding("c", "observer_console", "Console", show=False, id="meeting.console"),
        Binding("f", "feedback", "Feedback", show=False, id="meeting.feedback"),
        Binding("x", "end_meeting", "End", id="meeting.end"),
        nudge_binding(),
        Binding("escape", "leave", "Back", id="meeting.leave"),
    ]

    def __init__(self, meeting_id: int, *, observer: str | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.tagging_as = observer
        self.meeting: Meeting = self.coach_app.store.meeting(meeting_id)
        cycle = self.coach_app.store.cycle(self.meeting.cycle_id)
        self.partnership_id = cycle.partnership_id
        self.cycle_focus = cycle.focus
        # The clock is saved every few seconds; a turn tagged since shows it ran at least that far.
        elapsed = max(self.meeting.clock_elapsed, self.coach_app.store.last_turn_time(meeting_id))
        self.clock = MeetingClock(self.meeting.planned_minutes, elapsed, self.coach_app.ticker)
        self.phase = self.meeting.phase

    def compose(self) -> ComposeResult:
        store = self.coach_app.store
        partnership = store.partnership(self.partnership_id)
        self.title = f"{self.meeting.stage.title} · {partnership.pair}"
        yield Header()
        yield TimerBar(id="timer")
        yield NudgeLine(id="nudge")
        with Horizontal(id="meeting-body"):
            yield GrowPanel(self.coach_app.grow, self.meeting.stage, store.notes(self.meeting_id), id="grow")
            with TabbedContent(id="side", initial="tab-prompts"):
                with TabPane("Prompts", id="tab-prompts"):
                    yield PackPanel(self.coach_app.packs, self.meeting.pack, id="pack")
                with TabPane("Actions", id="tab-actions"):
                    yield ActionsPanel(id="actions")
                with TabPane("Talk", id="tab-talk"):
                    yield self.make_tagging_pane(self.cycle_focus)
                    yield IndicatorsPanel(self.coach_app.vocabulary.functions, self.coach_app.rubric, compact=True,
                                          id="talk-indicators")
        yield Footer()

    def on_mount(self) -> None:
        self._show_phase()
        self._refresh_actions()
        self._show_clock()
        self.show_indicators()
        self.start_nudges(self.meeting_id, self.meeting.cycle_id, self.meeting.pack, self.phase, self._pane().turns)
        self.set_interval(0.5, self.tick)

    # -- clock ------------------------------------------------------------------------

    def tick(self) -> None:
        """Bring the screen up to the clock's reading: the signal, the nudge, the clock bar and its alerts,
        and a checkpoint when one is due. A timer calls it twice a second; tests call it after moving time."""
        self.signal_if_due(self.clock.elapsed, self.clock.running)
        self.nudge_on_tick()
        self._show_clock()
        for alert in self.clock.new_alerts():
            self.notify(ALERT_TEXT[alert], title="Meeting clock", severity="warning", timeout=8)
        self.checkpoint_if_due()

    def _show_clock(self) -> None:
        timer = self.query_one(TimerBar)
        timer.running = self.clock.running
        timer.phase = self.phase
        if timer.planned != self.clock.planned_seconds or not timer.plan:
            timer.plan = phase_plan(self.clock.planned_seconds, self.coach_app.grow.shares)
        timer.planned = self.clock.planned_seconds
        timer.elapsed = self.clock.elapsed

    def action_toggle_timer(self) -> None:
        self.clock.toggle()
        self.checkpoint()
        self._show_clock()

    def action_set_length(self) -> None:
        from coachtui.screens.length import LengthScreen

        def chosen(minutes: int | None) -> None:
            if minutes is None:
                return
            try:
                self.coach_app.store.update_meeting(self.meeting_id, planned_minutes=minutes)
            except StoreError as error:
                self.coach_app.report_store_error(error)
                return
            self.clock.set_planned(minutes)
            self._show_clock()
            self.notify(f"Meeting length set to {minutes} minutes.")

        self.app.push_screen(LengthScreen(int(self.clock.planned_seconds // 60)), chosen)

    # -- GROW phases and notes --------------------------------------------------------

    def _set_phase(self, phase: GrowPhase) -> None:
        self.phase = phase
        try:
            self.coach_app.store.update_meeting(self.meeting_id, phase=phase)
        except StoreError as error:
            self.coach_app.report_store_error(error)
        self._show_phase()
        self.nudge_phase_changed(phase)

    def _show_phase(self) -> None:
        grow = self.query_one(GrowPanel)
        grow.pack = self.coach_app.packs.get(self.query_one(PackPanel).key)
        grow.phase = self.phase
        self.query_one(PackPanel).show(self.query_one(PackPanel).key, self.phase)
        if self.phase is GrowPhase.WAY_FORWARD:
            self.query_one("#side", TabbedContent).active = "tab-actions"
        self._show_clock()

    def action_next_phase(self) -> None:
        index = GROW_ORDER.index(self.phase)
        self._set_phase(GROW_ORDER[min(index + 1, len(GROW_ORDER) - 1)])

    def action_prev_phase(self) -> None:
        index = GROW_ORDER.index(self.phase)
        self._set_phase(GROW_ORDER[max(index - 1, 0)])

    def action_phase(self, value: str) -> None:
        self._set_phase(GrowPhase(value))

    def on_grow_panel_phase_chosen(self, message: GrowPanel.PhaseChosen) -> None:
        self._set_phase(message.phase)

    def on_grow_panel_note_edited(self, message: GrowPanel.NoteEdited) -> None:
        try:
            self.coach_app.store.save_note(self.meeting_id, message.phase, message.text)
        except StoreError as error:
            self.coach_app.report_store_error(error)

    def action_edit_notes(self) -> None:
        area = self.query_one(GrowPanel).notes_area()
        area.focus()
        area.move_cursor(area.document.end)

    # -- prompt packs -------------------------------------------------------------------

    def action_choose_pack(self) -> None:
        self.query_one("#side", TabbedContent).active = "tab-prompts"
        self.query_one("#pack-select").focus()

    def on_pack_panel_pack_chosen(self, message: PackPanel.PackChosen) -> None:
        try:
            self.coach_app.store.update_meeting(self.meeting_id, pack=message.key)
        except StoreError as error:
            self.coach_app.report_store_error(error)
        self.query_one(PackPanel).show(message.key, self.phase)
        self.query_one(GrowPanel).pack = self.coach_app.packs.get(message.key)
        self.nudge_pack_changed(message.key)

    # -- actions --------------------------------------------------------------------------

    def _refresh_actions(self) -> None:
        try:
            actions = self.coach_app.store.meeting_actions(self.partnership_id, self.meeting_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self.query_one(ActionsPanel).show_actions(actions, self.meeting_id)
        open_count = sum(a.status is ActionStatus.OPEN for a in actions)
        self.query_one("#side", TabbedContent).get_tab("tab-actions").label = f"Actions ({open_count})"

    def _edit_action(self, action_id: int, *, new: bool = False) -> None:
        from coachtui.screens.action_form import ActionForm

        self.app.push_screen(ActionForm(action_id, new=new), lambda _: self._refresh_actions())

    def action_add_action(self) -> None:
        try:
            action = self.coach_app.store.add_action(self.meeting.cycle_id, self.meeting_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        self.query_one("#side", TabbedContent).active = "tab-actions"
        self._refresh_actions()
        self._edit_action(action.id, new=True)

    def on_actions_panel_edit_requested(self, message: ActionsPanel.EditRequested) -> None:
        self._edit_action(message.action_id)

    def on_actions_panel_done_toggled(self, message: ActionsPanel.DoneToggled) -> None:
        store = self.coach_app.store
        try:
            action = store.action(message.action_id)
            status = ActionStatus.OPEN if action.status is not ActionStatus.OPEN else ActionStatus.DONE
            store.update_action(action.id, status=status)
        except StoreError as error:
            self.coach_app.report_store_error(error)
        self._refresh_actions()

    def on_actions_panel_remove_requested(self, message: ActionsPanel.RemoveRequested) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    self.coach_app.store.delete_action(message.action_id)
                except StoreError as error:
                    self.coach_app.report_store_error(error)
                self._refresh_actions()

        self.app.push_screen(ConfirmScreen("Remove this action for good?", yes="Remove"), answered)

    # -- tagging the talk ------------------------------------------------------------------

    def subject_suggestions(self) -> list[str]:
        packs = self.coach_app.packs
        current = packs.get(self.query_one(PackPanel).key)
        named = [self.cycle_focus, *(p.title for p in packs.ordered()), *current.headings.get("strategies", ())]
        return [name for name in named if name]

    def action_tag_turns(self) -> None:
        self.query_one("#side", TabbedContent).active = "tab-talk"
        self.query_one(TaggingPane).focus_timeline()

    def action_observer_console(self) -> None:
        from coachtui.screens.observer_console import ObserverConsole

        self.checkpoint()
        self.app.push_screen(ObserverConsole(self.meeting_id, self.clock, self.nudges,
                                             observer=self._pane().sticky.observer), self._back_from_console)

    def _back_from_console(self, observer: str | None) -> None:
        pane = self.query_one(TaggingPane)
        observer = observer or pane.sticky.observer
        try:
            turns = self.coach_app.store.turns(self.meeting_id, observer)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        pane.show_observer(self.sticky_for(observer, turns, pane.sticky.subject), turns)
        self.show_indicators()
        self.turns_changed()  # the console's tags are in the pane now; the watcher counts the same turns
        self._show_clock()

    def clock_stopped(self) -> None:
        self.checkpoint()
        self._show_clock()

    def action_feedback(self) -> None:
        from coachtui.screens.feedback import FeedbackScreen

        self.app.push_screen(FeedbackScreen(self.meeting_id, clock=self.clock), lambda _: self.reload_turns())

    # -- evidence, ending and leaving ------------------------------------------------------

    def action_show_evidence(self) -> None:
        from coachtui.screens.evidence_view import EvidenceView

        self.app.push_screen(EvidenceView(self.meeting.cycle_id, self.meeting.stage))

    def turn_committed(self, turn: Turn) -> None:
        self.nudge_on_turn(turn)

    def turns_changed(self) -> None:
        self.nudge_history_changed(self._pane().turns)

    def action_end_meeting(self) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        # The clock holds still while the question is open, so the bar and the question show the same figure;
        # "Not now" gives back the seconds the question was open.
        was_running, asked_at = self.clock.running, self.coach_app.ticker()
        self.clock.pause()
        self._show_clock()
        question = f"End the meeting at {format_clock(self.clock.elapsed)}? Notes and actions are already saved."

        def answered(yes: bool | None) -> None:
            if not yes and was_running:
                self.clock.reset_to(self.clock.elapsed + max(0.0, self.coach_app.ticker() - asked_at))
                self.clock.start()
                self._show_clock()
            self._ended(yes)

        self.app.push_screen(ConfirmScreen(question, yes="End meeting"), answered)

    def _ended(self, yes: bool | None) -> None:
        if not yes:
            return
        self.clock.pause()
        try:
            self.coach_app.store.end_meeting(self.meeting_id, self.clock.elapsed)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        if self.nudges is not None:
            self.nudges.meeting_ended(self.clock.elapsed)
        if self.meeting.mode is MeetingMode.ROLE_PLAY:
            self._debrief()
            return
        from coachtui.screens.summary import SummaryScreen

        # The summary comes next; it offers the next cycle after a post-lesson meeting.
        self.app.switch_screen(SummaryScreen(self.meeting_id))

    def _debrief(self) -> None:
        """A role-play round ends in the triad's debrief rather than a confidential summary."""
        from coachtui.screens.debrief import DebriefScreen

        played = self.coach_app.store.round_for_meeting(self.meeting_id)
        if played is None:
            self.app.pop_screen()
            return
        self.app.switch_screen(DebriefScreen(self.meeting_id, played.id))

    def action_leave(self) -> None:
        """Esc steps back one level at a time: out of whatever has the focus (a notes box, the pack's
        drop-down, the timeline, the actions list) to the phase tabs; only from there does it leave."""
        tabs = self.query_one("#phase-tabs")
        if self.focused is not None and self.focused is not tabs:
            tabs.focus()
            return
        if self.clock.running:
            self.clock.pause()
            self.notify(f"You left the meeting, so its clock is paused at {format_clock(self.clock.elapsed)}. "
                        "Open the meeting again and press space to carry on.", title="Clock paused", timeout=8)
        self.checkpoint()
        self.app.pop_screen()
