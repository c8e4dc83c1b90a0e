"""The round's briefs on the triad's one laptop: each person reveals their own, reads it, hides it again.

Only one brief is ever on screen, and none when the screen opens, so the laptop can be passed round
without anyone seeing a brief that is not theirs.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from coachtui.core.model import TrainingRound
from coachtui.core.training_plan import ROLE_PLAY_FIGURES, who
from coachtui.screens.base import UsesCoachApp
from coachtui.widgets.footer import KeyFooter
from coachtui.widgets.keys import keyed

HIDDEN = ("No brief is showing. Pass the laptop to each person in turn: they press their role's key, read "
          f"their brief, and press h to hide it before passing it on.\n\n{ROLE_PLAY_FIGURES}")


class BriefsScreen(UsesCoachApp, Screen[bool]):
    """Dismisses with True when the triad starts the round."""

    CSS_PATH = "training.tcss"
    BINDINGS = [
        # Named as on the buttons, short enough that every key fits the footer at 80 columns.
        keyed("briefs.coach", "reveal('coach')", "Coach"),
        keyed("briefs.coachee", "reveal('coachee')", "Coachee"),
        keyed("briefs.observer", "reveal('observer')", "Observer"),
        keyed("briefs.hide", "reveal('')", "Hide"),
        keyed("briefs.start", "start", "Start round"),
        keyed("briefs.leave", "leave", "Back"),
    ]

    showing: reactive[str] = reactive("")

    def __init__(self, played: TrainingRound, minutes: int, names: dict[str, str]) -> None:
        super().__init__()
        self.played = played
        self.minutes = minutes
        self.names = names
        self.scenario = self.coach_app.scenarios.get(played.scenario)

    def compose(self) -> ComposeResult:
        played = self.played
        self.title = f"Round {played.number} · group {played.group}"
        yield Header()
        if self.scenario is None:
            heading = Text(f"The scenario '{played.scenario}' is not on this laptop: add its file to the scenarios "
                           "folder to see the briefs. The round can still be played.")
        else:
            packs = self.coach_app.packs.packs
            theme = packs[self.scenario.theme].title if self.scenario.theme in packs else self.scenario.theme
            heading = Text.assemble((self.scenario.title, "bold"),
                                    f" · {theme} · {self.scenario.stage.title.lower()} · {self.minutes} minutes")
        yield Static(heading, id="brief-heading")
        observing = ", ".join(who(code, self.names) for code in played.observers)
        yield Static(Text(f"Coach {who(played.coach, self.names)} · coachee {who(played.coachee, self.names)} · "
                          f"observing {observing}"), id="brief-people")
        with VerticalScroll(id="brief-text"):
            yield Static(HIDDEN, id="brief-body", markup=False)
        started = played.meeting_id is not None
        with Horizontal(id="brief-buttons"):
            yield Button("1 Coach", id="reveal-coach")
            yield Button("2 Coachee", id="reveal-coachee")
            yield Button("3 Observer", id="reveal-observer")
            yield Button("h Hide", id="reveal-")
            yield Button("Back" if started else "s Start", variant="primary", id="start")
        yield KeyFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id or ""
        if button == "start":
            self.action_start()
        elif button.startswith("reveal-"):
            self.action_reveal(button.removeprefix("reveal-"))

    def action_reveal(self, role: str) -> None:
        self.showing = role

    def watch_showing(self, role: str) -> None:
        body = self.query_one("#brief-body", Static)
        if not role:
            body.update(HIDDEN)
        elif self.scenario is None:
            body.update(f"There is no {role}'s brief on this laptop.")
        else:
            body.update(Text.assemble((f"The {role}'s brief\n\n", "bold"), self.scenario.brief(role)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A round already played cannot start again: its button says Back, and the footer offers only Esc.
        return not (action == "start" and self.played.meeting_id is not None)

    def action_start(self) -> None:
        self.showing = ""
        self.dismiss(self.played.meeting_id is None)

    def action_leave(self) -> None:
        self.dismiss(False)
