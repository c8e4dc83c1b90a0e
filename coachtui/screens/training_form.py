"""Set up a coach-training session: who is there, how the groups form, how many rounds, which scenarios.

The plan is always shown before anything is saved, so the coordinator sees the rotation first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Select, SelectionList, Static, TextArea

from coachtui.core.model import TrainingSession
from coachtui.errors import CoachError, StoreError
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.field import Field
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed

if TYPE_CHECKING:
    from coachtui.core.training_plan import TrainingPlan

PEOPLE_HINT = ("One person a line: a name (given a code such as P1), a code such as T07, or both as "
               "'T07 = Sam Reed'. Names stay on this laptop; bundles and figures carry codes only.")
GROUPING = [("formed for you, in the order listed", "auto"), ("as typed: a blank line between groups", "hand")]


class TrainingFormScreen(UsesCoachApp, Screen[TrainingSession | None]):
    CSS_PATH = "training.tcss"
    BINDINGS = [keyed("training_form.cancel", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        self.title = "New training session"
        yield Header()
        with VerticalScroll(id="training-form"):
            with Horizontal(id="training-names", classes="numbers"):
                with Vertical():
                    yield Label("Session code (goes on every bundle)")
                    yield Field(placeholder="e.g. AUT-1", id="training-code", max_length=24)
                with Vertical():
                    yield Label("Title (optional)")
                    yield Field(placeholder="e.g. Autumn coaching course, day 2", id="training-title", max_length=80)
            yield Label("Participants")
            yield Static(PEOPLE_HINT, classes="dialog-hint")
            yield TextArea(id="training-people", soft_wrap=True)
            yield Label("Groups")
            yield Select(GROUPING, value="auto", allow_blank=False, id="training-grouping")
            with Horizontal(id="training-numbers-2", classes="numbers"):
                for field_id, label, value in (("training-rounds", "Rounds", "3"),
                                               ("training-round-minutes", "Minutes a round", "10"),
                                               ("training-debrief-minutes", "Minutes a debrief", "5")):
                    with Vertical():
                        yield Label(label)
                        yield Field(value, id=field_id, type="integer", max_length=2)
            yield Label("Scenarios")
            yield Static("Tick them in the order the rounds should play them; with none ticked, each round "
                         "takes a different theme.", classes="dialog-hint")
            yield SelectionList[str](*self._scenario_options(), id="training-scenarios")
            yield Static("", id="form-error", classes="error-line", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Show the plan", variant="primary", id="show-plan")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def _scenario_options(self) -> list[tuple[Text, str]]:
        """Titles come from the school's own scenario and pack files: Text, so never read as markup."""
        packs = self.coach_app.packs.packs
        # The theme comes last: at 80 columns it is what gets cut, never the scenario's name or its minutes.
        return [(Text(f"{s.title} · {s.minutes} min · {s.stage.short} · "
                      f"{packs[s.theme].title if s.theme in packs else s.theme}"), s.id)
                for s in self.coach_app.scenarios.ordered()]

    def on_mount(self) -> None:
        self.query_one("#training-code", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "show-plan":
            self.show_plan()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        """Escape leaves a text box first, as everywhere in coachtui; from outside one, it asks before
        throwing away what was typed."""
        if isinstance(self.focused, Input | TextArea | SelectionList):
            self.query_one("#show-plan", Button).focus()
            return
        typed = [self.query_one(f"#{field}", Input).value.strip() for field in ("training-code", "training-title")]
        if not any(typed) and not self.query_one("#training-people", TextArea).text.strip():
            self.dismiss(None)
            return
        from coachtui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Leave without planning this session? What you typed here is not kept.",
                                           yes="Leave", no="Keep planning"), answered)

    def _number(self, field_id: str, what: str) -> int:
        text = self.query_one(f"#{field_id}", Input).value.strip()
        if not text.lstrip("-").isdigit():
            raise CoachError(f"{what} must be a whole number.")
        return int(text)

    def show_plan(self) -> None:
        from coachtui.core.training_plan import choose_scenarios, make_plan

        error = self.query_one("#form-error", Static)
        code = self.query_one("#training-code", Input).value.strip()
        if not code:
            error.update("Give the session a code: it is how the triads' bundles find their way back.")
            self.query_one("#training-code", Input).focus()
            return
        try:
            rounds = self._number("training-rounds", "Rounds")
            library = self.coach_app.scenarios
            chosen = self.query_one("#training-scenarios", SelectionList).selected
            scenarios = choose_scenarios([(s.id, s.theme) for s in library.ordered()], max(rounds, 0), chosen)
            plan = make_plan(
                code=code, title=self.query_one("#training-title", Input).value,
                people=self.query_one("#training-people", TextArea).text,
                by_hand=self.query_one("#training-grouping", Select).value == "hand", rounds=rounds,
                round_minutes=self._number("training-round-minutes", "Minutes a round"),
                debrief_minutes=self._number("training-debrief-minutes", "Minutes a debrief"),
                scenarios=scenarios)
        except CoachError as problem:
            error.update(str(problem))
            return
        error.update("")
        from coachtui.screens.training_plan import TrainingPlanScreen

        def answered(start: bool | None) -> None:
            if start:
                self._create(plan)

        self.app.push_screen(TrainingPlanScreen(plan), answered)

    def _create(self, plan: TrainingPlan) -> None:
        from coachtui.services.rounds import create_session

        try:
            session = create_session(self.coach_app.store, plan)
        except StoreError as problem:
            self.query_one("#form-error", Static).update(str(problem))
            return
        self.dismiss(session)
