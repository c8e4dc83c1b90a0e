"""The rotation, shown before a training session starts: who coaches, who is coached and who observes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from coachtui.core.model import plural
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed

if TYPE_CHECKING:
    from coachtui.core.training_plan import TrainingPlan


class TrainingPlanScreen(UsesCoachApp, Screen[bool]):
    """Dismisses with True to create the session, False to go back and change it."""

    CSS_PATH = "training.tcss"
    BINDINGS = [
        keyed("training_plan.start", "answer(True)", "Start the session"),
        keyed("training_plan.change", "answer(False)", "Change"),
    ]

    def __init__(self, plan: TrainingPlan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        self.title = f"The plan for {self.plan.code}"
        yield Header()
        with VerticalScroll(id="plan-body"):
            yield Static(render_plan(self.plan, self._scenario_titles()), id="plan-table")
        with Horizontal(id="plan-buttons"):
            yield Button("Start the session (s)", variant="primary", id="start")
            yield Button("Change it (Esc)", id="change")
        yield KeyFooter()

    def _scenario_titles(self) -> dict[str, str]:
        return {s.id: s.title for s in self.coach_app.scenarios.ordered()}

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "start")

    def action_answer(self, start: bool) -> None:
        self.dismiss(start)


def render_plan(plan: TrainingPlan, titles: dict[str, str]) -> Group:
    """Each round's scenario and, per group, coach → coachee with the observers; then the role counts."""
    from coachtui.core.rotation import role_counts
    from coachtui.core.training_plan import ROLE_PLAY_FIGURES

    parts: list[Text | Table] = [Text(
        f"{len(plan.participants)} people in {plural(len(plan.groups), 'group')}, {plural(plan.rounds, 'round')} "
        f"of {plan.round_minutes} minutes, each followed by a {plan.debrief_minutes}-minute debrief."),
        Text(ROLE_PLAY_FIGURES, style="dim")]
    for problem in plan.problems:
        parts.append(Text(f"⚠ {problem}", style="bold"))
    for number, group in enumerate(plan.groups, 1):
        table = Table(title=Text(f"Group {number}: {', '.join(_who(plan, code) for code in group)}", style="bold"),
                      title_justify="left", expand=True, box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("Round", width=5, no_wrap=True)
        table.add_column("Scenario", ratio=2)
        table.add_column("Coach", ratio=1)
        table.add_column("Coachee", ratio=1)
        table.add_column("Observing", ratio=1)
        for played in (a for a in plan.assignments if a.group == number):
            scenario = plan.scenarios.get(played.round, "")
            table.add_row(str(played.round), Text(titles.get(scenario, scenario)), Text(played.coach),
                          Text(played.coachee), Text(", ".join(played.observers)))
        parts.append(table)
    counts = role_counts(plan.assignments)
    tally = Table(title=Text("Roles each person plays", style="bold"), title_justify="left", expand=False,
                  box=box.SIMPLE_HEAD, pad_edge=False)
    tally.add_column("Person")
    for role in ("coach", "coachee", "observer"):
        tally.add_column(role.capitalize(), justify="right")
    for person in plan.participants:
        roles = counts.get(person.code, {})
        tally.add_row(Text(_who(plan, person.code)), *(str(roles.get(role, 0)) for role in
                                                        ("coach", "coachee", "observer")))
    parts.append(tally)
    return Group(*parts)


def _who(plan: TrainingPlan, code: str) -> str:
    name = plan.name_of(code)
    return f"{code} ({name})" if name else code
