"""One key picks a value of a dimension: a number for each value, no cycling through them."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


def numbered(values: tuple[str, ...]) -> list[tuple[str, str]]:
    """(key, value) pairs: 0 for not tagged, then 1, 2, 3… in the vocabulary's order."""
    return [("0", ""), *((str(index), value) for index, value in enumerate((v for v in values if v), start=1))]


class ValueChooser(ModalScreen[str | None]):
    """Dismisses with the chosen value ("" for not tagged), or None when Escape leaves it as it was."""

    BINDINGS = [Binding("escape", "dismiss_none", "Leave as it was")]

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str) -> None:
        super().__init__()
        self.title_text = title
        self.choices = dict(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        lines = Text(f"{self.title_text}\n", "bold")
        for key, value in self.choices.items():
            marker = "▸" if value == self.current else " "
            lines.append(f"{marker} ")
            lines.append(f" {key} ", "bold reverse")
            lines.append(f" {value or 'not tagged'}\n")
        lines.append("Esc leaves it as it was", "dim")
        with Vertical(classes="dialog value-chooser"):
            yield Static(lines, classes="dialog-text")

    def on_key(self, event: events.Key) -> None:
        if event.key in self.choices:
            event.stop()
            self.dismiss(self.choices[event.key])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
