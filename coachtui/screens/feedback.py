"""Feedback for the pair after the meeting: the picture of the talk, a time chart and observations."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Select, Static

from coachtui.analysis import TalkAnalysis, observations, place_all
from coachtui.errors import StoreError
from coachtui.model import Turn
from coachtui.rubric import estimate_level, margin
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.tagging.function_chart import FunctionChart
from coachtui.widgets.tagging.indicators import IndicatorsPanel


class FeedbackScreen(UsesCoachApp, Screen[None]):
    """What one observer's tags say about the meeting; only for the pair (and their trainer)."""

    CSS_PATH = "talk.tcss"

    BINDINGS = [
        Binding("k", "compare", "Compare observers", id="feedback.compare"),
        Binding("escape", "leave", "Back", id="feedback.leave"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        store = self.coach_app.store
        self.meeting = store.meeting(meeting_id)
        self.observers = store.observers(meeting_id)
        self.observer = self.observers[-1] if self.observers else ""

    def compose(self) -> ComposeResult:
        self.title = f"Feedback · {self.meeting.stage.title}"
        vocab = self.coach_app.vocabulary
        yield Header()
        with Horizontal(id="feedback-top"):
            yield Static("Whose tags", classes="field-label")
            yield Select([(name, name) for name in self.observers], value=self.observer or Select.NULL,
                         allow_blank=not self.observers, prompt="no turns tagged", id="feedback-observer")
        with VerticalScroll(id="feedback-body"):
            yield Static(id="feedback-level")
            yield Static(id="feedback-observations")
            yield Static(id="feedback-bands")
            yield Static(id="feedback-nudges")
            yield Static("When each function was used", classes="section-title")
            yield FunctionChart(vocab.functions, id="feedback-chart")
            yield Static("The indicators", classes="section-title")
            yield IndicatorsPanel(vocab.functions, self.coach_app.rubric, id="feedback-indicators")
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.observer:
            self.observer = event.value
            self._show()

    def _turns(self) -> list[Turn]:
        try:
            return self.coach_app.store.turns(self.meeting_id, self.observer) if self.observer else []
        except StoreError as error:
            self.coach_app.report_store_error(error)
            return []

    def _show(self) -> None:
        turns = self._turns()
        analysis = TalkAnalysis(turns)
        rubric = self.coach_app.rubric
        estimate = estimate_level(analysis.indicators(), rubric)
        level = Text.assemble((f"Estimated level {estimate.number}: {estimate.name}", "bold"), "\n",
                              (estimate.caveat, "italic dim"), "\n")
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
        self.query_one(IndicatorsPanel).show(analysis)

    def _show_nudges(self) -> None:
        """What the coach was nudged about during the meeting, and whether a tag took it up."""
        from coachtui.nudges import describe_log

        try:
            records = self.coach_app.store.nudge_log(self.meeting_id)
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

    def action_compare(self) -> None:
        if len(self.observers) < 2:
            self.notify("Only one observer tagged this meeting; a comparison needs two.", severity="warning")
            return
        from coachtui.screens.comparison import ComparisonScreen

        others = [name for name in self.observers if name != self.observer]
        self.app.push_screen(ComparisonScreen(self.meeting_id, self.observer, others[0], self.observers))

    def action_leave(self) -> None:
        self.app.pop_screen()
