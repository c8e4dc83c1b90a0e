"""The observer's console: a full screen for tagging a triad's coaching conversation live."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static

from coachtui.core.clock import MeetingClock
from coachtui.core.model import Meeting, format_clock
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.screens.interval_signal import IntervalSignal, interval_binding
from coachtui.screens.tagging_desk import TaggingDesk, nudge_binding
from coachtui.services.meeting_session import MeetingGone, MeetingSession
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed
from coachtui.widgets.meeting.nudge_line import NudgeLine
from coachtui.widgets.tagging.indicators import IndicatorsPanel
from coachtui.widgets.tagging.legend import KeyLegend, KeyList
from coachtui.widgets.tagging.pane import TaggingPane

FOLLOW_SECONDS = 0.1


class ObserverConsole(UsesCoachApp, Screen[str | None]):
    """Big timeline, live indicators and the key legend; the same keys as the meeting's Talk tab.

    Opened from the meeting screen it shares that screen's session, so both show the same time, a tag
    entered here counts once towards the meeting's one nudge watcher, and the coach sees the same nudge
    line. It dismisses with the name of whoever tagged last, so the meeting's Talk tab follows them.
    """

    CSS_PATH = "talk.tcss"

    BINDINGS = [
        interval_binding("console"),
        keyed("console.clock", "toggle_clock", "Start/pause"),
        keyed("console.feedback", "feedback", "Feedback"),
        nudge_binding("console"),
        keyed("console.leave", "leave", "Back"),
        # After Back, so a narrow footer still shows how to leave; the review comes once the talk stops.
        keyed("console.review", "review", "Review"),
    ]

    # Set once the console holds a session: given by the meeting screen, or opened on mount.
    session: MeetingSession
    meeting: Meeting
    desk: TaggingDesk

    def __init__(self, meeting_id: int, *, session: MeetingSession | None = None,
                 observer: str | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        # Opened on its own (`coachtui observe`, a round's observer), the console holds the meeting open itself.
        self.owns_session = session is None
        self._observer = observer
        self._held = False
        self.signal = IntervalSignal(self)
        if session is not None:
            self._hold(session)

    def _hold(self, session: MeetingSession) -> None:
        self.session = session
        self.meeting = session.meeting
        self.desk = TaggingDesk(self, self.coach_app, session, nudge_scope="console", on_clock=self._show_clock)
        self._held = True

    def _open(self) -> None:
        """Read the meeting and this observer's tags (StoreError when the database cannot give them)."""
        app = self.coach_app
        session = MeetingSession(app.store, self.meeting_id, app.ticker, sticky_memory=app.sticky_tags,
                                 stamp=app.settings.stamp, report=app.report_store_error)
        session.show_observer(session.first_observer(self._observer))
        session.follow_latest = self._observer is None
        self._hold(session)

    @property
    def clock(self) -> MeetingClock:
        return self.session.clock

    def compose(self) -> ComposeResult:
        yield Header()
        yield KeyFooter()

    def _console_widgets(self) -> list[Widget]:
        """The big timeline beside the key legend and the live indicators, under the clock and nudge lines."""
        vocab = self.coach_app.vocabulary
        keys = KeyList(KeyLegend(vocab.functions, self.coach_app.active_keys, id="console-legend"), id="console-keys")
        side = Vertical(keys, IndicatorsPanel(vocab.functions, self.coach_app.rubric, id="console-indicators"),
                        id="console-side")
        body = Horizontal(self.desk.make_pane(self.session.cycle_focus), side, id="console-body")
        return [Static(id="console-clock"), NudgeLine(id="nudge"), body]

    async def on_mount(self) -> None:
        if not self._held:
            try:
                self._open()
            except StoreError as error:
                self.close_unopened("the observer's console", error)
                return
        self.title = f"Observer console · {self.meeting.stage.title} · {self.session.pair}"
        await self.mount_all(self._console_widgets(), before=self.query_one(KeyFooter))
        if self.owns_session:
            self.desk.attempt(self.session.join, "observer")
        self.desk.show_talk()
        self._show_clock()
        self.query_one(TaggingPane).focus_timeline()
        self.set_interval(0.5, self.tick)
        if self.owns_session:  # a shared session is followed by the meeting screen underneath
            self.set_interval(FOLLOW_SECONDS, self.follow)

    def tick(self) -> None:
        """Bring the console up to the clock's reading: the signal, the nudge, the clock line and a checkpoint
        when one is due. A timer calls it twice a second; tests call it after moving time."""
        self.signal.signal_if_due(self.clock.elapsed, self.clock.running)
        self.desk.tick()
        self._show_clock()
        self.desk.attempt(self.session.heartbeat_if_due)

    def checkpoint(self) -> None:
        self.desk.attempt(self.session.checkpoint)

    def on_unmount(self) -> None:
        if not self._held:
            return
        if self.owns_session:
            self.desk.attempt(self.session.leave)
        else:
            self.checkpoint()

    def follow(self) -> None:
        """Show what another process changed: the coach's clock and phase, other tags, the meeting's end."""
        try:
            changed = self.desk.follow()
        except MeetingGone as gone:
            self.notify(str(gone), title="Meeting erased", severity="error", timeout=15, markup=False)
            self.dismiss(None)
            return
        if changed is not None and (changed.clock or changed.phase):
            self._show_clock()
        if changed is not None and changed.ended:
            self.notify("The coach ended the meeting. Press V to review your tags, or Esc to finish.",
                        title="Meeting ended", timeout=15)

    def action_interval_signal(self) -> None:
        self.signal.ask()

    def action_dismiss_nudge(self) -> None:
        self.desk.dismiss_nudge()

    # -- the tagging pane's messages, for the desk ------------------------------------------------

    def on_tagging_pane_turn_tagged(self, message: TaggingPane.TurnTagged) -> None:
        self.desk.tagged(message.turn)

    def on_tagging_pane_turn_request(self, message: TaggingPane.TurnRequest) -> None:
        self.desk.request(message.kind, message.turn_id)

    def on_tagging_pane_sticky_changed(self, message: TaggingPane.StickyChanged) -> None:
        self.session.remember(message.sticky)

    def _show_clock(self) -> None:
        # At 60 columns the start hint gives way, so the phase at the end of the line is never cut.
        paused = "❚❚ paused · space starts" if self.app.size.width >= 70 else "❚❚ paused"
        state = ("▶ running", "bold") if self.clock.running else (paused, "reverse")
        # Whole seconds, so elapsed and left always add up to the meeting's length.
        elapsed = int(self.clock.elapsed)
        remaining = int(self.clock.planned_seconds) - elapsed
        left = (f"{format_clock(remaining)} left" if remaining >= 0 else f"{format_clock(-remaining)} over")
        # The GROW phase the coach is in, so an observer in another terminal knows where the talk is.
        self.query_one("#console-clock", Static).update(Text.assemble(
            state, "  ", (format_clock(elapsed), "bold"), f" elapsed · {left} · ",
            (self.session.phase.label, "bold")), layout=False)

    def action_toggle_clock(self) -> None:
        self.desk.attempt(self.session.toggle_clock)
        self._show_clock()

    def action_feedback(self) -> None:
        from coachtui.screens.feedback import FeedbackScreen

        self.app.push_screen(FeedbackScreen(self.meeting_id, clock=self.clock), lambda _: self.desk.reload())

    def action_review(self) -> None:
        """The review pass over this observer's turns; a running clock is paused first, if the observer agrees."""
        from coachtui.screens.review import ReviewScreen, review_blocked

        observer = self.session.observer

        def open_review() -> None:
            self.app.push_screen(ReviewScreen(self.meeting_id, observer), lambda _: self.desk.reload())

        if review_blocked(self.meeting, self.clock) is None:
            open_review()
            return
        from coachtui.screens.confirm import ConfirmScreen

        def answered(pause: bool | None) -> None:
            if pause:
                self.desk.attempt(self.session.pause_clock)
                self._show_clock()
                open_review()

        self.app.push_screen(ConfirmScreen("The meeting clock is running. The review goes over the tags once the "
                                           "talk has stopped: pause the clock and review now?",
                                           yes="Pause and review", no="Keep tagging"), answered)

    def action_leave(self) -> None:
        """Esc from the key list goes back to tagging; from the timeline it leaves the console."""
        if isinstance(self.focused, KeyList):
            self.query_one(TaggingPane).focus_timeline()
            return
        self.checkpoint()
        self.dismiss(self.query_one(TaggingPane).sticky.observer)
