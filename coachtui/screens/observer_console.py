"""The observer's console: a full screen for tagging a triad's coaching conversation live."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from coachtui.core.clock import MeetingClock
from coachtui.core.model import Turn, format_clock
from coachtui.screens.interval_signal import IntervalSignal, interval_binding
from coachtui.screens.meeting_clock import KeepsMeetingClock
from coachtui.screens.nudging import MeetingNudges, NudgesCoach, nudge_binding
from coachtui.screens.tagging_host import TaggingHost
from coachtui.widgets.meeting.nudge_line import NudgeLine
from coachtui.widgets.tagging.indicators import IndicatorsPanel
from coachtui.widgets.tagging.legend import KeyLegend
from coachtui.widgets.tagging.pane import TaggingPane


class ObserverConsole(NudgesCoach, IntervalSignal, KeepsMeetingClock, TaggingHost, Screen[str]):
    """Big timeline, live indicators and the key legend; the same keys as the meeting's Talk tab.

    It shares the meeting screen's clock and nudges when opened from it, so both show the same time,
    a tag entered here counts towards the meeting's one nudge watcher, and the coach sees the same
    nudge line. It dismisses with the name of whoever tagged last, so the meeting's Talk tab follows them.
    """

    CSS_PATH = "talk.tcss"

    BINDINGS = [
        interval_binding("console"),
        Binding("space", "toggle_clock", "Start/pause", id="console.clock"),
        Binding("v", "feedback", "Feedback", id="console.feedback"),
        nudge_binding("console"),
        Binding("escape", "leave", "Back", id="console.leave"),
        # After Back, so a narrow footer still shows how to leave; the review comes once the talk stops.
        Binding("V", "review", "Review", id="console.review"),
    ]
    nudge_scope = "console"

    def __init__(self, meeting_id: int, clock: MeetingClock | None = None,
                 nudges: MeetingNudges | None = None, *, observer: str | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.tagging_as = observer
        store = self.coach_app.store
        self.meeting = store.meeting(meeting_id)
        cycle = store.cycle(self.meeting.cycle_id)
        self.focus_text = cycle.focus
        self.pair = store.partnership(cycle.partnership_id).pair
        elapsed = max(self.meeting.clock_elapsed, store.last_turn_time(meeting_id))
        self.clock = clock or MeetingClock(self.meeting.planned_minutes, elapsed, self.coach_app.ticker)
        self._since_checkpoint = self.clock.elapsed
        self.nudges = nudges

    def compose(self) -> ComposeResult:
        self.title = f"Observer console · {self.meeting.stage.title} · {self.pair}"
        vocab = self.coach_app.vocabulary
        yield Header()
        yield Static(id="console-clock")
        yield NudgeLine(id="nudge")
        with Horizontal(id="console-body"):
            yield self.make_tagging_pane(self.focus_text)
            with Vertical(id="console-side"):
                yield KeyLegend(vocab.functions, self.coach_app.active_keys, id="console-legend")
                yield IndicatorsPanel(vocab.functions, self.coach_app.rubric, id="console-indicators")
        yield Footer()

    def on_mount(self) -> None:
        self.show_indicators()
        self._show_clock()
        self.show_nudge()
        self.query_one(TaggingPane).focus_timeline()
        self.set_interval(0.5, self.tick)

    def tick(self) -> None:
        """Bring the console up to the clock's reading: the signal, the nudge, the clock line and a checkpoint
        when one is due. A timer calls it twice a second; tests call it after moving time."""
        self.signal_if_due(self.clock.elapsed, self.clock.running)
        self.nudge_on_tick()
        self._show_clock()
        self.checkpoint_if_due()

    def _show_clock(self) -> None:
        state = ("▶ running", "bold") if self.clock.running else ("❚❚ paused · space starts", "reverse")
        remaining = self.clock.planned_seconds - self.clock.elapsed
        left = (f"{format_clock(remaining)} left" if remaining >= 0 else f"{format_clock(-remaining)} over")
        self.query_one("#console-clock", Static).update(Text.assemble(
            state, "  ", (format_clock(self.clock.elapsed), "bold"), f" elapsed · {left}"), layout=False)

    def turn_committed(self, turn: Turn) -> None:
        self.nudge_on_turn(turn)

    def turns_changed(self) -> None:
        self.nudge_history_changed(self._pane().turns)

    def clock_stopped(self) -> None:
        self.checkpoint()
        self._show_clock()

    def action_toggle_clock(self) -> None:
        self.clock.toggle()
        self.checkpoint()
        self._show_clock()

    def action_feedback(self) -> None:
        from coachtui.screens.feedback import FeedbackScreen

        self.app.push_screen(FeedbackScreen(self.meeting_id, clock=self.clock), lambda _: self.reload_turns())

    def action_review(self) -> None:
        """The review pass over this observer's turns; a running clock is paused first, if the observer agrees."""
        from coachtui.screens.review import ReviewScreen, review_blocked

        observer = self._pane().sticky.observer

        def open_review() -> None:
            self.app.push_screen(ReviewScreen(self.meeting_id, observer), lambda _: self.reload_turns())

        if review_blocked(self.meeting, self.clock) is None:
            open_review()
            return
        from coachtui.screens.confirm import ConfirmScreen

        def answered(pause: bool | None) -> None:
            if pause:
                self.clock.pause()
                self.checkpoint()
                self._show_clock()
                open_review()

        self.app.push_screen(ConfirmScreen("The meeting clock is running. The review goes over the tags once the "
                                           "talk has stopped: pause the clock and review now?",
                                           yes="Pause and review", no="Keep tagging"), answered)

    def action_leave(self) -> None:
        self.checkpoint()
        self.dismiss(self.query_one(TaggingPane).sticky.observer)
