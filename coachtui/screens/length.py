"""Choose how long the meeting's time box is: 10, 12 or 15 minutes, or any length."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from coachtui.widgets.field import Field

PRESETS = (10, 12, 15)
# A coaching meeting is a 10-15 minute conversation; an hour and a half covers any that runs long, and stops a
# slip of the keys (600 for 60) from stretching the time box and its pacing out of sight.
MAX_MINUTES = 90


def parse_minutes(text: str) -> int:
    """Whole minutes from 1 to 90; ValueError says what is wrong."""
    text = text.strip()
    if not text.isdigit():
        raise ValueError("Type a whole number of minutes, e.g. 12")
    minutes = int(text)
    if not 1 <= minutes <= MAX_MINUTES:
        raise ValueError(f"{minutes} minutes is more than a coaching meeting needs: choose 1 to {MAX_MINUTES} "
                         "minutes (most take 10 to 15)" if minutes else f"Choose 1 to {MAX_MINUTES} minutes")
    return minutes


class LengthScreen(ModalScreen[int | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: int) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Meeting length (now {self.current} minutes)", classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                for minutes in PRESETS:
                    yield Button(f"{minutes} min", id=f"preset-{minutes}")
            yield Field(placeholder="or type minutes and press Enter", id="minutes", max_length=4)
            yield Static("", id="minutes-error", classes="error-line")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("preset-"):
            self.dismiss(int(event.button.id.removeprefix("preset-")))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(parse_minutes(event.value))
        except ValueError as problem:
            self.query_one("#minutes-error", Static).update(str(problem))

    def action_cancel(self) -> None:
        self.dismiss(None)
