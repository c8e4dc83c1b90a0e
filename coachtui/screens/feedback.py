"""Feedback for the pair after the meeting: the picture of the talk, a time chart and observations."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Select, Static

from coachtui.core.analysis import TalkAnalysis, observations, place_all
from coachtui.core.clock import MeetingClock
from coachtui.core.model import Meeting, Turn
from coachtui.core.rubric import estimate_level, margin
from coachtui.errors import StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed
from coachtui.widgets.tagging.function_chart import FunctionChart
from coachtui.widgets.tagging.indicators import IndicatorsPanel


class FeedbackScreen(UsesCoachApp, Screen[None]):
    """What one observer's tags say about the meeting; only for the pair (and their trainer)."""

    CSS_PATH = "talk.tcss"

    BINDINGS = [
        keyed("feedback.compare", "compare", "Compare observers"),
        keyed("feedback.review", "review", "Review"),
        keyed("feedback.leave", "leave", "Back"),
    ]

    def __init__(self, meeting_id: int, *, clock: MeetingClock | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.clock = clock  # the meeting's clock when opened from the meeting or the console: no review while it runs
        self._meeting: Meeting | None = None  # read on mount, where a failure can be told
        self.observers: list[str] = []
        self.observer = ""

    @property
    def meeting(self) -> Meeting:
        assert self._meeting is not None, "read on mount"
        return self._meeting

    def load(self) -> bool:
        """Read the meeting and who tagged it; False (and the failure told) when they cannot be read."""
        try:
            self._meeting = self.coach_app.store.meetings.get(self.meeting_id)
            self.observers = self.coach_app.store.turns.observers(self.meeting_id)
        except StoreError as error:
            self.coach_app.report_open_error("the feedback", error)
            return False
        self.observer = self.observers[-1] if self.observers else ""
        return True

    def compose(self) -> ComposeResult:
        self.title = "Feedback"
        vocab = self.coach_app.vocabulary
        yield Header()
        with Horizontal(id="feedback-top"):
            yield Static("Whose tags", classes="field-label")
            yield Select[str]([], prompt="no turns tagged", id="feedback-observer")
        with VerticalScroll(id="feedback-body"):
            yield Static(id="feedback-level")
            yield Static(id="feedback-observations")
            yield Static(id="feedback-bands")
            yield Static(id="feedback-nudges")
            yield Static("When each function was used", classes="section-title")
            yield FunctionChart(vocab.functions, id="feedback-chart")
            yield Static("The indicators", classes="section-title")
            yield IndicatorsPanel(vocab.functions, self.coach_app.rubric, id="feedback-indicators")
        yield KeyFooter()

    def on_mount(self) -> None:
        if not self.load():
            self.app.pop_screen()
            return
        self.title = self.screen_title()
        whose = self.query_one("#feedback-observer", Select)
        whose.set_options([(Text(name), name) for name in self.observers])
        if self.observer:
            whose.value = self.observer
        self._show()
        self.loaded()

    def screen_title(self) -> str:
        return f"Feedback · {self.meeting.stage.title}"

    def loaded(self) -> None:
        """A hook for a screen built on this one: what it shows once the meeting is read."""

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.observer:
            self.observer = event.value
            self._show()

    def _turns(self) -> list[Turn]:
        try:
            return self.coach_app.store.turns.of_meeting(self.meeting_id, self.observer) if self.observer else []
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return []

    def _show(self) -> None:
        turns = self._turns()
        analysis = TalkAnalysis(turns)
        rubric = self.coach_app.rubric
        estimate = estimate_level(analysis.indicators(), rubric)
        provisional = bool(turns) and not self._reviewed()
        level = Text.assemble((f"Estimated level {estimate.number}: {estimate.name}", "bold"),
                              (" · provisional" if provisional else "", "bold italic"), "\n")
        if provisional:
            level.append(f"Provisional until {self.observer} marks their review complete "
                         f"({self._review_key()} to review).\n", "bold italic")
        level.append(f"{estimate.caveat}\n", "italic dim")
        level.append("How firmly it stands\n", "bold")
        for sentence in margin(analysis.tallies(), rubric, estimate).sentences():
            level.append(f"  ◆ {sentence}\n")
        level.append("What it rests on\n", "bold")
        for reason in estimate.reasons:
            level.append(f"  • {reason}\n")
        for step in estimate.next_steps:
            level.append(f"  ◦ {step}\n", "dim")
        self.query_one("#feedback-level", Static).update(level)
        said = Text("What stands out\n", "bold")
        for sentence in observations(analysis, estimate.patterns):
            said.append(f"  • {sentence}\n", "not bold")
        self.query_one("#feedback-observations", Static).update(said)
        bands = Text.assemble(("Against reference bands for a 10-15 minute meeting", "bold"), "\n")
        for placement in place_all(analysis.indicators(), self.coach_app.bands):
            style = "" if placement.place == "within" else "bold"
            bands.append(f"  • {placement.sentence}\n", style)
        bands.append("  Bands are starting points from the coaching guide; a coordinator can adjust them.\n",
                     "dim italic")
        self.query_one("#feedback-bands", Static).update(bands)
        self._show_nudges()
        self.query_one(FunctionChart).turns = turns
        panel = self.query_one(IndicatorsPanel)
        panel.provisional = provisional
        panel.show(analysis)

    def _show_nudges(self) -> None:
        """What the coach was nudged about during the meeting, and whether a tag took it up."""
        from coachtui.core.nudges import describe_log

        try:
            records = self.coach_app.store.turns.nudge_log(self.meeting_id)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            records = []
        shown = self.query_one("#feedback-nudges", Static)
        shown.display = bool(records)
        if records:
            text = Text("Nudges offered to the coach\n", "bold")
            for line in describe_log(records, self.coach_app.nudge_rules):
                text.append(f"  • {line}\n", "not bold")
            shown.update(text)

    def _reviewed(self) -> bool:
        try:
            return self.coach_app.store.turns.reviewed(self.meeting_id, self.observer)
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return False

    def _review_key(self) -> str:
        from coachtui.widgets.key_table import key_label

        return key_label(self.coach_app.active_keys.get("feedback.review", "r").split(",")[0])

    def action_review(self) -> None:
        from coachtui.screens.review import ReviewScreen, review_blocked

        if not self.observer:
            self.notify("No turns are tagged in this meeting yet, so there is nothing to review.", severity="warning")
            return
        blocked = review_blocked(self.meeting, self.clock)
        if blocked:
            self.notify(blocked, severity="warning", timeout=8)
            return
        self.app.push_screen(ReviewScreen(self.meeting_id, self.observer), lambda _: self._show())

    def action_compare(self) -> None:
        if len(self.observers) < 2:
            self.notify("Only one observer tagged this meeting; a comparison needs two.", severity="warning")
            return
        from coachtui.screens.comparison import ComparisonScreen

        others = [name for name in self.observers if name != self.observer]
        self.app.push_screen(ComparisonScreen(self.meeting_id, self.observer, others[0], self.observers))

    def action_leave(self) -> None:
        self.dismiss(None)  # the screen below hears of it, and shows what a review may have changed
