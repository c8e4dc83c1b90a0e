"""Stages 2 and 4: the live meeting with its clock, GROW panel, prompts and actions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, TabbedContent, TabPane

from coachtui.core.clock import Alert, MeetingClock, phase_plan
from coachtui.core.model import GROW_ORDER, ActionStatus, GrowPhase, Meeting, MeetingMode, format_clock
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.screens.interval_signal import IntervalSignal, interval_binding
from coachtui.screens.tagging_desk import TaggingDesk, nudge_binding
from coachtui.services.meeting_notes import NoteSaved
from coachtui.services.meeting_session import MeetingGone, MeetingSession
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed
from coachtui.widgets.meeting.actions_panel import ActionsPanel
from coachtui.widgets.meeting.grow_panel import GrowPanel
from coachtui.widgets.meeting.nudge_line import NudgeLine
from coachtui.widgets.meeting.pack_panel import PackPanel
from coachtui.widgets.meeting.timer_bar import TimerBar
from coachtui.widgets.tagging.indicators import IndicatorsPanel
from coachtui.widgets.tagging.pane import TaggingPane

FOLLOW_SECONDS = 0.1

ALERT_TEXT = {
    Alert.TWO_MINUTES: "Two minutes left: a good moment to agree the way forward.",
    Alert.TIME_UP: "Time is up. Carry on if you need to; the clock shows the overrun.",
}


class MeetingScreen(UsesCoachApp, Screen[None]):
    """One coaching meeting. Every note and action is written to the store as it changes.

    It holds the meeting's session (clock, tagging, nudges) and shows it; the observer console it opens
    shares the same session.
    """

    CSS_PATH = "talk.tcss"

    BINDINGS = [
        interval_binding("meeting"),
        keyed("meeting.timer", "toggle_timer", "Start/pause"),
        keyed("meeting.next_phase", "next_phase", "Next phase"),
        keyed("meeting.prev_phase", "prev_phase", "Prev phase", show=False),
        keyed("meeting.goal", "phase('goal')", "Goal", show=False),
        keyed("meeting.reality", "phase('reality')", "Reality", show=False),
        keyed("meeting.options", "phase('options')", "Options", show=False),
        keyed("meeting.way_forward", "phase('way_forward')", "Way forward", show=False),
        keyed("meeting.add_action", "add_action", "Add action"),
        # Before the keys for evidence, length and tagging: the footer keeps its keys in this order as far as
        # they fit (with Back and Help), and ending the meeting properly matters more at 80 columns.
        keyed("meeting.end", "end_meeting", "End"),
        keyed("meeting.notes", "edit_notes", "Notes"),
        keyed("meeting.evidence", "show_evidence", "Evidence"),
        keyed("meeting.pack", "choose_pack", "Pack", show=False),
        keyed("meeting.length", "set_length", "Length"),
        keyed("meeting.tag", "tag_turns", "Tag turns"),
        keyed("meeting.console", "observer_console", "Console", show=False),
        keyed("meeting.feedback", "feedback", "Feedback", show=False),
        nudge_binding(),
        keyed("meeting.leave", "leave", "Back"),
    ]

    # Set on mount, once the meeting is read: the screen shows nothing of it before.
    session: MeetingSession
    meeting: Meeting
    partnership_id: int
    cycle_focus: str
    desk: TaggingDesk

    def __init__(self, meeting_id: int, *, observer: str | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self._observer = observer
        self._opened = False
        self.signal = IntervalSignal(self)
        # Notes another process saved while their box here had the focus: shown once the focus leaves it.
        self._notes_behind: set[GrowPhase] = set()

    def _open(self) -> None:
        """Read the meeting, its clock, notes and tags (StoreError when the database cannot give them)."""
        app = self.coach_app
        self.session = MeetingSession(app.store, self.meeting_id, app.ticker, sticky_memory=app.sticky_tags,
                                      stamp=app.settings.stamp, report=app.report_store_error)
        self.session.show_observer(self.session.first_observer(self._observer))
        self._notes = self.session.notes.load()
        self.meeting = self.session.meeting
        self.partnership_id = self.session.partnership_id
        self.cycle_focus = self.session.cycle_focus
        self.desk = TaggingDesk(self, app, self.session, nudge_scope="meeting", on_clock=self._show_clock,
                                suggestions=self.subject_suggestions)

    @property
    def clock(self) -> MeetingClock:
        return self.session.clock

    @property
    def phase(self) -> GrowPhase:
        return self.session.phase

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Until the meeting is read and shown, there is nothing for a key to act on but the way out.
        return self._opened or action == "leave"

    def compose(self) -> ComposeResult:
        yield Header()
        yield KeyFooter()

    def _meeting_widgets(self) -> list[Widget]:
        """The meeting itself, once read: clock, nudge line, GROW notes beside prompts, actions and talk."""
        app = self.coach_app
        side = TabbedContent(id="side", initial="tab-prompts")
        for pane in (
            TabPane("Prompts", PackPanel(app.packs, self.meeting.pack, self.meeting.stage, id="pack"),
                    id="tab-prompts"),
            TabPane("Actions", ActionsPanel(id="actions"), id="tab-actions"),
            TabPane("Talk", self.desk.make_pane(self.cycle_focus),
                    IndicatorsPanel(app.vocabulary.functions, app.rubric, compact=True, id="talk-indicators"),
                    id="tab-talk"),
        ):
            side.compose_add_child(pane)  # as `with TabPane(...)` inside `with TabbedContent()` would in compose
        body = Horizontal(GrowPanel(app.grow, self.meeting.stage, self._notes, id="grow"), side, id="meeting-body")
        return [TimerBar(id="timer"), NudgeLine(id="nudge"), body]

    async def on_mount(self) -> None:
        try:
            self._open()
        except StoreError as error:
            self.close_unopened("the meeting", error)
            return
        self.title = f"{self.meeting.stage.title} · {self.session.pair}"
        await self.mount_all(self._meeting_widgets(), before=self.query_one(KeyFooter))
        self._opened = True
        self.refresh_bindings()
        self._show_phase()
        self._refresh_actions()
        self._show_clock()
        if self.coach_app.settings.nudges and self.coach_app.nudge_rules:
            self.session.start_nudges(self.coach_app.nudge_rules)
        self.desk.attempt(self.session.join, "coach")
        self.desk.show_talk()
        self.set_interval(0.5, self.tick)
        # Another process (an observer's console in another terminal) may commit at any moment; asking the
        # database whether anything changed costs microseconds, so it is asked often.
        self.set_interval(FOLLOW_SECONDS, self.follow)

    # -- clock ------------------------------------------------------------------------

    def tick(self) -> None:
        """Bring the screen up to the clock's reading: the signal, the nudge, the clock bar and its alerts,
        and a checkpoint when one is due. A timer calls it twice a second; tests call it after moving time."""
        self.signal.signal_if_due(self.clock.elapsed, self.clock.running)
        self.desk.tick()
        self._show_clock()
        for alert in self.clock.new_alerts():
            self.notify(ALERT_TEXT[alert], title="Meeting clock", severity="warning", timeout=8)
        self.desk.attempt(self.session.heartbeat_if_due)

    def checkpoint(self) -> None:
        self.desk.attempt(self.session.checkpoint)

    def follow(self) -> None:
        """Show what another process changed: an observer's tags, the clock, the phase, the notes, the meeting's
        end."""
        try:
            changed = self.desk.follow()
        except MeetingGone as gone:
            self._gone(str(gone))
            return
        if self._notes_behind or (changed is not None and changed.notes):
            self._show_notes_from_elsewhere(changed.notes if changed is not None else set())
        if changed is None:
            return
        if changed.clock:
            self._show_clock()
        if changed.phase or changed.pack:
            self._show_phase()
        if changed.ended and self.app.screen is self:
            self.notify("The meeting was ended on another screen; its summary is on the cycle screen.",
                        title="Meeting ended", timeout=10)
            self.app.pop_screen()

    def _gone(self, message: str) -> None:
        self.notify(message, title="Meeting erased", severity="error", timeout=15, markup=False)
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()  # a console or dialog over the meeting goes with it
        self.app.pop_screen()

    def on_unmount(self) -> None:
        # Leaving or quitting (Ctrl+Q) still records where the clock stood; the last process to leave a
        # running meeting stops its clock.
        if self._opened:
            self.desk.attempt(self.session.leave)

    def action_interval_signal(self) -> None:
        self.signal.ask()

    def action_dismiss_nudge(self) -> None:
        self.desk.dismiss_nudge()

    def _show_clock(self) -> None:
        timer = self.query_one(TimerBar)
        timer.running = self.clock.running
        timer.phase = self.phase
        if timer.planned != self.clock.planned_seconds or not timer.plan:
            timer.plan = phase_plan(self.clock.planned_seconds, self.coach_app.grow.shares)
        timer.planned = self.clock.planned_seconds
        timer.elapsed = self.clock.elapsed

    def action_toggle_timer(self) -> None:
        self.desk.attempt(self.session.toggle_clock)
        self._show_clock()

    def action_set_length(self) -> None:
        from coachtui.screens.length import LengthScreen

        def chosen(minutes: int | None) -> None:
            if minutes is None or not self.desk.attempt(self.session.set_length, minutes)[0]:
                return
            self._show_clock()
            self.notify(f"Meeting length set to {minutes} minutes.")

        self.app.push_screen(LengthScreen(int(self.clock.planned_seconds // 60)), chosen)

    # -- GROW phases and notes --------------------------------------------------------

    def _set_phase(self, phase: GrowPhase) -> None:
        self.desk.attempt(self.session.set_phase, phase)
        self._show_phase()
        self.desk.show_nudge()

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
            saved = self.session.notes.save(message.phase, message.text)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return
        if saved is not None and saved.elsewhere is not None:
            self._kept_both(saved)

    def _show_notes_from_elsewhere(self, phases: set[GrowPhase]) -> None:
        """Notes another process saved replace ours in every box not being typed in; a box with the focus keeps
        its text, and what is typed there next is kept beside the other window's (never over it)."""
        grow = self.query_one(GrowPanel)
        for phase in sorted(phases | self._notes_behind):
            if grow.notes_area(phase).has_focus:
                self._notes_behind.add(phase)
                continue
            self._notes_behind.discard(phase)
            try:
                grow.show_notes(phase, self.session.notes.reload(phase))
            except StoreError as error:
                self.coach_app.report_store_error(error)

    def _kept_both(self, saved: NoteSaved) -> None:
        self._notes_behind.discard(saved.phase)
        self.query_one(GrowPanel).show_notes(saved.phase, saved.text)
        self.notify(saved.notice(), title="Notes changed elsewhere", severity="warning", timeout=12, markup=False)

    def action_edit_notes(self) -> None:
        area = self.query_one(GrowPanel).notes_area()
        area.focus()
        area.move_cursor(area.document.end)

    # -- prompt packs -------------------------------------------------------------------

    def action_choose_pack(self) -> None:
        self.query_one("#side", TabbedContent).active = "tab-prompts"
        self.query_one("#pack-select").focus()

    def on_pack_panel_pack_chosen(self, message: PackPanel.PackChosen) -> None:
        self.desk.attempt(self.session.set_pack, message.key)
        self.query_one(PackPanel).show(message.key, self.phase)
        self.query_one(GrowPanel).pack = self.coach_app.packs.get(message.key)
        self.desk.show_nudge()

    # -- actions --------------------------------------------------------------------------

    def _refresh_actions(self) -> None:
        try:
            actions = self.coach_app.store.actions.for_meeting(self.partnership_id, self.meeting_id)
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
            action = self.coach_app.store.actions.add(self.meeting.cycle_id, self.meeting_id)
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
            action = store.actions.get(message.action_id)
            status = ActionStatus.OPEN if action.status is not ActionStatus.OPEN else ActionStatus.DONE
            store.actions.update(action.id, status=status)
        except StoreError as error:
            self.coach_app.report_store_error(error)
        self._refresh_actions()

    def on_actions_panel_remove_requested(self, message: ActionsPanel.RemoveRequested) -> None:
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    self.coach_app.store.actions.delete(message.action_id)
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
        self.app.push_screen(ObserverConsole(self.meeting_id, session=self.session), self._back_from_console)

    def _back_from_console(self, observer: str | None) -> None:
        # The console tagged into the same session; the pane shows whoever tagged there last.
        self.desk.show_observer(observer or self.session.observer)
        self._show_clock()

    def action_feedback(self) -> None:
        from coachtui.screens.feedback import FeedbackScreen

        self.app.push_screen(FeedbackScreen(self.meeting_id, clock=self.clock), lambda _: self.desk.reload())

    # -- evidence, ending and leaving ------------------------------------------------------

    def action_show_evidence(self) -> None:
        from coachtui.screens.evidence_view import EvidenceView

        self.app.push_screen(EvidenceView(self.meeting.cycle_id, self.meeting.stage))

    # -- the tagging pane's messages, for the desk ------------------------------------------------

    def on_tagging_pane_turn_tagged(self, message: TaggingPane.TurnTagged) -> None:
        self.desk.tagged(message.turn)

    def on_tagging_pane_turn_request(self, message: TaggingPane.TurnRequest) -> None:
        self.desk.request(message.kind, message.turn_id)

    def on_tagging_pane_sticky_changed(self, message: TaggingPane.StickyChanged) -> None:
        self.session.remember(message.sticky)

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
        if not yes or not self.desk.attempt(self.session.end)[0]:
            return
        if self.meeting.mode is MeetingMode.ROLE_PLAY:
            self._debrief()
            return
        from coachtui.screens.summary import SummaryScreen

        # The summary comes next; it offers the next cycle after a post-lesson meeting.
        self.app.switch_screen(SummaryScreen(self.meeting_id))

    def _debrief(self) -> None:
        """A role-play round ends in the triad's debrief rather than a confidential summary."""
        from coachtui.screens.debrief import DebriefScreen

        played = self.coach_app.store.training.round_for_meeting(self.meeting_id)
        if played is None:
            self.app.pop_screen()
            return
        self.app.switch_screen(DebriefScreen(self.meeting_id, played.id))

    def action_leave(self) -> None:
        """Esc steps back one level at a time: out of whatever has the focus (a notes box, the pack's
        drop-down, the timeline, the actions list) to the phase tabs; only from there does it leave."""
        if not self._opened:
            self.app.pop_screen()
            return
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
